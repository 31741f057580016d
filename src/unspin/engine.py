"""The Engine: spaCy and the models loaded once, behind every face of unspin.

The CLI, the Python API (``unspin.analyze``), the web server and the batch runner all call one
:class:`Engine`. It is safe to share across threads (analyses take turns on the loaded models),
and with ``workers=N`` it spreads ``analyze_many`` over N processes, each loading its own engine
once and pinned to its share of the cores.

>>> engine = Engine(skip=("claims",))                       # doctest: +SKIP
>>> article = engine.analyze(path="examples/seed.txt")       # doctest: +SKIP
>>> [a.id for a in engine.analyze_many(["First text ...", "Second ..."])]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from . import loading, memory
from .article import Article
from .errors import UnspinError
from .pipeline import _END, Pipeline, _Raised, build_pipeline
from .readers import ReadOptions, read_path, read_string
from .settings import Settings


@dataclass(frozen=True)
class Failed:
    """An input that could not be analyzed: its id, and the reason in one line."""

    id: str
    reason: str
    source: str | None = None


class Engine:
    """Loads once, analyzes many. Settings come from ``settings``, ``UNSPIN_*`` variables and keywords.

    ``Engine(workers=2, skip=("claims",))`` is ``Engine(Settings.from_env(workers=2, skip=...))``.
    """

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        if settings is None:
            settings = Settings.from_env(**overrides)
        elif overrides:
            settings = settings.replace(**{k: v for k, v in overrides.items() if v is not None})
        self.settings = settings
        self._lock = threading.RLock()
        self.pipeline = self._build_pipeline()
        self.versions = loading.versions(self.pipeline.names)
        self._pool: Any = None

    # -- building -------------------------------------------------------------------------------
    def _threads(self) -> int | None:
        s = self.settings
        if s.workers > 1:
            return s.threads_per_worker()
        return s.threads or None

    def _build_pipeline(self) -> Pipeline:
        from .analyzers.claims import ClaimAnalyzer
        from .analyzers.linguistics import SpacyAnalyzer
        from .analyzers.techniques import TechniqueAnalyzer

        s, threads = self.settings, self._threads()
        overrides = {
            "spacy": SpacyAnalyzer(batch_size=max(s.batch_size, 1)),
            "techniques": TechniqueAnalyzer(operating_point=s.operating_point, threads=threads,
                                            batch_articles=s.batch_size),
            "claims": ClaimAnalyzer(threads=threads, batch_articles=max(s.batch_size, 1)),
        }
        return build_pipeline(exclude=s.skip, overrides=overrides)

    def load(self) -> Engine:
        """Load spaCy and every model now rather than on the first article (a server calls this at start)."""
        with self._lock:
            for analyzer in self.pipeline.analyzers:
                for attr in ("nlp", "model", "gazetteer"):
                    if hasattr(type(analyzer), attr):
                        getattr(analyzer, attr)
        memory.release()  # what loading freed (file contents, the index builds' temporaries)
        return self

    def variant(self, **overrides: Any) -> Engine:
        """An engine with other analysis settings (``skip``, ``operating_point``) that shares this one's
        loaded models and its lock, so a server can honour per-request options without loading twice."""
        other = Engine(self.settings.replace(**overrides))
        other._lock = self._lock
        return other

    @property
    def read_options(self) -> ReadOptions:
        return ReadOptions(max_bytes=self.settings.max_bytes, check_language=self.settings.check_language)

    def health(self) -> dict[str, Any]:
        """What a health check reports: the unspin version, the analyzers and the models' versions."""
        return {"status": "ok", "version": self.versions["unspin"], "analyzers": self.pipeline.names,
                "models": {k: v for k, v in self.versions.items() if k != "unspin"},
                "operating_point": self.settings.operating_point}

    # -- reading --------------------------------------------------------------------------------
    def read(self, text: str | None = None, *, path: str | Path | None = None, html: str | None = None,
             options: ReadOptions | None = None, **fields: Any) -> Article:
        """An unanalyzed Article from exactly one of ``text``, ``path`` ("-" for stdin) or ``html``;
        ``fields`` sets ``id``, ``url``, ``outlet``, ``published``, ``title``, ``metadata``."""
        given = [x is not None for x in (text, path, html)]
        if sum(given) != 1:
            raise TypeError("give exactly one of text=, path= or html=")
        opts = options or self.read_options
        if path is not None:
            article = read_path(path, opts)
        else:
            article = read_string(text if text is not None else html, html=text is None, options=opts)  # type: ignore[arg-type]
        return with_fields(article, **fields)

    # -- analyzing ------------------------------------------------------------------------------
    def analyze(self, text: str | None = None, *, path: str | Path | None = None, html: str | None = None,
                article: Article | None = None, options: ReadOptions | None = None, **fields: Any) -> Article:
        """Analyze one article, given as ``text``, ``path``, ``html`` or an already-read ``article``."""
        if article is None:
            article = self.read(text, path=path, html=html, options=options, **fields)
        elif fields:
            article = with_fields(article, **fields)
        with self._lock:
            result = self.pipeline(article)
        memory.release()  # the analysis's temporaries, between one request and the next
        return self._stamp(result)

    def analyze_many(self, items: Iterable[Article | str], *,
                     on_error: Literal["raise", "yield"] = "raise") -> Iterator[Article | Failed]:
        """Analyze a stream lazily, in order: one result per input. Strings are read as plain text.

        With ``on_error="yield"`` an input that fails becomes a :class:`Failed` in its place instead of
        ending the stream. With ``workers > 1`` batches go to worker processes; at most a few batches
        per worker are in flight, so memory does not grow with the stream.
        """
        if self.settings.workers > 1:
            yield from self._analyze_in_workers(items, on_error)
            return
        with self._lock:
            yield from self._analyze_stream(iter(items), on_error)

    def _analyze_stream(self, stream: Iterator[Article | str], on_error: str) -> Iterator[Article | Failed]:
        """The whole stream through one pass of the pipeline, run in a thread of its own (with
        ``settings.overlap``, each batching analyzer in a thread of its own: ``Pipeline.pipe(overlap=True)``).

        The caller's thread does everything the caller can see: it pulls the inputs (so an input
        generator that reads a database runs where it was written to run), reads them, and receives the
        results; only Articles travel to the pipeline's threads. At most ``cap`` articles are in flight.
        If an analysis fails mid-stream, the articles in flight are redone one by one (the culprit
        becomes a Failed) and the stream goes on through a fresh pass.
        """
        cap = max(64, 8 * self.settings.batch_size)
        exhausted = False
        finished = 0
        while True:
            inbox: queue.Queue[Any] = queue.Queue()
            outbox: queue.Queue[Any] = queue.Queue()
            order: deque[Failed | None] = deque()  # per input, in order: a Failed, or None for an article in flight
            in_flight: deque[Article] = deque()

            def source() -> Iterator[Article]:
                while (item := inbox.get()) is not _END:
                    yield item

            def drain() -> None:
                try:
                    for done in self.pipeline.pipe(source(), overlap=self.settings.overlap):
                        outbox.put(done)
                    outbox.put(_END)
                except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
                    outbox.put(_Raised(err))

            threading.Thread(target=drain, name="unspin-pipeline", daemon=True).start()
            closed = False
            try:
                while True:
                    while not closed and len(in_flight) < cap:
                        try:
                            item = next(stream)
                        except StopIteration:
                            exhausted = closed = True
                            inbox.put(_END)
                            break
                        try:
                            article = item if isinstance(item, Article) else self.read(item)
                        except UnspinError as err:
                            if on_error == "raise":
                                raise
                            order.append(Failed(_item_id(item), str(err)))
                        else:
                            order.append(None)
                            in_flight.append(article)
                            inbox.put(article)
                        while order and order[0] is not None:
                            yield order.popleft()  # type: ignore[misc]
                    try:
                        out = outbox.get(timeout=None if closed or len(in_flight) >= cap else 0.05)
                    except queue.Empty:
                        continue
                    if out is _END:
                        break
                    if isinstance(out, _Raised):
                        if on_error == "raise" or not isinstance(out.error, Exception):
                            raise out.error
                        for entry in list(order):  # redo what was in flight, one by one, in order
                            if entry is not None:
                                yield entry
                            else:
                                redone = self._one(in_flight.popleft())
                                yield redone if isinstance(redone, Failed) else self._stamp(redone)
                        order.clear()
                        break
                    while order and order[0] is not None:
                        yield order.popleft()  # type: ignore[misc]
                    order.popleft()
                    in_flight.popleft()
                    finished += 1
                    if finished % self.settings.batch_size == 0:
                        memory.release()  # a batch's temporaries (spaCy's arrays, the models' outputs)
                    yield self._stamp(out)
            finally:
                if not closed:
                    inbox.put(_END)  # lets the pipeline's threads finish if the caller stops early
            while order:
                yield order.popleft()  # type: ignore[misc]
            if exhausted:
                return

    def _one(self, article: Article) -> Article | Failed:
        try:
            with self._lock:
                return self.pipeline(article)
        except UnspinError as err:
            return Failed(article.id, str(err), article.source)
        except Exception as err:  # noqa: BLE001 - a batch records a bug as that input's failure, never drops it
            return Failed(article.id, f"internal error: {type(err).__name__}: {err}".splitlines()[0], article.source)

    def _stamp(self, article: Article) -> Article:
        article.metadata["versions"] = dict(self.versions)
        article.metadata["analyzed_at"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        return article

    # -- workers --------------------------------------------------------------------------------
    def _analyze_in_workers(self, items: Iterable[Article | str], on_error: str) -> Iterator[Article | Failed]:
        pool = self._worker_pool()
        window: deque[Any] = deque()
        stream = iter(items)
        limit = self.settings.workers * 2
        while True:
            while len(window) < limit and (chunk := list(islice(stream, self.settings.batch_size))):
                for c in chunk:
                    if isinstance(c, Article):
                        c.doc = None
                window.append(pool.apply_async(_worker_analyze, (chunk, on_error)))
            if not window:
                return
            results = window.popleft().get()
            for r in results:
                if isinstance(r, Failed) and on_error == "raise":
                    raise UnspinError(r.reason)
                yield r

    def _worker_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing as mp

            ctx = mp.get_context("spawn")
            per_worker = self.settings.threads_per_worker()
            child = self.settings.replace(workers=1, threads=per_worker, overlap=False)  # one core each: nothing to overlap
            self._pool = ctx.Pool(self.settings.workers, initializer=_worker_init, initargs=(child, per_worker))
        return self._pool

    def close(self) -> None:
        """Stop worker processes, if any were started."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass


def with_fields(article: Article, **fields: Any) -> Article:
    """Set the corpus fields a caller knows (``id``, ``url``, ``outlet``, ``published``, ``title``,
    ``source``) and merge ``metadata``; unknown names are a TypeError, as for a function call."""
    from .article import parse_date

    allowed = {"id", "url", "outlet", "published", "title", "source", "metadata", "language"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown article field(s): {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        if value is None:
            continue
        if key == "metadata":
            article.metadata.update(value)
        elif key == "published":
            try:
                article.published = parse_date(value)
            except ValueError as err:
                raise UnspinError(f"published: {err}") from None
        else:
            setattr(article, key, value)
    return article


def _item_id(item: Article | str) -> str:
    from .article import content_hash

    return item.id if isinstance(item, Article) else content_hash(item)


# -- worker processes ---------------------------------------------------------------------------
_WORKER: Engine | None = None


def _worker_init(settings: Settings, threads: int) -> None:
    """In a worker process: pin to this worker's cores, then load the engine once."""
    global _WORKER
    import multiprocessing as mp

    memory.limit_arenas()  # before the engine starts its threads
    ident = (mp.current_process()._identity or (1,))[0] - 1
    try:
        cores = sorted(os.sched_getaffinity(0))
        mine = {cores[(ident * threads + k) % len(cores)] for k in range(threads)}
        os.sched_setaffinity(0, mine)
    except (AttributeError, OSError):  # not on Linux: no pinning
        pass
    _WORKER = Engine(settings).load()


def _worker_analyze(chunk: list[Article | str], on_error: str) -> list[Article | Failed]:
    assert _WORKER is not None
    out = list(_WORKER.analyze_many(chunk, on_error="yield"))
    for a in out:
        if isinstance(a, Article):
            a.doc = None  # spaCy Docs stay in the worker
    memory.release()  # the batch's temporaries (spaCy's arrays, the models' outputs)
    return out
