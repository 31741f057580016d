"""Technique classification (TC) of a given span, numpy only.

Two pieces. The *span head* is trained with the encoder (``train.py``): a linear layer over the span's
pooled hidden states (mean, first token, last token) and four article-level extras (length, how often
the span's text recurs in the article, whether it recurs, share of repetition-flagged tokens). The *TC
head*, for a tagger trained without a span head, is a small multinomial logistic regression fitted on
held-out (validation) spans over the token tagger's mean and max probability per technique and the
same extras.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import TECHNIQUES
from .explain import count_in


N_EXTRAS = 4  # length of ``span_extras``


def span_tokens(offsets: np.ndarray, start: int, end: int) -> np.ndarray:
    """Boolean mask of the tokens a character span overlaps (the nearest token if it falls between tokens)."""
    inside = (offsets[:, 0] < end) & (offsets[:, 1] > start) if len(offsets) else np.zeros(0, bool)
    if not inside.any() and len(offsets):
        inside = np.zeros(len(offsets), dtype=bool)
        inside[int(np.argmin(np.abs(offsets[:, 0] - start)))] = True
    return inside


def span_extras(text: str, offsets: np.ndarray, types: np.ndarray, start: int, end: int) -> np.ndarray:
    """Article-level facts about a span that a window of tokens cannot see: length and recurrence."""
    inside = span_tokens(offsets, start, end)
    recur = count_in(text, text[start:end])  # how often the span's words recur in the article
    rep_share = float(types[inside].mean()) if inside.any() else 0.0
    return np.asarray([np.log1p(inside.sum()), np.log1p(recur), float(recur >= 2), rep_share], dtype=np.float32)


def span_pool(hidden: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The span head's input from token hidden states: mean over the span, its first and its last token."""
    idx = np.flatnonzero(inside)
    if len(idx) == 0:
        return np.zeros(3 * hidden.shape[1], dtype=np.float32)
    return np.concatenate([hidden[idx].mean(0), hidden[idx[0]], hidden[idx[-1]]]).astype(np.float32)


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))  # type: ignore[no-any-return]


def span_features(text: str, offsets: np.ndarray, types: np.ndarray, probs: np.ndarray, start: int, end: int) -> np.ndarray:
    """The TC head's input: the tagger's probabilities over the span and the span's extras."""
    n_t = len(TECHNIQUES)
    inside = span_tokens(offsets, start, end)
    p = probs[inside] if inside.any() else np.full((1, probs.shape[1]), 1.0 / n_t)
    parts = [
        np.log(np.clip(p[:, :n_t].mean(0), 1e-6, 1)), p[:, :n_t].max(0), [p[:, n_t:].mean()],
        span_extras(text, offsets, types, start, end),
    ]
    return np.concatenate(parts).astype(np.float64)


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
