"""One standalone HTML page: the article with quotes and techniques highlighted, and the tables.

Every piece of article text (and every value derived from it) goes through :func:`html.escape`.
The page has no external assets, so it can be mailed, archived or opened offline.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files

from ..article import Article, Claim
from .common import (
    EVIDENCE_NOTE, TECHNIQUE_COLORS, actor_rows, claim_cues, definitions, entity_groups,
    reference_caption, reference_rows, source_slot, sourcing_line, speaker_slots, split_claims, technique_percentile,
    techniques_mode_note,
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
        header(article),
        '<main><article id="text">',
        article_body(article),
        "</article><aside>",
        *sections(article),
        "</aside></main>",
        f"<footer>{FOOTER}</footer>",
        "</body></html>",
    ]
    return "\n".join(parts)


FOOTER = ("Made by unspin. Highlights are model and rule output: read them as pointers, not verdicts. "
          + escape(EVIDENCE_NOTE))
KEY = (
    '<p class="key"><span class="speaker s0">speaker</span> <span class="cue">cue</span> '
    '<span class="quote s0">quoted or reported statement</span> '
    '<span class="claim">check-worthy claim that stands out</span> <span class="tech t8">technique</span> '
    '<span class="boilerplate">site boilerplate</span></p>'
)


def header(article: Article) -> str:
    """The page header: where the article came from, the sourcing line and the highlight key."""
    return (
        '<header><h1>unspin</h1>'
        f'<p class="src">{escape(article.source or "")}</p>'
        f'<p class="summary" id="sourcing">{escape(sourcing_line(article))}</p>'
        f"{KEY}</header>"
    )


def sections(article: Article) -> list[str]:
    """The report's sections beside the article, in order; the web page shows the same list."""
    return [
        _legend(article),
        _reference(article),
        _sources(article),
        _claims(article),
        _quotes(article),
        _actors(article),
        _entities(article),
        _places(article),
    ]


def _tip(article: Article, techniques: list[int], quote: int | None, defs: dict[str, str]) -> str:
    """What a technique highlight explains on hover and on keyboard focus: each technique's name,
    score and definition, why this span was flagged, and whose statement it sits in."""
    parts = []
    for i in techniques:
        t = article.techniques[i]
        definition = defs.get(t.technique, "")
        why = t.explanation.replace(definition, "").strip() if definition else t.explanation
        parts.append(
            f"<b>{escape(t.technique.replace('_', ' '))}</b> <small>score {t.score:.2f}</small><br>"
            f"{escape(definition)}" + (f"<br><i>Why flagged:</i> {escape(why)}" if why else "")
        )
    if quote is not None:
        q = article.quotes[quote]
        parts.append(f"<small>In a {escape(q.kind)} quote of {escape(q.speaker.name or q.speaker.text or q.speaker.kind)}</small>")
    return "<br>".join(parts)


def article_body(article: Article) -> str:
    """The article text as HTML, each run of text carrying the highlights that cover it.

    Quotes and speakers are coloured by source (one colour per speaker); a technique span is
    focusable where it starts and explains itself on hover and focus (CSS only, no script); the
    ranked check-worthy sentences get a numbered badge linking to their entry in the claims list.
    """
    slots = speaker_slots(article)
    defs = definitions()
    rank = {article.claims.index(c): k for k, c in enumerate(split_claims(article)[0], 1)}
    out = []
    for run in runs(article.text, article_marks(article)):
        kinds = {m.kind for m in run.marks}
        classes: list[str] = []
        techniques = [m for m in run.marks if m.kind == "technique"]
        for m in techniques:
            classes.append(f"t{TECHNIQUE_COLORS.get(m.label, 0)}")
        if techniques:
            classes.append("tech")
        for kind in ("quote", "cue", "speaker", "claim", "boilerplate", "heading", "title"):
            if kind in kinds:
                classes.append(kind)
        qs = [m for m in run.marks if m.kind in ("quote", "speaker")]
        if qs:
            slot = slots[qs[0].index] if qs[0].index < len(slots) else -1
            classes.append(f"s{slot}" if slot >= 0 else "sx")
        quote = next((m.index for m in run.marks if m.kind == "quote"), None)
        badge = ""
        for m in run.marks:
            if m.kind == "claim" and m.start == run.start and m.index in rank:
                k = rank[m.index]
                badge = (f'<a class="claim-badge" href="#claim-{k}" '
                         f'aria-label="C{k}: check-worthy claim {k}, score {escape(m.label)}">C{k}</a>')
        text = escape(run.text).replace("\n", "<br>\n")
        if not classes:
            out.append(badge + text)
            continue
        attrs = ""
        starting = [m.index for m in techniques if m.start == run.start]
        if starting:
            tip_id = f"tip-{starting[0]}"
            tip = _tip(article, [m.index for m in techniques], quote, defs)
            attrs = f' tabindex="0" aria-describedby="{tip_id}"'
            text += f'<span class="tip" role="tooltip" id="{tip_id}">{tip}</span>'
        else:
            tips = [m.label.replace("_", " ") for m in techniques]
            if quote is not None:
                q = article.quotes[quote]
                tips.append(f"{q.kind} quote, speaker: {q.speaker.name or q.speaker.kind}")
            if tips:
                attrs = f' title="{escape("; ".join(tips))}"'
        attrs += "".join(f' data-{m.kind}="{m.index}"' for m in run.marks if m.kind in ("quote", "technique"))
        out.append(f'{badge}<span class="{" ".join(classes)}"{attrs}>{text}</span>')
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


def _table(section: str, title: str, headers: tuple[str, ...], rows: list[tuple[object, ...]],
           lead: list[str] | None = None) -> str:
    """A titled section holding one table; every cell is escaped here, once. ``lead`` is trusted markup
    (made by the renderer, never from the article) put before each row's first cell."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{(lead[r] if lead and c == 0 else '')}{escape(str(cell))}</td>"
                         for c, cell in enumerate(row)) + "</tr>"
        for r, row in enumerate(rows)
    )
    return (f'<section id="{section}"><h2>{escape(title)}</h2><div class="scroll" tabindex="0" role="region" aria-label="{escape(title)}"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></section>")


def _sources(article: Article) -> str:
    rows = [(s.name, s.kind, s.quotes, f"{s.share:.0%}", s.description or "") for s in article.sources]
    lead = [f'<span class="swatch s{slot}" aria-hidden="true"></span>' if slot >= 0 else
            '<span class="swatch sx" aria-hidden="true"></span>'
            for slot in (source_slot(article, i) for i in range(len(article.sources)))]
    return _table("sources", "Sources", ("source", "kind", "quotes", "share", "described as"), rows, lead)


def _actors(article: Article) -> str:
    rows = [(name, kind, names, labels, n or "") for name, kind, names, labels, n in actor_rows(article)]
    return _table("actors", "Who is who and what they are called",
                  ("actor", "kind", "also called", "labels the article gives them", "quotes"), rows)


def _quotes(article: Article) -> str:
    items = "".join(
        f'<li><b>{escape(q.speaker.name or q.speaker.text or q.speaker.kind)}</b> '
        f'<small>({escape(q.kind)}{", " + escape(q.cue.text) if q.cue else ""})</small>: '
        f"{escape(q.text)}</li>"
        for q in article.quotes
    )
    return f'<section id="quotes"><h2>Quotes ({len(article.quotes)})</h2><ol>{items}</ol></section>'


def _reference(article: Article) -> str:
    """The article's rates with their percentiles among mainstream news (docs/reference.md)."""
    rows = reference_rows(article)
    if not rows:
        return ""
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return ('<section id="reference"><h2>Against mainstream news</h2><div class="scroll" tabindex="0" role="region" aria-label="Against mainstream news"><table><thead><tr>'
            '<th scope="col">rate</th><th scope="col">this article</th><th scope="col">among mainstream news</th>'
            f'</tr></thead><tbody>{body}</tbody></table></div><p class="note">{escape(reference_caption(article))}</p>'
            "</section>")


def _claim_item(article: Article, c: Claim, anchor: str = "") -> str:
    who = "asserted by the outlet"
    if c.attributed_to is not None and c.attributed_to < len(article.quotes):
        who = f"attributed to {article.quotes[c.attributed_to].speaker.name or 'an unnamed source'}"
    return (f"<li{anchor}><span class='score'>{c.score:.2f}</span> {escape(c.text)}<br>"
            f"<small>{escape(claim_cues(c))} — {escape(who)}</small></li>")


def _claims(article: Article) -> str:
    """The claims that stand out against mainstream news (the body's badges link here), then the full
    ranking one click away."""
    standout, rest = split_claims(article)
    if not standout and not rest:
        return '<section id="claims"><h2>Check-worthy claims</h2><p>None above the threshold.</p></section>'
    top = "".join(_claim_item(article, c, f" id='claim-{k}'") for k, c in enumerate(standout, 1))
    ranked = "".join(_claim_item(article, c) for c in standout + rest)
    return (
        '<section id="claims"><h2>Check-worthy claims</h2>'
        f'<p class="note">{len(standout)} stand out against mainstream news (in the top 10% of its sentences); '
        f"{len(standout) + len(rest)} of {len(article.claims)} sentences are marked check-worthy.</p>"
        f'<ol class="standout">{top or "<li>None stands out.</li>"}</ol>'
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
