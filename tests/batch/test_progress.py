"""Progress: a bar with articles/s and ETA on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import io

from unspin.batch.progress import Counts, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_off_a_terminal() -> None:
    counts, out = Counts(), io.StringIO()
    with Progress(counts, total=10, every=0.0, stream=out) as progress:
        assert progress.mode == "lines"
        counts.analyzed, counts.failed = 4, 1
        progress.update()
    line = out.getvalue().strip().splitlines()[-1]
    assert line.startswith("batch: 5/10 inputs (analyzed 4, skipped 0, failed 1), ")
    assert "articles/s" in line and "ETA " in line


def test_a_bar_on_a_terminal() -> None:
    counts, out = Counts(), Terminal()
    with Progress(counts, total=3, stream=out) as progress:
        assert progress.mode == "bar"
        counts.analyzed = 3
        progress.update()
    shown = out.getvalue()
    assert "3/3" in shown and "articles/s" in shown and "analyzed 3, skipped 0, failed 0" in shown


def test_off_prints_nothing() -> None:
    out = io.StringIO()
    with Progress(Counts(), total=None, mode="off", stream=out) as progress:
        progress.update()
    assert out.getvalue() == ""
