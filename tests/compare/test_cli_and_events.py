"""``unspin compare`` and ``unspin events`` from the command line, on files and on a store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import Article, UnspinError
from unspin.events import group_events, list_events

from .conftest import PATHS, days, write_store

pytestmark = pytest.mark.slow


def unspin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, text=True, timeout=300)


def as_html(path: Path, folder: Path) -> Path:
    """The report as a web page that names its site and date, the way news pages do."""
    title, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    paragraphs = "".join(f"<p>{p}</p>" for p in body.strip().split("\n\n"))
    page = folder / f"{path.stem}.html"
    page.write_text(f'<html><head><title>{title}</title><meta property="og:site_name" content="Coastal Wire">'
                    f'<meta property="article:published_time" content="2026-03-04T10:00:00Z"></head>'
                    f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    return page


def test_compare_files_as_json_uses_file_names_as_ids(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    run = unspin("compare", str(as_html(PATHS[0], tmp_path)), *map(str, PATHS[1:]), "--format", "json", "-o", str(out))
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["coastal-wire", "dalmora-tribune", "harbor-daily"]
    assert (data["articles"][0]["outlet"], data["articles"][0]["published"]) == ("Coastal Wire", "2026-03-04")
    assert data["articles"][1]["outlet"] is None  # a text file names no outlet
    assert any(f["articles"] == ["coastal-wire", "dalmora-tribune", "harbor-daily"] for f in data["facts"])


def test_compare_terminal_report_from_a_store(tmp_path: Path, reports: list[Article]) -> None:
    db = write_store(tmp_path / "corpus.db", reports)
    run = unspin("compare", "--store", str(db), "coastal-wire", "dalmora-tribune", "harbor-daily")
    assert run.returncode == 0, run.stderr
    assert "Facts told by every article" in run.stdout and "Facts told by one alone" in run.stdout
    assert "At least 15 workers" in run.stdout and "contradicts" in run.stdout
    assert "acronym: NFDW = National Federation of Dock Workers" in run.stdout


def test_compare_errors_are_one_line(tmp_path: Path) -> None:
    run = unspin("compare", str(PATHS[0]))
    assert run.returncode == 1 and run.stderr.strip() == "unspin: error: compare needs two or more article files (or --store corpus.db with ids or --event)"
    run = unspin("compare", str(PATHS[0]), str(tmp_path / "missing.txt"))
    assert run.returncode == 1 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    run = unspin("compare", "--event", "e1")
    assert run.returncode == 1 and "--event needs --store" in run.stderr
    run = unspin("events", str(tmp_path / "nothing.db"))
    assert run.returncode == 1 and "no corpus" in run.stderr


def test_events_group_a_store_and_compare_one_event(tmp_path: Path, reports: list[Article], other_stories: list[Article]) -> None:
    db = write_store(tmp_path / "corpus.db", [*reports, *other_stories])
    run = unspin("events", str(db), "--format", "json")
    assert run.returncode == 0, run.stderr
    events = json.loads(run.stdout)["events"]
    groups = sorted(sorted(e["articles"]) for e in events)
    assert groups == [["coastal-wire", "dalmora-tribune", "harbor-daily"], ["election"], ["football"]]
    assert all(set(e) == {"id", "title", "articles"} for e in events)
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM event_info").fetchone()[0] == 3
    plant = next(e for e in events if len(e["articles"]) == 3)
    run = unspin("compare", "--store", str(db), "--event", plant["id"], "--format", "json")
    assert run.returncode == 0, run.stderr
    assert sorted(a["id"] for a in json.loads(run.stdout)["articles"]) == plant["articles"]
    run = unspin("compare", "--store", str(db), "coastal-wire", "nope")
    assert run.returncode == 1 and "no article 'nope'" in run.stderr
    run = unspin("compare", "--store", str(db), "--event", "e-none")
    assert run.returncode == 1 and "no event" in run.stderr


def test_new_articles_join_existing_events(tmp_path: Path, reports: list[Article], other_stories: list[Article]) -> None:
    db = write_store(tmp_path / "corpus.db", [reports[0], *other_stories])
    first = group_events(db)
    assert len(first) == 3
    plant_event = next(e["id"] for e in first if e["articles"] == ["coastal-wire"])
    late = [Article.from_dict({**a.to_dict(), "published": days(2)}) for a in reports[1:]]
    write_store(db, late)
    second = group_events(db)
    assert len(second) == 3
    assert next(e for e in second if e["id"] == plant_event)["articles"] == ["coastal-wire", "dalmora-tribune", "harbor-daily"]
    # Far outside the date window, the same story opens an event of its own.
    far = Article.from_dict({**reports[2].to_dict(), "id": "harbor-daily-next-year", "published": days(365)})
    write_store(db, [far])
    assert any(e["articles"] == ["harbor-daily-next-year"] for e in group_events(db))
    assert list_events(db) == group_events(db)  # nothing new: nothing changes


def test_group_events_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    sqlite3.connect(bad).execute("CREATE TABLE t(x)")
    with pytest.raises(UnspinError, match="not an unspin corpus"):
        group_events(bad)
