"""Speed of ``unspin compare`` on three ~800-word reports of one event, on this machine.

Times, in one process: loading the engine and encoder (cold start), analyzing the three articles with
one engine, and ``compare()`` on the analyzed articles; each warm step ``--repeat`` times (median).
The reference is spaCy's small pipeline alone over the same three texts in the same process, so the
report also gives the ratio (analysis + comparison) / spaCy, which carries across machines.

    python benchmarks/bench_compare.py [--data DIR] [--repeat 3] [--threads 2]

Texts: the BASIL event whose three articles are closest to 800 words each (DIR defaults to
$UNSPIN_DATA or ../shared/data); without BASIL, the three test reports, each repeated to ~800 words.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def texts(data: str | None) -> tuple[str, list[tuple[str, str, str]]]:
    from unspin.paths import corpora_dir

    root = corpora_dir(data)
    if root is not None and (root / "basil").is_dir():
        from collections import defaultdict

        from unspin.training.basil import load_basil

        events = defaultdict(list)
        for b in load_basil(root / "basil"):
            events[b.event].append(b)
        best = min(events.values(), key=lambda arts: sum(abs(len(a.text.split()) - 800) for a in arts))
        return f"BASIL event {best[0].event}", [(a.id, a.outlet, a.text) for a in best]
    out = []
    for p in sorted((REPO / "tests" / "data" / "compare").glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        title, body = t.split("\n\n", 1)
        reps = max(1, round(800 / len(body.split())))
        out.append((p.stem, p.stem, title + "\n\n" + "\n\n".join([body.strip()] * reps) + "\n"))
    return "test reports repeated to ~800 words", out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    what, items = texts(args.data)

    t0 = time.perf_counter()
    from unspin import Engine
    from unspin.compare import compare
    from unspin.loading import nlp, sentence_encoder

    engine = Engine(threads=args.threads, workers=1, check_language=False).load()
    sentence_encoder(threads=args.threads)
    load_s = time.perf_counter() - t0

    def analyze_all() -> list:
        return [engine.analyze(text, id=i, outlet=o) for i, o, text in items]

    def spacy_all() -> None:
        list(nlp().pipe([t for _, _, t in items]))

    analyzed = analyze_all()  # warm-up
    compare(analyzed)
    spacy_all()
    analyze_s, compare_s, spacy_s = [], [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        spacy_all()
        spacy_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        analyzed = analyze_all()
        analyze_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        compare(analyzed)
        compare_s.append(time.perf_counter() - t)
    a, c, s = (statistics.median(x) for x in (analyze_s, compare_s, spacy_s))
    print(json.dumps({
        "texts": what, "words": [len(t.split()) for _, _, t in items], "threads": args.threads,
        "cold_start_load_s": round(load_s, 2), "analyze_three_s": round(a, 2), "compare_s": round(c, 2),
        "analyze_plus_compare_s": round(a + c, 2), "first_run_total_s": round(load_s + a + c, 2),
        "spacy_reference_s": round(s, 3), "ratio_to_spacy": round((a + c) / s, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
