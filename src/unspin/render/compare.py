"""A comparison of articles as a terminal report, JSON, or one standalone side-by-side HTML page.

``render_comparison(comparison, "terminal" | "json" | "html")``. In the HTML page each article is a
column with its fact sentences highlighted (green: every article tells it; amber: some; grey: only
this one), conflicting numbers and dates boxed in red and technique spans underlined; each fact
sentence links to the same fact in the other columns and to its row in the facts table. Plain
anchors and CSS only: the core view needs no JavaScript. Every piece of article text is escaped.
"""

from __future__ import annotations

import json
import re
from html import escape
from io import StringIO
from typing import Any

from ..compare import Comparison
from .segments import Mark, runs

TOLD = {"all": "told by every article", "some": "told by some", "one": "told by one alone"}


def render_comparison(comparison: Comparison, format: str = "terminal", *, color: bool = False,
                      width: int = 160) -> str:
    """The comparison as ``terminal`` text (rich; ANSI colours when ``color``), ``json`` or ``html``."""
    if format == "json":
        return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)
    if format == "html":
        return render_html(comparison)
    if format == "terminal":
        return render_terminal(comparison, color=color, width=width)
    raise ValueError(f"unknown format {format!r} (one of terminal, json, html)")


def _label(a: dict[str, Any]) -> str:
    return a.get("outlet") or a["id"]


def _sources_line(sources: list[dict[str, Any]], limit: int = 4) -> str:
    if not sources:
        return "no attributed statements"
    ranked = sorted(sources, key=lambda s: -s["share"])
    parts = [f"{s['name']} ({s['kind']}, {s['share']:.0%})" for s in ranked[:limit]]
    more = len(ranked) - limit
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")


def _rate(a: dict[str, Any]) -> str:
    rate = a.get("techniques_per_1000_words")
    return "n/a (not analyzed)" if rate is None else f"{rate:.1f}"


def _labels_text(labels: list[dict[str, Any]]) -> str:
    return ", ".join(f"{lab['text']}{'*' if lab.get('evaluative') else ''}"
                     f"{' x' + str(lab['count']) if lab.get('count', 1) > 1 else ''}" for lab in labels)


# -- terminal -----------------------------------------------------------------------------------------
def render_terminal(comparison: Comparison, *, color: bool = False, width: int = 160) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    d = comparison.to_dict()
    arts = d["articles"]
    names = {a["id"]: _label(a) for a in arts}
    buf = StringIO()
    con = Console(file=buf, width=width, force_terminal=color, color_system="truecolor" if color else None,
                  highlight=False)
    con.print(Text(f"Comparing {len(arts)} articles", style="bold"))

    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True)
    table.add_column("")
    for a in arts:
        table.add_column(Text(names[a["id"]], style="bold"), overflow="fold")
    table.add_row("headline", *[Text(a["title"] or "") for a in arts])
    table.add_row("date", *[a["published"] or "-" for a in arts])
    table.add_row("words", *[str(a["words"]) for a in arts])
    table.add_row("named / anonymous", *[f"{a['named_share']:.0%} / {a['anonymous_share']:.0%}" for a in arts])
    table.add_row("sources", *[Text(_sources_line(a["sources"])) for a in arts])
    table.add_row("techniques /1000 words", *[_rate(a) for a in arts])
    table.add_row("facts all/some/only", *[f"{a['facts']['all']}/{a['facts']['some']}/{a['facts']['one']}"
                                            for a in arts])
    con.print(table)

    for told in ("all", "some", "one"):
        facts = [f for f in d["facts"] if f["told_by"] == told]
        if not facts:
            continue
        con.print(Text(f"Facts {TOLD[told]} ({len(facts)})", style="bold"))
        for f in facts:
            who = "; ".join(f"{names[a]}: {f['attributed_to'].get(a) or 'unattributed'}" for a in f["articles"])
            con.print(Text(f"  {f['id']}  {f['text']}"))
            con.print(Text(f"        says: {who}", style="dim"))
    if d["conflicts"]:
        con.print(Text(f"Conflicting numbers and dates ({len(d['conflicts'])})", style="bold red"))
        facts_by_id = {f["id"]: f for f in d["facts"]}
        for c in d["conflicts"]:
            vals = "; ".join(f"{names[a]}: {', '.join(v)}" for a, v in c["values"].items())
            con.print(Text(f"  {c['fact']} {c['severity']} ({c['kind']}, {c['unit']}): {vals}"))
            con.print(Text(f"        {facts_by_id[c['fact']]['text'][:140]}", style="dim"))

    rows = [r for r in d["actors"] if len(r["labels"]) > 1 or r["related"] or any(r["labels"].values())][:20]
    if rows:
        actors = Table(title="Actors: what each article calls them (* evaluative label)", box=box.SIMPLE_HEAD,
                       expand=True, title_justify="left")
        actors.add_column("actor", overflow="fold")
        for a in arts:
            actors.add_column(names[a["id"]], overflow="fold")
        actors.add_column("linked because", overflow="fold")
        for r in rows:
            cells = []
            for a in arts:
                if a["id"] not in r["names"]:
                    cells.append("-")
                    continue
                labels = _labels_text(r["labels"].get(a["id"], []))
                cell = ", ".join(r["names"][a["id"]][:3])
                cells.append(cell + (f" | {labels}" if labels else ""))
            why = sorted({link["reason"] for link in r["links"]})
            why += [f"beside {rel['name']}: {rel['reason']}" for rel in r["related"]]
            actors.add_row(f"{r['name']} ({r['kind']})", *cells, "; ".join(why))
        con.print(actors)
        reasons = [(r["name"], link["reason"]) for r in rows for link in r["links"] if link["reason"] != "same name"]
        reasons += [(r["name"], f"shown beside {rel['name']} ({rel['reason']})") for r in rows for rel in r["related"]]
        for name, reason in dict.fromkeys(reasons):
            con.print(Text(f"  {name}: {reason}", style="dim"))
    return buf.getvalue()


# -- HTML ---------------------------------------------------------------------------------------------
CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header,section{padding:.5rem 1.5rem}
h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1rem 0 .4rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:.3rem .45rem;vertical-align:top;text-align:left;font-size:.9rem}
th{background:#f0f0f0}
.cols{display:grid;gap:1rem;padding:0 1.5rem 2rem;grid-template-columns:repeat(var(--n),minmax(0,1fr))}
.col{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;min-width:0}
.col h3{margin:.2rem 0;font-size:1.05rem}.meta{color:#555;font-size:.85rem;margin:.2rem 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.fact{border-radius:3px;text-decoration:none;color:inherit}
.fact.all{background:#c8f0c8}.fact.some{background:#ffe5a8}.fact.one{background:#e6e6e6}
.fact:target{outline:3px solid #1565c0}
.conflict{outline:2px solid #d32f2f;border-radius:2px}
.tech{border-bottom:2px solid #8e24aa}
sup a{font-size:.7rem;color:#1565c0;text-decoration:none;margin-left:2px}
#facts td a{color:inherit;text-decoration:none;border-bottom:1px dotted #888}
.key span{padding:0 .3rem;margin-right:.4rem}
tr:target{background:#e3f2fd}
td.missing{color:#aaa}
.sev-contradicts{color:#b71c1c;font-weight:600}.sev-differs{color:#e65100}
"""


def _slug(i: int) -> str:
    return f"a{i}"


def render_html(comparison: Comparison) -> str:
    d = comparison.to_dict()
    arts = d["articles"]
    col = {a["id"]: _slug(i) for i, a in enumerate(arts)}
    names = {a["id"]: _label(a) for a in arts}
    out = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>unspin compare: {escape(' / '.join(names.values()))}</title>", f"<style>{CSS}</style></head><body>",
        f"<header><h1>unspin compare: {len(arts)} articles</h1>",
        '<p class="key"><span class="fact all">told by every article</span><span class="fact some">told by some'
        '</span><span class="fact one">told by this one alone</span><span class="conflict">number or date stated '
        'differently</span><span class="tech">persuasion technique</span></p></header>',
        _overview(arts, names),
        f'<section><h2>The articles side by side</h2></section><div class="cols" style="--n:{len(arts)}">',
    ]
    for a in arts:
        out.append(_column(comparison, a, d, col, names))
    out += ["</div>", _facts_table(d, arts, col, names), _conflicts_table(d, names), _actors_table(d, arts, names)]
    out.append("<footer style=\"padding:1rem 1.5rem;color:#666\">Made by unspin. Facts are aligned by a "
                "sentence model and numbers by rules: read them as pointers, not verdicts.</footer></body></html>")
    return "\n".join(out)


def _overview(arts: list[dict[str, Any]], names: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(names[a['id']])}</th>" for a in arts)
    rows = [
        ("headline", [escape(a["title"] or "") for a in arts]),
        ("date", [escape(a["published"] or "-") for a in arts]),
        ("words", [str(a["words"]) for a in arts]),
        ("named / anonymous sources", [f"{a['named_share']:.0%} / {a['anonymous_share']:.0%}" for a in arts]),
        ("sources (share of quotes)", ["<br>".join(
            f"{escape(s['name'])} <small>({escape(s['kind'])}, {s['share']:.0%})</small>"
            for s in sorted(a["sources"], key=lambda s: -s["share"])) or "none" for a in arts]),
        ("techniques per 1,000 words", [_rate(a) for a in arts]),
        ("facts: all / some / only here", [f"{a['facts']['all']} / {a['facts']['some']} / {a['facts']['one']}"
                                           for a in arts]),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th>{''.join(f'<td>{v}</td>' for v in vs)}</tr>" for k, vs in rows)
    return f'<section id="overview"><h2>Overview</h2><table><tr><th></th>{head}</tr>{body}</table></section>'


def _facts_table(d: dict[str, Any], arts: list[dict[str, Any]], col: dict[str, str], names: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(names[a['id']])}</th>" for a in arts)
    rows = []
    for f in d["facts"]:
        cells = []
        for a in arts:
            sents = [s for s in f["sentences"] if s["article"] == a["id"]]
            if not sents:
                cells.append('<td class="missing">not told</td>')
                continue
            who = f["attributed_to"].get(a["id"])
            link = f'<a href="#{col[a["id"]]}-{f["id"]}">{escape(sents[0]["text"][:160])}</a>'
            cells.append(f"<td>{link}<br><small>{escape('says ' + who if who else 'unattributed')}</small></td>")
        rows.append(f'<tr id="{f["id"]}"><td><span class="fact {f["told_by"]}">{f["id"]}</span><br>'
                    f'<small>{escape(TOLD[f["told_by"]])}</small></td>{"".join(cells)}</tr>')
    return (f'<section id="facts"><h2>Facts ({len(d["facts"])})</h2><table><tr><th>fact</th>{head}</tr>'
            f'{"".join(rows)}</table></section>')


def _conflicts_table(d: dict[str, Any], names: dict[str, str]) -> str:
    if not d["conflicts"]:
        return '<section id="conflicts"><h2>Conflicting numbers and dates</h2><p>None found.</p></section>'
    rows = []
    for c in d["conflicts"]:
        vals = "<br>".join(f"{escape(names[a])}: {escape(', '.join(v))}" for a, v in c["values"].items())
        rows.append(f'<tr><td><a href="#{c["fact"]}">{c["fact"]}</a></td><td class="sev-{c["severity"]}">'
                    f'{c["severity"]}</td><td>{escape(c["kind"])}: {escape(c["unit"])}</td><td>{vals}</td></tr>')
    return ('<section id="conflicts"><h2>Conflicting numbers and dates</h2><table><tr><th>fact</th><th>severity</th>'
            f'<th>what</th><th>as each article states it</th></tr>{"".join(rows)}</table></section>')


def _actors_table(d: dict[str, Any], arts: list[dict[str, Any]], names: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(names[a['id']])}</th>" for a in arts)
    rows = []
    for r in d["actors"][:40]:
        cells = []
        for a in arts:
            if a["id"] not in r["names"]:
                cells.append('<td class="missing">-</td>')
                continue
            labels = "".join(
                f'<li>{"<b>" if lab.get("evaluative") else ""}{escape(str(lab["text"]))}'
                f'{"</b>" if lab.get("evaluative") else ""}{" x" + str(lab["count"]) if lab.get("count", 1) > 1 else ""}'
                f"</li>" for lab in r["labels"].get(a["id"], []))
            cells.append(f"<td>{escape(', '.join(r['names'][a['id']][:4]))}"
                         f"{'<ul>' + labels + '</ul>' if labels else ''}</td>")
        why = sorted({link["reason"] for link in r["links"]})
        why += [f"shown beside {rel['name']}: {rel['reason']}" for rel in r["related"]]
        rows.append(f"<tr><td>{escape(r['name'])} <small>({escape(r['kind'])})</small></td>{''.join(cells)}"
                    f"<td><small>{'<br>'.join(escape(w) for w in why)}</small></td></tr>")
    return (f'<section id="actors"><h2>Actors and what each article calls them</h2><p><small>Names as each article '
            f'writes them; labels in bold are evaluative.</small></p><table><tr><th>actor</th>{head}'
            f'<th>linked because</th></tr>{"".join(rows)}</table></section>')


def _column(comparison: Comparison, a: dict[str, Any], d: dict[str, Any], col: dict[str, str],
            names: dict[str, str]) -> str:
    article = comparison.texts.get(a["id"])
    aid = col[a["id"]]
    head = (f'<div class="col" id="{aid}"><h3>{escape(names[a["id"]])}</h3>'
            f'<p class="meta">{escape(a["published"] + " · " if a["published"] else "")}{a["words"]} words · '
            f'{_rate(a)} techniques per 1,000 words</p>'
            f'<p class="meta">Sources: {escape(_sources_line(a["sources"], 6))}</p>')
    if article is None:
        return head + "<p>(text not available)</p></div>"
    marks: list[Mark] = []
    facts = {f["id"]: f for f in d["facts"]}
    for f in d["facts"]:
        for s in f["sentences"]:
            if s["article"] == a["id"]:
                marks.append(Mark(s["start"], s["end"], "fact", f["id"]))
    for c in d["conflicts"]:
        for s in c["spans"]:
            if s["article"] == a["id"]:
                marks.append(Mark(s["start"], s["end"], "conflict", c["fact"]))
    for t in article.techniques:
        marks.append(Mark(t.start, t.end, "technique", t.technique))
    text = article.text
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    parts = []
    opened: set[str] = set()
    for run in runs(text, marks):
        fact = next((m for m in run.marks if m.kind == "fact"), None)
        inner = escape(run.text)
        techs = [m.label for m in run.marks if m.kind == "technique"]
        if techs:
            inner = f'<span class="tech" title="{escape(", ".join(techs).replace("_", " "))}">{inner}</span>'
        if any(m.kind == "conflict" for m in run.marks):
            inner = f'<span class="conflict" title="stated differently elsewhere">{inner}</span>'
        if fact is not None:
            f = facts[fact.label]
            anchor = ""
            if fact.label not in opened:
                opened.add(fact.label)
                anchor = f' id="{aid}-{f["id"]}"'
            inner = (f'<a class="fact {f["told_by"]}"{anchor} href="#{f["id"]}" '
                     f'title="{escape(f["id"] + ": " + TOLD[f["told_by"]])}">{inner}</a>')
            if run.end == fact.end:
                others = "".join(f'<a href="#{col[o]}-{f["id"]}" title="{escape(names[o])}">{escape(_short(names[o]))}'
                                 f"</a>" for o in f["articles"] if o != a["id"])
                inner += f"<sup>{escape(f['id'])}{' → ' + others if others else ''}</sup>"
        parts.append(inner)
    return head + f'<div class="text">{"".join(parts)}</div></div>'


def _short(name: str) -> str:
    words = re.findall(r"\w+", name)
    return "".join(w[0] for w in words).upper()[:4] if len(words) > 1 else name[:6]
