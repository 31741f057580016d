"""Rebuild the shipped reference table (``unspin/data/reference_rates.json``) from mainstream news.

Two steps, so the slow one can resume:

1. ``python -m unspin.training.reference analyze --data ../shared/data --out rates.jsonl``: a seeded
   sample of PolNeAR articles (its seven publishers, train and dev) and every BASIL article, each
   analyzed with all analyzers on; one JSON line per article with the rates of
   :func:`unspin.reference.article_rates` and the check-worthiness score of every sentence.
   Rerunning skips the ids already in ``--out``.
2. ``python -m unspin.training.reference table rates.jsonl``: the quantiles (every 1%) of each rate,
   written to ``src/unspin/data/reference_rates.json`` with what made them.

Research code: the runtime never imports this module.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..article import Article
from ..reference import METRICS, TECHNIQUE_PREFIX, article_rates

PUBLISHERS = ("breitbart", "huff-post", "nyt", "politico", "usa-today", "wash-post", "west-journal")
TABLE = Path(__file__).resolve().parents[1] / "data" / "reference_rates.json"


def polnear_sample(root: Path, per_publisher: int, seed: int) -> list[Article]:
    """``per_publisher`` PolNeAR articles of each of the seven publishers (train and dev), seeded."""
    base = root / "polnear"
    by_pub: dict[str, list[tuple[str, dict[str, str]]]] = {p: [] for p in PUBLISHERS}
    with open(base / "metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = base / row["compartment"] / "text" / f"{row['filename']}.txt"
            if row["publisher"] in by_pub and path.is_file():
                by_pub[row["publisher"]].append((str(path), row))
    rng = random.Random(seed)
    out = []
    for pub in PUBLISHERS:
        rows = sorted(by_pub[pub])
        for path, row in rng.sample(rows, min(per_publisher, len(rows))):
            text = Path(path).read_text(encoding="utf-8")
            out.append(Article(text=text, id=f"polnear/{row['filename']}", outlet=pub,
                               published=row["publication_date"] or None, title=row["title"] or None))
    return out


def basil_articles(root: Path, limit: int | None = None, seed: int = 13) -> list[Article]:
    """BASIL articles (title, blank line, paragraphs), optionally a seeded sample of ``limit``."""
    paths = sorted((root / "basil" / "articles").glob("*/*.json"))
    if limit is not None and limit < len(paths):
        paths = sorted(random.Random(seed).sample(paths, limit))
    out = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in data.get("body-paragraphs", []))
        title = data.get("title") or ""
        out.append(Article(text=f"{title}\n\n{body}" if title else body, id=f"basil/{path.stem}",
                           outlet=(data.get("source") or "").lower() or None, published=data.get("date") or None, title=title or None,
                           url=data.get("url")))
    return out


def analyze(args: argparse.Namespace) -> None:
    from ..engine import Engine, Failed

    root = Path(args.data)
    articles = polnear_sample(root, args.per_publisher, args.seed) + basil_articles(root, args.basil, args.seed)
    out = Path(args.out)
    done: set[str] = set()
    if out.exists():
        done = {json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines() if line.strip()}
    todo = [a for a in articles if a.id not in done]
    print(f"{len(articles)} articles in the sample, {len(done)} done, {len(todo)} to analyze", file=sys.stderr)
    engine = Engine(workers=1).load()
    start = time.perf_counter()
    with out.open("a", encoding="utf-8") as fh:
        for i, result in enumerate(engine.analyze_many(todo, on_error="yield"), 1):
            if isinstance(result, Failed):
                print(f"failed {result.id}: {result.reason}", file=sys.stderr)
                continue
            row = {"id": result.id, "outlet": result.outlet, "rates": article_rates(result),
                   "claim_scores": [round(c.score, 4) for c in result.claims],
                   "versions": result.metadata.get("versions"),
                   "operating_point": result.metadata.get("techniques_operating_point")}
            fh.write(json.dumps(row) + "\n")
            fh.flush()
            if i % 20 == 0:
                rate = i / (time.perf_counter() - start)
                print(f"{i}/{len(todo)} analyzed, {rate:.2f} articles/s", file=sys.stderr)
    print(f"done: {len(todo)} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def build_table(rows: list[dict[str, Any]], step: int = 1) -> dict[str, Any]:
    """The reference table from per-article rows: quantiles every ``step`` % of each metric."""
    levels = np.arange(0, 100 + step, step) / 100
    values: dict[str, list[float]] = {}
    for row in rows:
        for metric, value in row["rates"].items():
            if value is not None:
                values.setdefault(metric, []).append(float(value))
        values.setdefault("claim_score", []).extend(float(s) for s in row.get("claim_scores", []))
    metrics = {}
    for metric, vals in sorted(values.items()):
        arr = np.asarray(vals)
        metrics[metric] = {"n": int(arr.size), "mean": round(float(arr.mean()), 4),
                           "quantiles": [round(float(q), 4) for q in np.quantile(arr, levels)]}
    versions = sorted({json.dumps(r.get("versions"), sort_keys=True) for r in rows})
    outlets: dict[str, int] = {}
    for r in rows:
        name = (r.get("outlet") or "?").lower()
        outlets[name] = outlets.get(name, 0) + 1
    ops = sorted({r.get("operating_point") or "" for r in rows})
    return {
        "about": {
            "what": "Quantiles (every 1%) of per-article rates over mainstream news, analyzed with unspin's shipped models.",
            "corpora": "PolNeAR (Newell et al. 2018; seven publishers) and BASIL (Fan et al. 2019; fox, nyt, hpo)",
            "articles": len(rows),
            "outlets": dict(sorted(outlets.items())),
            "versions": json.loads(versions[0]) if len(versions) == 1 else [json.loads(v) for v in versions],
            "operating_point": ops[0] if len(ops) == 1 else ops,
            "built": dt.date.today().isoformat(),
            "command": "python -m unspin.training.reference analyze --data ../shared/data --out rates.jsonl && "
                       "python -m unspin.training.reference table rates.jsonl",
            "metrics_doc": {**METRICS, TECHNIQUE_PREFIX + "<Technique>": "Spans of one technique per 1,000 words."},
        },
        "metrics": metrics,
    }


def table(args: argparse.Namespace) -> None:
    rows = [json.loads(line) for line in Path(args.rates).read_text(encoding="utf-8").splitlines() if line.strip()]
    data = build_table(rows)
    out = Path(args.out)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(rows)} articles, {len(data['metrics'])} metrics, {out.stat().st_size} bytes", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m unspin.training.reference", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    a = sub.add_parser("analyze", help="Analyze the sample; one JSON line of rates per article (resumes).")
    a.add_argument("--data", default="../shared/data", help="Folder holding polnear/ and basil/.")
    a.add_argument("--out", default="rates.jsonl")
    a.add_argument("--per-publisher", type=int, default=45, help="PolNeAR articles per publisher.")
    a.add_argument("--basil", type=int, default=None, help="BASIL articles (default: all 210).")
    a.add_argument("--seed", type=int, default=13)
    t = sub.add_parser("table", help="Write the quantile table from the rates file.")
    t.add_argument("rates")
    t.add_argument("--out", default=str(TABLE))
    args = parser.parse_args(argv)
    {"analyze": analyze, "table": table}[args.step](args)


if __name__ == "__main__":
    main()
