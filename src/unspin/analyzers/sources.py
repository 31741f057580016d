"""Sources: who the article's quotes come from, how much each says, and how much is attributed at all."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from ..article import Article, Quote, Source

UNATTRIBUTED = "unattributed"


class SourceAnalyzer:
    """Write ``sources`` (one per distinct speaker) and ``summary["sourcing"]``."""

    name: ClassVar[str] = "sources"
    requires: ClassVar[tuple[str, ...]] = ("quotes",)
    assigns: ClassVar[tuple[str, ...]] = ("sources",)

    def __call__(self, article: Article) -> None:
        if "actors" in article.done:
            article.sources = actor_sources(article)
        else:
            article.sources = find_sources(article.quotes)
        article.summary["sourcing"] = sourcing_summary(article, article.sources)


def source_key(quote: Quote) -> tuple[str, str]:
    """(name, kind) of a quote's source: the resolved name, else the description as written."""
    sp = quote.speaker
    if sp.name:
        return sp.name, sp.kind
    if sp.kind == "anonymous" and sp.text:
        words = sp.text.split()
        while words and words[0].lower() in ("the", "a", "an", "one", "another", "some"):
            words = words[1:]
        return " ".join(words) or sp.text, "anonymous"
    return UNATTRIBUTED, "unknown"


def find_sources(quotes: list[Quote]) -> list[Source]:
    """Distinct sources, most quoted first, each with its share of all quotes and its description."""
    counts: Counter[tuple[str, str]] = Counter(source_key(q) for q in quotes)
    descriptions = _descriptions(quotes)
    total = len(quotes)
    return [Source(name, kind, n, round(n / total, 4), descriptions.get(name))  # type: ignore[arg-type]
            for (name, kind), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]


def actor_sources(article: Article) -> list[Source]:
    """One source per actor (the actors analyzer grouped "security sources" … "the sources", "Omar" …
    "he"); quotes with no actor fall back to :func:`source_key`."""
    names = {a.id: a for a in article.actors}
    keys: list[tuple[str, str, str | None]] = []
    for q in article.quotes:
        actor = names.get(q.speaker.actor or "")
        if actor is not None:
            kind = "anonymous" if actor.kind == "anonymous" else "named"
            keys.append((actor.name, kind, actor.id))
        else:
            name, kind = source_key(q)
            keys.append((name, kind, None))
    counts: Counter[tuple[str, str, str | None]] = Counter(keys)
    descriptions = _descriptions(article.quotes)
    total = len(article.quotes)
    return [Source(name, kind, n, round(n / total, 4), descriptions.get(name), actor)  # type: ignore[arg-type]
            for (name, kind, actor), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]


def _descriptions(quotes: list[Quote]) -> dict[str, str]:
    """The longest description the article gives each named source (a job title, an appositive)."""
    out: dict[str, str] = {}
    for q in quotes:
        desc = getattr(q.speaker, "description", None)
        if q.speaker.name and desc and len(desc) > len(out.get(q.speaker.name, "")):
            out[q.speaker.name] = desc
    return out


def sourcing_summary(article: Article, sources: list[Source]) -> dict[str, object]:
    """How many independent sources, the dominant one and its share, the share of attributed sentences."""
    voices = [s for s in sources if s.kind != "unknown"]
    dominant = voices[0] if voices else None
    spans = [(q.start, q.end) for q in article.quotes]
    sentences = article.sentences
    attributed = sum(1 for s, e in sentences if any(a < e and s < b for a, b in spans))
    share = attributed / len(sentences) if sentences else 0.0
    if dominant is None:
        line = f"No attributed statements; all {len(sentences)} sentences are the outlet's own."
    else:
        line = (f"{len(voices)} independent source{'s' if len(voices) != 1 else ''}; "
                f"{dominant.name} gives {dominant.share:.0%} of {len(article.quotes)} quotes; "
                f"{share:.0%} of sentences are attributed.")
    return {
        "sources": len(voices),
        "dominant": dominant.name if dominant else None,
        "dominant_share": dominant.share if dominant else 0.0,
        "attributed_sentence_share": round(share, 4),
        "line": line,
        "counted_by": "actor" if "actors" in article.done else "speaker name",
    }
