"""Hand-made analyzed articles with known counts, so profile and export figures can be checked exactly."""

from __future__ import annotations

from unspin import Article, Claim, Place, Quote, Source, Technique
from unspin.article import Cue, Speaker


def made(id: str, outlet: str | None, *, words: int = 100, techniques: tuple[str, ...] = (),
         quotes: tuple[tuple[str | None, str], ...] = (), checkworthy: int = 0, claims: int = 0,
         places: tuple[str, ...] = (), published: str = "2016-01-05") -> Article:
    """An article of exactly ``words`` words with the given spans (``quotes``: (speaker name, kind))."""
    text = " ".join(["word"] * words)
    a = Article(text=text, id=id, outlet=outlet, published=published)
    a.techniques = [Technique(0, 4, name, 0.9, "word") for name in techniques]
    a.quotes = [Quote(5, 9, "word", "direct", Cue(0, 4, "said"), Speaker(name, None, None, kind))
                for name, kind in quotes]
    names: dict[tuple[str, str], int] = {}
    for name, kind in quotes:
        key = (name or "unnamed", kind)
        names[key] = names.get(key, 0) + 1
    a.sources = [Source(n, k, c, c / len(quotes)) for (n, k), c in names.items()]
    a.claims = [Claim(0, 4, "word", 0.9 if i < checkworthy else 0.1, i < checkworthy) for i in range(claims)]
    a.places = [Place(p, 1.0, 2.0, "US", [(0, 4)]) for p in places]
    a.done = {"techniques", "claims", "quotes", "sources", "places"}
    return a
