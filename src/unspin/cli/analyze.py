"""``unspin analyze PATH|-``: read one article, run the pipeline, print or write a report."""

from __future__ import annotations

import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app
from .common import Format, emit


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


class TechniquesMode(str, Enum):
    """The technique tagger's calibrated operating points (``TechniqueModel.use``)."""

    balanced = "balanced"
    screening = "screening"


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(help="Article file (.txt or .html), a web address (http/https), or - for standard input.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    input_format: Annotated[InputFormat, typer.Option("--input-format", help="Force text or HTML reading.")] = InputFormat.auto,
    encoding: Annotated[Optional[str], typer.Option(help="Decode the input with this encoding (default UTF-8).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this many bytes.")] = 1_000_000,
    skip: Annotated[list[str], typer.Option("--skip", help="Leave out an analyzer (repeatable): techniques, claims, ...")] = [],
    text: Annotated[bool, typer.Option("--text/--no-text", help="Terminal report: also print the highlighted article.")] = False,
    no_language_check: Annotated[bool, typer.Option("--no-language-check", help="Analyze even if the text does not look English.")] = False,
    techniques: Annotated[TechniquesMode, typer.Option("--techniques", help="Technique spans tuned for F1 (balanced) or for recall (screening: more spans, more false alarms).")] = TechniquesMode.balanced,
) -> None:
    """Analyze one article (a file, standard input or a web page): techniques, claims, quotes and sources, entities and places."""
    from ..engine import Engine
    from ..readers import ReadOptions
    from ..render import render
    from ..settings import Settings

    settings = Settings.from_env(max_bytes=max_bytes, skip=tuple(skip), check_language=not no_language_check,
                                 operating_point=techniques.value, workers=1)
    options = ReadOptions(max_bytes=settings.max_bytes, format=input_format.value, encoding=encoding,
                          check_language=settings.check_language)
    from ..fetch import is_url

    if is_url(path):  # fetched politely (timeouts, size limit, retries), as `unspin batch` fetches .urls
        from ..batch.inputs import from_page
        from ..fetch import FetchOptions, Fetcher

        with Fetcher(FetchOptions(max_bytes=settings.max_bytes)) as fetcher:
            page = fetcher.fetch(path)
        engine = Engine(settings)
        article = engine.analyze(article=from_page(lambda *a, **k: engine.read(*a, options=options, **k), page))
    else:
        article = Engine(settings).analyze(path=path, options=options)
    color = format is Format.terminal and output is None and sys.stdout.isatty()
    width = shutil.get_terminal_size((120, 40)).columns if color else 120
    rendered = render(article, format.value, show_text=text, color=color, width=width)
    emit(rendered, output)
