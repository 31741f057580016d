"""How `unspin events` grows with the corpus: time per article at several corpus sizes, same news density.

Synthetic stores (no model): N articles over N / DENSITY days, three reports per story, each article's
vector its story's direction plus noise (a stand-in encoder), a few name words per story. With
blocking by date window the time per article should stay flat as N grows; an all-pairs method would
grow linearly per article (quadratically in all).

    python benchmarks/bench_events.py [--sizes 2000 8000 32000] [--density 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from unspin.events import group_events


class StoryEncoder:
    """Vectors from the story number in a headline "story N": the story's direction plus noise."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.directions: dict[int, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        out = []
        for t in texts:
            story = int(t.split("story ", 1)[1].split(".", 1)[0])
            if story not in self.directions:
                self.directions[story] = self.rng.normal(size=384)
            v = self.directions[story] + self.rng.normal(scale=0.8, size=384)
            out.append(v / np.linalg.norm(v))
        return np.asarray(out, dtype=np.float32)


def make_store(path: Path, n: int, density: int) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE articles(id TEXT PRIMARY KEY, url TEXT, outlet TEXT, published TEXT, title TEXT, "
                "text TEXT, hash TEXT, words INTEGER, analysis TEXT, versions TEXT, analyzed_at TEXT)")
    start = dt.date(2020, 1, 1)
    rows = []
    for i in range(n):
        story = i // 3
        day = start + dt.timedelta(days=(story * 3) // density + (i % 3))
        names = [{"text": f"Name{story % 997}", "label": "PERSON"}, {"text": f"Place{story % 211}", "label": "GPE"}]
        analysis = {"text": "", "title": f"story {story}", "sentences": [], "entities": names}
        rows.append((f"a{i}", None, "outlet", day.isoformat(), f"story {story}", "", "", 0, json.dumps(analysis), None, None))
    con.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000])
    parser.add_argument("--density", type=int, default=100, help="articles per day")
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "corpus.db"
            make_store(db, n, args.density)
            t0 = time.perf_counter()
            found = group_events(db, encoder=StoryEncoder())
            seconds = time.perf_counter() - t0
            results.append({"articles": n, "events": len(found), "seconds": round(seconds, 2),
                            "ms_per_article": round(1000 * seconds / n, 3)})
            print(json.dumps(results[-1]), flush=True)
    base = results[0]["ms_per_article"]
    print(json.dumps({"ms_per_article_ratio_to_smallest": [round(r["ms_per_article"] / base, 2) for r in results]}))


if __name__ == "__main__":
    main()
