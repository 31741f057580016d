"""Speed of the technique tagger: int8 against fp32 ONNX, next to the base encoder's raw forward pass.

All timings run in this one process, one after another, on the same PTC validation articles:

* tagger int8 / fp32: tokenize, windows, onnxruntime, decode (``TechniqueModel``), ``--threads`` threads;
* base encoder: all-MiniLM-L6-v2's bare torch fp32 forward over the same windows (needs torch), same threads;
* analyze: ``boilerplate`` + ``techniques`` through the Pipeline (reading included), and, with ``--full``,
  the default pipeline with and without ``techniques``.

    python benchmarks/bench_techniques.py [--data DIR] [--fp32 FILE] [--threads 2] [--limit 56] [--full]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np


def load_texts(data: Path, limit: int) -> list[str]:
    from unspin.training.techniques.ptc import load_corpus, split_ids

    corpus = load_corpus(data)
    _, valid = split_ids([a.id for a in corpus])
    by_id = {a.id: a for a in corpus}
    return [by_id[i].text for i in valid][:limit]


def bench_tagger(model_dir: Path, onnx_file: str | None, texts: list[str], threads: int) -> dict:
    from unspin.techniques.model import TechniqueModel

    model = TechniqueModel.load(model_dir, onnx_file=onnx_file, threads=threads)
    model.predict(texts[:2])  # warm-up
    t0 = time.perf_counter()
    outs = model.token_probs(texts)
    spans = [model.decode_flc(t, e, p) for t, (e, p) in zip(texts, outs)]  # what `analyze` runs
    s = time.perf_counter() - t0
    tokens = sum(len(e.ids) for e, _ in outs)
    return {"seconds": s, "tokens": tokens, "tokens_per_s": tokens / s, "articles_per_s": len(texts) / s,
            "spans": sum(map(len, spans))}


def bench_base_encoder(model_dir: Path, texts: list[str], threads: int) -> dict | None:
    try:
        import torch
        from transformers import AutoModel

        from unspin.training.techniques.train import default_base_model
    except ImportError:
        return None
    from unspin.techniques.model import TechniqueModel

    torch.set_num_threads(threads)
    enc = AutoModel.from_pretrained(default_base_model()).eval()

    def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            h = enc(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                    token_type_ids=torch.from_numpy(types)).last_hidden_state
        return np.zeros((*ids.shape, 15), dtype=np.float32) + float(h[0, 0, 0])

    config = json.loads((model_dir / "config.json").read_text())
    from unspin.techniques.model import load_tokenizer

    model = TechniqueModel(config, load_tokenizer(model_dir / "tokenizer.json"), run)
    model.token_probs(texts[:2])
    t0 = time.perf_counter()
    outs = model.token_probs(texts)
    s = time.perf_counter() - t0
    tokens = sum(len(e.ids) for e, _ in outs)
    return {"seconds": s, "tokens": tokens, "tokens_per_s": tokens / s, "articles_per_s": len(texts) / s}


def bench_pipeline(names: list[str], texts: list[str]) -> dict:
    from unspin.pipeline import build_pipeline
    from unspin.readers import from_text

    pipeline = build_pipeline(names)
    list(pipeline.pipe(from_text(t) for t in texts[:2]))
    t0 = time.perf_counter()
    n = sum(len(a.techniques) for a in pipeline.pipe(from_text(t) for t in texts))
    s = time.perf_counter() - t0
    return {"analyzers": names, "seconds": s, "articles_per_s": len(texts) / s, "techniques": n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--fp32", type=str, default=None, help="fp32 ONNX file of the same model (training work dir)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=56)
    parser.add_argument("--full", action="store_true", help="also time the default pipeline with and without techniques")
    args = parser.parse_args()

    import os

    os.environ.setdefault("UNSPIN_THREADS", str(args.threads))
    from unspin.techniques.model import MODEL_DIR
    from unspin.paths import corpora_dir

    model_dir = args.model_dir or MODEL_DIR
    texts = load_texts(corpora_dir(args.data), args.limit)
    report: dict = {"articles": len(texts), "chars": sum(map(len, texts)), "threads": args.threads}
    report["tagger_int8"] = bench_tagger(model_dir, None, texts, args.threads)
    if args.fp32:
        report["tagger_fp32"] = bench_tagger(model_dir, str(Path(args.fp32).resolve()), texts, args.threads)
    report["base_encoder_torch_fp32"] = bench_base_encoder(model_dir, texts, args.threads)
    base = report["base_encoder_torch_fp32"]
    for key in ("tagger_int8", "tagger_fp32"):
        if key in report and base:
            report[key]["speed_vs_base_encoder"] = report[key]["tokens_per_s"] / base["tokens_per_s"]
    if "tagger_fp32" in report:
        report["int8_speedup_over_fp32"] = report["tagger_int8"]["tokens_per_s"] / report["tagger_fp32"]["tokens_per_s"]
    report["analyze_boilerplate_techniques"] = bench_pipeline(["boilerplate", "techniques"], texts)
    if args.full:
        from unspin.registry import DEFAULT_PIPELINE

        report["analyze_default"] = bench_pipeline(list(DEFAULT_PIPELINE), texts)
        report["analyze_default_without_techniques"] = bench_pipeline([n for n in DEFAULT_PIPELINE if n != "techniques"], texts)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
