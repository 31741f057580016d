"""Checkability cues from spaCy (numbers, dates, actors, hedges) and the regex fallback; news clause splitting."""

from __future__ import annotations

import pytest

from unspin.claims.features import DocEntities, sentence_cues, text_cues
from unspin.claims.news import clauses


@pytest.fixture(scope="module")
def nlp():
    from unspin.analyzers.linguistics import load_nlp

    return load_nlp()


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("The camp is located 45 km east of the city of al-Hasakah.", "number: 45 km"),
        ("She traveled to Syria with her husband in 2013.", "date: 2013"),
        ("She traveled to Syria with her husband in 2013.", "actor: Syria"),
        ("More than 65,000 people live in the camp.", "65,000"),
        ("The border may reportedly have been open.", "hedge: reportedly"),
    ],
)
def test_sentence_cues_find_checkable_parts(nlp, text, wanted):
    labels = sentence_cues(nlp(text)[:]).labels(limit=20)
    assert any(wanted in label for label in labels), labels


def test_sentence_cues_prefer_given_actor_names(nlp):
    cues = sentence_cues(nlp("Erdogan visited Berlin.")[:], actors=["Recep Tayyip Erdoğan"])
    assert cues.actors == ["Recep Tayyip Erdoğan"]


def test_opinion_has_no_checkable_cue(nlp):
    cues = sentence_cues(nlp("This is undeniably the worst betrayal.")[:])
    assert not cues.checkable
    assert "undeniably" in cues.evaluative


def test_text_cues_fallback():
    cues = text_cues("In 2019 about 3,500 people, 12% of them children, crossed.")
    assert cues.dates == ["2019"]
    assert "3,500 people" in cues.numbers


def test_clauses_split_only_long_sentences():
    short = "Omar said the border was open."
    assert clauses(short) == []
    long = ("Omar mentioned that they had made clear to the international community and the whole world that "
            "thousands of fighters entered Syria via the Turkish-Syrian border, and said: \"The border was open "
            "to the entry of fighters, and they were receiving treatment in hospitals.\"")
    parts = clauses(long)
    assert len(parts) == 2
    assert parts[1].startswith("The border was open")


def test_entities_read_once_per_doc_are_those_span_ents_gives(nlp):
    from pathlib import Path

    seed = (Path(__file__).resolve().parents[2] / "examples" / "seed.txt").read_text(encoding="utf-8")
    doc = nlp(seed)
    found = DocEntities(doc)
    spans = list(doc.sents) + [doc[i:j] for i in range(0, len(doc), 3) for j in (i + 1, i + 4, i + 25) if j <= len(doc)]
    for span in spans:
        assert [(e.start, e.end, e.label_) for e in found.within(span)] == [(e.start, e.end, e.label_) for e in span.ents]
        assert sentence_cues(span, ents=found.within(span)) == sentence_cues(span)
