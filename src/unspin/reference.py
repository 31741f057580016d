"""Reference rates: where an article's (or an outlet's) rates fall among mainstream news.

A bare count misleads: 34 technique spans in a long awards-night report and 5 in a short piece built
on loaded labels say little until each is set against what ordinary news looks like. unspin ships a
small table, ``unspin/data/reference_rates.json``, with the quantiles (every 1%) of each rate over a
sample of mainstream news articles (PolNeAR's seven publishers and BASIL's three outlets) analyzed
with the shipped models, and :func:`percentile` places any value against it:

>>> from unspin import reference
>>> round(reference.percentile("techniques_per_1k", 20.0))  # doctest: +SKIP
49
>>> reference.describe("techniques_per_1k.Loaded_Language", 28.3)  # doctest: +SKIP
'90th percentile of mainstream news'

The table is rebuilt by ``python -m unspin.training.reference`` (docs/reference.md); runtime code
only reads it. Every rate comes from :func:`article_rates`, the one definition both sides share.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib.resources import files
from typing import Any

from .article import Article

TECHNIQUE_PREFIX = "techniques_per_1k."

#: What each metric means (shown in docs, the export README and the outlet reports).
METRICS: dict[str, str] = {
    "words": "Words in the article's prose (whitespace-separated tokens; boilerplate left out).",
    "techniques_per_1k": "Persuasion-technique spans per 1,000 words, all techniques.",
    "checkworthy_per_1k": "Sentences marked check-worthy per 1,000 words.",
    "checkworthy_share": "Share of the article's sentences marked check-worthy.",
    "quotes_per_1k": "Attributed statements (direct, indirect, mixed) per 1,000 words.",
    "anonymous_quote_share": "Share of attributed statements whose speaker is anonymous (articles with quotes only).",
    "named_sources": "Distinct named sources the article quotes.",
    "claim_score": "Check-worthiness score of one sentence (every sentence of every article, not per article).",
}


def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens."""
    return len(text.split())


def article_words(article: Article) -> int:
    """Words of the article's prose (boilerplate left out): the count the store's ``words`` column holds."""
    return word_count(article.prose_text)


def per_1k(count: float, words: int) -> float:
    """``count`` per 1,000 words (0 for an empty text)."""
    return 1000.0 * count / words if words else 0.0


def technique_metric(technique: str) -> str:
    """The metric name of one technique's rate, e.g. ``techniques_per_1k.Loaded_Language``."""
    return TECHNIQUE_PREFIX + technique


def article_rates(article: Article) -> dict[str, float | None]:
    """Every per-article rate of :data:`METRICS` (and one per technique); ``None`` where undefined.

    Rates of analyzers that did not run (``--skip claims``) are ``None``, never 0.
    """
    from .render.common import TECHNIQUES

    words = article_words(article)
    done = article.done or set()
    ran = (lambda name: name in done) if done else (lambda name: True)
    rates: dict[str, float | None] = {"words": float(words)}
    if ran("techniques"):
        rates["techniques_per_1k"] = per_1k(len(article.techniques), words)
        for name in TECHNIQUES:
            rates[technique_metric(name)] = per_1k(sum(t.technique == name for t in article.techniques), words)
    else:
        rates["techniques_per_1k"] = None
    if ran("claims"):
        marked = sum(c.checkworthy for c in article.claims)
        rates["checkworthy_per_1k"] = per_1k(marked, words)
        rates["checkworthy_share"] = marked / len(article.claims) if article.claims else None
    else:
        rates["checkworthy_per_1k"] = rates["checkworthy_share"] = None
    if ran("quotes"):
        quotes = article.quotes
        rates["quotes_per_1k"] = per_1k(len(quotes), words)
        rates["anonymous_quote_share"] = (
            sum(q.speaker.kind == "anonymous" for q in quotes) / len(quotes) if quotes else None
        )
        rates["named_sources"] = float(sum(s.kind == "named" for s in article.sources))
    else:
        rates["quotes_per_1k"] = rates["anonymous_quote_share"] = rates["named_sources"] = None
    return rates


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The shipped reference table (``about``, ``metrics``: name → {"n", "mean", "quantiles"})."""
    raw = files("unspin").joinpath("data/reference_rates.json").read_text(encoding="utf-8")
    return json.loads(raw)


def metrics() -> list[str]:
    """Names of the metrics the shipped table covers."""
    return sorted(table()["metrics"])


def percentile(metric: str, value: float) -> float:
    """Where ``value`` falls among mainstream news for ``metric``, from 0 to 100.

    Ties count half (a rate of 0 where 60% of articles have 0 sits at the 30th percentile); between
    two stored quantiles the position is interpolated. Raises KeyError for an unknown metric.
    """
    entry = table()["metrics"][metric]
    qs: list[float] = entry["quantiles"]
    return _position(qs, float(value))


def _position(qs: list[float], value: float) -> float:
    """Percentile of ``value`` in quantiles ``qs`` taken at 0, 1/(n-1), ..., 1 (midrank for ties)."""
    last = len(qs) - 1
    lo, hi = bisect_left(qs, value), bisect_right(qs, value)
    if lo < hi:  # value equals one or more stored quantiles
        return 100.0 * ((lo + hi - 1) / 2) / last
    if lo == 0:
        return 0.0
    if lo > last:
        return 100.0
    a, b = qs[lo - 1], qs[lo]
    return 100.0 * (lo - 1 + (value - a) / (b - a)) / last


def ordinal(p: float) -> str:
    """``92`` → ``"92nd"`` (rounded; 0 and 100 stay as they are)."""
    n = int(round(p))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(metric: str, value: float | None) -> str | None:
    """``"92nd percentile of mainstream news"`` for a value, or None when the value or metric is missing."""
    if value is None or metric not in table()["metrics"]:
        return None
    return f"{ordinal(percentile(metric, value))} percentile of mainstream news"


def article_percentiles(article: Article) -> dict[str, tuple[float, float]]:
    """Each defined rate of the article with its percentile: metric → (value, percentile)."""
    known = table()["metrics"]
    return {m: (v, percentile(m, v)) for m, v in article_rates(article).items()
            if v is not None and m in known and m != "words"}


#: A check-worthy claim stands out when its score passes this percentile of mainstream news sentences.
STANDOUT_PERCENTILE = 90


def standout_claim_score() -> float:
    """The check-worthiness score at the reference's 90th percentile of sentences: above it, a claim stands out."""
    qs = table()["metrics"]["claim_score"]["quantiles"]
    return float(qs[STANDOUT_PERCENTILE * (len(qs) - 1) // 100])


def version_note(article: Article) -> str | None:
    """A warning when the article was analyzed with other models or settings than the reference."""
    about = table().get("about", {})
    ref = about.get("versions", {})
    mine = article.metadata.get("versions") or {}
    differ = [k for k in ("techniques", "claims") if ref.get(k) and mine.get(k) and ref[k] != mine[k]]
    op = article.metadata.get("techniques_operating_point")
    notes = []
    if differ:
        notes.append(f"the reference was made with other {' and '.join(differ)} models")
    if op and about.get("operating_point") and op != about["operating_point"]:
        notes.append(f"the reference used the {about['operating_point']} technique setting, this article {op}")
    return "; ".join(notes) or None
