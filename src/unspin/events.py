"""Events in a corpus: the stored articles that report the same story, found from meaning, names and dates.

Each article becomes a vector (the shipped MiniLM encoder over its headline and lead), a set of
name words (from its PERSON / ORG / GPE / NORP / ... mentions) and a day. Articles are taken in date
order and each joins the best event *in its date window* (± ``window_days`` around any of the
event's days) when

    score = cosine(article, event centroid) + NAMES_WEIGHT * overlap(name words)  >=  threshold,

else it opens a new event. There is no all-pairs comparison: an article is scored only against the
events of its window (a day index), so the work per article is bounded by how many events a few days
of news hold, not by the corpus. It is incremental: each article's features are kept in
``event_features``, and a later run loads only the events near the new articles' dates and lets
the new articles join them (or open new ones). Memory holds one date window of events at a time; an
undated article (taken last) can join only the events still in memory, or undated ones. Results live in the store: ``events(event_id,
article_id)``, ``event_info(event_id, title)``.

>>> group_events("corpus.db")                                                # doctest: +SKIP
[{"id": "e3f2a...", "title": "Explosion at Dalmora chemical plant ...", "articles": ["a1", "a7"]}, ...]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import UnspinError

WINDOW_DAYS = 7
THRESHOLD = 0.6
NAMES_WEIGHT = 0.25
LEAD_SENTENCES = 3
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
_STOP = frozenset("the and of for new mr mrs ms dr".split())

SCHEMA = """
CREATE TABLE IF NOT EXISTS events(event_id TEXT NOT NULL, article_id TEXT NOT NULL PRIMARY KEY);
CREATE INDEX IF NOT EXISTS events_by_event ON events(event_id);
CREATE TABLE IF NOT EXISTS event_info(event_id TEXT PRIMARY KEY, title TEXT);
CREATE TABLE IF NOT EXISTS event_features(article_id TEXT PRIMARY KEY, day INTEGER, names TEXT, vector BLOB);
CREATE INDEX IF NOT EXISTS event_features_by_day ON event_features(day);
"""


@dataclass
class Features:
    """What event grouping knows of one article."""

    id: str
    day: int | None  # proleptic ordinal of the publication date
    names: Counter[str]
    vector: np.ndarray
    title: str


@dataclass
class _Event:
    id: str
    title: str
    total: np.ndarray
    days: set[int] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    articles: list[str] = field(default_factory=list)

    centre: np.ndarray | None = None  # the normalised mean of the articles' vectors

    def add(self, f: Features) -> None:
        self.total = self.total + f.vector
        self.centre = self.total / (np.linalg.norm(self.total) or 1.0)
        if f.day is not None:
            self.days.add(f.day)
        self.names.update(f.names)
        self.articles.append(f.id)


def name_words(entities: Iterable[dict[str, Any]], limit: int = 12) -> Counter[str]:
    """The most mentioned words of an article's names ("steele", "afghanistan"), as counts."""
    words: Counter[str] = Counter()
    for e in entities:
        if e.get("label") in NAME_LABELS:
            for w in re.findall(r"[A-Za-z][A-Za-z\-']+", e.get("text") or ""):
                w = w.lower().removesuffix("'s")
                if len(w) > 2 and w not in _STOP:
                    words[w] += 1
    return Counter(dict(words.most_common(limit)))


def overlap(a: Counter[str], b: Counter[str]) -> float:
    """Share of ``a``'s name mentions whose word ``b`` also uses (0..1)."""
    total = sum(a.values())
    return sum(c for w, c in a.items() if w in b) / total if total else 0.0


def lead_text(analysis: dict[str, Any], sentences: int = LEAD_SENTENCES) -> str:
    """Headline and the first prose sentences: what the story is about."""
    text = analysis.get("text") or ""
    title = analysis.get("title") or ""
    skip = [(r["start"], r["end"]) for r in analysis.get("regions") or [] if r.get("kind") in ("title", "boilerplate")]
    lead = []
    for start, end in analysis.get("sentences") or []:
        if any(s < end and start < e for s, e in skip):
            continue
        lead.append(text[start:end].strip())
        if len(lead) >= sentences:
            break
    if not lead:
        lead = [text[len(title):][:600]]
    return (title + ". " if title else "") + " ".join(lead)


def _connect(corpus: Any) -> sqlite3.Connection:
    if isinstance(corpus, sqlite3.Connection):
        return corpus
    if isinstance(corpus, (str, Path)):
        if not Path(corpus).is_file():
            raise UnspinError(f"no corpus at {corpus}")
        con = sqlite3.connect(str(corpus))
        con.execute("PRAGMA busy_timeout = 10000")
        return con
    con = getattr(corpus, "connection", None)
    if getattr(corpus, "readonly", False) and getattr(corpus, "path", None):
        return _connect(corpus.path)  # a read-only unspin.Corpus: events are written through our own connection
    if isinstance(con, sqlite3.Connection):
        return con
    raise UnspinError("group_events needs a corpus path, an unspin.Corpus or a sqlite3 connection")


def _new_articles(con: sqlite3.Connection, ids: set[str] | None) -> list[tuple[str, str | None]]:
    """(id, published) of the stored articles in no event yet, in date order (undated last)."""
    rows = con.execute("SELECT id, published FROM articles WHERE id NOT IN (SELECT article_id FROM events) "
                       "ORDER BY published IS NULL, published, id").fetchall()
    return [r for r in rows if ids is None or r[0] in ids]


def _rows(con: sqlite3.Connection, ids: list[str]) -> list[tuple[Any, ...]]:
    """(id, published, title, analysis) for ``ids``, in that order: the analyses are read one batch at a time."""
    marks = ",".join("?" * len(ids))
    found = {r[0]: r for r in con.execute(f"SELECT id, published, title, analysis FROM articles WHERE id IN ({marks})", ids)}
    return [found[i] for i in ids if i in found]


def features(rows: list[tuple[Any, ...]], encoder: Any) -> list[Features]:
    """Features of stored rows ``(id, published, title, analysis JSON)``; one encoder batch."""
    analyses = [json.loads(r[3]) if r[3] else {} for r in rows]
    vectors = encoder.encode([lead_text(a) or (r[2] or r[0]) for r, a in zip(rows, analyses)])
    out = []
    for r, a, v in zip(rows, analyses, vectors):
        day = None
        if r[1]:
            try:
                day = dt.date.fromisoformat(str(r[1])[:10]).toordinal()
            except ValueError:
                day = None
        out.append(Features(r[0], day, name_words(a.get("entities") or []), v.astype(np.float32),
                            r[2] or a.get("title") or ""))
    return out


def _event_id(first_article: str) -> str:
    return "e" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:10]


def _load_events(con: sqlite3.Connection, low: int | None, high: int | None) -> dict[str, _Event]:
    """The stored events with an article dated within [low, high] (all undated ones too)."""
    query = ("SELECT e.event_id, i.title, f.article_id, f.day, f.names, f.vector FROM events e "
             "JOIN event_features f ON f.article_id = e.article_id LEFT JOIN event_info i ON i.event_id = e.event_id "
             "WHERE e.event_id IN (SELECT e2.event_id FROM events e2 JOIN event_features f2 ON f2.article_id = "
             "e2.article_id WHERE f2.day IS NULL OR f2.day BETWEEN ? AND ?)")
    events: dict[str, _Event] = {}
    lo = low if low is not None else -(10**9)
    hi = high if high is not None else 10**9
    for event_id, title, article_id, day, names, blob in con.execute(query, (lo, hi)):
        vec = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        ev = events.setdefault(event_id, _Event(event_id, title or "", np.zeros_like(vec)))
        ev.add(Features(article_id, day, Counter(json.loads(names or "{}")), vec, ""))
    return events


def group_events(corpus: Any, *, window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD,
                 names_weight: float = NAMES_WEIGHT, ids: Iterable[str] | None = None, encoder: Any = None,
                 rebuild: bool = False, batch: int = 512) -> list[dict[str, Any]]:
    """Group the corpus's articles not yet in an event (only ``ids`` when given) into events, store
    them, and return every event as ``{"id", "title", "articles"}``. ``rebuild`` starts over."""
    con = _connect(corpus)
    try:
        con.execute("SELECT id, published, title, analysis FROM articles LIMIT 0")
    except sqlite3.Error as err:
        raise UnspinError(f"not an unspin corpus (no articles table): {err}") from None
    if rebuild:
        for table in ("events", "event_info", "event_features"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    con.executescript(SCHEMA)
    if encoder is None:
        from .loading import sentence_encoder

        encoder = sentence_encoder()
    wanted = set(ids) if ids is not None else None
    pending = list(_new_articles(con, wanted))
    if pending:
        days = [dt.date.fromisoformat(str(r[1])[:10]).toordinal() for r in pending if _iso(r[1])]
        low = min(days) - window_days if days else None
        high = max(days) + window_days if days else None
        events = _load_events(con, low, high)
        by_day: dict[int, set[str]] = {}
        for ev in events.values():
            for d in ev.days:
                by_day.setdefault(d, set()).add(ev.id)
        day_heap = list(by_day)
        heapq.heapify(day_heap)
        for start in range(0, len(pending), batch):
            rows = _rows(con, [r[0] for r in pending[start:start + batch]])
            if not con.in_transaction:
                con.execute("BEGIN")  # one transaction per batch, also on an autocommit connection
            for f in features(rows, encoder):
                if f.day is not None:
                    # Articles come in date order: events that ended before this window can get no more
                    # articles, so they leave memory (it holds one window of events, not the corpus).
                    cut = f.day - window_days
                    while day_heap and day_heap[0] < cut:
                        for eid in by_day.pop(heapq.heappop(day_heap), set()):
                            ev = events.get(eid)
                            if ev is not None and ev.days and max(ev.days) < cut:
                                del events[eid]
                    near = set().union(*(by_day.get(d, set()) for d in range(f.day - window_days, f.day + window_days + 1)))
                else:
                    near = set(events)  # undated (taken last): the events still in memory, by meaning and names
                best, best_score = None, threshold
                candidates = sorted(near)
                if candidates:
                    cosines = np.stack([events[e].centre for e in candidates]) @ f.vector
                    # Names add at most ``names_weight``: only events that close can win, so only they are scored.
                    for k in np.nonzero(cosines >= threshold - names_weight)[0]:
                        ev = events[candidates[k]]
                        score = float(cosines[k]) + names_weight * overlap(f.names, ev.names)
                        if score >= best_score:
                            best, best_score = ev, score
                if best is None:
                    best = events[_event_id(f.id)] = _Event(_event_id(f.id), f.title, np.zeros_like(f.vector))
                    con.execute("INSERT OR REPLACE INTO event_info(event_id, title) VALUES (?, ?)", (best.id, f.title))
                best.add(f)
                if f.day is not None:
                    if f.day not in by_day:
                        heapq.heappush(day_heap, f.day)
                    by_day.setdefault(f.day, set()).add(best.id)
                con.execute("INSERT OR REPLACE INTO events(event_id, article_id) VALUES (?, ?)", (best.id, f.id))
                con.execute("INSERT OR REPLACE INTO event_features VALUES (?, ?, ?, ?)",
                            (f.id, f.day, json.dumps(dict(f.names)), f.vector.astype(np.float16).tobytes()))
            con.commit()
    return list_events(con)


def _iso(value: Any) -> bool:
    try:
        dt.date.fromisoformat(str(value)[:10])
        return True
    except ValueError:
        return False


def list_events(corpus: Any) -> list[dict[str, Any]]:
    """Every stored event, largest first: ``{"id", "title", "articles"}`` (articles in date order)."""
    con = _connect(corpus)
    try:
        rows = con.execute("SELECT e.event_id, i.title, e.article_id FROM events e LEFT JOIN event_info i "
                           "ON i.event_id = e.event_id JOIN articles a ON a.id = e.article_id "
                           "ORDER BY e.event_id, a.published, e.article_id").fetchall()
    except sqlite3.OperationalError:
        return []
    events: dict[str, dict[str, Any]] = {}
    for event_id, title, article_id in rows:
        events.setdefault(event_id, {"id": event_id, "title": title or "", "articles": []})["articles"].append(article_id)
    return sorted(events.values(), key=lambda e: (-len(e["articles"]), e["id"]))


def event_articles(corpus: Any, event_id: str) -> list[str]:
    """The ids of one stored event's articles; UnspinError when there is no such event."""
    con = _connect(corpus)
    try:
        ids = [r[0] for r in con.execute("SELECT e.article_id FROM events e JOIN articles a ON a.id = e.article_id "
                                         "WHERE e.event_id = ? ORDER BY a.published, e.article_id", (event_id,))]
    except sqlite3.OperationalError:
        ids = []
    if not ids:
        raise UnspinError(f"no event {event_id!r} in the corpus (run `unspin events` first)")
    return ids
