"""How the span head's training examples are cut from an article and its windows (numpy only)."""

from __future__ import annotations

from unspin.techniques import TECHNIQUES
from unspin.techniques.model import Encoded
from unspin.training.techniques.ptc import Span
from unspin.training.techniques.train import gold_spans, window_spans
import numpy as np

TEXT = "They are mercenaries, mercenaries and thugs."


def encoded(text: str) -> Encoded:
    """One token per word (a stand-in for the tokenizer: offsets are all the span head needs)."""
    import re

    offsets = np.array([m.span() for m in re.finditer(r"\w+", text)])
    return Encoded(ids=np.arange(len(offsets)), offsets=offsets, types=np.zeros(len(offsets), dtype=np.int64))


def test_gold_spans_give_token_ranges_labels_and_recurrence():
    start = TEXT.index("mercenaries")
    golds = gold_spans(TEXT, encoded(TEXT), [Span("1", start, start + len("mercenaries"), "Name_Calling,Labeling"),
                                             Span("1", start, start + len("mercenaries"), "Repetition")])
    assert [(g.first, g.last) for g in golds] == [(2, 2), (2, 2)]
    assert [TECHNIQUES[g.label] for g in golds] == ["Name_Calling,Labeling", "Repetition"]
    assert golds[0].extras[2] == 1.0  # "mercenaries" recurs in the article


def test_window_spans_clip_to_the_window_and_drop_mostly_outside_spans():
    start = TEXT.index("are")
    (g,) = gold_spans(TEXT, encoded(TEXT), [Span("1", start, TEXT.index(" and"), "Loaded_Language")])  # tokens 1..3
    assert [(a, b) for a, b, _ in window_spans([g], 0, 6)] == [(1, 3)]
    assert [(a, b) for a, b, _ in window_spans([g], 2, 6)] == [(0, 1)]  # two of three tokens inside: kept, clipped
    assert window_spans([g], 3, 6) == []  # one of three inside: dropped
