"""The web app: the page and the HTTP API over one loaded :class:`~unspin.Engine`.

>>> from unspin import Engine
>>> from unspin.web import create_app
>>> app = create_app(Engine().load())            # doctest: +SKIP
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)

Routes: ``GET /`` (the form), ``POST /analyze`` (form field ``text`` or file field ``file`` → result
page), ``POST /api/analyze`` (JSON → what ``unspin analyze --format json`` prints), ``GET /api/health``,
``GET /openapi.json`` and ``GET /docs`` (Swagger UI served from this server), and with a corpus the
read-only browse pages (:mod:`unspin.web.browse`). Every error is one line: ``{"error": ...}`` from
the API, a page with the message from the site.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import re
import threading
from collections import OrderedDict
from importlib.resources import files
from pathlib import PurePath
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..article import Article
from ..engine import Engine
from ..errors import InputError, TooLargeError, UnspinError
from ..readers import ReadOptions, read_bytes
from ..registry import DEFAULT_PIPELINE
from ..render import render
from ..settings import OPERATING_POINTS
from .limits import AnalysisQueue, BodyLimit, Busy, RequestTooLarge
from .pages import Site, error_page, index_page, result_page

log = logging.getLogger("unspin.web")

#: Content-Security-Policy of every page: scripts and styles only from this server's files.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: The docs page: Swagger UI sets inline style attributes; still no inline script.
CSP_DOCS = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "X-Frame-Options": "DENY"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: Request bodies may carry some form or JSON wrapping around an input of ``max_bytes``.
BODY_OVERHEAD = 64 * 1024


class AnalyzeRequest(BaseModel):
    """``POST /api/analyze``: exactly one of ``text`` or ``html``, and optional settings and fields."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The article as plain text (a first line then a blank line is the title).")
    html: str | None = Field(None, description="The article as a web page's HTML; its main text is extracted.")
    skip: list[str] = Field(default_factory=list, description="Analyzers to leave out, e.g. [\"claims\"].")
    operating_point: Literal["balanced", "screening"] | None = Field(
        None, description="Technique spans tuned for F1 (balanced) or for recall (screening).")
    id: str | None = Field(None, description="Your id for the article (default: a hash of its text).")
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="Publication date, ISO (2019-10-14).")
    title: str | None = None


def create_app(engine: Engine, corpus: Any = None, *, timeout: float = 60.0, queue: int | None = None,
               workers: int | None = None) -> Any:
    """The ASGI app over ``engine`` (load it first: ``engine.load()``), with the read-only browse pages
    when a ``corpus`` (:class:`unspin.Corpus`) is given. ``timeout``: seconds a request may wait for
    its analysis; ``queue``: analyses admitted at once (running + waiting; default 4 per worker);
    ``workers``: analysis threads (default: the cores)."""
    from .. import __version__

    max_bytes = engine.settings.max_bytes
    body_limit = max_bytes + BODY_OVERHEAD
    jobs = AnalysisQueue(workers=workers, capacity=queue, timeout=timeout)
    # Uploads stay in memory: Starlette spools a file part past 1 MiB to a temporary file, and no user
    # input is to reach the filesystem. The body limit bounds what is held.
    from starlette.formparsers import MultiPartParser

    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, body_limit + 1)
    variants = _Variants(engine)
    site = Site(max_bytes=max_bytes)
    if corpus is not None:
        from .browse import features

        site = Site(corpus=True, max_bytes=max_bytes, **features(corpus))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()  # queued analyses are cancelled; a running one finishes before the process exits

    app = FastAPI(
        lifespan=lifespan,
        title="unspin",
        version=__version__,
        summary="Show how a news article tries to persuade.",
        description=("The same analysis as `unspin analyze --format json` (schema: docs/json.md), over HTTP. "
                     "Errors are `{\"error\": \"<one line>\"}` with a 4xx status; 503 with Retry-After when busy."),
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.engine = engine
    app.state.jobs = jobs
    app.state.site = site

    # -- errors: one line each, JSON for the API, a page for the site ---------------------------
    def is_api(request_or_scope: Any) -> bool:
        path = request_or_scope["path"] if isinstance(request_or_scope, dict) else request_or_scope.url.path
        return bool(path.startswith("/api/") or path == "/openapi.json")

    def error(where: Any, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        message = " ".join(str(message).split()) or "error"
        if is_api(where):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        return HTMLResponse(error_page(site, status, message), status_code=status, headers=headers)

    @app.exception_handler(RequestTooLarge)
    async def _too_large(request: Request, err: RequestTooLarge) -> Response:
        return error(request, 413, str(err), {"Connection": "close"})

    @app.exception_handler(Busy)
    async def _busy(request: Request, err: Busy) -> Response:
        return error(request, 503, str(err), {"Retry-After": str(err.retry_after)})

    @app.exception_handler(UnspinError)
    async def _unspin(request: Request, err: UnspinError) -> Response:
        return error(request, status_of(err), str(err))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> Response:
        message = err.detail if isinstance(err.detail, str) else "error"
        if err.status_code == 404:
            message = f"not found: {request.url.path}"
        elif err.status_code == 405:
            message = f"method {request.method} not allowed here"
        return error(request, err.status_code, message, getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> Response:
        return error(request, 422, one_line(err.errors()))

    @app.exception_handler(Exception)
    async def _bug(request: Request, err: Exception) -> Response:  # never a traceback to the client
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error(request, 500, f"internal error ({type(err).__name__}); see the server log")

    # -- the page -----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(index_page(site))

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(request: Request) -> Response:
        kind = content_type(request)
        if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return error(request, 415, f"unsupported content type {kind or '(none)'}: send a form "
                                       "(multipart/form-data or application/x-www-form-urlencoded)")
        try:
            form = await request.form(max_files=1, max_fields=8, max_part_size=body_limit)
        except RequestTooLarge:
            raise
        except Exception as err:  # noqa: BLE001 - a malformed form is the client's error, in one line
            return error(request, 400, f"malformed form: {err}")
        text = form.get("text")
        upload = form.get("file")
        point = form.get("operating_point") or None
        if point is not None and point not in OPERATING_POINTS:
            return error(request, 422, f"unknown operating point {str(point)[:40]!r} (one of {', '.join(OPERATING_POINTS)})")
        data: bytes | None = None
        name: str | None = None
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read(body_limit + 1)
            name = safe_name(upload.filename)
        elif isinstance(text, str):
            # Browsers send a textarea's line breaks as CRLF whatever was pasted; undo that, so offsets
            # and downloads index the text as the user had it (an uploaded file is kept byte for byte).
            data = text.replace("\r\n", "\n").encode("utf-8", "surrogatepass")
        else:
            data = b""
        target = variants.get((), point)
        try:
            page = await jobs.run(_page_job, target, site, data, name)
        except (InputError, Busy) as err:  # the form again, with the message and the text as it was
            status = 503 if isinstance(err, Busy) else status_of(err)
            headers = {"Retry-After": str(err.retry_after)} if isinstance(err, Busy) else None
            kept = text.replace("\r\n", "\n") if isinstance(text, str) and len(text) <= max_bytes else ""
            return HTMLResponse(index_page(site, error=str(err), text=kept, status=status), status_code=status,
                                headers=headers)
        return HTMLResponse(page)

    # -- the API ------------------------------------------------------------------------------------
    request_schema = AnalyzeRequest.model_json_schema()

    @app.post(
        "/api/analyze",
        summary="Analyze one article",
        description=("Send `{\"text\": ...}` or `{\"html\": ...}` as JSON; get back exactly what "
                     "`unspin analyze --format json` prints (schema_version 2; docs/json.md)."),
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": request_schema}}}},
        responses={
            200: {"description": "The analysis", "content": {"application/json": {}}},
            413: {"description": "Input or body over the size limit"},
            415: {"description": "Not application/json"},
            422: {"description": "Malformed JSON, bad fields, or input that is not an article "
                                 "(empty, binary, not English, HTML without an article)"},
            503: {"description": "Busy: retry after the Retry-After header's seconds"},
        },
    )
    async def analyze_api(request: Request) -> Response:
        kind = content_type(request)
        if kind != "application/json" and not kind.endswith("+json"):
            return error(request, 415, f"unsupported content type {kind or '(none)'}: send application/json")
        body = await request.body()
        try:
            payload = json.loads(body)
        except UnicodeDecodeError:
            return error(request, 422, "malformed JSON: not UTF-8")
        except json.JSONDecodeError as err:
            return error(request, 422, f"malformed JSON: {err.msg} at line {err.lineno} column {err.colno}")
        try:
            req = AnalyzeRequest.model_validate(payload)
        except ValidationError as err:
            return error(request, 422, one_line(err.errors()))
        if (req.text is None) == (req.html is None):
            return error(request, 422, 'give exactly one of "text" or "html"')
        unknown = [s for s in req.skip if s not in DEFAULT_PIPELINE]
        if unknown:
            return error(request, 422, f"unknown analyzer {unknown[0][:40]!r} in skip (known: {', '.join(DEFAULT_PIPELINE)})")
        target = variants.get(tuple(req.skip), req.operating_point)
        fields = {k: getattr(req, k) for k in ("id", "url", "outlet", "published", "title") if getattr(req, k)}
        text = await jobs.run(_json_job, target, req.text, req.html, fields)
        return Response(text, media_type="application/json")

    @app.get("/api/health", summary="Is the server up, and which models does it run")
    async def health() -> dict[str, Any]:
        return {**engine.health(), "queue": jobs.stats()}

    # -- static files and the docs page ---------------------------------------------------------------
    static = files("unspin.web").joinpath("static")
    page_css = files("unspin.render").joinpath("page.css").read_text(encoding="utf-8")

    @app.get("/static/page.css", include_in_schema=False)
    async def _page_css() -> Response:
        return Response(page_css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})

    try:
        from swagger_ui_bundle import swagger_ui_path

        app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")
        has_swagger = True
    except ImportError:  # the docs page then lists the routes from the schema itself
        has_swagger = False
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    favicon = static.joinpath("favicon.svg").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    async def _favicon() -> Response:
        return Response(favicon, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> Response:
        if has_swagger:
            page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>unspin API</title>'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">'
                    '<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head><body>'
                    '<div id="swagger-ui"></div><script src="/static/swagger/swagger-ui-bundle.js"></script>'
                    '<script src="/static/docs.js"></script></body></html>')
        else:
            page = _plain_docs(app.openapi())
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP_DOCS})

    # -- the corpus, read-only ------------------------------------------------------------------------
    if corpus is not None:
        from .browse import add_browse_routes

        add_browse_routes(app, corpus, site, error)

    limited = BodyLimit(app, body_limit, lambda scope, err: error(scope, 413, str(err), {"Connection": "close"}),
                        shown=max_bytes)
    return SecurityHeaders(limited, app)


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy (unless the route set its own) and the other
    security headers on every response. ``app`` is the FastAPI app behind it (for tests: ``.app``)."""

    def __init__(self, inner: Any, app: Any) -> None:
        self.inner = inner
        self.app = app
        self.state = app.state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                for k, v in SECURITY_HEADERS.items():
                    if k.lower().encode() not in names:
                        headers.append((k.lower().encode(), v.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.inner(scope, receive, with_headers)


# -- helpers -------------------------------------------------------------------------------------------
def status_of(err: UnspinError) -> int:
    """413 for inputs over the limit, 422 for any other input the engine refuses."""
    return 413 if isinstance(err, TooLargeError) else 422


def content_type(request: Any) -> str:
    return str(request.headers.get("content-type", "")).split(";")[0].strip().lower()


def one_line(errors: list[dict[str, Any]]) -> str:
    """Pydantic's validation errors as one line: ``field: message; ...``."""
    parts = []
    for e in errors[:3]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def safe_name(filename: str) -> str:
    """An uploaded file's name as a label only (it never reaches the filesystem): the last path part,
    printable characters, at most 100 of them."""
    name = PurePath(filename.replace("\\", "/")).name
    name = re.sub(r"[^\w .()\[\]-]+", "_", name)[:100].strip()
    return name or "upload"


class _Variants:
    """Per-request settings (skipped analyzers, operating point) as engines sharing the loaded models;
    a few are kept, most recently used first."""

    def __init__(self, engine: Engine, keep: int = 8) -> None:
        self.engine = engine
        self.keep = keep
        self._cache: OrderedDict[tuple[tuple[str, ...], str], Engine] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, skip: tuple[str, ...], operating_point: str | None) -> Engine:
        base = self.engine.settings
        point = operating_point or base.operating_point
        skip = tuple(sorted(set(base.skip) | set(skip)))
        if skip == tuple(sorted(base.skip)) and point == base.operating_point:
            return self.engine
        key = (skip, point)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = self.engine.variant(skip=skip, operating_point=point)
                while len(self._cache) > self.keep:
                    self._cache.popitem(last=False)
            self._cache.move_to_end(key)
            return self._cache[key]


def read_input(engine: Engine, data: bytes, *, name: str | None = None, format: str = "auto") -> Article:
    """Bytes from a form or the API → an unanalyzed Article, by the CLI's reader and its messages
    (empty, binary, encoding, too large, no article, not English). A ``.html`` upload is read as HTML."""
    if name and PurePath(name).suffix.lower() in HTML_SUFFIXES:
        format = "html"
    options = ReadOptions(max_bytes=engine.settings.max_bytes, format=format,
                          check_language=engine.settings.check_language)
    return read_bytes(data, source=name, options=options)


def _page_job(engine: Engine, site: Site, data: bytes, name: str | None) -> str:
    """In a pool thread: read, analyze and render the result page."""
    article = engine.analyze(article=read_input(engine, data, name=name))
    return result_page(site, article, json_text=render(article, "json"))


def _json_job(engine: Engine, text: str | None, html: str | None, fields: dict[str, Any]) -> str:
    """In a pool thread: read and analyze; the JSON exactly as ``unspin analyze --format json`` prints it."""
    data = (text if text is not None else html or "").encode("utf-8", "surrogatepass")
    article = read_input(engine, data, format="text" if text is not None else "html")
    article = engine.analyze(article=article, **fields)
    rendered = render(article, "json")
    return rendered if rendered.endswith("\n") else rendered + "\n"


def _plain_docs(schema: dict[str, Any]) -> str:
    """A minimal docs page from the OpenAPI schema, when Swagger UI is not installed."""
    from html import escape

    rows = "".join(
        f"<li><code>{escape(method.upper())} {escape(path)}</code> {escape(op.get('summary', ''))}</li>"
        for path, ops in schema.get("paths", {}).items() for method, op in ops.items()
    )
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>unspin API</title></head><body>'
            f'<h1>unspin API</h1><ul>{rows}</ul><p><a href="/openapi.json">OpenAPI schema</a></p></body></html>')
