"""Renderers: the same analysed Article as a terminal report, JSON, or one standalone HTML page.

``render(article, "terminal" | "json" | "html")`` is the one call every face uses.
"""

from __future__ import annotations

import json
from typing import Literal

from ..article import Article

FORMATS = ("terminal", "json", "html")
Format = Literal["terminal", "json", "html"]


def to_json(article: Article, indent: int | None = 2) -> str:
    """The full analysis as JSON (schema in docs/json.md)."""
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)


def render(article: Article, format: str = "terminal", *, show_text: bool = False, color: bool = False,
           width: int = 120) -> str:
    """The article's report as a string: ``terminal`` (rich; ANSI colours when ``color``), ``json`` or
    ``html`` (one standalone page, every piece of article text escaped)."""
    if format == "json":
        return to_json(article)
    if format == "html":
        from .html import render_html

        return render_html(article)
    if format == "terminal":
        from io import StringIO

        from rich.console import Console

        from .terminal import report

        buffer = StringIO()
        console = Console(file=buffer, width=width, force_terminal=color, color_system="truecolor" if color else None,
                          highlight=False)
        console.print(report(article, show_text=show_text))
        return buffer.getvalue()
    raise ValueError(f"unknown format {format!r} (one of {', '.join(FORMATS)})")


__all__ = ["FORMATS", "render", "to_json"]
