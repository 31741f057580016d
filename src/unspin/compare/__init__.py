"""The same event side by side: what each article tells, whom it quotes, what it calls the actors.

``compare(articles)`` is a pure function of analyzed :class:`~unspin.Article` objects (analyze
them with one :class:`~unspin.Engine`, or load them from a store) and returns a :class:`Comparison`:

* per article: outlet, headline, date, words, sources (named or anonymous, who, share), techniques
  per 1,000 words, and how many of its facts every / some / only this article tells;
* actors: one row per actor across the articles, linked by name, acronym or alias with the reason
  shown, with the labels and names each article uses (:mod:`unspin.compare.actors`);
* facts: check-worthy sentences aligned by meaning, told by all / some / one, with whom each article
  attributes them to (:mod:`unspin.compare.facts`);
* conflicts: numbers and dates of one fact stated differently.

>>> from unspin import Engine
>>> from unspin.compare import compare
>>> engine = Engine()                                                             # doctest: +SKIP
>>> c = compare([engine.analyze(path=p, id=p.stem) for p in paths])                # doctest: +SKIP
>>> c.to_dict()["facts"][0]["articles"]                                          # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..article import Article
from ..errors import UnspinError
from .actors import ActorRow, link_actors, local_actors, place_related
from .facts import THRESHOLD, Conflict, Fact, align, candidate_sentences, conflicts


@dataclass
class ArticleSide:
    """One compared article's column: where it comes from, whom it quotes, how it persuades."""

    id: str
    outlet: str | None
    title: str | None
    published: str | None
    words: int
    sources: list[dict[str, Any]]
    techniques: dict[str, int]
    techniques_per_1000_words: float | None
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def named_share(self) -> float:
        return round(sum(s["share"] for s in self.sources if s["kind"] == "named"), 3)

    @property
    def anonymous_share(self) -> float:
        return round(sum(s["share"] for s in self.sources if s["kind"] == "anonymous"), 3)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet, "title": self.title, "published": self.published,
                "words": self.words, "sources": self.sources, "named_share": self.named_share,
                "anonymous_share": self.anonymous_share, "techniques": self.techniques,
                "techniques_per_1000_words": self.techniques_per_1000_words, "facts": self.facts}


@dataclass
class Comparison:
    """What :func:`compare` finds; ``to_dict()`` is the JSON of ``unspin compare --format json``."""

    articles: list[ArticleSide]
    actors: list[ActorRow]
    facts: list[Fact]
    conflicts: list[Conflict]
    texts: dict[str, Article] = field(default_factory=dict, repr=False)  # the articles, for the HTML columns
    threshold: float = THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        return {"articles": [a.to_dict() for a in self.articles], "actors": [r.to_dict() for r in self.actors],
                "facts": [f.to_dict() for f in self.facts], "conflicts": [c.to_dict() for c in self.conflicts],
                "threshold": self.threshold}


def words(article: Article) -> int:
    """Words of prose: the text without boilerplate."""
    return len(article.prose_text.split())


def side(article: Article) -> ArticleSide:
    n = words(article)
    counts = Counter(t.technique for t in article.techniques)
    # None when the techniques analyzer did not run (skipped, or a store made without it): not "no techniques".
    ran = "techniques" in article.done or bool(article.techniques)
    rate = (round(1000 * len(article.techniques) / n, 2) if n else 0.0) if ran else None
    sources = [{"name": s.name, "kind": s.kind, "quotes": s.quotes, "share": round(s.share, 3),
                "description": s.description} for s in article.sources]
    return ArticleSide(article.id, article.outlet, article.title,
                       article.published.isoformat() if article.published else None, n, sources,
                       dict(counts.most_common()), rate)


def compare(articles: list[Article], *, encoder: Any = None, threshold: float = THRESHOLD) -> Comparison:
    """Compare two or more analyzed articles (ids must differ). ``encoder`` defaults to the shipped one."""
    if len(articles) < 2:
        raise UnspinError("compare needs two or more articles")
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise UnspinError(f"two articles have the same id {dup!r}; give each its own id")
    if encoder is None:
        from ..loading import sentence_encoder

        encoder = sentence_encoder()
    sentences = [s for a in articles for s in candidate_sentences(a)]
    vectors = encoder.encode([s.text for s in sentences])
    facts = align(articles, vectors, sentences, threshold)
    sides = [side(a) for a in articles]
    for s in sides:
        told = [f.told_by for f in facts if s.id in f.articles]
        s.facts = {k: told.count(k) for k in ("all", "some", "one")}
    per_article = [local_actors(a) for a in articles]
    rows = link_actors(per_article)
    rows = place_related(rows, _context_pairs(rows, facts))
    return Comparison(sides, rows, facts, conflicts(facts), {a.id: a for a in articles}, threshold)


def _context_pairs(rows: list[ActorRow], facts: list[Fact]) -> list[tuple[ActorRow, ActorRow, str]]:
    """Actors that play the same part in one fact: in its sentence in one article and not the other,
    exactly one such actor of the same kind on each side."""
    pairs = []
    for fact in facts:
        if len(fact.articles) < 2:
            continue
        present: dict[str, set[int]] = {}
        for s in fact.sentences:
            for n, row in enumerate(rows):
                for m in row.members:
                    if m.article == s.article and any(s.start <= a and b <= s.end for a, b in m.spans):
                        present.setdefault(s.article, set()).add(n)
        arts = list(present)
        for i, a in enumerate(arts):
            for b in arts[i + 1:]:
                only_a, only_b = present[a] - present[b], present[b] - present[a]
                for kind in {rows[n].kind for n in only_a}:
                    xa = [n for n in only_a if rows[n].kind == kind and b not in rows[n].articles]
                    xb = [n for n in only_b if rows[n].kind == kind and a not in rows[n].articles]
                    if len(xa) == 1 and len(xb) == 1:
                        short = fact.text if len(fact.text) <= 80 else fact.text[:77] + "..."
                        pairs.append((rows[xa[0]], rows[xb[0]], f"same part in fact {fact.id}: {short}"))
    return pairs


__all__ = ["ArticleSide", "Comparison", "Conflict", "Fact", "compare"]
