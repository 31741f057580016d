"""ClaimAnalyzer on the seed article: every prose sentence gets a Claim, and the checkable facts
(the 45 km distance, the 65,000 residents, the 2013 journey, the border crossing) outrank pure opinion."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.analyzers.boilerplate import BoilerplateAnalyzer
from unspin.analyzers.claims import ClaimAnalyzer
from unspin.analyzers.linguistics import SpacyAnalyzer
from unspin.article import Article, Cue, Quote, Speaker
from unspin.readers import read_path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "seed.txt"

FACTS = ("45 km east", "More than 65,000 people", "in 2013", "via the Turkish-Syrian border")
OPINION = (
    "what has been mentioned is irrefutable evidence",
    "the most dangerous camp in the whole world",
    "is irrefutable evidence of its support for ISIS",  # the headline, if it is read as prose
)


@pytest.fixture(scope="module")
def seed() -> Article:
    article = read_path(EXAMPLE)
    BoilerplateAnalyzer()(article)
    SpacyAnalyzer()(article)
    ClaimAnalyzer()(article)
    return article


def _find(article: Article, needle: str):
    return [c for c in article.claims if needle in c.text]


def test_one_claim_per_sentence(seed):
    assert [(c.start, c.end) for c in seed.claims] == seed.sentences
    assert all(0.0 <= c.score <= 1.0 for c in seed.claims)
    assert all(c.text == seed.text[c.start : c.end] for c in seed.claims)


@pytest.mark.parametrize("fact", FACTS)
def test_checkable_facts_outrank_pure_opinion(seed, fact):
    (claim,) = _find(seed, fact)
    opinions = [c for needle in OPINION for c in _find(seed, needle)]
    assert len(opinions) >= 2
    for op in opinions:
        assert claim.score > op.score, (claim.text[:80], claim.score, op.text[:80], op.score)


@pytest.mark.parametrize(("fact", "cue"), [("45 km east", "number: 45 km"), ("in 2013", "date: 2013")])
def test_features_say_what_is_checkable(seed, fact, cue):
    (claim,) = _find(seed, fact)
    assert cue in claim.features


def test_attribution_points_at_covering_quote(seed):
    claim = _find(seed, "via the Turkish-Syrian border")[0]
    article = Article(seed.text, sentences=[(claim.start, claim.end)], doc=seed.doc)
    inside = claim.text.index("The border was open")
    article.quotes = [
        Quote(0, 5, "x", "direct", None, Speaker("Someone", None, None, "named")),
        Quote(claim.start, claim.end, claim.text, "indirect", Cue(0, 1, "said"), Speaker("Omar", None, None, "named")),
    ]
    ClaimAnalyzer()(article)
    assert article.claims[0].attributed_to == 1
    article.quotes = article.quotes[:1] + [
        Quote(claim.start + inside, claim.start + inside + 20, "The border was open", "direct", None,
              Speaker("Omar", None, None, "named"))
    ]
    ClaimAnalyzer()(article)
    assert article.claims[0].attributed_to is None


def test_pipe_matches_call(seed):
    other = Article(seed.text, sentences=seed.sentences[:3], doc=seed.doc)
    again = Article(seed.text, sentences=seed.sentences, doc=seed.doc)
    out = list(ClaimAnalyzer(batch_articles=2).pipe([other, again]))
    assert out[0] is other and out[1] is again
    # int8 dynamic quantization scales activations per batch, so batch companions move scores slightly
    assert [c.score for c in again.claims] == pytest.approx([c.score for c in seed.claims], abs=0.01)


def test_full_pipeline_claims(seed):
    pytest.importorskip("unspin.analyzers.quotes", reason="the quotes analyzer is not written yet")
    pytest.importorskip("unspin.analyzers.entities", reason="the entities analyzer is not written yet")
    from unspin.pipeline import build_pipeline

    article = build_pipeline(["boilerplate", "spacy", "entities", "quotes", "claims"])(read_path(EXAMPLE))
    assert len(article.claims) == len(article.sentences) > 0
    fact = _find(article, "45 km east")[0]
    assert fact.checkworthy
    assert any(c.attributed_to is not None for c in article.claims)
    assert article.to_dict()["claims"][0].keys() >= {"start", "end", "text", "score", "checkworthy"}
