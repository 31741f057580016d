"""The web page's HTML: one layout, the form, the result page and the error page.

The result page is the standalone report's own pieces (``unspin.render.html``: the highlighted
article, the key, the sections) inside the site's layout, plus an offline map of the places and the
download buttons. Every value that comes from an article or a request goes through :func:`escape`;
the markup here has no inline script or style, so the Content-Security-Policy can forbid both.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from html import escape

from ..article import Article
from ..render.common import sourcing_line, techniques_mode_note
from ..render.html import FOOTER, KEY, article_body, render_html, sections
from ..settings import OPERATING_POINTS


@dataclass(frozen=True)
class Site:
    """What every page's navigation shows: the links to the features this server has."""

    corpus: bool = False
    outlets: bool = False
    events: bool = False
    max_bytes: int = 1_000_000


def layout(site: Site, title: str, body: str, *, current: str = "") -> str:
    """A whole page: head, skip link, navigation, ``body`` (trusted markup) and footer."""
    links = [("/", "Analyze", "analyze")]
    if site.corpus:
        links.append(("/corpus", "Corpus", "corpus"))
    if site.outlets:
        links.append(("/outlets", "Outlets", "outlets"))
    if site.events:
        links.append(("/events", "Events", "events"))
    links.append(("/docs", "API", "api"))
    here = ' aria-current="page"'
    nav = "".join(f'<a href="{href}"{here if key == current else ""}>{label}</a>' for href, label, key in links)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        '<link rel="stylesheet" href="/static/page.css"><link rel="stylesheet" href="/static/web.css">'
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        '<script src="/static/app.js" defer></script></head><body>'
        '<a class="skip" href="#main">Skip to content</a>'
        f'<header class="site"><a class="brand" href="/">unspin</a><nav aria-label="Main">{nav}</nav></header>'
        f'<main id="main" tabindex="-1">{body}</main>'
        f'<footer class="site">{FOOTER} Nothing pasted here is stored.</footer>'
        "</body></html>\n"
    )


def index_page(site: Site, *, error: str | None = None, text: str = "", status: int = 200) -> str:
    """The form: paste text or HTML, or upload a file; ``error`` shows above it (with ``text`` kept)."""
    alert = ""
    if error:
        alert = (f'<div class="error" role="alert"><h2>Could not analyze this ({status})</h2>'
                 f"<p>{escape(error)}</p></div>")
    points = "".join(
        f'<label class="radio"><input type="radio" name="operating_point" value="{p}"'
        f'{" checked" if p == "balanced" else ""}> {p}</label>'
        for p in OPERATING_POINTS
    )
    body = (
        '<section class="intro"><h1>See how a news article tries to persuade</h1>'
        "<p>Paste an article or upload a file. unspin marks who is quoted and how one-sided the sourcing "
        "is, persuasion techniques and where they are, the sentences worth checking first, and the people, "
        "organisations and places.</p></section>"
        f"{alert}"
        '<form class="analyze" method="post" action="/analyze" enctype="multipart/form-data">'
        '<label for="text">Article text or HTML</label>'
        '<textarea id="text" name="text" rows="14" spellcheck="false" aria-describedby="text-help" '
        'placeholder="Headline&#10;&#10;The article text…">'
        f"{escape(text)}</textarea>"
        f'<p id="text-help" class="help">Plain text (a first line followed by a blank line is the headline) '
        f"or a web page's HTML, up to {site.max_bytes:,} bytes, in English.</p>"
        '<p class="or">or</p>'
        '<label for="file">Upload a .txt or .html file</label>'
        '<input type="file" id="file" name="file" accept=".txt,.html,.htm,text/plain,text/html" '
        'aria-describedby="file-help">'
        '<p id="file-help" class="help">A file takes the place of the text above.</p>'
        '<fieldset><legend>Technique spans</legend>'
        f"{points}"
        '<p class="help">balanced is tuned for precision and recall together; screening finds more, with '
        "more false alarms.</p></fieldset>"
        '<button type="submit">Analyze</button>'
        "</form>"
    )
    return layout(site, "unspin: analyze an article", body, current="analyze")


def error_page(site: Site, status: int, message: str) -> str:
    body = (f'<div class="error" role="alert"><h1>{status}: {escape(_reason(status))}</h1>'
            f'<p>{escape(message)}</p><p><a href="/">Analyze an article</a></p></div>')
    return layout(site, f"unspin: {status}", body)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def data_url(content: str, mime: str) -> str:
    """A ``data:`` URL holding ``content``, so a download needs no server state and no script."""
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(content.encode("utf-8")).decode("ascii")


def file_stem(article: Article) -> str:
    """A safe file name for downloads: the article id with anything but letters, digits, ``.-_`` dropped."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", article.id).strip(".-")[:80]
    return f"unspin-{stem or article.hash}"


def result_page(site: Site, article: Article, *, json_text: str, downloads: tuple[str, str] | None = None,
                back: str = "") -> str:
    """The analysis as a page. ``downloads`` are (JSON URL, report URL); by default both are data URLs
    built from this analysis, so nothing is kept on the server."""
    if downloads is None:
        downloads = (data_url(json_text, "application/json"), data_url(render_html(article), "text/html"))
    stem = file_stem(article)
    title = article.title or article.source or "Untitled article"
    meta = " · ".join(escape(x) for x in (article.outlet, article.published.isoformat() if article.published else None,
                                           article.source) if x)
    url = ""
    if article.url and article.url.startswith(("http://", "https://")):
        url = f' · <a href="{escape(article.url)}" rel="noopener noreferrer nofollow">original</a>'
    counts = (f"{len(article.quotes)} quotes · {len(article.sources)} sources · "
              f"{len(article.techniques)} technique spans · "
              f"{sum(c.checkworthy for c in article.claims)} check-worthy sentences · {len(article.places)} places")
    head = (
        f'<div class="report-head">{back}<h1>{escape(title)}</h1>'
        + (f'<p class="meta">{meta}{url}</p>' if meta or url else "")
        + f'<p class="summary" id="sourcing">{escape(sourcing_line(article))}</p>'
        f'<p class="counts">{escape(counts)}{escape(techniques_mode_note(article))}</p>'
        '<p class="downloads">'
        f'<a class="button" href="{escape(downloads[0])}" download="{stem}.json">Download the analysis (JSON)</a> '
        f'<a class="button" href="{escape(downloads[1])}" download="{stem}.html">Download the report (HTML)</a></p>'
        f"{KEY}</div>"
    )
    body = (
        f"{head}"
        '<div class="report">'
        f'<article id="text" aria-label="The article with its highlights">{article_body(article)}</article>'
        f'<aside aria-label="Findings">{"".join(sections(article))}{places_map(article)}</aside>'
        "</div>"
    )
    return layout(site, f"unspin: {title}", body)


def places_map(article: Article) -> str:
    """The article's places on a world outline drawn offline (Natural Earth, public domain), zoomed to
    the places; each marker is named in the SVG's text and its <title>."""
    if not article.places:
        return ""
    xs = [p.longitude + 180 for p in article.places]
    ys = [90 - p.latitude for p in article.places]
    x0, x1, y0, y1 = min(xs) - 6, max(xs) + 14, min(ys) - 5, max(ys) + 5  # room for labels on the right
    w, h = max(x1 - x0, 24.0), max(y1 - y0, 12.0)
    w, h = max(w, 2 * h), max(h, w / 2)  # a 2:1 frame
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = min(w, 360.0), min(h, 180.0)
    x = min(max(cx - w / 2, 0.0), 360 - w)
    y = min(max(cy - h / 2, 0.0), 180 - h)
    r, font = w / 110, w / 32
    pins = []
    for p, px, py in sorted(zip(article.places, xs, ys), key=lambda t: -len(t[0].mentions)):
        size = r * (1 + 0.35 * math.log(max(len(p.mentions), 1)))
        label = f"{p.name} ({len(p.mentions)} mention{'s' if len(p.mentions) != 1 else ''})"
        pins.append(
            f'<g class="pin"><title>{escape(label)}</title>'
            f'<circle cx="{px:.2f}" cy="{py:.2f}" r="{size:.2f}" stroke-width="{r / 4:.2f}"/>'
            f'<text x="{px + size * 1.3:.2f}" y="{py + font / 3:.2f}" font-size="{font:.2f}" '
            f'stroke-width="{font / 5:.2f}">{escape(p.name)}</text></g>'
        )
    names = ", ".join(p.name for p in article.places)
    return (
        '<section id="map"><h2>Places on a map</h2>'
        f'<svg class="map" viewBox="{x:.2f} {y:.2f} {w:.2f} {h:.2f}" role="img" aria-labelledby="map-title">'
        f'<title id="map-title">{escape("Map of the places the article names: " + names)}</title>'
        f'<rect class="sea" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}"/>'
        f'<use href="/static/world.svg#land" class="land" stroke-width="{w / 900:.3f}"/>'
        f'{"".join(pins)}</svg>'
        '<p class="note">Outline: Natural Earth 1:110m (public domain). Drawn on this server; no map service.</p>'
        "</section>"
    )
