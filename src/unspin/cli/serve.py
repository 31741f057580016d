"""``unspin serve``: the web page and the HTTP API over one engine loaded at start (FastAPI on uvicorn)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import UnspinError
from . import app
from .analyze import TechniquesMode


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    store: Annotated[Optional[Path], typer.Option("--store", help="Browse this corpus store (read-only).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this many bytes.")] = 1_000_000,
    timeout: Annotated[float, typer.Option(help="Seconds a request may wait for its analysis.")] = 60.0,
    queue: Annotated[int, typer.Option(help="Analyses admitted at once, running or waiting (0: 4 per core); "
                                            "more get 503 with Retry-After.")] = 0,
    techniques: Annotated[TechniquesMode, typer.Option("--techniques", help="Default operating point of the technique spans.")] = TechniquesMode.balanced,
    skip: Annotated[list[str], typer.Option("--skip", help="Leave out an analyzer (repeatable).")] = [],
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log each request.")] = True,
) -> None:
    """Serve the web page and the HTTP API (docs at /docs) on one loaded engine."""
    try:
        import uvicorn

        from ..web import create_app
        from ..web.limits import MAX_RETRY_AFTER
    except ImportError as err:
        raise UnspinError(f"unspin serve needs the web extra: pip install 'unspin[web]' ({err.name} is missing)") from None
    from ..engine import Engine
    from ..settings import Settings

    corpus = None
    if store is not None:
        try:
            from ..store.corpus import Corpus  # type: ignore[import-not-found]
        except ImportError:
            raise UnspinError("--store needs unspin's corpus store (unspin.store), which this install lacks") from None
        corpus = Corpus(store, readonly=True)
    start = time.perf_counter()
    settings = Settings.from_env(max_bytes=max_bytes, operating_point=techniques.value, workers=1,
                                 **({"skip": tuple(skip)} if skip else {}))
    engine = Engine(settings).load()
    web = create_app(engine, corpus, timeout=timeout, queue=queue or None)
    shown = f"[{host}]" if ":" in host else host
    print(f"unspin: engine loaded in {time.perf_counter() - start:.1f} s; serving on http://{shown}:{port}/ "
          f"(API docs at /docs; Ctrl-C stops)", file=sys.stderr, flush=True)
    # Idle connections outlive the longest Retry-After, so a client that waits as told and reuses its
    # connection does not race the server closing it (uvicorn's default is 5 s, a typical Retry-After).
    uvicorn.run(web, host=host, port=port, log_level="info", access_log=access_log, timeout_graceful_shutdown=5,
                timeout_keep_alive=MAX_RETRY_AFTER + 5)
