"""Articles per second of ``--engine ray`` against the local engine, on the same texts, on this machine.

Both analyze the same PTC training articles (repeated under new ids up to ``--limit``), with the same
analyzers; the local engine in this process with ``--workers`` processes, Ray with ``--actors``
actors. Times include loading (the engine, or Ray and its actors), because a batch run pays them.
Ray probes the network when it starts, so run this inside a network namespace:

    unshare -n bash -c 'ip link set lo up; python benchmarks/bench_ray.py --limit 200'

Prints one JSON line per engine and the ratio ray / local.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def texts(data: Path, limit: int) -> list[str]:
    files = sorted((data / "ptc" / "train-articles").glob("*.txt"))
    base = [f.read_text(encoding="utf-8") for f in files]
    return [base[i % len(base)] for i in range(limit)]


def run(kind: str, items: list[str], skip: tuple[str, ...], workers: int, actors: int) -> dict:
    from unspin import Article, Engine
    from unspin.batch.ray_engine import RayEngine

    articles = [Article(text=t, id=f"{i}") for i, t in enumerate(items)]
    start = time.perf_counter()
    engine = RayEngine(skip=skip, actors=actors) if kind == "ray" else Engine(skip=skip, workers=workers)
    with engine:
        done = sum(1 for r in engine.analyze_many(articles, on_error="yield") if isinstance(r, Article))
    seconds = time.perf_counter() - start
    return {"engine": kind, "articles": done, "seconds": round(seconds, 1), "per_s": round(done / seconds, 3),
            "workers": workers if kind == "local" else None, "actors": actors if kind == "ray" else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.environ.get("UNSPIN_DATA", "../shared/data"))
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--skip", action="append", default=[], help="Analyzers to leave out (repeatable).")
    parser.add_argument("--ray-first", action="store_true", help="Run Ray before the local engine (alternate runs on a busy machine).")
    args = parser.parse_args()
    items = texts(Path(args.data), args.limit)
    results = {}
    for kind in (("ray", "local") if args.ray_first else ("local", "ray")):
        results[kind] = run(kind, items, tuple(args.skip), args.workers, args.actors)
        print(json.dumps(results[kind]), flush=True)
    local, ray = results["local"], results["ray"]
    print(json.dumps({"ratio_ray_over_local": round(ray["per_s"] / local["per_s"], 3)}))


if __name__ == "__main__":
    main()
