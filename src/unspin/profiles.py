"""Outlet profiles: how each outlet of a corpus writes, in rates a reader can compare.

``outlet_profiles(corpus)`` answers, per outlet, with SQL over the store (never loading every
analysis into memory): articles and words; persuasion techniques per 1,000 words, overall and by
technique; the share of quotes from anonymous sources; distinct named sources per article; the most
quoted sources; check-worthy sentences per 1,000 words; the most mentioned places; and the labels it
uses most when the store has actor labels.

Each rate's ``value`` is pooled over the outlet's articles (spans over words, anonymous quotes over
quotes), counted only over the articles whose analysis ran that analyzer (``--skip claims`` does not
pull a rate to 0). Its ``percentile`` is the median, over the outlet's articles, of each article's
percentile against the shipped reference table (:mod:`unspin.reference`): where the outlet's typical
article sits among single mainstream news articles. (A pooled rate is not compared with single
articles directly: a rare technique used once in 500 articles gives a small pooled rate that still
beats the zeros of most single articles.) Percentiles are kept as a histogram per outlet and metric,
so memory does not grow with the corpus.

>>> from unspin import Corpus
>>> from unspin.profiles import outlet_profiles
>>> [p["outlet"] for p in outlet_profiles(Corpus("corpus.db"))]   # doctest: +SKIP
['fox', 'hpo', 'nyt']
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import reference
from .store import Corpus

TOP = 10
NO_OUTLET = "(no outlet)"

#: One row per article: its outlet, words, and whether each analyzer ran (from the analysis's "analyzed").
_ARTICLES = """
WITH a AS (
  SELECT id, COALESCE(outlet, '') AS outlet, COALESCE(words, 0) AS words, published,
    CASE WHEN json_type(analysis, '$.analyzed') IS NULL THEN 1
         ELSE EXISTS (SELECT 1 FROM json_each(analysis, '$.analyzed') WHERE value = 'techniques') END AS tech,
    CASE WHEN json_type(analysis, '$.analyzed') IS NULL THEN 1
         ELSE EXISTS (SELECT 1 FROM json_each(analysis, '$.analyzed') WHERE value = 'claims') END AS claims,
    CASE WHEN json_type(analysis, '$.analyzed') IS NULL THEN 1
         ELSE EXISTS (SELECT 1 FROM json_each(analysis, '$.analyzed') WHERE value = 'quotes') END AS quotes
  FROM articles
)
"""


def _rate(value: float | None, pct: float | None = None) -> dict[str, float | None]:
    """``{"value": v, "percentile": p}`` (None where undefined)."""
    if value is None:
        return {"value": None, "percentile": None}
    return {"value": round(value, 4), "percentile": None if pct is None else round(pct, 1)}


class _Percentiles:
    """Per (outlet, metric), a histogram of article percentiles (0-100 in steps of 1): median in constant memory."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], list[int]] = {}

    def add(self, outlet: str, metric: str, value: float, times: int = 1) -> None:
        try:
            pct = reference.percentile(metric, value)
        except KeyError:
            return
        bins = self.counts.setdefault((outlet, metric), [0] * 101)
        bins[int(round(pct))] += times

    def median(self, outlet: str, metric: str) -> float | None:
        bins = self.counts.get((outlet, metric))
        if not bins or not (n := sum(bins)):
            return None
        seen = 0
        for pct, count in enumerate(bins):
            seen += count
            if 2 * seen >= n:
                return float(pct)
        return 100.0


def _article_percentiles(sql: Any) -> _Percentiles:
    """Every article's percentile for each rate, gathered by outlet (rates as unspin.reference defines them)."""
    hist = _Percentiles()
    per_1k = reference.per_1k
    for outlet, words, spans in sql("SELECT a.outlet, a.words, count(t.article_id) FROM a LEFT JOIN techniques t "
                                    "ON t.article_id = a.id WHERE a.tech GROUP BY a.id"):
        hist.add(outlet, "techniques_per_1k", per_1k(spans, words))
    seen: dict[tuple[str, str], int] = {}
    for outlet, words, technique, spans in sql(
            "SELECT a.outlet, a.words, t.technique, count(*) FROM techniques t JOIN a ON a.id = t.article_id "
            "WHERE a.tech GROUP BY a.id, t.technique"):
        hist.add(outlet, reference.technique_metric(technique), per_1k(spans, words))
        seen[(outlet, technique)] = seen.get((outlet, technique), 0) + 1
    from .render.common import TECHNIQUES

    for outlet, n_tech in sql("SELECT outlet, sum(tech) FROM a GROUP BY outlet"):
        for technique in TECHNIQUES:  # articles without a span of this technique: a rate of 0
            if (missing := (n_tech or 0) - seen.get((outlet, technique), 0)) > 0:
                hist.add(outlet, reference.technique_metric(technique), 0.0, missing)
    for outlet, words, marked in sql("SELECT a.outlet, a.words, COALESCE(sum(c.checkworthy), 0) FROM a LEFT JOIN claims c "
                                     "ON c.article_id = a.id WHERE a.claims GROUP BY a.id"):
        hist.add(outlet, "checkworthy_per_1k", per_1k(marked, words))
    for outlet, n, anon in sql("SELECT a.outlet, count(*), sum(q.speaker_kind = 'anonymous') FROM quotes q "
                               "JOIN a ON a.id = q.article_id WHERE a.quotes GROUP BY a.id"):
        hist.add(outlet, "anonymous_quote_share", anon / n)
    for outlet, named in sql("SELECT a.outlet, count(DISTINCT s.name) FROM a LEFT JOIN sources s "
                             "ON s.article_id = a.id AND s.kind = 'named' WHERE a.quotes GROUP BY a.id"):
        hist.add(outlet, "named_sources", float(named))
    return hist


def _has_rows(conn: sqlite3.Connection, table: str) -> bool:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return bool(exists) and conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0] == 1


def outlet_profiles(corpus: Corpus, *, top: int = TOP) -> list[dict[str, Any]]:
    """One profile per outlet, largest first (ties by name); see the module doc for what each holds."""
    conn = corpus.connection
    sql = lambda query, *args: conn.execute(_ARTICLES + query, args).fetchall()  # noqa: E731
    base = sql("""SELECT outlet, count(*), sum(words), min(published), max(published),
                         sum(tech), sum(CASE WHEN tech THEN words ELSE 0 END),
                         sum(claims), sum(CASE WHEN claims THEN words ELSE 0 END), sum(quotes)
                  FROM a GROUP BY outlet""")
    spans = {(o, t): n for o, t, n in sql(
        "SELECT a.outlet, t.technique, count(*) FROM techniques t JOIN a ON a.id = t.article_id "
        "WHERE a.tech GROUP BY 1, 2")}
    quotes = {o: (n, anon) for o, n, anon in sql(
        "SELECT a.outlet, count(*), sum(q.speaker_kind = 'anonymous') FROM quotes q JOIN a ON a.id = q.article_id "
        "WHERE a.quotes GROUP BY 1")}
    named = {o: n for o, n in sql(
        "SELECT a.outlet, count(DISTINCT s.article_id || char(0) || s.name) FROM sources s JOIN a ON a.id = s.article_id "
        "WHERE a.quotes AND s.kind = 'named' GROUP BY 1")}
    checkworthy = {o: n for o, n in sql(
        "SELECT a.outlet, sum(c.checkworthy) FROM claims c JOIN a ON a.id = c.article_id WHERE a.claims GROUP BY 1")}
    labels = _has_rows(conn, "labels")
    pct = _article_percentiles(sql)
    profiles = []
    for (outlet, n, words, first, last, n_tech, tech_words, n_claims, claim_words, n_quoted) in base:
        by_technique = sorted(
            ({"technique": t, "spans": c, "per_1k": round(reference.per_1k(c, tech_words), 4) if tech_words else None,
              "percentile": pct.median(outlet, reference.technique_metric(t))}
             for (o, t), c in spans.items() if o == outlet),
            key=lambda r: (-r["spans"], r["technique"]))
        n_spans = sum(r["spans"] for r in by_technique)
        q, anon = quotes.get(outlet, (0, 0))
        profile: dict[str, Any] = {
            "outlet": outlet or NO_OUTLET,
            "articles": n,
            "words": words or 0,
            "first_published": first,
            "last_published": last,
            "analyzed": {"techniques": n_tech, "claims": n_claims, "quotes": n_quoted},
            "technique_spans": n_spans,
            "techniques_per_1k": _per_1k(n_spans, tech_words, pct.median(outlet, "techniques_per_1k")),
            "techniques": by_technique,
            "quotes": q,
            "anonymous_quote_share": _rate(anon / q if q else None, pct.median(outlet, "anonymous_quote_share")),
            "named_sources_per_article": _rate(named.get(outlet, 0) / n_quoted if n_quoted else None,
                                               pct.median(outlet, "named_sources")),
            "top_sources": [{"name": name, "quotes": qn, "articles": an} for name, qn, an in sql(
                "SELECT s.name, sum(s.quotes), count(DISTINCT s.article_id) FROM sources s JOIN a ON a.id = s.article_id "
                "WHERE a.outlet = ? AND s.kind = 'named' GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1 LIMIT ?", outlet, top)],
            "checkworthy": checkworthy.get(outlet, 0) if n_claims else None,
            "checkworthy_per_1k": _per_1k(checkworthy.get(outlet, 0), claim_words, pct.median(outlet, "checkworthy_per_1k"))
            if n_claims else _rate(None),
            "top_places": [{"name": name, "country_code": cc, "mentions": m, "articles": an} for name, cc, m, an in sql(
                "SELECT p.name, p.country_code, sum(p.mentions), count(DISTINCT p.article_id) FROM places p "
                "JOIN a ON a.id = p.article_id WHERE a.outlet = ? GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC, 1 LIMIT ?",
                outlet, top)],
            "top_labels": [{"text": text, "count": c, "evaluative": bool(ev), "articles": an} for text, c, ev, an in sql(
                "SELECT l.text, sum(l.count), max(l.evaluative), count(DISTINCT l.article_id) FROM labels l "
                "JOIN a ON a.id = l.article_id WHERE a.outlet = ? GROUP BY 1 ORDER BY 2 DESC, 4 DESC, 1 LIMIT ?",
                outlet, top)] if labels else None,
        }
        profiles.append(profile)
    return sorted(profiles, key=lambda p: (-p["articles"], p["outlet"]))


def _per_1k(count: int, words: int, pct: float | None) -> dict[str, float | None]:
    return _rate(reference.per_1k(count, words) if words else None, pct)
