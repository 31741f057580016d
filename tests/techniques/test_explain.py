"""Explanations of flagged spans: repetition counts, and the same words on every run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from unspin.techniques.explain import count_in, explain_span, most_repeated, phrase_pattern

ARTICLE = ("The occupation must end. People believe the occupation is illegal, and people believe it will end. "
           "Officials said the occupation would go on.")


def test_count_in_counts_whole_words_whatever_the_case_and_remembers():
    counts: dict[str, int] = {}
    assert count_in(ARTICLE, "occupation", counts) == 3
    assert count_in(ARTICLE, "OCCUPATION", counts) == 3
    assert count_in(ARTICLE, "occup") == 0  # whole words only
    assert counts == {"occupation": 3, "OCCUPATION": 3}


def test_a_recurring_span_is_named_whole_else_its_most_repeated_word():
    assert most_repeated("the occupation", ARTICLE) == ("the occupation", 3)
    assert most_repeated("an illegal occupation", ARTICLE) == ("occupation", 3)


def test_a_tie_goes_to_the_first_word_of_the_span():
    # "people" and "believe" both occur twice; neither span recurs as a whole.
    assert most_repeated("believe that people", ARTICLE) == ("believe", 2)
    assert most_repeated("people who believe", ARTICLE) == ("people", 2)


def test_an_explanation_is_the_same_in_every_process():
    """Word order once came from a set, so ties went by string hashing, which changes per process."""
    code = ("from unspin.techniques.explain import explain_span;"
            f"print(explain_span('Repetition', 'people who believe', {ARTICLE!r}))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert runs == {explain_span("Repetition", "people who believe", ARTICLE) + "\n"}
    assert "'people' appears 2 times" in next(iter(runs))


@pytest.mark.parametrize("text, phrase", [
    ("The war, the WAR and (war) but not warfare or postwar or war_time or war2.", "war"),
    ("a a a a a", "a a"),  # non-overlapping, left to right
    ("Stop the\n\t  war now; stop  the war.", "stop the war"),
    ("stop the\x1cwar", "the war"),  # \s takes every whitespace character str.isspace() knows
    ("“Mercenaries” — mercenaries’ mercenaries", "mercenaries"),
    ("The ſtate and the state", "state"),  # re.I pairs 'ſ' with 's': the regular expression decides
    ("KELVIN \u212a kelvin k", "k"),
    ("İstanbul istanbul ISTANBUL", "istanbul"),
    ("café CAFÉ cafe", "café"),
    ("", "anything"),
    ("some text", "   "),
])
def test_count_in_counts_as_the_phrase_pattern_finds(text, phrase):
    pattern = phrase_pattern(phrase)
    assert count_in(text, phrase) == (len(pattern.findall(text)) if pattern else 0)


def test_count_in_agrees_with_the_pattern_on_every_span_of_the_seed(seed_text):
    words = seed_text.split()
    for size in (1, 2, 3, 5):
        for i in range(0, len(words) - size, 3):
            phrase = " ".join(words[i : i + size])
            assert count_in(seed_text, phrase) == len(phrase_pattern(phrase).findall(seed_text)), phrase
