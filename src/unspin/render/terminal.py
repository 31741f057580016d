"""The terminal report: everything that matters about an article on one screen or two (rich)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..article import Article
from .common import (
    EVIDENCE_NOTE, TECHNIQUE_COLORS, actor_rows, claim_cues, definitions, entity_groups, reference_caption,
    reference_rows, sourcing_line, split_claims, technique_percentile, techniques_mode_note,
)
from .segments import article_marks, runs

_PALETTE = ("orange3", "red", "magenta", "purple", "blue", "cyan", "yellow", "green", "deep_pink3",
            "red3", "spring_green3", "orchid", "medium_purple", "chartreuse3")


def _short(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report(article: Article, *, show_text: bool = False) -> Group:
    """All report sections as one rich renderable."""
    parts: list = [Panel(Text(sourcing_line(article), style="bold"), title=escape(article.title or article.source or "Article"), title_align="left")]
    if article.sources:
        t = Table(title="Sources", title_justify="left", expand=True)
        for col in ("source", "kind", "quotes", "share", "described as"):
            t.add_column(col, overflow="fold")
        for s in article.sources:
            t.add_row(escape(s.name), s.kind, str(s.quotes), f"{s.share:.0%}", escape(s.description or ""))
        parts.append(t)
    if article.quotes:
        t = Table(title=f"Quotes ({len(article.quotes)})", title_justify="left", expand=True)
        t.add_column("speaker", ratio=2, overflow="fold")
        t.add_column("cue", ratio=2, overflow="fold")
        t.add_column("statement", ratio=7, overflow="fold")
        marks = {"direct": "“”", "indirect": "≈", "mixed": "“≈"}
        for q in article.quotes:
            speaker = Text(q.speaker.name or q.speaker.text or q.speaker.kind, style="bold" if q.speaker.kind == "named" else "italic")
            cue = Text(f"{marks.get(q.kind, '')} ", style="dim") + Text(q.cue.text if q.cue else "")
            t.add_row(speaker, cue, _short(q.text, 110))
        t.caption = "“” direct   ≈ indirect   “≈ mixed"
        parts.append(t)
    parts.append(_techniques(article))
    parts.append(_reference(article))
    claims = _claims(article)
    if claims is not None:
        parts.append(claims)
    actors = actor_rows(article)
    if actors:
        t = Table(title="Who is who and what they are called", title_justify="left", expand=True)
        t.add_column("actor", ratio=2, overflow="fold")
        t.add_column("also called", ratio=3, overflow="fold")
        t.add_column("labels the article gives them", ratio=4, overflow="fold")
        t.add_column("quotes", width=6)
        for name, kind, names, labels, n in actors:
            t.add_row(Text(name, style="bold") + Text(f" {kind}", style="dim"), Text(names), Text(labels), str(n or ""))
        t.caption = "evaluative: scored from annotated corpora (docs/actors.md); repeated: used 3 times or more"
        parts.append(t)
    groups = entity_groups(article)
    if groups:
        t = Table(title="Who and what", title_justify="left", expand=True, show_header=False)
        t.add_column("group", ratio=1)
        t.add_column("names", ratio=6, overflow="fold")
        for label, names in groups.items():
            t.add_row(label, escape(", ".join(f"{n} ×{c}" if c > 1 else n for n, c in names)))
        parts.append(t)
    if article.places:
        t = Table(title="Places", title_justify="left", expand=True)
        for col in ("place", "country", "lat", "lon", "mentions"):
            t.add_column(col)
        for p in article.places:
            t.add_row(escape(p.name), p.country_code, f"{p.latitude:.3f}", f"{p.longitude:.3f}", str(len(p.mentions)))
        parts.append(t)
    if show_text:
        parts.append(Panel(highlighted_text(article), title="Article"))
    return Group(*parts)


def _reference(article: Article) -> Table | Text:
    """The article's rates with their percentiles among mainstream news."""
    rows = reference_rows(article)
    if not rows:
        return Text("")
    t = Table(title="Against mainstream news", title_justify="left", expand=True, caption=reference_caption(article))
    for col, ratio in (("rate", 4), ("this article", 1), ("among mainstream news", 2)):
        t.add_column(col, ratio=ratio)
    for row in rows:
        t.add_row(*row)
    return t


def _claims(article: Article, top: int = 8) -> Table | None:
    """Check-worthy claims: those that stand out against mainstream news, then a count of the rest."""
    standout, rest = split_claims(article)
    if not standout and not rest:
        return None
    shown = standout[:top]
    t = Table(title="Check-worthy claims that stand out (top 10% of mainstream news sentences)", title_justify="left",
              expand=True)
    t.add_column("score", ratio=1)
    t.add_column("sentence", ratio=7, overflow="fold")
    t.add_column("checkable because / attributed", ratio=3, overflow="fold")
    for c in shown:
        who = "outlet"
        if c.attributed_to is not None and c.attributed_to < len(article.quotes):
            who = article.quotes[c.attributed_to].speaker.name or "unnamed source"
        t.add_row(f"{c.score:.2f}", escape(_short(c.text, 200)), escape(claim_cues(c) + f" — {who}"))
    more = len(standout) - len(shown) + len(rest)
    t.caption = (f"{len(standout)} stand out; {len(standout) + len(rest)} of {len(article.claims)} sentences are "
                 f"marked check-worthy. " + (f"{more} more not shown: the full ranking is in --format html or json."
                                               if more else ""))
    return t


def _techniques(article: Article) -> Table | Text:
    if not article.techniques:
        return Text("Persuasion techniques: none found.", style="dim")
    counts = Counter(t.technique for t in article.techniques)
    defs = definitions()
    t = Table(title=f"Persuasion techniques{techniques_mode_note(article)}", title_justify="left", expand=True,
              caption=EVIDENCE_NOTE)
    t.add_column("technique", ratio=2)
    t.add_column("n", ratio=1)
    t.add_column("vs news", ratio=1)
    t.add_column("examples", ratio=7, overflow="fold")
    for name, n in counts.most_common():
        spans = sorted((s for s in article.techniques if s.technique == name), key=lambda s: -s.score)
        seen: list[str] = []
        for s in spans:
            frag = _short(s.text or article.text[s.start:s.end], 60)
            if frag.lower() not in (x.lower() for x in seen):
                seen.append(frag)
            if len(seen) == 4:
                break
        style = _PALETTE[TECHNIQUE_COLORS.get(name, 0)]
        label = Text(name.replace("_", " "), style=f"bold {style}")
        example = "; ".join(f"“{x}”" for x in seen)
        t.add_row(label, str(n), technique_percentile(article, name), Text(example + "\n") + Text(defs.get(name, ""), style="dim"))
    return t


def highlighted_text(article: Article) -> Text:
    """The article with quotes underlined, speakers bold and techniques coloured."""
    out = Text()
    for run in runs(article.text, article_marks(article, claims=False)):
        styles = []
        kinds = {m.kind for m in run.marks}
        techs = [m for m in run.marks if m.kind == "technique"]
        if techs:
            styles.append(f"reverse {_PALETTE[TECHNIQUE_COLORS.get(techs[0].label, 0)]}")
        if "quote" in kinds:
            styles.append("underline")
        if "speaker" in kinds:
            styles.append("bold blue")
        if "boilerplate" in kinds:
            styles.append("dim strike")
        if "title" in kinds or "heading" in kinds:
            styles.append("bold")
        out.append(run.text, style=" ".join(styles) or None)
    return out


def print_report(article: Article, *, show_text: bool = False, console: Console | None = None) -> None:
    (console or Console()).print(report(article, show_text=show_text))
