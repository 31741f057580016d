"""Browse a corpus store, read-only: the article list with filters, each article's result page, and,
where this install has them, the outlet profiles page and the event pages.

Everything here reads through :class:`unspin.Corpus` (opened read-only by ``unspin serve --store``) and
the store's tables; nothing writes. A feature whose module is not installed (``unspin.profiles``,
``unspin.compare``) or whose tables are empty (events) has no link and no route.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import threading
from html import escape
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from ..article import Article
from ..render import render
from ..render.common import TECHNIQUES
from ..render.html import render_html
from .pages import Site, file_stem, layout, result_page

PAGE_SIZE = 50
#: Standalone pages from other renderers (outlet profiles, comparisons) carry their own inline CSS
#: and no script: they are served with this policy.
CSP_STANDALONE = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"


def features(corpus: Any) -> dict[str, bool]:
    """Which browse pages this install and this store can show."""
    profiles = _has_module("unspin.profiles") and _has_module("unspin.render.outlets")
    compare = _has_module("unspin.compare") and _has_module("unspin.render.compare")
    return {"outlets": profiles, "events": compare and bool(_events(corpus))}


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _events(corpus: Any) -> list[dict[str, Any]]:
    """Stored events, largest first: ``{"id", "title", "articles": [ids]}`` (the ``events`` and
    ``event_info`` tables; none when the store has no events yet)."""
    try:
        rows = corpus.connection.execute(
            "SELECT e.event_id, i.title, e.article_id FROM events e LEFT JOIN event_info i ON i.event_id = e.event_id "
            "LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.event_id, a.published, e.article_id").fetchall()
    except sqlite3.Error:
        return []
    events: dict[str, dict[str, Any]] = {}
    for event_id, title, article_id in rows:
        events.setdefault(event_id, {"id": event_id, "title": title or "", "articles": []})["articles"].append(article_id)
    return sorted(events.values(), key=lambda e: (-len(e["articles"]), e["id"]))


def _url(path: str, **params: Any) -> str:
    """A URL with query parameters (empty ones left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def _link(path: str, **params: Any) -> str:
    """:func:`_url`, escaped for an attribute."""
    return escape(_url(path, **params))


def _standalone(page: str, site: Site) -> HTMLResponse:
    """Another renderer's standalone page, with a way back to the site."""
    links = [("/", "unspin", True), ("/corpus", "Corpus", site.corpus), ("/outlets", "Outlets", site.outlets),
             ("/events", "Events", site.events)]
    nav = ('<nav aria-label="Site" style="margin:.5rem 1rem">'
           + " · ".join(f'<a href="{href}">{label}</a>' for href, label, shown in links if shown) + "</nav>")
    page = page.replace("<body>", "<body>" + nav, 1)
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP_STANDALONE})


def add_browse_routes(app: FastAPI, corpus: Any, site: Site, error: Any) -> None:
    """Attach the read-only corpus pages to ``app``; ``error(request, status, message)`` answers errors."""
    jobs = app.state.jobs
    lock = threading.Lock()  # one sqlite3 connection, used from the pool's threads one at a time

    def read(fn: Any, *args: Any) -> Any:
        with lock:
            return fn(*args)

    @app.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
    async def corpus_list(request: Request, outlet: str = "", since: str = "", until: str = "", technique: str = "",
                          source: str = "", page: int = 1) -> Response:
        page = min(max(page, 1), 1_000_000)
        filters = {"outlet": outlet or None, "since": since or None, "until": until or None,
                   "technique": technique or None, "source": source or None}

        def load() -> tuple[int, list[Article], list[str]]:
            total = corpus.count(**filters)
            rows = list(corpus.articles(**filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
            return total, rows, corpus.outlets()

        total, rows, outlets = await jobs.run(read, load)
        return HTMLResponse(_list_page(site, total, rows, outlets, filters, page))

    @app.get("/corpus/article", response_class=HTMLResponse, include_in_schema=False)
    async def corpus_article(request: Request, id: str) -> Response:
        article = await jobs.run(read, corpus.get, id)
        if article is None:
            return error(request, 404, f"no article {id[:200]!r} in the corpus")
        back = '<p class="meta"><a href="/corpus">← all articles</a></p>'
        downloads = (_url("/corpus/article.json", id=id), _url("/corpus/article.html", id=id))
        page = await jobs.run(lambda: result_page(site, article, json_text="", downloads=downloads, back=back))
        return HTMLResponse(page)

    @app.get("/corpus/article.json", include_in_schema=False)
    async def corpus_article_json(request: Request, id: str) -> Response:
        article = await jobs.run(read, corpus.get, id)
        if article is None:
            return error(request, 404, f"no article {id[:200]!r} in the corpus")
        return Response(render(article, "json") + "\n", media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{file_stem(article)}.json"'})

    @app.get("/corpus/article.html", include_in_schema=False)
    async def corpus_article_html(request: Request, id: str) -> Response:
        article = await jobs.run(read, corpus.get, id)
        if article is None:
            return error(request, 404, f"no article {id[:200]!r} in the corpus")
        return HTMLResponse(render_html(article), headers={
            "Content-Disposition": f'attachment; filename="{file_stem(article)}.html"',
            "Content-Security-Policy": CSP_STANDALONE})

    if site.outlets:
        @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
        async def outlets_page() -> Response:
            from ..profiles import outlet_profiles  # type: ignore[import-not-found]
            from ..render.outlets import render_outlets  # type: ignore[import-not-found]

            page = await jobs.run(lambda: render_outlets(read(outlet_profiles, corpus), "html"))
            return _standalone(page, site)

    if site.events:
        @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
        async def events_list() -> Response:
            events = await jobs.run(read, _events, corpus)
            items = "".join(
                f'<li><a href="{_link("/events/event", id=e["id"])}">{escape(e["title"] or e["id"])}</a> '
                f'<small>({len(e["articles"])} articles)</small></li>' for e in events)
            body = f"<h1>Events</h1><p>Articles the store groups as reports of the same event.</p><ol>{items}</ol>"
            return HTMLResponse(layout(site, "unspin: events", body, current="events"))

        @app.get("/events/event", response_class=HTMLResponse, include_in_schema=False)
        async def event_page(request: Request, id: str) -> Response:
            from ..compare import compare  # type: ignore[import-not-found]
            from ..render.compare import render_comparison  # type: ignore[import-not-found]

            event = next((e for e in await jobs.run(read, _events, corpus) if e["id"] == id), None)
            if event is None:
                return error(request, 404, f"no event {id[:200]!r} in the corpus")

            def side_by_side() -> str:
                articles = read(lambda: list(corpus.articles(ids=event["articles"])))
                return str(render_comparison(compare(articles), "html"))

            return _standalone(await jobs.run(side_by_side), site)


def _list_page(site: Site, total: int, rows: list[Article], outlets: list[str], filters: dict[str, Any],
               page: int) -> str:
    def options(values: list[str], chosen: str | None, label: str) -> str:
        return f'<option value="">{label}</option>' + "".join(
            f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(v.replace("_", " "))}</option>'
            for v in values)

    form = (
        '<form class="filters" method="get" action="/corpus" aria-label="Filter the articles">'
        f'<label>Outlet<select name="outlet">{options(outlets, filters["outlet"], "any")}</select></label>'
        f'<label>Published from<input type="date" name="since" value="{escape(filters["since"] or "")}"></label>'
        f'<label>to<input type="date" name="until" value="{escape(filters["until"] or "")}"></label>'
        f'<label>Technique<select name="technique">{options(list(TECHNIQUES), filters["technique"], "any")}</select></label>'
        f'<label>Quoted source<input type="search" name="source" value="{escape(filters["source"] or "")}" '
        'placeholder="exact name"></label>'
        '<button type="submit">Filter</button> <a href="/corpus">clear</a></form>'
    )
    first = (page - 1) * PAGE_SIZE
    body_rows = []
    for a in rows:
        checkworthy = sum(c.checkworthy for c in a.claims)
        top = a.sources[0].name if a.sources else ""
        body_rows.append(
            f'<tr><td><a href="{_link("/corpus/article", id=a.id)}">{escape(a.title or a.id)}</a></td>'
            f"<td>{escape(a.outlet or '')}</td><td>{escape(a.published.isoformat() if a.published else '')}</td>"
            f"<td>{len(a.quotes)}</td><td>{len(a.techniques)}</td><td>{checkworthy}</td><td>{escape(top)}</td></tr>")
    table = (
        '<div class="scroll" tabindex="0" role="region" aria-label="articles"><table class="list"><thead><tr><th scope="col">article</th><th scope="col">outlet</th>'
        '<th scope="col">published</th><th scope="col">quotes</th><th scope="col">technique spans</th>'
        '<th scope="col">check-worthy</th><th scope="col">most quoted</th></tr></thead>'
        f'<tbody>{"".join(body_rows)}</tbody></table></div>'
    ) if rows else "<p>No article matches.</p>"
    pager = []
    if page > 1:
        pager.append(f'<a href="{_link("/corpus", **filters, page=page - 1)}" rel="prev">← previous</a>')
    if first + len(rows) < total:
        pager.append(f'<a href="{_link("/corpus", **filters, page=page + 1)}" rel="next">next →</a>')
    shown = f"{first + 1:,}–{first + len(rows):,} of {total:,}" if rows else f"0 of {total:,}"
    body = (f"<h1>Corpus</h1><p>Articles analyzed into this store (read-only). Showing {shown}.</p>{form}{table}"
            f'<nav class="pager" aria-label="Pages">{"".join(pager)}</nav>')
    return layout(site, "unspin: corpus", body, current="corpus")
