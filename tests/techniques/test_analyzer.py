"""The ``techniques`` analyzer on the seed article (needs the shipped model, not torch)."""

from __future__ import annotations

import pytest

from unspin.analyzers.techniques import TechniqueAnalyzer
from unspin.techniques.model import MODEL_DIR
from unspin.article import Article
from unspin.techniques import TECHNIQUES

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "config.json").exists(), reason="no shipped technique model")


@pytest.fixture(scope="module")
def seed_article(seed_text: str) -> Article:
    article = Article(text=seed_text)
    TechniqueAnalyzer()(article)
    return article


def covering(article: Article, phrase: str) -> set[str]:
    """Techniques of the spans that overlap any occurrence of ``phrase``."""
    found = set()
    start = article.text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        found |= {t.technique for t in article.techniques if t.start < end and start < t.end}
        start = article.text.find(phrase, end)
    return found


def test_spans_are_well_formed(seed_article: Article):
    assert seed_article.techniques
    for t in seed_article.techniques:
        assert t.technique in TECHNIQUES
        assert 0 <= t.start < t.end <= len(seed_article.text)
        assert t.text == seed_article.text[t.start : t.end]
        assert 0.0 <= t.score <= 1.0
        assert t.explanation


@pytest.mark.parametrize(
    "phrase, sensible",
    [
        # Known misses of the shipped model (docs/models/techniques.md): strict, so a model that finds
        # them turns these into failures until the marks are removed.
        pytest.param("mercenaries", {"Name_Calling,Labeling", "Loaded_Language", "Repetition"},
                     marks=pytest.mark.xfail(strict=True, reason="shipped model v2 scores 'mercenaries' below threshold "
                                             "(covered once, by an Appeal_to_fear-prejudice span)")),
        pytest.param("occupation", {"Name_Calling,Labeling", "Loaded_Language", "Repetition"},
                     marks=pytest.mark.xfail(strict=True, reason="shipped model v2 scores 'occupation' below threshold")),
        ("the most dangerous camp in the whole world", {"Exaggeration,Minimisation", "Loaded_Language", "Appeal_to_fear-prejudice"}),
        ("irrefutable evidence", {"Repetition", "Loaded_Language", "Exaggeration,Minimisation", "Appeal_to_Authority"}),
    ],
)
def test_seed_phrases_are_flagged_sensibly(seed_article: Article, phrase: str, sensible: set[str]):
    got = covering(seed_article, phrase)
    assert got & sensible, f"{phrase!r}: got {sorted(got)}"


@pytest.fixture(scope="module")
def seed_screened(seed_text: str) -> Article:
    article = Article(text=seed_text)
    TechniqueAnalyzer(operating_point="screening")(article)
    return article


@pytest.mark.parametrize(
    "phrase, sensible",
    [
        ("mercenaries", {"Name_Calling,Labeling", "Loaded_Language", "Repetition"}),
        pytest.param("occupation", {"Name_Calling,Labeling", "Loaded_Language", "Repetition"},
                     marks=pytest.mark.xfail(strict=True, reason="shipped model v2 scores 'occupation' below even the "
                                             "F2-tuned thresholds")),
        ("the most dangerous camp in the whole world", {"Exaggeration,Minimisation", "Loaded_Language", "Appeal_to_fear-prejudice"}),
        ("irrefutable evidence", {"Repetition", "Loaded_Language", "Exaggeration,Minimisation", "Appeal_to_Authority"}),
    ],
)
def test_screening_flags_the_seeds_phrases(seed_screened: Article, phrase: str, sensible: set[str]):
    """The F2-tuned operating point: more spans, for readers who would rather see false alarms than misses."""
    got = covering(seed_screened, phrase)
    assert got & sensible, f"{phrase!r}: got {sorted(got)}"


def test_screening_finds_more_than_balanced(seed_article: Article, seed_screened: Article):
    assert len(seed_screened.techniques) > len(seed_article.techniques)
    assert all(t.explanation for t in seed_screened.techniques)


def test_boilerplate_is_not_tagged(seed_text: str):
    from unspin.article import Region

    article = Article(text=seed_text, regions=[Region(0, len(seed_text), "boilerplate")])
    TechniqueAnalyzer()(article)
    assert article.techniques == []


def test_pipe_matches_one_by_one(seed_text: str):
    one = Article(text=seed_text)
    TechniqueAnalyzer()(one)
    arts = [Article(text=seed_text), Article(text="A short and neutral sentence about the weather.")]
    out = list(TechniqueAnalyzer().pipe(arts))
    assert [(t.start, t.end, t.technique) for t in out[0].techniques] == [(t.start, t.end, t.technique) for t in one.techniques]
