"""Shared fixtures: the seed article, the corpora folder (skipped when absent), a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.paths import corpora_dir

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "seed.txt"


@pytest.fixture(scope="session")
def corpora() -> Path:
    """``../shared/data`` (or $UNSPIN_DATA); tests that need it skip when it is absent."""
    path = corpora_dir()
    if path is None or not path.is_dir():
        pytest.skip("needs the research corpora (../shared/data or $UNSPIN_DATA)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    """Keep every library offline: no model hub, no telemetry. And hold every analysis any test makes
    to the shipped JSON Schema: ``Article.to_dict`` validates its own output for the whole run."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    _validate_every_analysis()


def _validate_every_analysis() -> None:
    from unspin.article import Article
    from unspin.schema import validate

    plain = Article.to_dict
    if getattr(plain, "validated", False):
        return

    def to_dict(self: Article) -> dict:
        data = plain(self)
        validate(data)
        return data

    to_dict.validated = True  # type: ignore[attr-defined]
    Article.to_dict = to_dict  # type: ignore[method-assign]
