"""Quotes and speakers on hand-written articles (one per hard case) and on the seed article."""

from __future__ import annotations

import pytest

from unspin.analyzers.quoting.marks import find_marked
from unspin.article import Quote
from unspin.pipeline import load_pipeline
from unspin.readers import from_text

PIPELINE = ("boilerplate", "spacy", "entities", "quotes", "sources")


def analyze(text: str):
    return load_pipeline(PIPELINE)(from_text(text))


def quote_with(quotes: list[Quote], words: str) -> Quote:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote contains {words!r}: {[q.text for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize("text", [
    'Mayor Jane Smith said: "We will rebuild the bridge by next spring."',
    '"We will rebuild the bridge by next spring," Mayor Jane Smith said.',
    '\u201cWe will rebuild the bridge by next spring,\u201d said Mayor Jane Smith.',
])
def test_quotes_direct_speaker_before_or_after(text: str) -> None:
    q = quote_with(analyze(text).quotes, "rebuild the bridge")
    assert q.kind == "direct"
    assert q.text == "We will rebuild the bridge by next spring" or q.text.startswith("We will rebuild the bridge by next spring")
    assert q.speaker.name == "Jane Smith" and q.speaker.kind == "named"
    assert q.cue is not None and q.cue.text == "said"
    assert "said" not in q.text and "Smith" not in q.text


def test_quotes_speaker_inside_the_quote() -> None:
    a = analyze('"We will rebuild the bridge," Jane Smith said, "and it will be finished by the spring."')
    assert a.quotes and all(q.speaker.name == "Jane Smith" for q in a.quotes)
    assert any("rebuild" in q.text for q in a.quotes) and any("finished" in q.text for q in a.quotes)


def test_quotes_pronoun_resolves_to_speaker_named_in_previous_sentence() -> None:
    a = analyze('Jane Smith visited the flooded valley on Monday. She said: "The bridge will be rebuilt within a year."')
    q = quote_with(a.quotes, "bridge will be rebuilt")
    assert q.speaker.text == "She" and q.speaker.name == "Jane Smith"
    assert a.text[q.speaker.start:q.speaker.end] == "She"


def test_quotes_and_said_chain_keeps_the_subject() -> None:
    a = analyze('Jane Smith added that the costs had doubled since March, and said: "We need more money from the state."')
    indirect = quote_with(a.quotes, "costs had doubled")
    direct = quote_with(a.quotes, "more money")
    assert indirect.kind == "indirect" and indirect.cue is not None and indirect.cue.text == "added that"
    assert direct.kind == "direct" and direct.speaker.name == "Jane Smith"
    assert indirect.speaker.name == "Jane Smith"


def test_quotes_multi_paragraph_quote_runs_on() -> None:
    text = ('Jane Smith said: "The first part of the plan is the bridge.\n\n'
            '"The second part is the road to the school, which will take two years."\n\nThe council meets on Friday.')
    a = analyze(text)
    q = quote_with(a.quotes, "first part")
    assert "second part" in q.text and "council" not in q.text
    assert q.speaker.name == "Jane Smith"


def test_quotes_unclosed_mark_ends_at_paragraph_end() -> None:
    text = ('Jane Smith said: "The bridge will be rebuilt by the army within a year.\n\n'
            'The council meets on Friday to discuss the budget for the schools.')
    q = quote_with(analyze(text).quotes, "bridge will be rebuilt")
    assert q.text.endswith("within a year.") and "council" not in q.text


@pytest.mark.parametrize("text", [
    'The woman, called by the media "Natalia Barkal", lived in the camp for three years.',
    'Members formed what is called "al-Hisbah" inside the camp, the report shows.',
    'The intelligence service "MIT" ran the operation from the border town.',
    'She loved the novel "The Old Man and the Sea" as a child.',
])
def test_quotes_names_titles_and_scare_words_are_not_quotes(text: str) -> None:
    a = analyze(text)
    marked = [a.text[m.start:m.end] for m in find_marked(a.text)]
    assert marked  # the marks are there ...
    assert not any(q.text in marked for q in a.quotes)  # ... but none of them is a quote


def test_quotes_straight_and_curly_marks() -> None:
    marked = find_marked('He said "one two three" and \u201cfour five six\u201d then.')
    assert [(m.closed) for m in marked] == [True, True]
    assert len(marked) == 2


def test_quotes_headline_attribution() -> None:
    a = analyze("Omar: Turkey supports the smuggling of fighters from the camp\n\n"
                "Abdul Karim Omar, a senior official, spoke to reporters on Tuesday about the camp.")
    q = a.quotes[0]
    assert q.text == "Turkey supports the smuggling of fighters from the camp"
    assert q.speaker.text == "Omar" and q.speaker.name == "Abdul Karim Omar"
    assert q.cue is not None and q.cue.text == ":"


@pytest.mark.parametrize("text, mention", [
    ("Security sources said on condition of anonymity that the convoy was attacked near the border.", "Security sources"),
    ("An official told reporters that the talks had stalled over the weekend.", "An official"),
    ("Sources said the minister would resign before the end of the week.", "Sources"),
])
def test_quotes_anonymous_sources(text: str, mention: str) -> None:
    q = analyze(text).quotes[0]
    assert q.kind == "indirect"
    assert q.speaker.kind == "anonymous" and q.speaker.text == mention and q.speaker.name is None


def test_quotes_according_to() -> None:
    a = analyze("According to the health ministry, 40 people were injured in the attack on Sunday.")
    q = quote_with(a.quotes, "40 people were injured")
    assert q.cue is not None and q.cue.text == "According to"
    assert "ministry" in (q.speaker.text or "")


def test_quotes_mixed_quote() -> None:
    a = analyze('Jane Smith said that the plan would "change everything for the valley" within a year.')
    q = quote_with(a.quotes, "change everything")
    assert q.kind == "mixed" and q.speaker.name == "Jane Smith"


# -- the seed article ----------------------------------------------------------------------------
SEED_CUES = ["explained that", "stated that", "confirmed that", "drew attention to the fact that", "said",
             "pointed out that", "added that", "mentioned that", "continued", ":"]


@pytest.fixture(scope="module")
def seed(seed_text: str):
    return analyze(seed_text)


def test_quotes_seed_every_statement_is_the_co_chairs(seed) -> None:
    omar = [q for q in seed.quotes if q.speaker.name == "Abdul Karim Omar"]
    assert len(omar) >= 18
    cues = {q.cue.text for q in omar if q.cue}
    assert set(SEED_CUES) <= cues
    assert sum(1 for q in omar if q.cue and q.cue.text.startswith("said")) >= 8  # "He said:", "and said:", "said that"
    assert omar[0].text.startswith("Turkey's trafficking of ISIS") and omar[0].cue.text == ":"


def test_quotes_seed_unclosed_quote_ends_at_its_paragraph(seed) -> None:
    q = quote_with(seed.quotes, "And Turkish journalist published")
    assert q.kind == "direct" and q.text.endswith("I am still supporting you.")
    assert q.speaker.text == "he" and q.speaker.name == "Abdul Karim Omar"


def test_quotes_seed_names_and_scare_words_are_not_quotes(seed) -> None:
    for word in ("MIT", "Natalia Barkal", "al-Hisbah"):
        assert not any(q.text.strip('"') == word for q in seed.quotes)


def test_quotes_seed_offsets_index_the_text(seed) -> None:
    for q in seed.quotes:
        assert seed.text[q.start:q.end] == q.text
        assert q.cue is None or seed.text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker.start is not None:
            assert seed.text[q.speaker.start:q.speaker.end] == q.speaker.text


def test_quotes_signed_with_a_dash() -> None:
    a = analyze("Voters speak\n\n\u201cHe represents our greatest shame and I will vote against him.\u201d \u2015 Sonya Herridge\n")
    q = quote_with(a.quotes, "greatest shame")
    assert q.speaker.name == "Sonya Herridge" and q.cue is not None and q.cue.text == "\u2015"


def test_quotes_parenthetical_cue_inside_indirect_statement() -> None:
    a = analyze("Acts of protest, Jane Smith said, are acts of patriotism in a free country.")
    parts = [q for q in a.quotes if q.cue is not None and q.cue.text == "said"]
    assert [q.text for q in parts] == ["Acts of protest", "are acts of patriotism in a free country."] or \
        [q.text for q in parts] == ["Acts of protest", "are acts of patriotism in a free country"]
    assert all(q.speaker.name == "Jane Smith" for q in parts)
