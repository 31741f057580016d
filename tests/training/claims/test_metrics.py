"""F1/P/R of the Yes class, average precision and the threshold search, on hand-made cases."""

from __future__ import annotations

import pytest

from unspin.training.claims import metrics


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([1, 1, 0, 0], [1, 0, 1, 0], (0.5, 0.5, 0.5)),
        ([1, 1, 1, 0], [1, 1, 1, 1], (0.75, 1.0, 6 / 7)),
        ([1, 0], [0, 0], (0.0, 0.0, 0.0)),
        ([0, 0], [0, 1], (0.0, 0.0, 0.0)),
    ],
)
def test_prf_counts_the_yes_class(gold, pred, expected):
    assert metrics.prf(gold, pred) == pytest.approx(expected)


def test_prf_rejects_length_mismatch():
    with pytest.raises(ValueError):
        metrics.prf([1, 0], [1])


@pytest.mark.parametrize(
    ("gold", "scores", "expected"),
    [
        ([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], (1 / 1 + 2 / 3) / 2),
        ([1, 1, 0], [0.9, 0.8, 0.1], 1.0),
        ([0, 0, 1], [0.9, 0.8, 0.1], 1 / 3),
        ([0, 0], [0.5, 0.4], 0.0),
    ],
)
def test_average_precision(gold, scores, expected):
    assert metrics.average_precision(gold, scores) == pytest.approx(expected)


def test_best_threshold_separates_when_it_can():
    gold = [1, 1, 0, 0, 1]
    scores = [0.9, 0.7, 0.4, 0.2, 0.6]
    t = metrics.best_threshold(gold, scores)
    assert 0.4 < t <= 0.6
    assert metrics.evaluate(gold, scores, t).f1 == 1.0


def test_evaluate_reports_counts():
    s = metrics.evaluate([1, 0, 1], [0.8, 0.6, 0.3], 0.5)
    assert (s.precision, s.recall, s.n, s.positives) == (0.5, 0.5, 3, 2)
