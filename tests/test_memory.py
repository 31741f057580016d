"""Freed memory goes back to the operating system (glibc's malloc_trim), as the Engine asks after batches."""

from __future__ import annotations

import math
import sys

import pytest

from unspin import memory


def test_resident_mb_reads_this_process():
    now, peak = memory.resident_mb(), memory.resident_mb(field="VmHWM")
    if sys.platform.startswith("linux"):
        assert 0 < now <= peak
    else:
        assert math.isnan(now)


@pytest.mark.skipif(memory._libc("malloc_trim") is None, reason="needs glibc's malloc_trim")
def test_release_returns_freed_heap_pages():
    # 64 MB in blocks of 2,000 bytes (past Python's small-object allocator, below malloc's mmap
    # threshold: they live in the C heap), then free all but the last, which keeps the heap's top in
    # place, so that only malloc_trim can hand the freed pages back.
    memory.release()
    blocks = [bytes(2000) for _ in range(32_000)]
    keep = blocks[-1]
    held = memory.resident_mb()
    del blocks
    before = memory.resident_mb()
    assert memory.release() is True
    after = memory.resident_mb()
    assert before - held > -10 and before - after > 40, (held, before, after)  # freed, but resident until released
    assert keep


_THREADS_ALLOCATING = """
import ctypes, sys, threading
from unspin import memory
limited = memory.limit_arenas(1) if sys.argv[1] == "limit" else None
def work():
    blocks = [bytes(1000) for _ in range(2000)]
    threading.Event().wait(0.2)  # all threads alive at once, each wanting a heap of its own
threads = [threading.Thread(target=work) for _ in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print(limited, flush=True)
ctypes.CDLL(None).malloc_stats()  # one "Arena N:" block per heap, on stderr
"""


@pytest.mark.skipif(memory._libc("mallopt") is None or memory._libc("malloc_trim") is None, reason="needs glibc")
@pytest.mark.parametrize("mode", ["limit", "default"])
def test_limit_arenas_keeps_threads_on_few_heaps(mode, monkeypatch: pytest.MonkeyPatch):
    import subprocess

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    done = subprocess.run([sys.executable, "-c", _THREADS_ALLOCATING, mode], capture_output=True, text=True, check=True)
    arenas = done.stderr.count("Arena ")
    if mode == "limit":
        assert done.stdout.strip() == "True" and arenas == 1
    else:
        assert arenas > 1


def test_limit_arenas_leaves_an_explicit_malloc_arena_max_alone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert memory.limit_arenas() is False
