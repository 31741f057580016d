"""Cut an article into runs of text that share the same set of highlights (quotes, techniques...).

Highlights overlap and nest freely; a renderer walks the runs in order and styles each one by the
highlights that cover it, so no markup ever has to nest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Article


@dataclass(frozen=True)
class Mark:
    """A highlight over ``[start, end)``: ``kind`` is "quote", "speaker", "cue", "technique", "claim"..."""

    start: int
    end: int
    kind: str
    label: str = ""
    index: int = -1  # position in the article's list of that kind


@dataclass
class Run:
    start: int
    end: int
    text: str
    marks: list[Mark] = field(default_factory=list)


def article_marks(article: Article, *, claims: bool = True) -> list[Mark]:
    """Every highlight the reports show for ``article``."""
    marks: list[Mark] = []
    for i, q in enumerate(article.quotes):
        marks.append(Mark(q.start, q.end, "quote", q.kind, i))
        if q.cue is not None:
            marks.append(Mark(q.cue.start, q.cue.end, "cue", q.cue.text, i))
        if q.speaker.start is not None and q.speaker.end is not None:
            marks.append(Mark(q.speaker.start, q.speaker.end, "speaker", q.speaker.name or "", i))
    for i, t in enumerate(article.techniques):
        marks.append(Mark(t.start, t.end, "technique", t.technique, i))
    if claims:  # only the check-worthy claims that stand out against mainstream news
        cut = _standout_cut()
        for i, c in enumerate(article.claims):
            if c.checkworthy and c.score > cut:
                marks.append(Mark(c.start, c.end, "claim", f"{c.score:.2f}", i))
    for r in article.regions:
        marks.append(Mark(r.start, r.end, r.kind))
    return [m for m in marks if 0 <= m.start < m.end <= len(article.text)]


def runs(text: str, marks: list[Mark]) -> list[Run]:
    """Split ``text`` at every mark boundary; each run lists the marks covering it."""
    cuts = {0, len(text)}
    for m in marks:
        cuts.update((m.start, m.end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        covering = [m for m in marks if m.start <= a and b <= m.end]
        out.append(Run(a, b, text[a:b], covering))
    return out


def _standout_cut() -> float:
    """The reference's standout score for claims (every check-worthy claim counts without a reference)."""
    from ..reference import standout_claim_score

    try:
        return standout_claim_score()
    except (KeyError, OSError, ValueError):
        return float("-inf")
