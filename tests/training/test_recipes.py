"""Training defaults live in one place (each ``TrainingArguments``) and reproduce the shipped models:
the CLI passes only the options a user gives, so its defaults cannot drift from the recipe."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from unspin.claims.model import MODEL_DIR as CLAIMS_DIR
from unspin.techniques.model import MODEL_DIR as TECHNIQUES_DIR
from unspin.training.claims.train import TrainingArguments as ClaimsArguments
from unspin.training.techniques.train import TrainingArguments as TechniquesArguments

# Settings that do not change what is learnt, or that the shipped configs name differently.
NOT_RECIPE = {"threads", "base_model", "checkpoint_every", "dev_in_training"}


@pytest.mark.parametrize("arguments, folder", [(ClaimsArguments, CLAIMS_DIR), (TechniquesArguments, TECHNIQUES_DIR)])
def test_defaults_reproduce_the_shipped_model(arguments: type, folder) -> None:
    recorded = json.loads((folder / "config.json").read_text(encoding="utf-8"))["training"]
    defaults = asdict(arguments())
    drift = {k: (v, recorded[k]) for k, v in defaults.items() if k in recorded and k not in NOT_RECIPE and recorded[k] != v}
    assert not drift, f"defaults (first) differ from the shipped model's recipe (second): {drift}"
