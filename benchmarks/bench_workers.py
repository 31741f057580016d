"""Throughput of ``Engine(workers=N)`` against one worker, and resident memory per worker process.

Each configuration runs in its own child process, in alternating order, ``--repeat`` times. A run
warms up (pool start and model loading are not timed), then analyzes the same PTC training
articles with every analyzer on; the report gives articles/s, the speed-up over one worker and the
resident memory of each process that holds an engine: after warming up ("loaded"), at the end, and
its peak (VmHWM, which includes loading).

    python benchmarks/bench_workers.py [--data DIR] [--limit 100] [--workers 1 2] [--repeat 2] [--allow-torch]

As in bench_analyze.py, ``import torch`` is blocked in every process (the worker processes too)
unless ``--allow-torch``: torch is not a runtime dependency, but when the ``train`` extra is
installed spaCy's thinc imports it, which adds ~180 MB resident to each process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

if os.environ.get("UNSPIN_BENCH_BLOCK_TORCH") == "1":  # set for the children; spawned workers import this module
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError, as without it

from unspin.memory import resident_mb  # noqa: E402 - light: imports neither spaCy nor torch


def child(workers: int, data: Path, limit: int, skip: list[str]) -> dict:
    from unspin import Engine

    files = sorted((data / "ptc" / "train-articles").glob("*.txt"))[:limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    engine = Engine(workers=workers, skip=tuple(skip), check_language=False)
    list(engine.analyze_many(texts[: 2 * workers * engine.settings.batch_size]))  # warm-up: pool up, models loaded
    pids = [p.pid for p in engine._pool._pool] if workers > 1 else ["self"]  # noqa: SLF001 - the benchmark reads the pool's pids
    loaded = [resident_mb(p) for p in pids]
    t0 = time.perf_counter()
    n = sum(1 for _ in engine.analyze_many(texts))
    seconds = time.perf_counter() - t0
    end = [resident_mb(p) for p in pids]
    peak = [resident_mb(p, "VmHWM") for p in pids]
    engine.close()
    return {"workers": workers, "articles": n, "seconds": seconds, "articles_per_s": n / seconds,
            "rss_loaded_mb": loaded, "rss_end_mb": end, "rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip", nargs="*", default=[])
    parser.add_argument("--allow-torch", action="store_true", help="let spaCy's thinc import torch when installed")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from unspin.paths import corpora_dir

    data = corpora_dir(args.data)
    if data is None:
        sys.exit("no corpora: pass --data or set UNSPIN_DATA")
    if args.child:
        print(json.dumps(child(args.child, data, args.limit, args.skip)))
        return
    runs: dict[int, list[dict]] = {w: [] for w in args.workers}
    for i in range(args.repeat):
        order = args.workers if i % 2 == 0 else list(reversed(args.workers))
        for w in order:
            cmd = [sys.executable, __file__, "--child", str(w), "--data", str(data), "--limit", str(args.limit),
                   "--skip", *args.skip]
            env = {**os.environ, "UNSPIN_BENCH_BLOCK_TORCH": "0" if args.allow_torch else "1"}
            out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
            runs[w].append(json.loads(out.strip().splitlines()[-1]))
    best = {w: max(r, key=lambda x: x["articles_per_s"]) for w, r in runs.items()}
    base = best[min(best)]["articles_per_s"]
    print(f"{best[min(best)]['articles']} PTC training articles, skip: {args.skip or 'none'}, best of {args.repeat}"
          + ("" if args.allow_torch else ", torch blocked"))
    print(f"{'workers':<9}{'articles/s':>12}{'speed-up':>10}  RSS per engine process, loaded / end / peak (MB)")
    for w, r in sorted(best.items()):
        print(f"{w:<9}{r['articles_per_s']:>12.2f}{r['articles_per_s'] / base:>9.2f}x  " + ", ".join(
            f"{a:.0f} / {b:.0f} / {c:.0f}" for a, b, c in zip(r["rss_loaded_mb"], r["rss_end_mb"], r["rss_mb"])))
    if len(runs) and args.repeat > 1:
        print("every run (articles/s; peak MB): " + "; ".join(
            f"{w}: " + ", ".join(f"{x['articles_per_s']:.2f} ({max(x['rss_mb']):.0f})" for x in r) for w, r in runs.items()))


if __name__ == "__main__":
    main()
