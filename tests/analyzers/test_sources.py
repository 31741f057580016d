"""Sources: distinct speakers, shares, descriptions and the sourcing summary."""

from __future__ import annotations

from unspin.analyzers.sources import find_sources
from unspin.article import Cue, Quote, Speaker
from unspin.pipeline import load_pipeline
from unspin.readers import from_text

PIPELINE = ("boilerplate", "spacy", "entities", "quotes", "sources")


def quote(name: str | None, kind: str, text: str | None = None) -> Quote:
    return Quote(0, 1, "x", "direct", Cue(0, 1, "said"), Speaker(name, 0, 1, kind, text))  # type: ignore[arg-type]


def test_sources_counts_and_shares() -> None:
    sources = find_sources([quote("Ann Lee", "named"), quote("Ann Lee", "named"),
                            quote(None, "anonymous", "an official"), quote(None, "unknown")])
    assert [(s.name, s.kind, s.quotes, s.share) for s in sources] == [
        ("Ann Lee", "named", 2, 0.5), ("official", "anonymous", 1, 0.25), ("unattributed", "unknown", 1, 0.25)]


def test_sources_seed_dominant_co_chair_with_his_description(seed_text: str) -> None:
    a = load_pipeline(PIPELINE)(from_text(seed_text))
    top = a.sources[0]
    assert top.name == "Abdul Karim Omar" and top.kind == "named"
    assert top.share > 0.8
    assert top.description == ("co-chair of the Foreign Relations Department of the Autonomous "
                               "Administration of North and East Syria")
    sourcing = a.summary["sourcing"]
    assert sourcing["dominant"] == "Abdul Karim Omar"
    assert sourcing["dominant_share"] == top.share
    assert 0.5 < sourcing["attributed_sentence_share"] <= 1.0
    assert "Abdul Karim Omar" in sourcing["line"]


def test_sources_anonymous_and_named_are_separate_voices() -> None:
    a = load_pipeline(PIPELINE)(from_text(
        "Convoy reaches the city\n\nSecurity sources said on condition of anonymity that the convoy was attacked.\n\n"
        'Interior minister Ali Hassan said: "The convoy reached the city safely on Monday."\n\n'
        "The road reopened in the afternoon."))
    kinds = {s.name: s.kind for s in a.sources}
    assert kinds == {"Security sources": "anonymous", "Ali Hassan": "named"}
    assert a.summary["sourcing"]["sources"] == 2
    assert a.summary["sourcing"]["attributed_sentence_share"] == round(2 / 3, 4)
