"""An ordered list of analyzers that one Article flows through, checked for what each needs."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .analyzers.base import Analyzer, pipe_each
from .article import Article
from .errors import UnspinError
from .registry import DEFAULT_PIPELINE, get_factory

#: Fields an Article has before any analyzer has run.
GIVEN = frozenset({"text", "title", "language", "source", "metadata"})


class Pipeline:
    """Runs analyzers in order. ``requires``/``assigns`` are checked when the pipeline is built."""

    def __init__(self, analyzers: Sequence[Analyzer]) -> None:
        self.analyzers = list(analyzers)
        have = set(GIVEN)
        for a in self.analyzers:
            missing = set(a.requires) - have
            if missing:
                raise UnspinError(
                    f"analyzer {a.name!r} needs {', '.join(sorted(missing))}, which no earlier analyzer writes"
                )
            have |= set(a.assigns)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.analyzers]

    def __call__(self, article: Article) -> Article:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], *, overlap: bool = False) -> Iterator[Article]:
        """Analyze many articles lazily; analyzers with a ``pipe`` method (spaCy) batch them.

        With ``overlap``, each analyzer that batches runs in a thread of its own, handing articles on
        through a small bounded queue: while the models score one batch, spaCy parses the next (the
        ONNX sessions release the GIL), so a stream uses the cores a single spaCy process leaves
        idle. Each analyzer still sees the articles in order, one thread at a time, so the results are
        the same as without it.
        """
        stream: Iterable[Article] = articles
        for analyzer in self.analyzers:
            pipe = getattr(analyzer, "pipe", None)
            stream = pipe(stream) if callable(pipe) else pipe_each(analyzer, stream)
            stream = _mark_done(stream, analyzer)
            if overlap and callable(pipe):
                stream = _in_thread(stream)
        yield from stream


class _Raised:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


def _in_thread(stream: Iterator[Article], size: int = 16) -> Iterator[Article]:
    """Run ``stream`` in a producer thread; yield what it makes, in order, re-raising its errors here."""
    handoff: queue.Queue[Any] = queue.Queue(maxsize=size)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in stream:
                if not put(item):
                    return
            put(_END)
        except BaseException as err:  # noqa: BLE001 - handed to the consumer, raised there
            put(_Raised(err))

    worker = threading.Thread(target=produce, name="unspin-stage", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is _END:
                return
            if isinstance(item, _Raised):
                raise item.error
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)


def _mark_done(stream: Iterable[Article], analyzer: Analyzer) -> Iterator[Article]:
    for article in stream:
        article.done.update(analyzer.assigns)
        yield article


def build_pipeline(names: Sequence[str] | None = None, *, exclude: Sequence[str] = (),
                   overrides: Mapping[str, Analyzer] | None = None) -> Pipeline:
    """A Pipeline of registered analyzers, by name (default: the full pipeline); ``overrides`` gives
    ready-made analyzers to use instead of the registered ones of the same name (e.g. one configured
    differently: ``{"techniques": TechniqueAnalyzer(operating_point="screening")}``)."""
    chosen = [n for n in (names or DEFAULT_PIPELINE) if n not in set(exclude)]
    given = dict(overrides or {})
    return Pipeline([given[n] if n in given else get_factory(n)() for n in chosen])


@lru_cache(maxsize=4)
def load_pipeline(names: tuple[str, ...] | None = None, exclude: tuple[str, ...] = ()) -> Pipeline:
    """The shared, cached pipeline: models and spaCy are loaded once per process."""
    return build_pipeline(names, exclude=exclude)
