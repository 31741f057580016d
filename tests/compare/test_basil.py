"""On BASIL (the same event told by Fox News, the New York Times and HuffPost), where the corpora are present."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin import Engine
from unspin.compare import compare
from unspin.events import group_events
from unspin.training.basil import bcubed, load_basil

from .conftest import write_store

pytestmark = pytest.mark.slow
EVENTS = 8  # of 70: enough to mix stories from different years, small enough for CI


@pytest.fixture(scope="module")
def basil(corpora: Path) -> list:
    if not (corpora / "basil").is_dir():
        pytest.skip("needs ../shared/data/basil")
    return load_basil(corpora / "basil")


def test_bcubed_on_hand_made_clusterings() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed({"a": "x", "b": "x", "c": "y"}, gold)["f1"] == 1.0
    merged = bcubed({"a": "x", "b": "x", "c": "x"}, gold)
    assert merged["recall"] == 1.0 and merged["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3, abs=1e-4)


def test_basil_spans_index_the_text(basil: list) -> None:
    assert len(basil) == 210 and len({b.event for b in basil}) == 70
    for b in basil:
        for s in b.spans:
            assert b.text[s.start:s.end] == s.text


def test_events_regroup_basil_stories(basil: list, tmp_path: Path) -> None:
    events = sorted({b.event for b in basil})[:: 70 // EVENTS][:EVENTS]
    chosen = [b for b in basil if b.event in events]
    engine = Engine(skip=("techniques", "claims"), workers=1, check_language=False)
    articles = [engine.analyze(b.text, id=b.id, outlet=b.outlet, published=b.published, title=b.title) for b in chosen]
    found = group_events(write_store(tmp_path / "basil.db", articles))
    pred = {a: e["id"] for e in found for a in e["articles"]}
    score = bcubed(pred, {b.id: b.event for b in chosen})
    assert score["f1"] >= 0.95, score


def test_compare_one_basil_event(basil: list) -> None:
    event = sorted({b.event for b in basil})[0]
    chosen = [b for b in basil if b.event == event]
    engine = Engine(workers=1, check_language=False)
    result = compare([engine.analyze(b.text, id=b.id, outlet=b.outlet, published=b.published, title=b.title)
                      for b in chosen])
    assert {a.outlet for a in result.articles} == {"Fox News", "New York Times", "HuffPost"}
    assert any(f.told_by == "all" for f in result.facts)
    assert all(f.told_by == "one" for f in result.facts if len(f.articles) == 1)
