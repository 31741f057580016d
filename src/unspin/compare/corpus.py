"""Articles from a corpus (the SQLite store) for comparison.

Uses :class:`unspin.Corpus` when the store package is installed; otherwise reads the store's
``articles`` table (id, ..., text, analysis) directly, so ``unspin compare --store`` works on any
store file that follows the store's table layout. A stored article without an analysis is analyzed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ..article import Article
from ..errors import UnspinError


def load_articles(path: str | Path, ids: list[str], *, check_language: bool = True) -> list[Article]:
    """The stored articles ``ids``, in that order, analyzed; UnspinError for a missing id."""
    if not Path(path).is_file():
        raise UnspinError(f"no corpus at {path}")
    con = sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True)
    engine: list = []  # made once, only if a stored article has no analysis
    try:
        out = []
        for article_id in ids:
            try:
                row = con.execute("SELECT id, url, outlet, published, title, text, analysis FROM articles WHERE id = ?",
                                  (article_id,)).fetchone()
            except sqlite3.Error as err:
                raise UnspinError(f"not an unspin corpus: {path} ({err})") from None
            if row is None:
                raise UnspinError(f"no article {article_id!r} in {path}")
            out.append(_article(row, check_language, engine))
        return out
    finally:
        con.close()


def _article(row: tuple, check_language: bool, engine: list) -> Article:
    article_id, url, outlet, published, title, text, analysis = row
    if analysis:
        article = Article.from_dict(json.loads(analysis))
        article.id = article_id
        return article
    if not engine:
        from ..engine import Engine

        engine.append(Engine(check_language=check_language, workers=1))
    return engine[0].analyze(text, id=article_id, url=url, outlet=outlet, published=published or None, title=title)
