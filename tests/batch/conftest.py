"""Batch fixtures: one light engine for the session, article texts made from the seed, and a local
web server on 127.0.0.1 whose pages, failures and delays the tests choose."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import unspin

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / "examples" / "seed.txt").read_text(encoding="utf-8")


def article_text(i: int) -> str:
    """A distinct English article: a numbered title over the seed's paragraphs, rotated by ``i``."""
    paragraphs = [p for p in SEED.split("\n\n")[1:] if p.strip()]
    k = i % len(paragraphs)
    body = "\n\n".join(paragraphs[k:] + paragraphs[:k])
    return f"Report {i}: the border talks\n\n{body}\n"


def article_html(i: int, date: str | None = None) -> str:
    text = article_text(i)
    title, body = text.split("\n\n", 1)
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>{meta}</head>"
            f"<body><nav>Home | World</nav><article><h1>{html.escape(title)}</h1>{paras}</article></body></html>")


FRENCH = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera présentée au parlement "
          "la semaine prochaine, selon les syndicats qui dénoncent un projet injuste et brutal pour les travailleurs "
          "et leurs familles dans tout le pays.")


@pytest.fixture(scope="session")
def engine() -> Iterator[unspin.Engine]:
    """spaCy, quotes, sources, entities and places; the two models are not the point of batch tests."""
    with unspin.Engine(skip=("techniques", "claims"), workers=1) as e:
        yield e


class Site:
    """What the local server serves: ``pages[path] = (status, content_type, body)``, plus counters."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.hits: dict[str, int] = {}
        self.fail_first: dict[str, int] = {}  # path -> how many 503s before the page
        self.slow: dict[str, float] = {}  # path -> seconds to wait before answering
        self.in_flight = 0
        self.max_in_flight = 0
        self.times: list[float] = []
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            with state.lock:
                state.hits[self.path] = state.hits.get(self.path, 0) + 1
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
                state.times.append(time.monotonic())
                hit = state.hits[self.path]
            try:
                if self.path in state.slow:
                    time.sleep(state.slow[self.path])
                if hit <= state.fail_first.get(self.path, 0):
                    self._send(503, "text/plain", b"busy")
                    return
                status, ctype, body = state.pages.get(self.path, (404, "text/plain", b"not found"))
                self._send(status, ctype, body)
            finally:
                with state.lock:
                    state.in_flight -= 1

        def _send(self, status: int, ctype: str, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
