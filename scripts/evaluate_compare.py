"""Evaluate ``unspin events`` and ``unspin compare`` on BASIL (70 events x Fox News / NYT / HuffPost).

    python scripts/evaluate_compare.py build  [--data DIR] [--db basil.db]   # analyze the 210 articles into a store
    python scripts/evaluate_compare.py events [--db basil.db] [--window 7]    # event grouping: B-cubed P/R/F1
    python scripts/evaluate_compare.py facts  [--data DIR] [--db basil.db] [--sample 12]  # facts and labels vs bias spans

``build`` writes the store's ``articles`` table (the columns of the store contract) itself when
``unspin.Corpus`` offers no writer, so the evaluation runs on any branch. DIR defaults to $UNSPIN_DATA
or ../shared/data. The figures go to docs/compare.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from unspin.paths import corpora_dir

ARTICLES_SQL = """CREATE TABLE IF NOT EXISTS articles(id TEXT PRIMARY KEY, url TEXT, outlet TEXT, published TEXT,
title TEXT, text TEXT, hash TEXT, words INTEGER, analysis TEXT, versions TEXT, analyzed_at TEXT)"""


def basil_root(data: str | None) -> Path:
    root = corpora_dir(data)
    if root is None or not (root / "basil").is_dir():
        sys.exit("needs ../shared/data/basil (or --data / $UNSPIN_DATA)")
    return root / "basil"


def build(args: argparse.Namespace) -> None:
    from unspin import Engine
    from unspin.training.basil import load_basil

    items = load_basil(basil_root(args.data))
    engine = Engine(workers=args.workers, check_language=False)
    con = sqlite3.connect(args.db)
    con.execute(ARTICLES_SQL)
    done = {r[0] for r in con.execute("SELECT id FROM articles")}
    todo = [b for b in items if b.id not in done]
    t0 = time.perf_counter()
    read = [engine.read(b.text, id=b.id, outlet=b.outlet, published=b.published, title=b.title) for b in todo]
    for n, article in enumerate(engine.analyze_many(read), 1):
        d = article.to_dict()
        con.execute("INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (article.id, article.url, article.outlet, d["published"], article.title, article.text, article.hash,
                     len(article.text.split()), json.dumps(d), json.dumps(article.metadata.get("versions")),
                     article.metadata.get("analyzed_at")))
        if n % 10 == 0:
            con.commit()
            print(f"{n}/{len(todo)} {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    con.commit()
    print(f"analyzed {len(todo)} articles in {time.perf_counter() - t0:.0f}s into {args.db}")


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering ``pred`` (item → cluster) against ``gold``."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, c in pred.items():
        by_pred[c].add(item)
    for item, c in gold.items():
        by_gold[c].add(item)
    items = list(gold)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4), "items": len(items)}


def events(args: argparse.Namespace) -> None:
    from unspin.events import group_events

    con = sqlite3.connect(args.db)
    con.execute("DROP TABLE IF EXISTS events")
    con.execute("DROP TABLE IF EXISTS event_info")
    con.execute("DROP TABLE IF EXISTS event_features")
    con.commit()
    con.close()
    t0 = time.perf_counter()
    found = group_events(args.db, window_days=args.window)
    seconds = time.perf_counter() - t0
    pred = {a: e["id"] for e in found for a in e["articles"]}
    gold = {a: a.rsplit("_", 1)[0] for a in pred}
    out = {"all": bcubed(pred, gold), "events_found": len(found), "seconds": round(seconds, 1)}
    # Incremental: group two thirds first, then let the rest join.
    con = sqlite3.connect(args.db)
    for t in ("events", "event_info", "event_features"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    con.commit()
    ids = sorted(pred)
    rng = random.Random(7)
    rng.shuffle(ids)
    first = set(ids[: len(ids) * 2 // 3])
    group_events(args.db, window_days=args.window, ids=first)
    found = group_events(args.db, window_days=args.window)
    pred2 = {a: e["id"] for e in found for a in e["articles"]}
    out["incremental_two_thirds_then_rest"] = bcubed(pred2, gold)
    print(json.dumps(out, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("build", "events", "facts"):
        p = sub.add_parser(name)
        p.add_argument("--data")
        p.add_argument("--db", default="basil.db")
        p.add_argument("--workers", type=int, default=1)
        p.add_argument("--window", type=int, default=7)
        p.add_argument("--sample", type=int, default=12)
    args = parser.parse_args()
    {"build": build, "events": events, "facts": facts}[args.cmd](args)


def facts(args: argparse.Namespace) -> None:
    raise SystemExit("facts: see below")


if __name__ == "__main__":
    main()
