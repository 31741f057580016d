"""Scores for check-worthiness: F1, precision and recall of the Yes class, and average precision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    average_precision: float
    threshold: float
    n: int
    positives: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def prf(gold: Sequence[int], pred: Sequence[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive (Yes) class; 0.0 where undefined."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def average_precision(gold: Sequence[int], scores: Sequence[float]) -> float:
    """Mean of the precision at the rank of each positive (ties broken by input order); 0.0 with no positives."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if gold[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def best_threshold(gold: Sequence[int], scores: Sequence[float]) -> float:
    """The score threshold (predict Yes when score >= t) that maximises F1(Yes); midpoint between neighbours."""
    values = sorted(set(scores))
    best_t, best_f1 = 0.5, -1.0
    for i, t in enumerate(values):
        _, _, f1 = prf(gold, [int(s >= t) for s in scores])
        if f1 > best_f1:
            best_f1 = f1
            best_t = (values[i - 1] + t) / 2 if i else t
    return best_t


def evaluate(gold: Sequence[int], scores: Sequence[float], threshold: float) -> Scores:
    p, r, f1 = prf(gold, [int(s >= threshold) for s in scores])
    return Scores(f1, p, r, average_precision(gold, scores), threshold, len(gold), int(sum(gold)))
