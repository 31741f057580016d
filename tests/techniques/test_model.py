"""Runtime pieces of the tagger that need no model file: windows, decoding, repetition, explanations."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.techniques import TECHNIQUES
from unspin.techniques.explain import DEFINITIONS, count_in, describe, explain_span
from unspin.techniques.model import decode_runs, decode_si_runs, repetition_flags, si_channel, window_starts


@pytest.mark.parametrize(
    "n, size, stride, starts",
    [(10, 254, 192, [0]), (254, 254, 192, [0]), (300, 254, 192, [0, 46]), (600, 254, 192, [0, 192, 346])],
)
def test_windows_cover_every_token(n, size, stride, starts):
    got = window_starts(n, size, stride)
    assert got == starts
    covered = np.zeros(n, bool)
    for s in got:
        covered[s : s + size] = True
    assert covered.all()


def test_decode_runs():
    probs = np.array([0.1, 0.6, 0.8, 0.2, 0.9, 0.9])
    assert decode_runs(probs, 0.5) == [(1, 3, pytest.approx(0.7)), (4, 6, pytest.approx(0.9))]
    assert decode_runs(probs, 0.95) == []


def test_si_decoding_keeps_runs_that_peak_and_bridges_small_gaps():
    p = np.array([0.6, 0.9, 0.2, 0.7, 0.0, 0.0, 0.0, 0.6, 0.6, 0.0])
    assert [(i, j) for i, j, _ in decode_si_runs(p, 0.5)] == [(0, 2), (3, 4), (7, 9)]
    assert [(i, j) for i, j, _ in decode_si_runs(p, 0.5, peak=0.8)] == [(0, 2)]  # faint runs dropped
    assert [(i, j) for i, j, _ in decode_si_runs(p, 0.5, gap=1)] == [(0, 4), (7, 9)]  # one-token dip bridged
    assert [(i, j) for i, j, _ in decode_si_runs(p, 0.5, gap=3)] == [(0, 9)]


def test_si_channel_mixes_any_with_the_surest_technique():
    probs = np.array([[0.9, 0.1, 0.6], [0.2, 0.3, 0.1]])  # two techniques, then ANY
    assert si_channel(probs, 2).tolist() == pytest.approx([0.6, 0.1])
    assert si_channel(probs, 2, any_weight=0.5).tolist() == pytest.approx([0.75, 0.2])


def test_repetition_flags_mark_recurring_words_and_bigrams():
    text = "the mercenaries came. mercenaries again, mercenaries! irrefutable evidence, irrefutable evidence. cat"
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", text)]
    flags = repetition_flags(text, np.array(words))
    by_word = {text[s:e]: int(f) for (s, e), f in zip(words, flags)}
    assert by_word["mercenaries"] == 1
    assert by_word["irrefutable"] == 1 and by_word["evidence"] == 1
    assert by_word["cat"] == 0 and by_word["the"] == 0


def test_every_technique_has_a_definition():
    assert set(DEFINITIONS) == set(TECHNIQUES)
    assert all(describe(t) for t in TECHNIQUES)


def test_repetition_explanation_counts_occurrences():
    article = "ISIS mercenaries here. " * 20
    assert count_in(article, "mercenaries") == 20
    why = explain_span("Repetition", "mercenaries", article)
    assert "'mercenaries' appears 20 times" in why


def test_exaggeration_explanation_names_the_superlative():
    why = explain_span("Exaggeration,Minimisation", "the most dangerous camp in the whole world", "x", ["dangerous"])
    assert "'most'" in why and "'whole world'" in why
