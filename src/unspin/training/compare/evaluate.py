"""Evaluate ``unspin events`` and ``unspin compare`` on BASIL (70 events x Fox News / NYT / HuffPost).

    python -m unspin.training.compare.evaluate build  [--data DIR] [--db basil.db]   # analyze the 210 articles into a store
    python -m unspin.training.compare.evaluate events [--db basil.db] [--window 7]    # event grouping: B-cubed P/R/F1
    python -m unspin.training.compare.evaluate facts  [--data DIR] [--db basil.db] [--sample 12]  # facts and labels vs bias spans

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
from unspin.training.basil import bcubed

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


class CachedEncoder:
    """The shipped encoder, remembering each text's vector so a sweep encodes every lead once."""

    def __init__(self) -> None:
        from unspin.loading import sentence_encoder

        self.encoder, self.cache = sentence_encoder(), {}

    def encode(self, texts):
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            self.cache.update(zip(todo, self.encoder.encode(todo)))
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def _grouped(db: str, encoder, ids=None, fresh=True, **kw):
    from unspin.events import group_events

    con = sqlite3.connect(":memory:")
    sqlite3.connect(db).backup(con)
    if fresh:
        for t in ("events", "event_info", "event_features"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
    found = group_events(con, encoder=encoder, ids=ids, **kw)
    return con, {a: e["id"] for e in found for a in e["articles"]}


def events(args: argparse.Namespace) -> None:
    """Choose threshold and name weight on the 2010-2012 events, then score 2013-2016 and everything."""
    from unspin.events import NAMES_WEIGHT, THRESHOLD

    con = sqlite3.connect(args.db)
    years = dict(con.execute("SELECT id, substr(published, 1, 4) FROM articles"))
    gold = {a: a.rsplit("_", 1)[0] for a in years}
    tune = {a for a, y in years.items() if y <= "2012"}
    held = set(years) - tune
    enc = CachedEncoder()
    sweep = []
    for weight in (0.0, 0.25, 0.5, 0.75):
        for t in [round(0.5 + 0.02 * i, 2) for i in range(21)]:
            _, pred = _grouped(args.db, enc, window_days=args.window, threshold=t, names_weight=weight)
            sub = {a: pred[a] for a in tune}
            sweep.append((bcubed(sub, {a: gold[a] for a in tune})["f1"], weight, t))
    best = max(sweep)
    out = {"tuned_on": f"{len(tune)} articles dated 2010-2012", "best_on_tuning_years": {"f1": best[0],
           "names_weight": best[1], "threshold": best[2],
           "settings_reaching_it": [[w, t] for f, w, t in sweep if f == best[0]]}, "shipped": {"threshold": THRESHOLD, "names_weight": NAMES_WEIGHT}}
    t0 = time.perf_counter()
    _, pred = _grouped(args.db, None, window_days=args.window)
    out["seconds_all_articles_fresh_encoder"] = round(time.perf_counter() - t0, 1)
    out["all_pooled"] = bcubed(pred, gold)
    out["held_out_2013_2016"] = bcubed({a: pred[a] for a in held}, {a: gold[a] for a in held})
    out["tuning_years_2010_2012"] = bcubed({a: pred[a] for a in tune}, {a: gold[a] for a in tune})
    out["events_found"] = len(set(pred.values()))
    # Incremental: two thirds first (a seeded shuffle), then the rest joins the stored events.
    ids = sorted(years)
    random.Random(7).shuffle(ids)
    first = set(ids[: len(ids) * 2 // 3])
    mem, _ = _grouped(args.db, enc, ids=first, window_days=args.window)
    from unspin.events import group_events

    found = group_events(mem, encoder=enc, window_days=args.window)
    out["incremental_two_thirds_then_rest"] = bcubed({a: e["id"] for e in found for a in e["articles"]}, gold)
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
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--threshold", type=float, default=None, help="facts: alignment threshold (default: shipped)")
        p.add_argument("--actors", help="JSON {article id: actors} made by the actors analyzer (facts: labels vs lex spans)")
    args = parser.parse_args()
    {"build": build, "events": events, "facts": facts}[args.cmd](args)


def _plain(obj):
    from dataclasses import asdict, is_dataclass

    return asdict(obj) if is_dataclass(obj) else obj


def _overlaps(span, ranges) -> bool:
    return any(s < span.end and span.start < e for s, e in ranges)


def facts(args: argparse.Namespace) -> None:
    """Per event: compare the three reports; where do the bias spans fall; a sample of facts told by all."""
    from unspin.compare import compare
    from unspin.compare.corpus import load_articles
    from unspin.training.basil import load_basil

    from unspin.compare.facts import THRESHOLD

    args.threshold = args.threshold or THRESHOLD
    items = {b.id: b for b in load_basil(basil_root(args.data))}
    by_event = defaultdict(list)
    for b in items.values():
        by_event[b.event].append(b.id)
    actors = {}
    if args.actors:
        actors = {k: v for k, v in json.loads(Path(args.actors).read_text(encoding="utf-8")).items()}
    enc = CachedEncoder()
    where = {"inf": Counter(), "lex": Counter(), "sentences": Counter()}
    told_all, seconds, n_facts = [], [], Counter()
    label_hits = defaultdict(Counter)
    for event, ids in sorted(by_event.items()):
        ids = sorted(ids, key=lambda i: int(i.rsplit("_", 1)[1]))
        arts = load_articles(args.db, ids, check_language=False)
        for a in arts:
            if a.id in actors:
                a.actors = actors[a.id]  # the actors branch's output, attached for this measurement
        t0 = time.perf_counter()
        c = compare(arts, encoder=enc, threshold=args.threshold)
        seconds.append(time.perf_counter() - t0)
        ranges = {k: defaultdict(list) for k in ("all", "some", "one")}
        for f in c.facts:
            n_facts[f.told_by] += 1
            for s in f.sentences:
                ranges[f.told_by][s.article].append((s.start, s.end))
                where["sentences"][f.told_by] += 1
            if f.told_by == "all":
                told_all.append({"event": event, "fact": f.id, "similarity": f.similarity,
                                 "sentences": {items[s.article].outlet: s.text for s in f.sentences}})
        for a in arts:
            for span in items[a.id].spans:
                kind = next((k for k in ("all", "some", "one") if _overlaps(span, ranges[k][a.id])), "no fact")
                where[span.bias][kind] += 1
            # Labels the actors analyzer gives, against the lexical-bias spans of the same article.
            lex = [(s.start, s.end) for s in items[a.id].spans if s.bias == "lex"]
            outlet = items[a.id].outlet
            actors_here = [_plain(x) for x in getattr(a, "actors", None) or []]  # dicts, or the analyzer's dataclasses
            for actor in actors_here:
                for label in actor.get("labels") or []:
                    if label.get("kind", "label") == "name":
                        continue
                    for m in label.get("mentions") or []:
                        hit = any(s < m["end"] and m["start"] < e for s, e in lex)
                        key = "evaluative" if label.get("evaluative") else "other"
                        label_hits[outlet][f"{key}_mentions"] += 1
                        label_hits[outlet][f"{key}_in_lex_span"] += int(hit)
            label_hits[outlet]["lex_spans"] += len(lex)
            label_mentions = [(m["start"], m["end"]) for actor in actors_here
                              for label in actor.get("labels") or [] if label.get("kind", "label") != "name"
                              for m in label.get("mentions") or []]
            label_hits[outlet]["lex_spans_with_a_label"] += sum(
                any(s < e2 and s2 < e for s2, e2 in label_mentions) for s, e in lex)
    def shares(counter):
        total = sum(counter.values())
        return {k: {"n": v, "share": round(v / total, 3)} for k, v in sorted(counter.items())}
    rng = random.Random(args.seed)
    out = {
        "threshold": args.threshold, "events": len(by_event), "facts": dict(n_facts),
        "informational_bias_spans": shares(where["inf"]),
        "lexical_bias_spans": shares(where["lex"]),
        "fact_sentences": shares(where["sentences"]),
        "compare_seconds_per_event": {"mean": round(sum(seconds) / len(seconds), 3), "max": round(max(seconds), 3)},
        "labels_vs_lexical_spans": {k: dict(v) for k, v in label_hits.items()} if actors else "not measured (no --actors)",
        "sample_told_by_all": rng.sample(told_all, min(args.sample, len(told_all))),
    }
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
