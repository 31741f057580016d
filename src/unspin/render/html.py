"""One standalone HTML page: the article with quotes and techniques highlighted, and the tables.

Every piece of article text (and every value derived from it) goes through :func:`html.escape`.
The page has no external assets, so it can be mailed, archived or opened offline.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files

from ..article import Article, Claim
from .common import (
    EVIDENCE_NOTE, TECHNIQUE_COLORS, claim_cues, definitions, entity_groups, reference_caption, reference_rows,
    sourcing_line, split_claims, technique_percentile, techniques_mode_note,
)
from .segments import article_marks, runs


def render_html(article: Article) -> str:
    """The whole page as a string."""
    css = files("unspin.render").joinpath("page.css").read_text(encoding="utf-8")
    title = article.title or (article.source or "Article")
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>unspin: {escape(title)}</title>",
        f"<style>{css}</style></head><body>",
        '<header><h1>unspin</h1>',
        f'<p class="src">{escape(article.source or "")}</p>',
        f'<p class="summary" id="sourcing">{escape(sourcing_line(article))}</p>',
        '<p class="key"><span class="speaker">speaker</span> <span class="cue">cue</span> '
        '<span class="quote">quoted or reported statement</span> '
        '<span class="claim">check-worthy claim that stands out</span> <span class="tech t8">technique</span> '
        '<span class="boilerplate">site boilerplate</span></p></header>',
        '<main><article id="text">',
        _body(article),
        "</article><aside>",
        _legend(article),
        _reference(article),
        _sources(article),
        _claims(article),
        _quotes(article),
        _entities(article),
        _places(article),
        "</aside></main>",
        '<footer>Made by unspin. Highlights are model and rule output: read them as pointers, not verdicts. ' + escape(EVIDENCE_NOTE) + '</footer>',
        "</body></html>",
    ]
    return "\n".join(parts)


def _body(article: Article) -> str:
    out = []
    for run in runs(article.text, article_marks(article)):
        kinds = {m.kind for m in run.marks}
        classes, tips = [], []
        techniques = [m for m in run.marks if m.kind == "technique"]
        for m in techniques:
            classes.append(f"t{TECHNIQUE_COLORS.get(m.label, 0)}")
            tips.append(m.label.replace("_", " "))
        if techniques:
            classes.append("tech")
        for kind in ("quote", "cue", "speaker", "claim", "boilerplate", "heading", "title"):
            if kind in kinds:
                classes.append(kind)
        qs = [m for m in run.marks if m.kind == "quote"]
        if qs:
            q = article.quotes[qs[0].index]
            tips.append(f"{q.kind} quote, speaker: {q.speaker.name or q.speaker.kind}")
        text = escape(run.text).replace("\n", "<br>\n")
        if classes:
            tip = f' title="{escape("; ".join(tips))}"' if tips else ""
            ids = "".join(f' data-{m.kind}="{m.index}"' for m in run.marks if m.kind in ("quote", "technique"))
            out.append(f'<span class="{" ".join(classes)}"{tip}{ids}>{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _legend(article: Article) -> str:
    if not article.techniques:
        return '<section><h2>Persuasion techniques</h2><p>None found.</p></section>'
    counts: dict[str, int] = {}
    for t in article.techniques:
        counts[t.technique] = counts.get(t.technique, 0) + 1
    defs = definitions()
    rows = "".join(
        f'<li><span class="swatch t{TECHNIQUE_COLORS.get(name, 0)}"></span>'
        f"<b>{escape(name.replace('_', ' '))}</b> ×{n} <small>({escape(technique_percentile(article, name))})</small>"
        f"<br><small>{escape(defs.get(name, ''))}</small></li>"
        for name, n in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    items = "".join(
        f"<li><q>{escape(t.text or article.text[t.start:t.end])}</q> "
        f"<small>{escape(t.technique.replace('_', ' '))} {t.score:.2f}. {escape(t.explanation)}</small></li>"
        for t in sorted(article.techniques, key=lambda t: -t.score)[:40]
    )
    return (
        f'<section id="techniques"><h2>Persuasion techniques{escape(techniques_mode_note(article))}</h2>'
        f'<p class="note">{escape(EVIDENCE_NOTE)}</p><ul class="legend">{rows}</ul>'
        f"<details><summary>Spans, strongest first</summary><ol>{items}</ol></details></section>"
    )


def _table(section: str, title: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    """A titled section holding one table; every cell is escaped here, once."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<section id="{section}"><h2>{escape(title)}</h2><table><tr>{head}</tr>{body}</table></section>'


def _sources(article: Article) -> str:
    rows = [(s.name, s.kind, s.quotes, f"{s.share:.0%}", s.description or "") for s in article.sources]
    return _table("sources", "Sources", ("source", "kind", "quotes", "share", "described as"), rows)


def _quotes(article: Article) -> str:
    items = "".join(
        f'<li><b>{escape(q.speaker.name or q.speaker.text or q.speaker.kind)}</b> '
        f'<small>({escape(q.kind)}{", " + escape(q.cue.text) if q.cue else ""})</small>: '
        f"{escape(q.text)}</li>"
        for q in article.quotes
    )
    return f'<section id="quotes"><h2>Quotes ({len(article.quotes)})</h2><ol>{items}</ol></section>'


def _reference(article: Article) -> str:
    rows = reference_rows(article)
    if not rows:
        return ""
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return ('<section id="reference"><h2>Against mainstream news</h2><table><tr><th>rate</th><th>this article</th>'
            f'<th>among mainstream news</th></tr>{body}</table><p class="note">{escape(reference_caption(article))}</p></section>')


def _claim_item(article: Article, c: Claim) -> str:
    who = "asserted by the outlet"
    if c.attributed_to is not None and c.attributed_to < len(article.quotes):
        who = f"attributed to {article.quotes[c.attributed_to].speaker.name or 'an unnamed source'}"
    return (f"<li><span class='score'>{c.score:.2f}</span> {escape(c.text)}<br>"
            f"<small>{escape(claim_cues(c))} — {escape(who)}</small></li>")


def _claims(article: Article) -> str:
    standout, rest = split_claims(article)
    if not standout and not rest:
        return '<section id="claims"><h2>Check-worthy claims</h2><p>None above the threshold.</p></section>'
    top = "".join(_claim_item(article, c) for c in standout) or "<li>None stands out.</li>"
    ranked = "".join(_claim_item(article, c) for c in standout + rest)
    return (
        '<section id="claims"><h2>Check-worthy claims</h2>'
        f'<p class="note">{len(standout)} stand out against mainstream news (in the top 10% of its sentences); '
        f"{len(standout) + len(rest)} of {len(article.claims)} sentences are marked check-worthy.</p>"
        f'<ol class="standout">{top}</ol>'
        f'<details><summary>Full ranking ({len(standout) + len(rest)})</summary><ol>{ranked}</ol></details></section>'
    )


def _entities(article: Article) -> str:
    groups = entity_groups(article)
    body = "".join(
        f"<h3>{escape(label)}</h3><p>"
        + ", ".join(f"{escape(name)} <small>×{n}</small>" for name, n in names)
        + "</p>"
        for label, names in groups.items()
    )
    return f'<section id="entities"><h2>Who and what</h2>{body or "<p>None found.</p>"}</section>'


def _places(article: Article) -> str:
    rows = [(p.name, p.country_code, f"{p.latitude:.4f}, {p.longitude:.4f}", len(p.mentions)) for p in article.places]
    return _table("places", "Places", ("place", "country", "lat, lon", "mentions"), rows)
