"""Articles from a corpus (the SQLite store) for comparison: :class:`unspin.Corpus` by id, in order.

The store holds each article's full analysis (``articles.analysis``), so nothing is analyzed again.
"""

from __future__ import annotations

from pathlib import Path

from ..article import Article
from ..errors import UnspinError


def load_articles(path: str | Path, ids: list[str], *, check_language: bool = True) -> list[Article]:
    """The stored articles ``ids``, in that order; UnspinError for a missing store or id.

    ``check_language`` is kept for callers: stored articles were checked when they were analyzed.
    """
    from ..store.corpus import Corpus

    if not Path(path).is_file():
        raise UnspinError(f"no corpus at {path}")
    try:
        corpus = Corpus(path)
    except UnspinError as err:
        raise UnspinError(f"not an unspin corpus: {path} ({err})") from None
    try:
        out = []
        for article_id in ids:
            article = corpus.get(article_id)
            if article is None:
                raise UnspinError(f"no article {article_id!r} in {path}")
            out.append(article)
        return out
    finally:
        corpus.close()
