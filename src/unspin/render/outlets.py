"""Outlet profiles as a terminal report, JSON, or one standalone HTML page with inline SVG charts.

``render_outlets(profiles, format)`` takes :func:`unspin.profiles.outlet_profiles`'s output. The HTML
page loads nothing (no CDN, no script, no font): its charts are inline SVG, and every value that came
from a store (outlet names, sources, places, labels) is escaped.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from io import StringIO
from typing import Any

from ..reference import ordinal
from .common import EVIDENCE_NOTE, reference_caption

FORMATS = ("terminal", "json", "html")
#: The rates compared across outlets: key in a profile, label, value format.
RATES = (
    ("techniques_per_1k", "techniques per 1,000 words", "{:.1f}"),
    ("anonymous_quote_share", "quotes from anonymous sources", "{:.0%}"),
    ("named_sources_per_article", "distinct named sources per article", "{:.1f}"),
    ("checkworthy_per_1k", "check-worthy sentences per 1,000 words", "{:.1f}"),
)
NOTE = ("Rates are pooled over each outlet's articles; a percentile says where the outlet's median article "
        "sits among mainstream news articles. " + EVIDENCE_NOTE)


def render_outlets(profiles: list[dict[str, Any]], format: str = "terminal", *, width: int = 120,
                   color: bool = False) -> str:
    """The profiles as ``terminal`` text, ``json`` (``{"outlets": [...]}``) or a standalone ``html`` page."""
    if format == "json":
        return json.dumps({"outlets": profiles}, ensure_ascii=False, indent=2)
    if format == "html":
        return _html(profiles)
    if format == "terminal":
        return _terminal(profiles, width=width, color=color)
    raise ValueError(f"unknown format {format!r} (one of {', '.join(FORMATS)})")


def _fmt(rate: dict[str, Any] | None, pattern: str) -> str:
    if not rate or rate.get("value") is None:
        return "–"
    text = pattern.format(rate["value"])
    if rate.get("percentile") is not None:
        text += f" ({ordinal(rate['percentile'])} pct)"
    return text


def _label(name: str) -> str:
    return name.replace("_", " ")


# -- terminal ------------------------------------------------------------------------------------
def _terminal(profiles: list[dict[str, Any]], *, width: int, color: bool) -> str:
    from rich.console import Console
    from rich.markup import escape as rescape
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="truecolor" if color else None,
                      highlight=False)
    if not profiles:
        console.print("No articles in this store.")
        return buffer.getvalue()
    t = Table(title="Outlets", title_justify="left", expand=True, caption=NOTE + " " + reference_caption())
    t.add_column("outlet", overflow="fold")
    t.add_column("articles")
    t.add_column("words")
    for _, label, _ in RATES:
        t.add_column(label, overflow="fold")
    for p in profiles:
        t.add_row(rescape(p["outlet"]), f"{p['articles']:,}", f"{p['words']:,}",
                  *(_fmt(p[key], pattern) for key, _, pattern in RATES))
    console.print(t)
    for p in profiles:
        d = Table(title=f"{rescape(p['outlet'])}: {p['articles']:,} articles, {p['words']:,} words"
                        + (f", {p['first_published']} to {p['last_published']}" if p["first_published"] else ""),
                  title_justify="left", expand=True, show_header=False)
        d.add_column("what", ratio=1)
        d.add_column("most", ratio=5, overflow="fold")
        techniques = ", ".join(f"{_label(r['technique'])} {r['per_1k']:.1f}"
                               + (f" ({ordinal(r['percentile'])} pct)" if r["percentile"] is not None else "")
                               for r in p["techniques"][:6])
        d.add_row("techniques /1k words", rescape(techniques or "none found"))
        d.add_row("most quoted", rescape(", ".join(f"{s['name']} ×{s['quotes']}" for s in p["top_sources"]) or "–"))
        d.add_row("places", rescape(", ".join(f"{s['name']} ×{s['mentions']}" for s in p["top_places"]) or "–"))
        if p.get("top_labels") is not None:
            d.add_row("labels", rescape(", ".join(
                f"{s['text']} ×{s['count']}" + (" (evaluative)" if s["evaluative"] else "") for s in p["top_labels"]) or "–"))
        console.print(d)
    return buffer.getvalue()


# -- HTML ----------------------------------------------------------------------------------------
def _bars(rows: list[tuple[str, float, str]], *, unit_max: float | None = None, bar_w: int = 360) -> str:
    """A horizontal bar chart as inline SVG: (label, value, text shown after the bar) per row."""
    if not rows:
        return "<p>None.</p>"
    top = unit_max or max((v for _, v, _ in rows), default=0) or 1.0
    label_w, row_h, text_w = 200, 22, 170
    height = row_h * len(rows) + 4
    parts = [f'<svg class="chart" role="img" width="{label_w + bar_w + text_w}" height="{height}" '
             f'viewBox="0 0 {label_w + bar_w + text_w} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value, text) in enumerate(rows):
        y = i * row_h + 2
        w = max(0.0, min(1.0, value / top)) * bar_w
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" class="bar"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html(profiles: list[dict[str, Any]]) -> str:
    css = files("unspin.render").joinpath("page.css").read_text(encoding="utf-8")
    css += ".chart text{font:12px sans-serif;fill:#222}.chart .bar{fill:#c77c00}.outlet{margin:1.5em 0}"
    head = "".join(f"<th>{escape(label)}</th>" for _, label, _ in RATES)
    rows = "".join(
        f"<tr><td>{escape(p['outlet'])}</td><td>{p['articles']:,}</td><td>{p['words']:,}</td>"
        + "".join(f"<td>{escape(_fmt(p[key], pattern))}</td>" for key, _, pattern in RATES) + "</tr>"
        for p in profiles)
    charts = []
    for key, label, pattern in RATES:
        data = [(p["outlet"], p[key]["value"], _fmt(p[key], pattern)) for p in profiles if p[key]["value"] is not None]
        charts.append(f"<h3>{escape(label)}</h3>{_bars(data, unit_max=1.0 if 'share' in key else None)}")
    sections = []
    for p in profiles:
        tech = [(_label(r["technique"]), r["per_1k"] or 0.0,
                 f"{r['per_1k']:.2f}" + (f" ({ordinal(r['percentile'])} pct)" if r["percentile"] is not None else ""))
                for r in p["techniques"]]
        lists = [("Most quoted sources", [f"{s['name']} ×{s['quotes']} in {s['articles']} articles" for s in p["top_sources"]]),
                 ("Most mentioned places", [f"{s['name']} ({s['country_code']}) ×{s['mentions']}" for s in p["top_places"]])]
        if p.get("top_labels") is not None:
            lists.append(("Labels used most", [f"{s['text']} ×{s['count']}" + (" (evaluative)" if s["evaluative"] else "")
                                               for s in p["top_labels"]]))
        body = "".join(f"<h4>{escape(title)}</h4><ol>{''.join(f'<li>{escape(x)}</li>' for x in items) or '<li>none</li>'}</ol>"
                       for title, items in lists)
        span = f", {escape(str(p['first_published']))} to {escape(str(p['last_published']))}" if p["first_published"] else ""
        sections.append(f'<section class="outlet"><h2>{escape(p["outlet"])}</h2>'
                        f"<p>{p['articles']:,} articles, {p['words']:,} words{span}; {p['quotes']:,} quotes, "
                        f"{p['technique_spans']:,} technique spans.</p>"
                        f"<h4>Techniques per 1,000 words</h4>{_bars(tech)}{body}</section>")
    return "\n".join([
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>unspin: outlet profiles</title>", f"<style>{css}</style></head><body>",
        "<header><h1>unspin: outlet profiles</h1>",
        f'<p class="note">{escape(NOTE)} {escape(reference_caption())}</p></header><main style="display:block">',
        f'<section id="summary"><table><tr><th>outlet</th><th>articles</th><th>words</th>{head}</tr>{rows}</table></section>',
        f'<section id="charts"><h2>Compared</h2>{"".join(charts)}</section>',
        *sections,
        "</main><footer>Made by unspin.</footer></body></html>",
    ])


__all__ = ["FORMATS", "render_outlets"]
