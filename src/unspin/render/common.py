"""What the terminal and HTML reports share: colours, the sourcing line, groupings and rankings."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..article import Article, Claim

TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
)
#: Technique → colour slot (CSS class ``t<n>`` in page.css, a rich style in the terminal).
TECHNIQUE_COLORS = {name: i for i, name in enumerate(TECHNIQUES)}
ENTITY_LABELS = {"PERSON": "People", "ORG": "Organisations", "NORP": "Groups", "GPE": "Places",
                 "LOC": "Places", "FAC": "Places"}


def definitions() -> dict[str, str]:
    """Plain-language definition of each technique."""
    from ..techniques.explain import DEFINITIONS

    return dict(DEFINITIONS)


def techniques_mode_note(article: Article) -> str:
    """A title suffix when the techniques were decoded at the recall-oriented operating point."""
    if article.metadata.get("techniques_operating_point") == "screening":
        return " (screening: tuned for recall, expect false alarms)"
    return ""


def sourcing_line(article: Article) -> str:
    """The one-line sourcing summary, or a note that nothing is attributed."""
    sourcing = article.summary.get("sourcing") or {}
    if sourcing.get("line"):
        return str(sourcing["line"])
    if not article.quotes:
        return "No attributed statements found."
    return f"{len(article.quotes)} attributed statements."


def entity_groups(article: Article) -> dict[str, list[tuple[str, int]]]:
    """Canonical names by group, most mentioned first."""
    counts: dict[str, Counter[str]] = {}
    for e in article.entities:
        group = ENTITY_LABELS.get(e.label, e.label)
        counts.setdefault(group, Counter())[e.canonical] += 1
    return {g: c.most_common() for g, c in counts.items()}


def actor_rows(article: Article, limit: int = 20) -> list[tuple[str, str, str, str, int]]:
    """One row per actor for "Who is who and what they are called": (name, kind, other names,
    labels, quotes). Only actors the article quotes, labels or calls by more than one name (the
    "Who and what" section lists every entity); quoted or evaluatively labelled ones first."""
    quotes = Counter(q.speaker.actor for q in article.quotes if q.speaker.actor)
    rows = []
    for a in article.actors:
        names = [f"{lab.text} ×{lab.count}" if lab.count > 1 else lab.text
                 for lab in a.labels if lab.kind == "name" and lab.text != a.name]
        names += [lab.text for lab in a.labels if lab.kind == "description"]
        labels = [_label_text(lab) for lab in a.labels if lab.kind == "label"]
        if not (names or labels or quotes[a.id]):
            continue
        rank = (bool(quotes[a.id]) or any(lab.evaluative or lab.repeated for lab in a.labels if lab.kind == "label"),
                len(a.mentions))
        rows.append((rank, (a.name, a.kind, "; ".join(names), ", ".join(labels), quotes[a.id])))
    rows.sort(key=lambda r: (not r[0][0], -r[0][1]))
    return [r for _, r in rows[:limit]]


def _label_text(label: Any) -> str:
    """'mercenaries ×23 (evaluative 0.41, repeated)'."""
    notes = []
    if label.evaluative:
        notes.append(f"evaluative {label.score:.2f}")
    if label.repeated:
        notes.append("repeated")
    count = f" ×{label.count}" if label.count > 1 else ""
    return f"{label.text}{count}" + (f" ({', '.join(notes)})" if notes else "")


def ranked_claims(article: Article, limit: int = 15) -> list[Claim]:
    """Check-worthy sentences, highest score first."""
    return sorted((c for c in article.claims if c.checkworthy), key=lambda c: -c.score)[:limit]


def claim_cues(claim: Claim, limit: int = 4) -> str:
    """What makes a claim checkable, numbers and dates first, at most ``limit`` cues."""
    order = {"number": 0, "date": 1, "quantity": 0}
    cues = sorted(dict.fromkeys(claim.features), key=lambda f: order.get(f.split(":")[0], 2))
    more = len(cues) - limit
    return "; ".join(cues[:limit]) + (f" (+{more})" if more > 0 else "")


#: Number of distinct speaker colours (CSS classes ``s0`` … ``s7`` in page.css); later sources share ``sx``.
SPEAKER_COLORS = 8


def speaker_slots(article: Article) -> list[int]:
    """Each quote's speaker colour: the index of its source among the article's sources (most quoted
    first), or -1 past the palette and for unattributed statements, so one speaker keeps one colour."""
    from ..analyzers.sources import source_key

    order = {(s.name, s.kind): i for i, s in enumerate(article.sources)}
    by_actor = {s.actor: i for i, s in enumerate(article.sources) if s.actor}  # "the sources" is "Security sources"
    slots = []
    for q in article.quotes:
        key = source_key(q)
        i = by_actor.get(q.speaker.actor, -1) if q.speaker.actor else order.get(key, -1)
        slots.append(i if 0 <= i < SPEAKER_COLORS and key[1] != "unknown" else -1)
    return slots


def source_slot(article: Article, index: int) -> int:
    """The colour slot of ``article.sources[index]`` (the same one its quotes get)."""
    source = article.sources[index]
    return index if index < SPEAKER_COLORS and source.kind != "unknown" else -1


#: The single-article reports' caution, said once wherever spans are shown.
EVIDENCE_NOTE = "A technique span is evidence to read, not a verdict."
_RATE_LABELS = {
    "techniques_per_1k": ("techniques per 1,000 words", "{:.1f}"),
    "checkworthy_per_1k": ("check-worthy sentences per 1,000 words", "{:.1f}"),
    "checkworthy_share": ("share of sentences check-worthy", "{:.0%}"),
    "anonymous_quote_share": ("share of quotes from anonymous sources", "{:.0%}"),
    "named_sources": ("distinct named sources", "{:.0f}"),
}


def rate_label(metric: str) -> str:
    """A reader's name for a metric: ``techniques_per_1k.Loaded_Language`` → ``loaded language per 1,000 words``."""
    from ..reference import TECHNIQUE_PREFIX

    if metric.startswith(TECHNIQUE_PREFIX):
        return metric[len(TECHNIQUE_PREFIX):].replace("_", " ").lower() + " per 1,000 words"
    return _RATE_LABELS.get(metric, (metric.replace("_", " "), ""))[0]


def format_rate(metric: str, value: float) -> str:
    return _RATE_LABELS.get(metric, ("", "{:.1f}"))[1].format(value)


def reference_rows(article: Article) -> list[tuple[str, str, str]]:
    """(what, this article, percentile among mainstream news) for the report's reference table:
    the overall rates first, then each technique the article uses."""
    from ..reference import TECHNIQUE_PREFIX, article_percentiles, ordinal

    rates = article_percentiles(article)
    order = [m for m in _RATE_LABELS if m in rates]
    used = Counter(t.technique for t in article.techniques)
    order += [TECHNIQUE_PREFIX + name for name, _ in used.most_common() if TECHNIQUE_PREFIX + name in rates]
    return [(rate_label(m), format_rate(m, rates[m][0]), f"{ordinal(rates[m][1])} percentile") for m in order]


def reference_caption(article: Article | None = None) -> str:
    """Where the percentiles come from, and a warning when ``article`` was made with other models or settings."""
    from ..reference import table, version_note

    about = table()["about"]
    note = version_note(article) if article is not None else None
    return (f"Percentiles against {about['articles']} mainstream news articles ({about['corpora']}). "
            "A high percentile says the article is unusual among them, not that it is propaganda."
            + (f" Careful: {note}." if note else ""))


def technique_percentile(article: Article, technique: str) -> str:
    """``"92nd pct"`` for one technique's rate in the article, or ``""`` without a reference for it."""
    from ..reference import article_words, ordinal, per_1k, percentile, technique_metric

    try:
        value = per_1k(sum(t.technique == technique for t in article.techniques), article_words(article))
        return f"{ordinal(percentile(technique_metric(technique), value))} pct"
    except KeyError:
        return ""


def split_claims(article: Article) -> tuple[list[Claim], list[Claim]]:
    """Check-worthy sentences, highest first, split into those that stand out against mainstream news
    (score above the reference's 90th percentile of sentences) and the rest."""
    from ..reference import standout_claim_score

    ranked = ranked_claims(article, limit=10_000)
    try:
        cut = standout_claim_score()
    except KeyError:
        return ranked, []
    return [c for c in ranked if c.score > cut], [c for c in ranked if c.score <= cut]
