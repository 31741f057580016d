"""Keeping resident memory down in processes that analyze many articles (glibc's allocator).

glibc's allocator keeps memory that was freed in the middle of its heaps: a batch of articles
(spaCy's temporary arrays, the models' outputs) or building an index leaves tens of megabytes
free but still resident, until something reuses it. :func:`release` hands those pages back
(``malloc_trim``). The :class:`~unspin.Engine` calls it after loading and after each batch; it
costs well under a millisecond and changes nothing but resident memory.

glibc also gives each thread that allocates its own heap ("arena", up to 8 per core), and memory
freed in one cannot serve another: with spaCy and the models in threads of their own (the Engine's
overlap, the model sessions' threads) that costs ~75 MB at peak. :func:`limit_arenas` caps them
(as ``MALLOC_ARENA_MAX=2`` does); unspin does it in the processes it owns (the ``unspin`` command,
worker processes), never in a program that imports it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=None)
def _libc(name: str) -> Any:
    """glibc's function ``name`` (``malloc_trim``, ``mallopt``), or None where there is none (not
    Linux, or musl, which has no ``malloc_trim``)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_arenas(n: int = 2) -> bool:
    """Let at most ``n`` heaps serve all threads (glibc); False where not possible or where the
    ``MALLOC_ARENA_MAX`` variable already decides. Call it before starting threads."""
    mallopt = _libc("mallopt")
    if mallopt is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return bool(mallopt(_M_ARENA_MAX, n))


def release() -> bool:
    """Return the C heap's free pages to the operating system; False where that is not possible."""
    trim = _libc("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True


def resident_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """A memory figure of a process from ``/proc/PID/status`` in MB: ``VmRSS`` (resident now) or
    ``VmHWM`` (its peak); NaN where there is no ``/proc``."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
