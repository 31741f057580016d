"""What the report commands share: the report formats and writing a report to a file or stdout."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path


class Format(str, Enum):
    """The formats of every report (``unspin.render``): terminal, JSON, one standalone HTML page."""

    terminal = "terminal"
    json = "json"
    html = "html"


def emit(text: str, output: Path | None) -> None:
    """Write a report to ``output`` (saying so on stderr), else to stdout; always newline-terminated."""
    text = text if text.endswith("\n") else text + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
