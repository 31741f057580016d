"""The Python API is the same analysis the CLI prints: one call, one Article, ``to_dict()``."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin
from unspin.readers import from_text

DATA = Path(__file__).parent / "data"
SEED_PLACES = ["al-Hol", "al-Hasakah", "Ain Issa", "Kobani", "Serêkaniyê", "Tel-Abyed", "al-Baghuz",
               "al-Raqqa", "Afrin", "Libya", "Turkey", "Syria"]


@pytest.fixture(scope="module")
def seed(seed_text: str) -> unspin.Article:
    return unspin.analyze(text=seed_text)


def test_seed_at_a_glance(seed: unspin.Article) -> None:
    top = seed.sources[0]
    assert top.name == "Abdul Karim Omar" and top.kind == "named" and top.share > 0.8
    assert "co-chair" in (top.description or "")
    omar = [q for q in seed.quotes if q.speaker.name == "Abdul Karim Omar"]
    assert len(omar) >= 18
    quoted = " ".join(q.text for q in seed.quotes)
    for scare in ('"MIT"', '"Natalia Barkal"', '"al-Hisbah"'):
        assert not any(q.text.strip('"“” ') == scare.strip('"') for q in seed.quotes), scare
    assert "irrefutable evidence" in quoted
    names = {p.name for p in seed.places}
    assert set(SEED_PLACES) <= names, set(SEED_PLACES) - names
    assert all(p.latitude and p.longitude and len(p.country_code) == 2 for p in seed.places)
    assert seed.techniques and seed.claims


def test_to_dict_is_the_json_contract(seed: unspin.Article) -> None:
    data = seed.to_dict()
    assert data["schema_version"] == 2 and data["text"] == seed.text
    assert {"entities", "places", "quotes", "sources", "techniques", "claims"} <= set(data)
    assert data["summary"]["sourcing"]["dominant"] == "Abdul Karim Omar"


def test_html_and_path_inputs() -> None:
    article = unspin.analyze(path=DATA / "article.html", exclude=("techniques", "claims"))
    assert article.title == "Council approves new bridge over the Tyne"
    speakers = {q.speaker.name for q in article.quotes}
    assert "Mary Smith" in speakers
    assert any(p.country_code == "GB" for p in article.places)


def test_analyze_needs_exactly_one_input() -> None:
    with pytest.raises(TypeError):
        unspin.analyze()
    with pytest.raises(TypeError):
        unspin.analyze(text="x", path="y")


def test_analyze_many_keeps_order(seed_text: str) -> None:
    texts = [seed_text, "A bridge\n\nThe mayor said the bridge would open in 2029, after years of delay."]
    out = list(unspin.analyze_many([from_text(t) for t in texts], exclude=("techniques", "claims")))
    assert [a.text for a in out] == texts
    assert out[1].quotes and out[1].quotes[0].speaker.kind in {"named", "unknown", "anonymous"}
