"""Checkability cues: what in a sentence a fact-checker could check (numbers, dates, named actors) or
what marks it as reported, hedged or evaluative. Used to explain a score and to adjust it for news prose.

Cues come from the spaCy Doc the ``spacy`` analyzer writes (entity labels, ``like_num``, POS tags);
without a Doc a small regex fallback finds numbers and years only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL"})
DATE_LABELS = frozenset({"DATE", "TIME"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})

# Words that soften a statement: the outlet (or source) does not assert it outright.
HEDGES = frozenset(
    "may might could perhaps possibly probably reportedly allegedly apparently seemingly likely unlikely"
    " suggest suggests suggested believed rumoured rumored unconfirmed".split()
)
# Boosters (Hyland's metadiscourse): the writer closes off doubt, a mark of stance rather than report.
BOOSTERS = frozenset(
    "irrefutable undeniable undeniably indisputable indisputably unquestionably undoubtedly doubtless clearly"
    " obviously certainly definitely surely evidently plainly absolutely truly".split()
)
EVALUATIVE = BOOSTERS
PERSONAL = frozenset("i me my mine we us our ours you your yours".split())
OBLIGATION = frozenset("must should ought".split())
#: The style features of :func:`style_vector`, in order (the news adjuster's weights follow this order).
STYLE_FEATURES: tuple[str, ...] = (
    "number", "date", "actors", "hedge", "booster", "superlative", "adjectives", "adverbs", "personal",
    "obligation", "length",
)
_NUMBER_RE = re.compile(r"\b\d[\d,.]*(?:\s*(?:%|percent|km|kilometers?|miles?|people|million|billion))?")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class Cues:
    """What a sentence holds that can be checked, and what marks it as opinion or hedged."""

    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    evaluative: list[str] = field(default_factory=list)

    @property
    def checkable(self) -> bool:
        return bool(self.numbers or self.dates)

    def labels(self, limit: int = 6) -> list[str]:
        """Short strings for the report: ``number: 45 km``, ``date: 2013``, ``actor: Turkey``, ``hedge: may``."""
        out = [f"number: {x}" for x in self.numbers] + [f"date: {x}" for x in self.dates]
        out += [f"actor: {x}" for x in self.actors] + [f"hedge: {x}" for x in self.hedges]
        return out[:limit]


def _add(items: list[str], value: str) -> None:
    value = " ".join(value.split())
    if value and value not in items:
        items.append(value)


class DocEntities:
    """A Doc's entities, read once, for finding those of each sentence without rescanning the Doc
    (``Span.ents`` walks all of the Doc's entities, so per sentence it costs the whole article)."""

    def __init__(self, doc: Any) -> None:
        self.ents = list(doc.ents)
        self.starts = [e.start for e in self.ents]

    def within(self, span: Any) -> list[Any]:
        """What ``span.ents`` gives: the entities from the span's start on, up to the first one that
        ends beyond it."""
        out = []
        for ent in self.ents[bisect_left(self.starts, span.start):]:
            if ent.end > span.end:
                break
            out.append(ent)
        return out


def sentence_cues(span: Any, actors: Iterable[str] | None = None, ents: Sequence[Any] | None = None) -> Cues:
    """Cues of a spaCy Span (a sentence). ``actors`` overrides the entity names (canonical names from
    the ``entities`` analyzer); otherwise spaCy's own entities are used. ``ents``: the span's
    entities if already at hand (:class:`DocEntities`), else ``span.ents``."""
    cues = Cues()
    in_ent = set()
    for ent in (span.ents if ents is None else ents):
        if ent.label_ in NUMBER_LABELS and ent.label_ != "ORDINAL":
            _add(cues.numbers, ent.text)
        elif ent.label_ in DATE_LABELS:
            _add(cues.dates, ent.text)
        elif ent.label_ in ACTOR_LABELS and actors is None:
            _add(cues.actors, ent.text)
        else:
            continue
        in_ent.update(range(ent.start, ent.end))
    for tok in span:
        if tok.i in in_ent:
            continue
        if tok.like_num and tok.pos_ == "NUM" and any(c.isdigit() for c in tok.text):
            unit = tok.head.text if tok.head.i != tok.i and tok.head.pos_ == "NOUN" else ""
            _add(cues.numbers, f"{tok.text} {unit}".strip())
        low = tok.lower_
        if low in HEDGES:
            _add(cues.hedges, low)
        elif low in BOOSTERS or tok.tag_ in ("JJS", "RBS"):
            _add(cues.evaluative, low)
    for name in actors or ():
        _add(cues.actors, name)
    return cues


def text_cues(text: str) -> Cues:
    """Regex-only fallback when no spaCy Doc is at hand: numbers and years."""
    cues = Cues()
    for m in _YEAR_RE.finditer(text):
        _add(cues.dates, m.group())
    years = set(cues.dates)
    for m in _NUMBER_RE.finditer(text):
        if m.group().strip() not in years:
            _add(cues.numbers, m.group().strip(" .,"))
    low = set(re.findall(r"[a-z]+", text.lower()))
    cues.hedges = sorted(low & HEDGES)
    cues.evaluative = sorted(low & EVALUATIVE)
    return cues


def style_vector(span: Any, cues: Cues | None = None) -> list[float]:
    """Numbers in [0, 1] describing how a sentence is written (see ``STYLE_FEATURES``)."""
    cues = cues or sentence_cues(span)
    words = [t for t in span if t.is_alpha]
    n = max(1, len(words))
    lows = {t.lower_ for t in words}
    return [
        float(bool(cues.numbers)),
        float(bool(cues.dates)),
        min(len(cues.actors), 5) / 5,
        float(bool(cues.hedges)),
        float(bool(lows & BOOSTERS)),
        float(any(t.tag_ in ("JJS", "RBS") for t in span)),
        sum(t.pos_ == "ADJ" for t in words) / n,
        sum(t.pos_ == "ADV" for t in words) / n,
        float(bool(lows & PERSONAL)),
        float(bool(lows & OBLIGATION)),
        min(len(words), 60) / 60,
    ]
