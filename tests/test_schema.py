"""The JSON Schema that ships with unspin matches the dataclasses, and analyses validate against it."""

from __future__ import annotations

import jsonschema
import pytest

import unspin
from unspin.schema import build_schema, shipped_schema, validate


def test_shipped_schema_matches_the_code() -> None:
    assert shipped_schema() == build_schema(), (
        "regenerate: python -m unspin.schema > src/unspin/data/analysis.schema.json")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


def test_a_broken_analysis_is_rejected(seed_text: str) -> None:
    data = unspin.analyze(text=seed_text, exclude=("techniques", "claims")).to_dict()
    data["quotes"][0]["kind"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
