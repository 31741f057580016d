"""ONNX runtime plumbing shared by the shipped models: CPU inference sessions.

The shipped models are dynamically quantized: activations are scaled per call, over the whole input
tensor. A sentence or window run together with others would get a score that depends on its
companions, so ``RowSession`` runs every input alone. To keep the cores busy it runs several inputs
at once, one onnxruntime thread each, instead of one input on several threads: for inputs of a few
dozen to a few hundred tokens that is also faster (docs/speed.md).

A model file may be a *rows graph* (made by :mod:`unspin.training.rows`): an ONNX ``Loop`` that runs
each row of a padded batch alone, bit for bit as a call of its own would. ``RowSession`` then hands
it many inputs per call, which saves a return to Python (and a wait for the GIL) per input; its
callers see no difference.

Exporting models is training code: :mod:`unspin.training.export`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

#: A rows graph's extra input (each row's length) and the model metadata that lists its outputs padded
#: along axis 1 (comma-separated); see :mod:`unspin.training.rows`.
LENGTHS = "lengths"
PADDED_KEY = "unspin.padded_outputs"
ROWS_PREFIX = "rows/"  # a rows graph's inputs: ``rows/<input>``, [rows, length]
MAX_ROWS = 32  # inputs per call to a rows graph (bounds the memory of padded outputs)


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. a pinned worker's one core)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_threads() -> int:
    """``$UNSPIN_THREADS`` when set (and > 0), else every available core."""
    try:
        wanted = int(os.environ.get("UNSPIN_THREADS", "0") or 0)
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else available_cores()


def cpu_session(path: str | Path, threads: int | None = None) -> Any:
    """An onnxruntime CPU session; ``threads`` caps intra-op threads (default: all cores)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


class RowSession:
    """One onnxruntime session that runs each input alone, ``threads`` inputs at a time.

    Each call computes one input on one thread, so its result does not depend on which other inputs
    are run, in which order, or on how many threads there are. The thread pool is created lazily and
    again in a forked child process (threads do not survive ``fork``).
    """

    def __init__(self, path: str | Path, threads: int | None = None) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No memory arena: inputs of every length run one at a time, and an arena keeps the largest
        # run's buffers for good (~25 MB for the two shipped models); plain malloc costs no measurable
        # speed here (docs/speed.md). Memory patterns only help fixed shapes.
        opts.enable_cpu_mem_arena = False
        opts.enable_mem_pattern = False
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.rows_graph = LENGTHS in {i.name for i in self.session.get_inputs()}
        padded = self.session.get_modelmeta().custom_metadata_map.get(PADDED_KEY, "")
        self.padded = {name for name in padded.split(",") if name}
        self.threads = threads or default_threads()
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def run(self, outputs: Sequence[str] | None, feed: dict[str, Any]) -> list[Any]:
        """One input (a batch of one row), as ``InferenceSession.run``."""
        if self.rows_graph:
            return self._run_packed(outputs, [feed])[0]
        return self.session.run(outputs, feed)  # type: ignore[no-any-return]

    def run_rows(self, outputs: Sequence[str] | None, feeds: Sequence[dict[str, Any]]) -> list[list[Any]]:
        """Each feed alone, in order; up to ``threads`` at once."""
        return list(self.iter_rows(outputs, feeds))

    def iter_rows(self, outputs: Sequence[str] | None, feeds: Sequence[dict[str, Any]]) -> Iterator[list[Any]]:
        """As :meth:`run_rows`, yielding each result in order as soon as it is ready, so that a caller
        that folds results as they come does not hold them all (on one thread, one at a time)."""
        if self.rows_graph:
            return self._iter_packed(outputs, feeds)
        if self.threads <= 1 or len(feeds) <= 1:
            return (self.session.run(outputs, f) for f in feeds)
        return self._executor().map(lambda f: self.session.run(outputs, f), feeds)

    def _iter_packed(self, outputs: Sequence[str] | None, feeds: Sequence[dict[str, Any]]) -> Iterator[list[Any]]:
        """A rows graph's results: the feeds cut into consecutive chunks, two per thread (at most
        ``MAX_ROWS`` each), one call per chunk, up to ``threads`` chunks at once."""
        n = len(feeds)
        chunks = max(1, min(n, max(self.threads * 2, -(-n // MAX_ROWS))))
        bounds = [round(i * n / chunks) for i in range(chunks + 1)]
        parts = [feeds[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
        if self.threads <= 1 or len(parts) <= 1:
            results: Iterator[list[list[Any]]] = (self._run_packed(outputs, p) for p in parts)
        else:
            results = self._executor().map(lambda p: self._run_packed(outputs, p), parts)
        for rows in results:
            yield from rows

    def _run_packed(self, outputs: Sequence[str] | None, feeds: Sequence[dict[str, Any]]) -> list[list[Any]]:
        """One call of a rows graph on ``feeds`` (each a batch of one row); per feed, its outputs as a
        call of its own would give them."""
        lengths = np.asarray([next(iter(f.values())).shape[1] for f in feeds], dtype=np.int64)
        packed: dict[str, Any] = {LENGTHS: lengths}
        for name in feeds[0]:
            rows = np.zeros((len(feeds), int(lengths.max())), dtype=feeds[0][name].dtype)
            for r, f in enumerate(feeds):
                rows[r, : lengths[r]] = f[name][0]
            packed[ROWS_PREFIX + name] = rows
        names = list(outputs) if outputs is not None else [o.name for o in self.session.get_outputs()]
        out = self.session.run(names, packed)
        return [[o[r][:, : lengths[r]] if name in self.padded else o[r] for name, o in zip(names, out)]
                for r in range(len(feeds))]

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="unspin-onnx")
                self._pid = os.getpid()
            return self._pool
