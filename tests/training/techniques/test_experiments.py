"""The model card's experiments import cleanly (they run on the research corpora, which CI may lack)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import unspin.training.techniques.experiments as experiments

NAMES = [m.name for m in pkgutil.iter_modules(experiments.__path__)]


@pytest.mark.parametrize("name", NAMES)
def test_experiment_imports_and_has_a_main(name: str) -> None:
    module = importlib.import_module(f"{experiments.__name__}.{name}")
    assert callable(getattr(module, "main", None)) and module.__doc__
