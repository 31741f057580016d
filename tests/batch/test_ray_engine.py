"""`unspin batch --engine ray` fills the same store as the local engine, for the same inputs.

Ray probes the network when it starts, so each run goes in a subprocess inside its own network
namespace with loopback alone (`unshare -n`); the test skips when Ray is not installed or the
namespace cannot be made.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "seed.txt"

pytestmark = pytest.mark.slow


def _can_unshare() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed (pip install 'unspin[ray]')")
needs_netns = pytest.mark.skipif(not _can_unshare(), reason="cannot make a network namespace (unshare -n) to keep Ray offline")


def batch(*args: str) -> subprocess.CompletedProcess[str]:
    """`unspin batch ARGS` in a network namespace with loopback alone."""
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "unspin", "batch", *args))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH")) if p),
           "RAY_USAGE_STATS_ENABLED": "0"}
    return subprocess.run(["unshare", "-n", "bash", "-c", f"ip link set lo up; exec {command}"],
                          capture_output=True, text=True, env=env, timeout=900)


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in a fixed order, less the moment each analysis ran."""
    conn = sqlite3.connect(db)
    out: dict[str, list[tuple]] = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        keep = [c for c in cols if c not in ("analyzed_at", "at")]
        found = []
        for row in conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in keep)} FROM "{table}"'):
            row = dict(zip(keep, row))
            if "analysis" in row:
                analysis = json.loads(row["analysis"])
                analysis["metadata"].pop("analyzed_at", None)
                row["analysis"] = analysis
            found.append(tuple(json.dumps(v, sort_keys=True) for v in row.values()))
        out[table] = sorted(found)
    conn.close()
    return out


@needs_ray
@needs_netns
def test_ray_engine_fills_the_same_store_as_the_local_one(tmp_path: Path) -> None:
    inputs = tmp_path / "feed.jsonl"
    records = [
        {"id": "seed", "text": SEED.read_text(encoding="utf-8"), "outlet": "example.org", "published": "2019-10-14"},
        {"id": "bridge", "text": "The mayor said on Tuesday that the Elm Street bridge would reopen next week. "
                                 "\"We are on schedule,\" she told reporters in Springfield, Illinois.",
         "url": "https://news.example.com/bridge"},
        {"id": "empty", "text": "   "},
    ]
    inputs.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json at all\n", encoding="utf-8")
    common = ["--skip", "techniques", "--skip", "claims", "--progress", "off"]
    local = batch(str(inputs), "--store", str(tmp_path / "local.db"), *common)
    assert local.returncode == 0, local.stderr
    ray = batch(str(inputs), "--store", str(tmp_path / "ray.db"), *common, "--engine", "ray", "--ray-actors", "2")
    assert ray.returncode == 0, ray.stderr
    assert "Traceback" not in ray.stderr
    local_rows, ray_rows = rows(tmp_path / "local.db"), rows(tmp_path / "ray.db")
    assert len(local_rows["articles"]) == 2 and len(local_rows["errors"]) == 2
    assert local_rows["quotes"], "the seed has quotes: the comparison must cover them"
    assert ray_rows == local_rows


def test_without_ray_the_engine_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin import Article, UnspinError
    from unspin.batch.ray_engine import RayEngine

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails as if it were not installed
    engine = RayEngine(skip=("techniques", "claims"))
    assert list(engine.analyze_many([])) == []  # nothing to do: Ray is not even started
    with pytest.raises(UnspinError, match=r"unspin\[ray\]"):
        list(engine.analyze_many([Article(text="The mayor said the bridge would reopen.", id="a")]))
