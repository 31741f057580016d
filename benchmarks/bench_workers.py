"""Throughput of ``Engine(workers=N)`` against one worker, and resident memory per worker process.

Each configuration runs in its own child process, in alternating order, ``--repeat`` times. A run
warms up (pool start and model loading are not timed), then analyzes the same PTC training
articles with every analyzer on; the report gives articles/s, the speed-up over one worker and the
peak resident memory (VmHWM) of each process that holds an engine.

    python benchmarks/bench_workers.py [--data DIR] [--limit 100] [--workers 1 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(workers: int, data: Path, limit: int, skip: list[str]) -> dict:
    from unspin import Engine

    files = sorted((data / "ptc" / "train-articles").glob("*.txt"))[:limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    engine = Engine(workers=workers, skip=tuple(skip), check_language=False)
    list(engine.analyze_many(texts[: 2 * workers * engine.settings.batch_size]))  # warm-up: pool up, models loaded
    t0 = time.perf_counter()
    n = sum(1 for _ in engine.analyze_many(texts))
    seconds = time.perf_counter() - t0
    if workers > 1:
        rss = [peak_rss_mb(p.pid) for p in engine._pool._pool]  # noqa: SLF001 - the benchmark reads the pool's pids
    else:
        rss = [peak_rss_mb()]
    engine.close()
    return {"workers": workers, "articles": n, "seconds": seconds, "articles_per_s": n / seconds, "rss_mb": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip", nargs="*", default=[])
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
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            runs[w].append(json.loads(out.strip().splitlines()[-1]))
    best = {w: max(r, key=lambda x: x["articles_per_s"]) for w, r in runs.items()}
    base = best[min(best)]["articles_per_s"]
    print(f"{best[min(best)]['articles']} PTC training articles, skip: {args.skip or 'none'}, best of {args.repeat}")
    print(f"{'workers':<9}{'articles/s':>12}{'speed-up':>10}  peak RSS per engine process (MB)")
    for w, r in sorted(best.items()):
        print(f"{w:<9}{r['articles_per_s']:>12.2f}{r['articles_per_s'] / base:>9.2f}x  "
              + ", ".join(f"{m:.0f}" for m in r["rss_mb"]))


if __name__ == "__main__":
    main()
