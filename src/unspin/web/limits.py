"""What keeps the server answering under load: a body-size limit and a bounded analysis queue.

* :class:`BodyLimit` refuses a request whose ``Content-Length`` is over the limit before reading a
  byte of it, and counts the bytes of a streamed (chunked) body as they arrive, so no request can
  make the server hold more than the limit.
* :class:`AnalysisQueue` runs model work off the event loop, in a pool of threads sized to the cores,
  admits at most ``capacity`` jobs (running plus waiting), answers "busy" with a Retry-After estimate
  when full, and gives up waiting after ``timeout`` seconds. Health checks never enter it.
"""

from __future__ import annotations

import asyncio
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

#: The longest Retry-After a busy server asks for (seconds). The server keeps an idle connection open
#: longer than this (``unspin serve``), so that a client that waits as told and then reuses its
#: keep-alive connection never races the server closing it (which reads as a dropped connection).
MAX_RETRY_AFTER = 120


class RequestTooLarge(Exception):
    """The request body is over the server's limit (answered 413)."""

    def __init__(self, limit: int, shown: int | None = None) -> None:
        super().__init__(f"input: over the {shown or limit:,}-byte limit (see --max-bytes)")
        self.limit = limit


class Busy(Exception):
    """The analysis queue is full, or a job waited past the timeout (answered 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class BodyLimit:
    """ASGI middleware: a request body of more than ``limit`` bytes never gets read whole.

    A declared ``Content-Length`` over the limit is answered at once by ``reject``; a body sent
    without one (or longer than declared) raises :class:`RequestTooLarge` from ``receive`` as soon
    as the count passes the limit, and the app's exception handler answers it.
    """

    def __init__(self, app: Any, limit: int, reject: Callable[[dict[str, Any], RequestTooLarge], Any],
                 shown: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.reject = reject
        self.shown = shown  # the limit the message names (the input's), when the body may carry some wrapping

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit:
                    response = self.reject(scope, RequestTooLarge(self.limit, self.shown))
                    await response(scope, receive, send)
                    return
        seen = 0
        limit, shown = self.limit, self.shown

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise RequestTooLarge(limit, shown)
            return message  # type: ignore[no-any-return]

        await self.app(scope, counted, send)


class AnalysisQueue:
    """A bounded queue in front of a thread pool: ``await queue.run(fn, *args)``.

    ``workers`` threads (default: the cores) run jobs; at most ``capacity`` jobs are admitted at once
    (running or waiting). A job that is still waiting when ``timeout`` passes is cancelled; one that
    already runs finishes in the background and keeps its slot until it does, so the bound holds.
    """

    def __init__(self, workers: int | None = None, capacity: int | None = None, timeout: float = 60.0) -> None:
        self.workers = workers or cores()
        self.capacity = capacity or self.workers * 4
        self.timeout = timeout
        self.executor = ThreadPoolExecutor(self.workers, thread_name_prefix="unspin-analyze")
        self._lock = threading.Lock()
        self.admitted = 0
        self.completed = 0
        self.rejected = 0
        self.timed_out = 0
        self._mean = 2.0  # seconds per job, a moving average that Retry-After is estimated from

    def retry_after(self) -> int:
        """Seconds a refused client should wait: the time for the jobs ahead of it to drain."""
        waves = max(1, math.ceil(self.admitted / self.workers))
        return max(1, min(MAX_RETRY_AFTER, math.ceil(self._mean * waves)))

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self.admitted >= self.capacity:
                self.rejected += 1
                raise Busy(f"the server is busy ({self.admitted} analyses queued); retry in a few seconds",
                           self.retry_after())
            self.admitted += 1
        future = self.executor.submit(self._timed, fn, *args)
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except asyncio.TimeoutError:
            future.cancel()
            with self._lock:
                self.timed_out += 1
            raise Busy(f"the analysis did not finish within {self.timeout:g} s; retry later",
                       self.retry_after()) from None

    def _timed(self, fn: Callable[..., T], *args: Any) -> T:
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            took = time.perf_counter() - start
            with self._lock:
                self._mean = 0.8 * self._mean + 0.2 * took

    def _release(self, future: Future[Any]) -> None:
        with self._lock:
            self.admitted -= 1
            self.completed += 1

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {"workers": self.workers, "capacity": self.capacity, "in_queue": self.admitted,
                    "completed": self.completed, "rejected": self.rejected, "timed_out": self.timed_out,
                    "mean_seconds": round(self._mean, 3)}

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
