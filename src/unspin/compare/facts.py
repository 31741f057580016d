"""Facts across articles: check-worthy statements aligned by meaning, and where their numbers disagree.

Each article's check-worthy sentences (the claims analyzer's; every prose sentence when it did not
run) are embedded with the shipped MiniLM encoder. Two sentences of different articles tell the same
fact when each is the other's closest sentence in that article and their cosine similarity reaches
:data:`THRESHOLD` (mutual best matches, so one sentence cannot swallow a whole article); facts are the
connected groups. A fact is told by ``all`` articles, by ``some`` or by ``one``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from ..article import Article
from .quantities import Quantity, quantities

#: Cosine similarity two sentences need to count as one fact (docs/compare.md shows how it was chosen).
THRESHOLD = 0.6
#: Facts grow by complete linkage: every pair of sentences of a fact, not only the linked ones, must
#: reach ``threshold - CHAIN_MARGIN``, so A~B and B~C cannot make a fact of unrelated A and C.
CHAIN_MARGIN = 0.15


@dataclass
class Sentence:
    article: str
    start: int
    end: int
    text: str
    score: float
    attributed_to: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text,
                "attributed_to": self.attributed_to}


@dataclass
class Fact:
    id: str
    text: str
    told_by: str  # all, some, one
    articles: list[str]
    sentences: list[Sentence]
    similarity: float | None = None  # the lowest similarity of the links that made the fact

    @property
    def attributed_to(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for s in self.sentences:
            if out.get(s.article) is None:
                out[s.article] = s.attributed_to
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "told_by": self.told_by, "articles": self.articles,
                "attributed_to": self.attributed_to, "similarity": self.similarity,
                "sentences": [s.to_dict() for s in self.sentences]}


@dataclass
class Conflict:
    """Two or more articles state a number or date of one fact differently.

    ``severity``: ``contradicts`` when the values cannot both be true (12 against at least 15;
    Monday against Tuesday), ``differs`` when they can but are told differently ("65,000 people"
    against "tens of thousands")."""

    fact: str
    kind: str  # number, date
    unit: str
    severity: str
    values: dict[str, list[str]] = field(default_factory=dict)
    spans: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "kind": self.kind, "unit": self.unit, "severity": self.severity,
                "values": self.values, "spans": self.spans}


def _speaker(article: Article, index: int | None) -> str | None:
    if index is None or not (0 <= index < len(article.quotes)):
        return None
    sp = article.quotes[index].speaker
    return sp.name or sp.text or sp.description


def candidate_sentences(article: Article) -> list[Sentence]:
    """The sentences of an article that can be facts: check-worthy claims, else every prose sentence."""
    out = []
    if article.claims:
        for c in article.claims:
            if not c.checkworthy:
                continue
            who = _speaker(article, c.attributed_to)
            if who is None:
                who = next((_speaker(article, i) for i, q in enumerate(article.quotes)
                            if q.start < c.end and c.start < q.end), None)
            out.append(Sentence(article.id, c.start, c.end, c.text, float(c.score), who))
        return out
    title = next(((r.start, r.end) for r in article.regions if r.kind == "title"), None)
    for start, end in article.sentences:
        if article.in_boilerplate(start, end) or (title and start < title[1] and title[0] < end):
            continue
        raw = article.text[start:end]
        start, end = start + len(raw) - len(raw.lstrip()), end - (len(raw) - len(raw.rstrip()))
        text = article.text[start:end]
        if len(text.split()) >= 4:
            who = next((_speaker(article, i) for i, q in enumerate(article.quotes) if q.start < end and start < q.end), None)
            out.append(Sentence(article.id, start, end, text, 0.0, who))
    return out


def align(articles: list[Article], vectors: np.ndarray, sentences: list[Sentence],
          threshold: float = THRESHOLD) -> list[Fact]:
    """Group ``sentences`` (with their unit ``vectors``) into facts by mutual best matches across articles."""
    ids = [a.id for a in articles]
    by_article = {a: [i for i, s in enumerate(sentences) if s.article == a] for a in ids}
    parent = list(range(len(sentences)))
    weakest: dict[int, float] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = []
    for a, b in combinations(ids, 2):
        ia, ib = by_article[a], by_article[b]
        if not ia or not ib:
            continue
        sims = vectors[ia] @ vectors[ib].T
        best_b, best_a = sims.argmax(1), sims.argmax(0)
        for x, y in enumerate(best_b):
            if best_a[y] == x and sims[x, y] >= threshold:
                edges.append((float(sims[x, y]), ia[x], ib[y]))
    members: dict[int, list[int]] = {i: [i] for i in range(len(sentences))}
    for sim, i, j in sorted(edges, reverse=True):
        ri, rj = find(i), find(j)
        if ri != rj:
            if float((vectors[members[ri]] @ vectors[members[rj]].T).min()) < threshold - CHAIN_MARGIN:
                continue
            parent[rj] = ri
            members[ri] += members.pop(rj)
            weakest[ri] = min(sim, weakest.get(ri, 1.0), weakest.get(rj, 1.0))
    groups: dict[int, list[int]] = {}
    for i in range(len(sentences)):
        groups.setdefault(find(i), []).append(i)
    facts = []
    order = {a: n for n, a in enumerate(ids)}
    for root, group in groups.items():
        group.sort(key=lambda i: (order[sentences[i].article], sentences[i].start))
        told = [a for a in ids if any(sentences[i].article == a for i in group)]
        told_by = "all" if len(told) == len(ids) else "one" if len(told) == 1 else "some"
        centre = vectors[group].mean(0)
        representative = max(group, key=lambda i: float(vectors[i] @ centre))
        facts.append(Fact("", sentences[representative].text, told_by, told, [sentences[i] for i in group],
                          round(weakest[root], 3) if root in weakest else None))
    rank = {"all": 0, "some": 1, "one": 2}
    facts.sort(key=lambda f: (rank[f.told_by], -len(f.articles), order[f.sentences[0].article], f.sentences[0].start))
    for n, f in enumerate(facts, 1):
        f.id = f"f{n}"
    return facts


def conflicts(facts: list[Fact]) -> list[Conflict]:
    """Numbers and dates of one fact that its articles state differently."""
    out = []
    for fact in facts:
        if len(fact.articles) < 2:
            continue
        found: dict[tuple[str, str], dict[str, list[tuple[Quantity, Sentence]]]] = {}
        for s in fact.sentences:
            for q in quantities(s.text):
                if not q.unit:
                    continue
                found.setdefault((q.kind, q.unit), {}).setdefault(s.article, []).append((q, s))
        for (kind, unit), per in found.items():
            if len(per) < 2:
                continue
            texts = {a: sorted({q.text.lower() for q, _ in qs}) for a, qs in per.items()}
            if len({tuple(t) for t in texts.values()}) == 1:
                continue
            severity = "differs"
            for (a, qa), (b, qb) in combinations(per.items(), 2):
                if not any(x.overlaps(y) for x, _ in qa for y, _ in qb):
                    severity = "contradicts"
            spans = [{"article": s.article, "start": s.start + q.start, "end": s.start + q.end, "text": q.text}
                     for qs in per.values() for q, s in qs]
            out.append(Conflict(fact.id, kind, unit, severity, {a: [q.text for q, _ in qs] for a, qs in per.items()},
                                spans))
    out.sort(key=lambda c: (c.severity != "contradicts", int(c.fact[1:])))
    return out
