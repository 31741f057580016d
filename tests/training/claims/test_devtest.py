"""The shipped model on CheckThat! 2024 dev-test reproduces the figures recorded in its config."""

from __future__ import annotations

import pytest

from unspin.training.claims import metrics
from unspin.training.claims.data import load_split
from unspin.claims.model import ClaimModel


@pytest.mark.slow
@pytest.mark.parametrize("split", ["dev", "dev-test"])
def test_shipped_model_reproduces_recorded_scores(corpora, split):
    model = ClaimModel()
    rows = load_split(corpora / "checkworthiness", split)
    gold = [r.label for r in rows]
    got = metrics.evaluate(gold, model.score([r.text for r in rows]).tolist(), model.threshold)
    recorded = model.config["scores"][split]
    assert got.f1 == pytest.approx(recorded["f1"], abs=0.005)
    assert got.average_precision == pytest.approx(recorded["average_precision"], abs=0.005)
