"""``unspin batch SOURCE... --store corpus.db``: analyze a corpus into a store, resumably."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app


class EngineKind(str, Enum):
    local = "local"
    ray = "ray"


class ProgressMode(str, Enum):
    auto = "auto"
    bar = "bar"
    lines = "lines"
    off = "off"


@app.command()
def batch(
    sources: Annotated[list[str], typer.Argument(help="Article files (.txt, .html), folders, JSONL, CSV, WARC(.gz) or .urls files.", show_default=False)],
    store: Annotated[Path, typer.Option("--store", "-s", help="SQLite store to fill (created if missing).")],
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", help="Processes, each loading the engine once (default: UNSPIN_WORKERS or 1).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Analyze every input again, even those already stored.")] = False,
    skip: Annotated[list[str], typer.Option("--skip", help="Leave out an analyzer (repeatable): techniques, claims, ...")] = [],
    max_bytes: Annotated[Optional[int], typer.Option(help="Refuse inputs (and fetched pages) larger than this many bytes.")] = None,
    no_language_check: Annotated[bool, typer.Option("--no-language-check", help="Analyze even texts that do not look English.")] = False,
    techniques: Annotated[Optional[str], typer.Option("--techniques", help="Technique operating point: balanced or screening.")] = None,
    progress: Annotated[ProgressMode, typer.Option("--progress", help="A bar (terminal), plain lines, or nothing; auto picks.")] = ProgressMode.auto,
    progress_every: Annotated[float, typer.Option("--progress-every", help="Seconds between plain progress lines.")] = 10.0,
    timeout: Annotated[float, typer.Option(help="Web addresses: seconds before a request gives up.")] = 20.0,
    retries: Annotated[int, typer.Option(help="Web addresses: further tries after a network error, 429 or 5xx.")] = 3,
    delay: Annotated[float, typer.Option(help="Web addresses: seconds between two requests to one host.")] = 1.0,
    per_host: Annotated[int, typer.Option(help="Web addresses: requests to one host at once.")] = 2,
    engine_kind: Annotated[EngineKind, typer.Option("--engine", help="local: this machine (--workers processes); ray: Ray Data actor pools (pip install 'unspin[ray]').")] = EngineKind.local,
    ray_address: Annotated[Optional[str], typer.Option("--ray-address", help="With --engine ray: join this cluster (auto, or ray://HOST:10001); default starts Ray here.")] = None,
    ray_actors: Annotated[Optional[int], typer.Option("--ray-actors", help="With --engine ray: actors, each loading the engine once (default: one per CPU of the cluster).")] = None,
) -> None:
    """Analyze many articles into a store you can query and resume: rerun to go on after a stop."""
    from ..engine import Engine
    from ..fetch import FetchOptions
    from ..settings import Settings
    from ..store import Corpus
    from ..batch import run_batch
    from ..batch.inputs import check_sources

    check_sources(sources)
    settings = Settings.from_env(workers=workers, max_bytes=max_bytes, operating_point=techniques,
                                 check_language=False if no_language_check else None)
    if skip:
        settings = settings.replace(skip=tuple(dict.fromkeys((*settings.skip, *skip))))
    fetch = FetchOptions(timeout=timeout, max_bytes=settings.max_bytes, retries=max(retries, 0), delay=max(delay, 0.0),
                         per_host=max(per_host, 1))
    corpus = Corpus(store, readonly=False)
    if engine_kind is EngineKind.ray:
        from ..batch.ray_engine import RayEngine

        engine = RayEngine(settings, address=ray_address, actors=ray_actors)
    else:
        engine = Engine(settings)
    try:
        summary = run_batch(sources, corpus, engine, force=force, fetch=fetch, progress=progress.value,
                            every=progress_every)
    finally:
        engine.close()
        corpus.close()
    print(f"{summary.line()}; store: {store}", flush=True)
    if summary.failed:
        print(f"{summary.failed:,} input(s) failed; see the errors table (unspin.Corpus({str(store)!r}).errors())",
              file=sys.stderr)
