"""Never lose an input, never count one twice: reruns skip what is stored, a changed text replaces
its rows, ``--force`` redoes everything, and a real ``unspin batch`` killed with SIGKILL mid-run
leaves a store that a rerun completes with every valid input exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import unspin
from unspin import Corpus
from unspin.batch import run_batch

from .conftest import FRENCH, article_text


def batch(folder: Path, store: Path, engine: unspin.Engine, force: bool = False) -> tuple[int, int, int]:
    with Corpus(store, readonly=False) as corpus:
        s = run_batch([str(folder)], corpus, engine, force=force, progress="off")
    return s.analyzed, s.skipped, s.failed


def test_rerun_skips_changed_text_replaces_force_redoes(tmp_path: Path, engine: unspin.Engine) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(article_text(i), encoding="utf-8")
    (folder / "bad.txt").write_text("")
    store = tmp_path / "c.db"
    assert batch(folder, store, engine) == (4, 0, 1)
    first = Corpus(store).get("1.txt")
    assert batch(folder, store, engine) == (0, 4, 1)  # the bad input is tried again, its row replaced
    assert len(Corpus(store).errors()) == 1

    (folder / "1.txt").write_text(article_text(1).replace("Report 1", "Report one, corrected"), encoding="utf-8")
    (folder / "bad.txt").write_text(article_text(9), encoding="utf-8")  # fixed: analyzed, its error row goes
    (folder / "3.txt").write_text(FRENCH, encoding="utf-8")  # now bad: leaves the articles for the errors
    assert batch(folder, store, engine) == (2, 2, 1)
    corpus = Corpus(store)
    changed = corpus.get("1.txt")
    assert changed.text.startswith("Report one, corrected") and changed != first
    assert corpus.connection.execute("SELECT count(*) FROM articles WHERE id = '1.txt'").fetchone() == (1,)
    assert corpus.connection.execute("SELECT count(*) FROM quotes WHERE article_id = '1.txt'").fetchone() == (len(changed.quotes),)
    assert [e["input"] for e in corpus.errors()] == ["3.txt"]
    assert sorted(a.id for a in corpus) == ["0.txt", "1.txt", "2.txt", "bad.txt"]

    before = corpus.connection.execute("SELECT analyzed_at FROM articles WHERE id = '0.txt'").fetchone()[0]
    time.sleep(1.1)
    assert batch(folder, store, engine, force=True) == (4, 0, 1)
    after = Corpus(store).connection.execute("SELECT analyzed_at FROM articles WHERE id = '0.txt'").fetchone()[0]
    assert after > before and Corpus(store).count() == 4


def make_corpus(root: Path, n_files: int, n_lines: int) -> tuple[set[str], set[str]]:
    """A folder of texts and a JSONL feed, with bad inputs among them; returns (valid ids, bad inputs)."""
    folder = root / "texts"
    folder.mkdir()
    valid, bad = set(), set()
    for i in range(n_files):
        (folder / f"{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
        valid.add(f"{i:03d}.txt")
    (folder / "empty.txt").write_text("\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 400)
    (folder / "french.txt").write_text(FRENCH, encoding="utf-8")
    bad |= {"empty.txt", "binary.txt", "french.txt"}
    feed = root / "feed.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for i in range(n_lines):
            f.write(json.dumps({"id": f"line-{i}", "text": article_text(100 + i), "outlet": "feed"}) + "\n")
            valid.add(f"line-{i}")
            if i == n_lines // 2:
                f.write("{broken json\n")
                bad.add(f"{feed.as_posix()}:{i + 2}")
    return valid, bad


def check_store(store: Path) -> list[str]:
    """Integrity: SQLite's own check, one row per id, part rows matching each stored analysis."""
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    assert len(ids) == len(set(ids))
    for id, analysis in conn.execute("SELECT id, analysis FROM articles"):
        data = json.loads(analysis)
        for table in ("quotes", "entities", "places", "sources"):
            rows = conn.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (id,)).fetchone()[0]
            assert rows == len(data[table]), (id, table)
    conn.close()
    return ids


def children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[1] == str(pid) and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_mid_run_then_rerun(tmp_path: Path, workers: int) -> None:
    valid, bad = make_corpus(tmp_path, n_files=24, n_lines=8)
    store = tmp_path / "corpus.db"
    command = [sys.executable, "-m", "unspin", "batch", str(tmp_path / "texts"), str(tmp_path / "feed.jsonl"),
               "--store", str(store), "--skip", "techniques", "--skip", "claims", "--progress", "lines",
               "--workers", str(workers)]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "UNSPIN_BATCH_SIZE": "4"})
    stored = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
        if store.exists():
            try:
                stored = Corpus(store).count()
            except (unspin.UnspinError, sqlite3.Error):
                continue  # the store is being created
            if stored >= 6:
                break
    assert run.poll() is None, "the batch ended before it could be killed; give it more inputs"
    workers_left = children(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    run.communicate(timeout=120)  # returns once every process holding the output pipes (workers too) is gone
    assert run.returncode == -signal.SIGKILL
    while time.monotonic() < killed_at + 120 and any(map(alive, workers_left)):
        time.sleep(0.2)
    assert not any(map(alive, workers_left)), "worker processes outlived the killed batch"
    print(f"workers={workers}: {len(workers_left)} child process(es) ended {time.monotonic() - killed_at:.1f} s after the kill")

    at_kill = check_store(store)
    assert 6 <= len(at_kill) < len(valid) and set(at_kill) <= valid

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    ids = check_store(store)
    assert sorted(ids) == sorted(valid)  # every valid input exactly once
    errors = Corpus(store).errors()
    assert sorted(e["input"] for e in errors) == sorted(bad)  # every bad input exactly once
    summary = rerun.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"analyzed {len(valid) - len(at_kill)}, skipped {len(at_kill)}, failed {len(bad)} ")


def test_the_same_input_listed_twice_counts_once(tmp_path: Path, engine: unspin.Engine) -> None:
    feed = tmp_path / "feed.jsonl"
    same = json.dumps({"id": "x", "text": article_text(1)})
    changed = json.dumps({"id": "x", "text": article_text(2)})
    feed.write_text(f"{same}\n{same}\n{changed}\n", encoding="utf-8")
    with Corpus(tmp_path / "c.db", readonly=False) as corpus:
        s = run_batch([str(feed)], corpus, engine, progress="off")
        assert (s.analyzed, s.skipped, s.failed) == (2, 1, 0)  # the repeat is skipped; the changed text replaces
        assert corpus.count() == 1 and corpus.get("x").text == article_text(2)
