"""Run a batch: every input of the SOURCEs analyzed once into a store, resumable after any kill.

Each article is written in its own transaction as its analysis arrives, so a killed run loses at
most the articles in flight; the rerun skips what the store holds under the same id and content
hash (web addresses: the same id, without fetching again) and analyzes the rest. A bad input
becomes one row in ``errors`` and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..article import Article
from ..engine import Engine, Failed
from ..fetch import FetchOptions, Fetcher
from ..store import Corpus
from .inputs import Inputs, check_sources, count
from .progress import Counts, Progress


@dataclass(frozen=True)
class Summary:
    """What a batch run did."""

    analyzed: int
    skipped: int
    failed: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.analyzed / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"analyzed {self.analyzed:,}, skipped {self.skipped:,}, failed {self.failed:,} "
                f"in {self.seconds:.1f} s ({self.rate:.2f} articles/s)")


def run_batch(sources: list[str], corpus: Corpus, engine: Engine, *, force: bool = False,
              fetch: FetchOptions | None = None, progress: str = "auto", every: float = 10.0) -> Summary:
    """Analyze every input of ``sources`` into ``corpus`` (opened writable) with ``engine``.

    ``force`` analyzes everything again; otherwise inputs stored under the same id and content hash
    are skipped. ``progress``: ``auto`` (a bar on a terminal, lines otherwise), ``bar``, ``lines``, ``off``.
    """
    check_sources(sources)
    counts = Counts()
    total = count(sources) if progress != "off" else None
    fetcher = Fetcher(fetch or FetchOptions(max_bytes=engine.settings.max_bytes))
    origin: dict[str, tuple[str, str]] = {}  # id -> (SOURCE, content hash), for the inputs in flight

    inputs = Inputs(sources, engine.read, max_bytes=engine.settings.max_bytes, fetcher=fetcher,
                    wanted=lambda id: force or corpus.stored_hash(id) is None)

    def _seen(article: Article, force: bool) -> bool:
        """Already in the store, or in flight, with this very text (the same input listed twice)."""
        if origin.get(article.id, (None, None))[1] == article.hash:
            return True
        return not force and corpus.stored_hash(article.id) == article.hash

    def to_analyze(bar: Progress) -> Iterator[Article]:
        for item in inputs:
            if item.error is not None:
                corpus.add_error(item.id, item.error, item.source)
                counts.failed += 1
            elif item.done or (item.article is not None and _seen(item.article, force)):
                counts.skipped += 1
            else:
                assert item.article is not None
                origin[item.article.id] = (item.source, item.article.hash)
                yield item.article
                continue
            bar.update()

    try:
        with Progress(counts, total, mode=progress, every=every) as bar:
            for result in engine.analyze_many(to_analyze(bar), on_error="yield"):
                if isinstance(result, Failed):
                    corpus.add_error(result.id, result.reason, origin.pop(result.id, (result.source, ""))[0])
                    counts.failed += 1
                else:
                    origin.pop(result.id, None)
                    corpus.add(result)
                    counts.analyzed += 1
                bar.update()
    finally:
        fetcher.close()
    return Summary(counts.analyzed, counts.skipped, counts.failed, counts.elapsed)
