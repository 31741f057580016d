"""Batch progress: a rich bar (articles/s, ETA) on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import IO, Any


class Counts:
    """What a batch has done so far."""

    def __init__(self) -> None:
        self.analyzed = 0
        self.skipped = 0
        self.failed = 0
        self.started = time.monotonic()

    @property
    def done(self) -> int:
        return self.analyzed + self.skipped + self.failed

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Articles analyzed per second (skipped and failed inputs cost little and are not counted)."""
        return self.analyzed / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        return f"analyzed {self.analyzed:,}, skipped {self.skipped:,}, failed {self.failed:,}"


class Progress:
    """Report progress to ``stream``: ``mode`` is ``bar``, ``lines`` or ``off``; ``auto`` picks the bar on a
    terminal and lines otherwise (every ``every`` seconds)."""

    def __init__(self, counts: Counts, total: int | None, *, mode: str = "auto", every: float = 10.0,
                 stream: IO[str] | None = None) -> None:
        self.counts, self.total, self.every = counts, total, every
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if self.stream.isatty() else "lines"
        self.mode = mode
        self._last = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} articles/s"), TextColumn("ETA"), TimeRemainingColumn(),
                TimeElapsedColumn(), TextColumn("{task.fields[counts]}"),
                console=Console(file=self.stream), transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("batch", total=self.total, rate=0.0, counts="")
        return self

    def update(self) -> None:
        c = self.counts
        if self.mode == "bar":
            self._bar.update(self._task, completed=c.done, rate=c.rate, counts=c.line())
        elif self.mode == "lines":
            now = time.monotonic()
            if now - self._last >= self.every:
                self._last = now
                print(self._plain(), file=self.stream, flush=True)

    def _plain(self) -> str:
        c = self.counts
        done = f"{c.done:,}/{self.total:,}" if self.total is not None else f"{c.done:,}"
        line = f"batch: {done} inputs ({c.line()}), {c.rate:.1f} articles/s"
        if self.total and c.done:
            remaining = max(self.total - c.done, 0) * c.elapsed / c.done
            line += f", ETA {_clock(remaining)}"
        return line

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self.update()
            self._bar.stop()


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
