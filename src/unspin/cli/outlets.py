"""``unspin outlets corpus.db``: per-outlet profiles of a store, as a terminal table, JSON or an HTML page."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app
from .common import Format, emit


@app.command()
def outlets(
    store: Annotated[Path, typer.Argument(help="SQLite store filled by `unspin batch`.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    top: Annotated[int, typer.Option(help="Sources, places and labels listed per outlet.")] = 10,
) -> None:
    """Profile each outlet: techniques, anonymous sourcing, named sources, claims, places, labels, with percentiles."""
    from ..profiles import outlet_profiles
    from ..render.outlets import render_outlets
    from ..store import Corpus

    corpus = Corpus(store)
    try:
        profiles = outlet_profiles(corpus, top=max(top, 0))
    finally:
        corpus.close()
    color = format is Format.terminal and output is None and sys.stdout.isatty()
    width = shutil.get_terminal_size((120, 40)).columns if color else 120
    text = render_outlets(profiles, format.value, width=width, color=color)
    emit(text, output)
