"""The runtime claim scorer: onnxruntime + ``tokenizers`` only (no torch, no transformers).

A model folder holds ``model.onnx`` (input_ids, attention_mask → score in [0, 1]), ``tokenizer.json``
and ``config.json`` (``threshold``, ``max_length`` and the figures measured when it was trained).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..onnx import cpu_session
from ..paths import MODELS_DIR

#: The shipped claims model's folder (card: docs/models/claims.md).
MODEL_DIR = DEFAULT_DIR = MODELS_DIR / "claims"


def load_tokenizer(path: str | Path, max_length: int) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    return tok


def pad_batch(encodings: Sequence[Any], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad token ids to the longest in the batch; returns (input_ids, attention_mask) as int64."""
    width = max(len(e.ids) for e in encodings)
    ids = np.full((len(encodings), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(encodings), width), dtype=np.int64)
    for i, e in enumerate(encodings):
        ids[i, : len(e.ids)] = e.ids
        mask[i, : len(e.ids)] = 1
    return ids, mask


class ClaimModel:
    """Scores sentences for check-worthiness; ``score(texts)`` returns probabilities of "Yes"."""

    def __init__(self, path: str | Path = DEFAULT_DIR, threads: int | None = None) -> None:
        path = Path(path)
        onnx_path = path / "model.onnx"
        if not onnx_path.is_file():
            raise ModelError(f"no claims model at {path} (train one with `unspin train claims`)")
        self.config: dict[str, Any] = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.threshold = float(self.config["threshold"])
        self.max_length = int(self.config.get("max_length", 96))
        self.tokenizer = load_tokenizer(path / "tokenizer.json", self.max_length)
        self.session = cpu_session(onnx_path, threads)

    def score(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One score in [0, 1] per text; texts are batched by length to keep padding short."""
        out = np.zeros(len(texts), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            ids, mask = pad_batch([encodings[i] for i in idx])
            (scores,) = self.session.run(["score"], {"input_ids": ids, "attention_mask": mask})
            out[idx] = scores.reshape(-1)
        return out

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Scores and Yes/No decisions at the shipped threshold."""
        scores = self.score(texts)
        return scores, scores >= self.threshold
