"""Cross-fitted SI / TC / FLC of a technique model folder on its validation articles, optionally with
another ONNX file, window stride or batching; the shipped config is not changed.

    python -m unspin.training.techniques.experiments.crossfit MODEL_DIR --data ../shared/data \\
        [--onnx FILE] [--stride N] [--batch N] [--as-shipped]

``--onnx`` names a file inside or outside MODEL_DIR (e.g. an 8-bit file from git history).
``--batch``: windows per encoder call (1, the shipped way, runs each window alone; 16 was the way
before issue 10). The cross-fitted reading is the one in the model card: thresholds, SI decoding and
direct techniques chosen on one half of the validation articles score the other half (2 folds),
pooled. ``--as-shipped`` also scores the folder's own thresholds on all validation articles.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from unspin.techniques.model import TechniqueModel
from unspin.training.techniques.calibrate import calibrate, evaluate
from unspin.training.techniques.train import validation_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--data", type=Path, required=True, help="the corpora folder (holding ptc/)")
    parser.add_argument("--onnx", type=Path, default=None)
    parser.add_argument("--stride", type=int, default=None)
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--as-shipped", action="store_true")
    args = parser.parse_args()
    arts = validation_articles(args.model_dir, args.data)
    model = TechniqueModel.load(args.model_dir, onnx_file=str(args.onnx.resolve()) if args.onnx else None)
    if args.stride:
        model.stride = args.stride
    t0 = time.perf_counter()
    outs = model.token_probs([a.text for a in arts], batch_size=args.batch)
    seconds = time.perf_counter() - t0
    report: dict[str, object] = {"onnx": str(args.onnx or "shipped"), "stride": model.stride,
                                 "batch": args.batch or model.batch_size, "encode_s": round(seconds, 1)}
    if args.as_shipped:
        shipped = evaluate(model, arts, outs)
        report["as_shipped"] = {k: shipped[k] for k in ("si", "tc", "flc")}
    cross = calibrate(model, arts, outs)["cross_fitted"]
    report["cross_fitted"] = {k: cross[k] for k in ("si", "tc", "flc")}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
