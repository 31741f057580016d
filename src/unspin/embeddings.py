"""Sentence embeddings for comparing articles: all-MiniLM-L6-v2 as int8 ONNX (onnxruntime + ``tokenizers``).

The model folder ``unspin/models/embeddings`` holds ``model.onnx`` (input_ids, attention_mask →
``embedding``, 384 floats, mean-pooled and L2-normalised inside the graph), ``tokenizer.json`` and
``config.json``. The export is training code (:mod:`unspin.training.embeddings`); the card is
docs/models/embeddings.md. Dot products of two embeddings are cosine similarities.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError
from .onnx import cpu_session
from .paths import MODELS_DIR

#: The shipped encoder's folder.
MODEL_DIR = MODELS_DIR / "embeddings"
DIMENSIONS = 384


class SentenceEncoder:
    """Turns sentences into unit vectors; ``encode(texts)`` returns an array of shape (len(texts), 384)."""

    def __init__(self, path: str | Path = MODEL_DIR, threads: int | None = None,
                 onnx_file: str | Path | None = None) -> None:
        from .claims.model import load_tokenizer

        path = Path(path)
        onnx_path = Path(onnx_file) if onnx_file else path / "model.onnx"
        if not onnx_path.is_file():
            raise ModelError(f"no sentence encoder at {path} (export one with `python -m unspin.training.embeddings`)")
        self.config: dict[str, Any] = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.max_length = int(self.config.get("max_length", 128))
        self.tokenizer = load_tokenizer(path / "tokenizer.json", self.max_length)
        self.session = cpu_session(onnx_path, threads)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """One L2-normalised vector per text, batched by length so padding stays short."""
        from .claims.model import pad_batch

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            ids, mask = pad_batch([encodings[i] for i in idx])
            (vectors,) = self.session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
            out[idx] = vectors
        return out
