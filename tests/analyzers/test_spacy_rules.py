"""unspin's drop-ins for spaCy's attribute ruler and lemmatizer give every token what stock spaCy gives."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from unspin.analyzers.linguistics import SPACY_MODEL, load_nlp  # noqa: E402
from unspin.analyzers.spacy_rules import FastAttributeRuler, FastLemmatizer, speed_up  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed.txt"

#: Texts that reach the ruler's exceptions (contractions, pronoun cases, regex patterns), spacing and
#: scripts spaCy treats specially, and ordinary news prose.
TEXTS = [
    "",
    " \n\n ",
    "I ain't gonna do it, y'all. C'mon, let's go! Y'all gotta see 'em doin' nothin' somethin'.",
    "I gave it to you and you gave it to me; it's 'nuff. Ol' man said he'll come, ain't he?",
    "The mercenaries were shelled  twice\t\tnear the border.\n\nOfficials said 2,000 people fled.",
    "Ünïcödé ‘quotes’ — and — dashes… 42% «guillemets» and 日本語 text.",
    "Running, ran, runs; better, best, worse; mice, geese, children, feet were counted.",
    "He doesn't know; they'd've gone. She's been there. We're here. You'll see.",
]


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
            for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(SPACY_MODEL)
    return stock, speed_up(spacy.load(SPACY_MODEL))


def test_the_shared_pipeline_uses_the_drop_ins():
    kinds = {type(component) for _, component in load_nlp().pipeline}
    assert {FastAttributeRuler, FastLemmatizer} <= kinds


def test_every_token_gets_what_stock_spacy_gives(pipelines):
    stock, fast = pipelines
    texts = TEXTS + [SEED.read_text(encoding="utf-8")]
    for a, b in zip(stock.pipe(texts), fast.pipe(texts)):
        assert _attrs(a) == _attrs(b)


def test_one_doc_at_a_time_and_again_gives_the_same(pipelines):
    stock, fast = pipelines
    for text in TEXTS:
        expected = _attrs(stock(text))
        assert _attrs(fast(text)) == expected
        assert _attrs(fast(text)) == expected  # now from the remembered signatures and lemmas


def test_a_pattern_added_later_is_applied(pipelines):
    stock, fast = pipelines
    for nlp in (stock, fast):
        nlp.get_pipe("attribute_ruler").add([[{"LOWER": "mercenaries"}]], {"LEMMA": "fighter"})
    text = "The mercenaries left."
    assert _attrs(fast(text)) == _attrs(stock(text))
    assert fast(text)[1].lemma_ == "fighter"
