"""The Python API: ``analyze`` one article from text, a file or HTML; the CLI and reports call this."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .article import Article
from .pipeline import Pipeline, load_pipeline
from .readers import ReadOptions, from_html, read_path, read_text


def analyze(
    text: str | None = None,
    *,
    path: str | Path | None = None,
    html: str | None = None,
    exclude: Sequence[str] = (),
    pipeline: Pipeline | None = None,
    options: ReadOptions = ReadOptions(),
) -> Article:
    """Analyze one article given as ``text``, a file ``path`` ("-" for stdin) or an ``html`` page.

    >>> article = analyze("Omar said: \\"The border was open.\\" ...")  # doctest: +SKIP
    >>> article.to_dict()["sources"]                                  # doctest: +SKIP
    """
    given = [x is not None for x in (text, path, html)]
    if sum(given) != 1:
        raise TypeError("analyze() takes exactly one of text=, path= or html=")
    if text is not None:
        article = read_text(text, check_language=options.check_language)
    elif html is not None:
        article = from_html(html)
    else:
        article = read_path(path, options)  # type: ignore[arg-type]
    return (pipeline or load_pipeline(exclude=tuple(exclude)))(article)


def analyze_many(
    articles: Iterable[Article], *, exclude: Sequence[str] = (), pipeline: Pipeline | None = None
) -> Iterator[Article]:
    """Analyze already-read articles lazily, batching spaCy and the models across them."""
    return (pipeline or load_pipeline(exclude=tuple(exclude))).pipe(articles)
