"""A small multinomial logistic regression that picks a span's technique (TC) from the tagger's outputs.

Features per span: the tagger's mean and max probability per technique over the span's tokens, its mean
"any technique" probability, the span's length, how often the span's text recurs in the article, and the
share of its tokens flagged as repeated. Fitted on held-out (validation) spans; numpy only.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from . import TECHNIQUES


def span_features(text: str, offsets: np.ndarray, types: np.ndarray, probs: np.ndarray, start: int, end: int) -> np.ndarray:
    n_t = len(TECHNIQUES)
    inside = (offsets[:, 0] < end) & (offsets[:, 1] > start) if len(offsets) else np.zeros(0, bool)
    if not inside.any() and len(offsets):
        inside = np.zeros(len(offsets), dtype=bool)
        inside[int(np.argmin(np.abs(offsets[:, 0] - start)))] = True
    p = probs[inside] if inside.any() else np.full((1, probs.shape[1]), 1.0 / n_t)
    phrase = " ".join(text[start:end].split())
    if phrase:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
        recur = len(re.findall(pattern, text, flags=re.I))
    else:
        recur = 0
    rep_share = float(types[inside].mean()) if inside.any() else 0.0
    return np.concatenate([
        np.log(np.clip(p[:, :n_t].mean(0), 1e-6, 1)), p[:, :n_t].max(0), [p[:, n_t:].mean()],
        [np.log1p(inside.sum()), np.log1p(recur), float(recur >= 2), rep_share],
    ]).astype(np.float64)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 800, lr: float = 0.1) -> dict[str, Any]:
    """Fit weights by full-batch gradient descent (Adam) on standardised features."""
    mean, std = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / std
    n, d = z.shape
    k = len(TECHNIQUES)
    w, b = np.zeros((d, k)), np.zeros(k)
    onehot = np.eye(k)[y]
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    for t in range(1, steps + 1):
        logits = z @ w + b
        logits -= logits.max(1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / n
        grads = [z.T @ g + l2 * w, g.sum(0)]
        for i, (param, grad) in enumerate(zip((w, b), grads)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad**2
            param -= lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)
    return {"mean": mean.tolist(), "std": std.tolist(), "w": w.tolist(), "b": b.tolist()}


def scores(head: dict[str, Any], x: np.ndarray) -> np.ndarray:
    z = (x - np.asarray(head["mean"])) / np.asarray(head["std"])
    return z @ np.asarray(head["w"]) + np.asarray(head["b"])  # type: ignore[no-any-return]
