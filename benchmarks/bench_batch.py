"""``unspin batch`` over a long corpus: articles/s at 1 and 2 workers, and resident memory over the run.

The corpus is BASIL's 210 articles and PTC's 371 training articles, repeated under new ids
(``fox/…#3``) to ``--articles`` inputs, written as one JSONL file (never held in memory). Each run is
a real ``unspin batch`` subprocess on a fresh store; every ``--sample`` seconds the script reads the
resident memory (VmRSS) of the batch process and of its worker processes, and how many articles the
store holds. The report gives articles/s per run, the ratio 2 workers / 1 worker, and memory early
vs late in each run (memory that grows with the corpus shows up as late ≫ early).

    python benchmarks/bench_batch.py [--data DIR] [--articles 2000] [--workers 1 2] [--skip techniques --skip claims]
                                     [--reference] [--sample 2] [--out results.json]

``--reference`` also times ``Engine.analyze_many`` alone on the same texts in a child process (no
files read, nothing stored), so ``batch_vs_reference`` is what the batch machinery costs.

DIR defaults to $UNSPIN_DATA or ../shared/data.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def texts(data: Path) -> Iterator[dict]:
    """BASIL (outlet, date, title, url) and PTC articles, in a fixed interleaved order."""
    basil = []
    for f in sorted((data / "basil" / "articles").glob("*/*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
        basil.append({"id": f"{d['source']}/{f.stem}", "text": f"{d['title']}\n\n{body}", "outlet": d["source"],
                      "published": d.get("date"), "title": d["title"]})
    ptc = [{"id": f"ptc/{f.stem}", "text": f.read_text(encoding="utf-8"), "outlet": "ptc"}
           for f in sorted((data / "ptc" / "train-articles").glob("*.txt"))]
    for a, b in itertools.zip_longest(basil, ptc):
        for x in (a, b):
            if x is not None:
                yield x


def write_corpus(path: Path, data: Path, n: int) -> dict:
    base = list(texts(data))
    words = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            rec = dict(base[i % len(base)])
            rec["id"] = f"{rec['id']}#{i // len(base)}"
            words += len(rec["text"].split())
            f.write(json.dumps(rec) + "\n")
    return {"articles": n, "distinct_texts": len(base), "mean_words": round(words / n)}


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


def stored(store: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def total(s: dict) -> float:
    """Resident memory of the batch process and its workers, MB."""
    return s["main_mb"] + sum(s["workers_mb"])


def curve(live: list[dict], n: int, total: Any) -> list[list[float]]:
    """``[stored, total RSS MB]`` at the first sample past each tenth of the run: a flat curve is memory
    that does not grow with the corpus."""
    points = []
    for k in range(1, 11):
        s = next((x for x in live if x["stored"] >= n * k / 10), None)
        if s is not None:
            points.append([s["stored"], round(total(s), 1)])
    return points


def run(corpus: Path, workdir: Path, workers: int, skip: list[str], sample: float) -> dict:
    store = workdir / f"bench-{workers}w.db"  # a fresh store per run
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "unspin", "batch", str(corpus), "--store", str(store), "--workers", str(workers),
           "--progress", "lines", "--progress-every", "60"]
    for s in skip:
        cmd += ["--skip", s]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples = []
    while proc.poll() is None:
        time.sleep(sample)
        kids = children(proc.pid)
        samples.append({"t": round(time.perf_counter() - t0, 1), "stored": stored(store),
                        "main_mb": round(rss_mb(proc.pid), 1),
                        "workers_mb": [round(rss_mb(k), 1) for k in kids]})
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {err[-2000:]}")
    n = stored(store)
    # throughput from the first stored article to the end: engine start-up is left out
    first = next((s["t"] for s in samples if s["stored"] > 0), 0.0)
    live = [s for s in samples if s["stored"] > 0 and s["main_mb"] > 0]

    quarter = max(1, len(live) // 4)
    early, late = live[:quarter], live[-quarter:]
    return {
        "workers": workers, "stored": n, "wall_s": round(seconds, 1), "summary": out.strip().splitlines()[-1],
        "articles_per_s": round(n / max(seconds - first, 1e-9), 2),
        "articles_per_s_wall": round(n / seconds, 2),
        "rss_total_mb_first_quarter_max": round(max(map(total, early)), 1) if early else None,
        "rss_total_mb_last_quarter_max": round(max(map(total, late)), 1) if late else None,
        "rss_main_mb_first_quarter_max": max((s["main_mb"] for s in early), default=None),
        "rss_main_mb_last_quarter_max": max((s["main_mb"] for s in late), default=None),
        "store_mb": round(store.stat().st_size / 2**20, 1),
        "rss_total_mb_by_tenth": curve(live, n, total),
        "samples": samples,
    }


def reference_child(corpus: Path, workers: int, skip: list[str]) -> None:
    """In a child process: ``Engine.analyze_many`` over the same texts, nothing read from files and
    nothing stored; the rate from the first result on, as for the batch runs."""
    import unspin

    def articles() -> Iterator[unspin.Article]:
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                yield unspin.Article(text=rec["text"], id=rec["id"], outlet=rec["outlet"])

    engine = unspin.Engine(workers=workers, skip=tuple(skip))
    t0 = time.perf_counter()
    first, n = None, 0
    for a in engine.analyze_many(articles(), on_error="yield"):
        n += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    engine.close()
    print(json.dumps({"reference": True, "workers": workers, "analyzed": n, "wall_s": round(end - t0, 1),
                      "articles_per_s": round((n - 1) / max(end - (first or t0), 1e-9), 2)}))


def reference(corpus: Path, workers: int, skip: list[str]) -> dict:
    cmd = [sys.executable, __file__, "--child-reference", str(corpus), "--workers", str(workers)]
    for x in skip:
        cmd += ["--skip", x]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("UNSPIN_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip", action="append", default=[], help="analyzers to leave out (repeatable)")
    parser.add_argument("--sample", type=float, default=2.0, help="seconds between memory samples")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write the full results (with samples) as JSON")
    parser.add_argument("--reference", action="store_true",
                        help="also time Engine.analyze_many alone (no files, no store) on the same texts")
    parser.add_argument("--child-reference", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_reference:
        reference_child(args.child_reference, args.workers[0], args.skip)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="unspin-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / "corpus.jsonl"
    info = write_corpus(corpus, args.data, args.articles)
    info.update(cpu_count=os.cpu_count(), affinity=len(os.sched_getaffinity(0)), skip=args.skip)
    print(json.dumps(info), flush=True)
    results = []
    for w in args.workers:
        if args.reference:
            ref = reference(corpus, w, args.skip)
            print(json.dumps(ref), flush=True)
        r = run(corpus, workdir, w, args.skip, args.sample)
        if args.reference:
            r["reference_articles_per_s"] = ref["articles_per_s"]
            r["batch_vs_reference"] = round(r["articles_per_s"] / ref["articles_per_s"], 2)
        results.append(r)
        print(json.dumps({k: v for k, v in r.items() if k != "samples"}), flush=True)
    rates: dict[int, list[float]] = {}
    for r in results:
        rates.setdefault(r["workers"], []).append(r["articles_per_s"])
    if 1 in rates and 2 in rates:  # list --workers 1 2 2 1 to alternate runs on a machine whose load varies
        one, two = statistics.median(rates[1]), statistics.median(rates[2])
        print(f"2 workers / 1 worker: {two / one:.2f}x (median {two:.2f} vs {one:.2f} articles/s after start-up; "
              f"runs: 1 worker {rates[1]}, 2 workers {rates[2]})")
    if args.out:
        args.out.write_text(json.dumps({"corpus": info, "runs": results}, indent=1))


if __name__ == "__main__":
    main()
