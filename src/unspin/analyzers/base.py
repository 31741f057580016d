"""The analyzer seam: what every step of the pipeline looks like."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Protocol, runtime_checkable

from ..article import Article


@runtime_checkable
class Analyzer(Protocol):
    """A pipeline step: reads the ``requires`` fields of an Article and writes its ``assigns`` fields."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def __call__(self, article: Article) -> None: ...


def pipe_each(analyzer: Analyzer, articles: Iterable[Article]) -> Iterator[Article]:
    """Default ``pipe``: run the analyzer on one article at a time."""
    for article in articles:
        analyzer(article)
        yield article
