"""Where an engine process's resident memory goes: RSS after each loading step and while analyzing.

One process loads unspin step by step (imports, spaCy, the gazetteer, the models), warms up on two
articles, then analyzes the first ``--limit`` PTC training articles through ``Engine.analyze_many``
with every analyzer on, printing the resident memory (VmRSS), its growth and the peak (VmHWM) after
each step and every ``--every`` articles; at the end, what glibc's ``malloc_trim`` would still give
back. ``--threads 1 --no-overlap`` is how a worker of ``Engine(workers=2)`` on two cores runs.

    python benchmarks/bench_memory.py [--data DIR] [--limit 100] [--threads 1] [--no-overlap] [--allow-torch]

As in bench_analyze.py, ``import torch`` is blocked unless ``--allow-torch`` (thinc imports it when
the ``train`` extra is installed: ~180 MB more, in every step from ``import spacy`` on).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from unspin.memory import release, resident_mb  # light: imports neither spaCy nor torch


class Steps:
    def __init__(self) -> None:
        self.last = resident_mb()

    def __call__(self, name: str) -> None:
        now = resident_mb()
        print(f"{name:<34} RSS {now:6.0f} MB  {now - self.last:+5.0f}   peak {resident_mb(field='VmHWM'):6.0f} MB", flush=True)
        self.last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--every", type=int, default=25)
    parser.add_argument("--threads", type=int, default=0, help="model threads (0: every core)")
    parser.add_argument("--no-overlap", action="store_true", help="run spaCy and the models one after the other")
    parser.add_argument("--allow-torch", action="store_true", help="let spaCy's thinc import torch when installed")
    args = parser.parse_args()
    if not args.allow_torch:
        sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError, as without it
    step = Steps()
    step("python")
    import unspin
    from unspin.paths import corpora_dir

    step("import unspin")
    import spacy  # noqa: F401

    step("import spacy")
    import onnxruntime  # noqa: F401

    step("import onnxruntime")
    data = corpora_dir(args.data)
    if data is None:
        sys.exit("no corpora: pass --data or set UNSPIN_DATA")
    texts = [f.read_text(encoding="utf-8") for f in sorted((data / "ptc" / "train-articles").glob("*.txt"))[: args.limit]]
    from unspin import loading

    loading.nlp()
    step("spaCy pipeline loaded")
    from unspin.geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    step("gazetteer (main tier) built")
    engine = unspin.Engine(check_language=False, workers=1, threads=args.threads, overlap=not args.no_overlap).load()
    step("Engine(...).load(): the models")
    list(engine.analyze_many(texts[:2]))
    step("2 articles (warm-up)")
    t0 = time.perf_counter()
    for i, _ in enumerate(engine.analyze_many(texts), start=1):
        if i % args.every == 0 or i == len(texts):
            step(f"{i} articles")
    print(f"analyzed {len(texts)} articles in {time.perf_counter() - t0:.1f} s; the gazetteer indexed "
          f"{len(gazetteer._local)} countries' local places")  # noqa: SLF001 - reported, not used
    gc.collect()
    step("gc.collect()")
    if release():
        step("malloc_trim(0)")


if __name__ == "__main__":
    main()
