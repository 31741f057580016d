"""``unspin compare A B C ...`` (files, or ``--store corpus.db`` with ids or ``--event ID``) and
``unspin events corpus.db``: the same event side by side, and the events of a corpus."""

from __future__ import annotations

import json
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import UnspinError
from . import app
from .common import Format, emit


class EventsFormat(str, Enum):
    terminal = "terminal"
    json = "json"


@app.command()
def compare(
    items: Annotated[Optional[list[str]], typer.Argument(help="Article files (.txt or .html); with --store, article ids.")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Compare articles of this corpus (SQLite) by id.")] = None,
    event: Annotated[Optional[str], typer.Option("--event", help="With --store: compare every article of this event (see `unspin events`).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    no_language_check: Annotated[bool, typer.Option("--no-language-check", help="Analyze even if a text does not look English.")] = False,
    width: Annotated[Optional[int], typer.Option("--width", help="Terminal report width (default: the terminal's, else 160).")] = None,
) -> None:
    """Compare reports of the same event: sources, labels per actor, facts told by all / some / one, conflicting numbers."""
    from ..compare import compare as run_compare
    from ..render.compare import render_comparison

    items = items or []
    if store is not None:
        from ..compare.corpus import load_articles
        from ..events import event_articles

        if event is not None:
            if items:
                raise UnspinError("give either --event or article ids, not both")
            items = event_articles(store, event)
        articles = load_articles(store, items, check_language=not no_language_check)
    else:
        if event is not None:
            raise UnspinError("--event needs --store corpus.db")
        articles = _analyze_files(items, not no_language_check)
    if len(articles) < 2:
        raise UnspinError("compare needs two or more articles")
    comparison = run_compare(articles)
    color = format is Format.terminal and output is None and sys.stdout.isatty()
    width = width or (shutil.get_terminal_size((160, 40)).columns if color else 160)
    emit(render_comparison(comparison, format.value, color=color, width=width), output)


def _analyze_files(paths: list[str], check_language: bool) -> list:
    from ..engine import Engine

    if len(paths) < 2:
        raise UnspinError("compare needs two or more article files (or --store corpus.db with ids or --event)")
    stems = [Path(p).stem for p in paths]
    ids = [s if stems.count(s) == 1 else f"{s}-{i + 1}" for i, s in enumerate(stems)]
    engine = Engine(check_language=check_language, workers=1)
    articles = []
    for p, i in zip(paths, ids):
        read = engine.read(path=p, id=i)
        meta = read.metadata  # an HTML page's own site name and date, when trafilatura found them
        outlet = read.outlet or meta.get("sitename") or meta.get("hostname")
        published = read.published or _date(meta.get("date"))
        articles.append(engine.analyze(article=read, outlet=outlet, published=published))
    return articles


def _date(value: object) -> str | None:
    from ..article import parse_date

    try:
        parsed = parse_date(str(value)) if value else None
    except ValueError:
        return None
    return parsed.isoformat() if parsed else None


@app.command()
def events(
    corpus: Annotated[Path, typer.Argument(help="The corpus (SQLite store) to group into events.")],
    format: Annotated[EventsFormat, typer.Option("--format", "-f", help="Output format.")] = EventsFormat.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    window: Annotated[int, typer.Option("--window", help="Days around an event's dates within which an article may join it.")] = 7,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Forget stored events and group every article again.")] = False,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Terminal listing: show events with at least this many articles.")] = 1,
) -> None:
    """Group a corpus's articles into events (reports of the same story); new articles join existing events."""
    from ..events import group_events

    found = group_events(corpus, window_days=window, rebuild=rebuild)
    if format is EventsFormat.json:
        emit(json.dumps({"events": found}, ensure_ascii=False, indent=2), output)
        return
    shown = [e for e in found if len(e["articles"]) >= min_articles]
    lines = [f"{len(found)} events, {sum(len(e['articles']) for e in found)} articles"]
    for e in shown:
        lines.append(f"{e['id']}  {len(e['articles'])} articles  {e['title']}")
        lines.append("    " + ", ".join(e["articles"]))
    emit("\n".join(lines), output)
