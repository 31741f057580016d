"""What scores that depend on nothing but the input cost: the shipped way against batching, same process.

On the first ``--limit`` PTC training articles (their sentences for claims, their texts for techniques):

* ``rows``: the shipped way. Each sentence / window alone, ``--threads`` of them at once, one
  onnxruntime thread each (``unspin.onnx.RowSession``).
* ``rows-seq``: each alone, one after the other, on one session with ``--threads`` intra-op threads.
* ``batched``: the way before issue 10. Claims: 32 sentences per call sorted by length; techniques:
  up to 16 windows of one article per call; one session with ``--threads`` intra-op threads. A score
  then depends on its batch companions (dynamic int8 quantization scales activations per call).

``--claims-onnx`` / ``--techniques-onnx`` time other model files the same way (e.g. the 8-bit models
before issue 10: ``git show 807f247:src/unspin/models/claims/model.onnx > old-claims.onnx``).
The techniques runs use the shipped window stride; ``--stride`` overrides it.

    python benchmarks/bench_determinism.py [--data DIR] [--limit 40] [--threads 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np


def sentences_of(texts: list[str]) -> list[str]:
    from unspin.pipeline import build_pipeline
    from unspin.readers import from_text

    pipeline = build_pipeline(["boilerplate", "spacy"])
    return [a.text[s:e] for a in pipeline.pipe(from_text(t) for t in texts) for s, e in a.sentences]


def claims_runners(path: Path, threads: int) -> dict[str, Callable[[list[str]], object]]:
    from unspin.claims.model import ClaimModel, pad_batch
    from unspin.onnx import RowSession, cpu_session

    model = ClaimModel(threads=threads)  # the shipped tokenizer, for every model file
    rows = RowSession(path, threads)
    seq = cpu_session(path, threads)

    def feeds(texts: list[str]) -> list[dict[str, np.ndarray]]:
        out = []
        for enc in model.tokenizer.encode_batch(texts):
            ids = np.asarray([enc.ids], dtype=np.int64)
            out.append({"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return out

    def batched(texts: list[str]) -> None:
        encs = model.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for b in range(0, len(order), 32):
            ids, mask = pad_batch([encs[i] for i in order[b : b + 32]])
            seq.run(["score"], {"input_ids": ids, "attention_mask": mask})

    return {
        "rows": lambda texts: rows.run_rows(["score"], feeds(texts)),
        "rows-seq": lambda texts: [seq.run(["score"], f) for f in feeds(texts)],
        "batched": batched,
    }


def techniques_runners(path: Path, threads: int, stride: int | None) -> dict[str, Callable[[list[str]], object]]:
    from unspin.onnx import cpu_session
    from unspin.techniques.model import MODEL_DIR, TechniqueModel

    def model(batch_size: int, sequential: bool) -> TechniqueModel:
        m = TechniqueModel.load(MODEL_DIR, threads=threads)
        session = cpu_session(path, threads) if sequential else None
        if sequential:
            def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> object:
                return tuple(session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}))
            m._run, m._run_many = run, None  # noqa: SLF001 - the benchmark swaps the runner
        else:
            from unspin.onnx import RowSession

            rows = RowSession(path, threads)
            m._run_many = lambda inputs: [tuple(o) for o in rows.run_rows(  # noqa: SLF001
                None, [{"input_ids": i, "attention_mask": k, "token_type_ids": t} for i, k, t in inputs])]
        m.batch_size = batch_size
        if stride:
            m.stride = stride
        return m

    shipped, one_by_one, batched = model(1, False), model(1, True), model(16, True)
    return {
        "rows": lambda texts: shipped.token_probs(texts),
        "rows-seq": lambda texts: one_by_one.token_probs(texts),
        "batched": lambda texts: batched.token_probs(texts),
    }


def timed(runners: dict[str, Callable[[list[str]], object]], texts: list[str], repeat: int) -> dict[str, float]:
    for run in runners.values():
        run(texts[:3])  # warm-up
    best = {name: float("inf") for name in runners}
    for _ in range(repeat):
        for name, run in runners.items():  # interleaved, so load changes hit every mode alike
            t0 = time.perf_counter()
            run(texts)
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stride", type=int, default=None)
    parser.add_argument("--claims-onnx", type=Path, nargs="*", default=[])
    parser.add_argument("--techniques-onnx", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    from unspin.claims.model import MODEL_DIR as CLAIMS_DIR
    from unspin.paths import corpora_dir
    from unspin.techniques.model import MODEL_DIR as TECHNIQUES_DIR

    data = corpora_dir(args.data)
    if data is None:
        raise SystemExit("no corpora: pass --data or set UNSPIN_DATA")
    texts = [f.read_text(encoding="utf-8") for f in sorted((data / "ptc" / "train-articles").glob("*.txt"))[: args.limit]]
    sentences = sentences_of(texts)
    print(f"{len(texts)} PTC articles, {len(sentences)} sentences, {args.threads} threads, best of {args.repeat}")
    for path in [CLAIMS_DIR / "model.onnx", *args.claims_onnx]:
        best = timed(claims_runners(path, args.threads), sentences, args.repeat)
        print(f"claims {path}: " + ", ".join(f"{k} {v:.2f}s ({v / best['batched']:.2f}x batched)" for k, v in best.items()))
    for path in [TECHNIQUES_DIR / "model.onnx", *args.techniques_onnx]:
        best = timed(techniques_runners(path, args.threads, args.stride), texts, args.repeat)
        print(f"techniques {path}: " + ", ".join(f"{k} {v:.2f}s ({v / best['batched']:.2f}x batched)" for k, v in best.items()))


if __name__ == "__main__":
    main()
