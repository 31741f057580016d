"""The three invented reports of one event (tests/data/compare), analyzed once with one engine."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from unspin import Article, Engine

REPORTS = Path(__file__).resolve().parents[1] / "data" / "compare"
PATHS = sorted(REPORTS.glob("*.txt"))  # coastal-wire, dalmora-tribune, harbor-daily
STORE_SQL = """CREATE TABLE articles(id TEXT PRIMARY KEY, url TEXT, outlet TEXT, published TEXT, title TEXT,
text TEXT, hash TEXT, words INTEGER, analysis TEXT, versions TEXT, analyzed_at TEXT)"""


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(workers=1)


@pytest.fixture(scope="session")
def reports(engine: Engine) -> list[Article]:
    outlets = {"coastal-wire": "Coastal Wire", "dalmora-tribune": "The Dalmora Tribune", "harbor-daily": "Harbor Daily"}
    return [engine.analyze(path=p, id=p.stem, outlet=outlets[p.stem], published="2026-03-04") for p in PATHS]


def write_store(path: Path, articles: list[Article]) -> Path:
    """A store file with the store's ``articles`` table (the columns the corpora contract gives)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS " + STORE_SQL.removeprefix("CREATE TABLE "))
    for a in articles:
        d = a.to_dict()
        con.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (a.id, a.url, a.outlet, d["published"], a.title, a.text, a.hash, len(a.text.split()),
                     json.dumps(d), json.dumps(a.metadata.get("versions")), a.metadata.get("analyzed_at")))
    con.commit()
    con.close()
    return path


OTHER_STORIES = {
    "football": ("Rovers win the cup final", "Dalton Rovers beat Kingsport United 3-1 in the cup final at Riverside "
                 "Stadium on Saturday. Striker Tomas Lindqvist scored twice in the second half. Coach Anna Berg "
                 "said the team had worked all season for this day.", "2026-03-07"),
    "election": ("Greenway wins mayoral race in Ostrava Falls", "Jonathan Greenway won the mayoral election in Ostrava "
                 "Falls with 54 percent of the vote, the election commission said on Sunday. Turnout was 61 percent. "
                 "Greenway promised to build a new library and repair the bridge over the Nera river.", "2026-02-20"),
}


@pytest.fixture(scope="session")
def other_stories(engine: Engine) -> list[Article]:
    return [engine.analyze(f"{title}\n\n{body}\n", id=key, outlet="Local News", published=day, title=title)
            for key, (title, body, day) in OTHER_STORIES.items()]


def days(n: int) -> str:
    return (dt.date(2026, 3, 4) + dt.timedelta(days=n)).isoformat()
