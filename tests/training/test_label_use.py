"""The label-use measurement (unspin.training.actors.label_use): its split, aggregate and bootstrap."""

from __future__ import annotations

import numpy as np

from unspin.training.actors.build_label_scores import logistic, split_articles
from unspin.training.actors.label_use import Use, bootstrap, label_items, prf_at, use_score


def test_the_split_is_the_builders_fixed_80_20() -> None:
    train, held = split_articles(list(range(100)))
    assert (len(train), len(held)) == (80, 20)
    assert sorted(train + held) == list(range(100))
    assert split_articles(list(range(100))) == (train, held)


def test_a_label_is_scored_by_its_best_use() -> None:
    table = {"mercenary": 0.3, "camp": 0.05}
    w = np.array([0.0, 1.0, 0.0, -2.0])  # a stand-in use scores lower than the same word after a name
    uses = [Use("a1", "mercenaries", "mercenary", 0, False, True),
            Use("a1", "mercenaries", "mercenary", 50, True, False),
            Use("a2", "camp", "camp", 90, False, False)]
    items = label_items([("article1", [], uses)], w, table)
    assert len(items) == 2
    merc = next(it for it in items if it[1] == 0.3)
    assert merc[2] == round(use_score(w, uses[0], table), 4) > round(use_score(w, uses[1], table), 4)
    assert merc[3] is True


def test_bootstrap_of_identical_scores_is_zero() -> None:
    items = [(n % 5, s, s, m) for n, (s, m) in enumerate([(0.1, False), (0.5, True), (0.3, False), (0.7, True)] * 5)]
    assert bootstrap(items, 0.4, 0.4, n=50) == {"mean": 0.0, "lo95": 0.0, "hi95": 0.0, "share_above_0": 0.0}
    assert prf_at(np.array([0.1, 0.5]), np.array([False, True]), 0.4) == (1.0, 1.0, 1.0)


def test_logistic_recovers_a_clear_effect() -> None:
    rng = np.random.default_rng(13)
    x = rng.integers(0, 2, 4000).astype(float)
    y = (rng.random(4000) < np.where(x > 0, 0.8, 0.2)).astype(float)
    w, se = logistic(np.stack([np.ones_like(x), x], axis=1), y)
    assert abs(w[1] - np.log(16)) < 4 * se[1]
