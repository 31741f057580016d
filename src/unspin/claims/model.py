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
from ..onnx import RowSession
from ..paths import MODELS_DIR

#: The shipped claims model's folder (card: docs/models/claims.md).
MODEL_DIR = DEFAULT_DIR = MODELS_DIR / "claims"


def load_tokenizer(path: str | Path, max_length: int) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    return tok


def sentence_feeds(tokenizer: Any, texts: Sequence[str]) -> list[dict[str, np.ndarray]]:
    """The model's inputs, one per text (a batch of one row each); a blank text is scored as "."."""
    feeds = []
    for enc in tokenizer.encode_batch([t if t.strip() else "." for t in texts]):
        ids = np.asarray([enc.ids], dtype=np.int64)
        feeds.append({"input_ids": ids, "attention_mask": np.ones_like(ids)})
    return feeds


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
        self.session = RowSession(onnx_path, threads)  # every sentence alone, ``threads`` at a time

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """One score in [0, 1] per text, each text run through the model alone.

        Dynamic int8 quantization scales activations per call, so in a batch a text's score would
        depend on its companions; alone, it depends on nothing but the text (and, with the model's 7-bit
        weights, not on the CPU either: see ``unspin.training.quantize``). Texts run in parallel, one
        core each (``RowSession``).
        """
        feeds = sentence_feeds(self.tokenizer, texts)
        out = [scores.reshape(-1)[0] for (scores,) in self.session.run_rows(["score"], feeds)]
        return np.asarray(out, dtype=np.float32)

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Scores and Yes/No decisions at the shipped threshold."""
        scores = self.score(texts)
        return scores, scores >= self.threshold
