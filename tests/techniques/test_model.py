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


def test_earlier_flags_mark_only_the_uses_after_the_first():
    text = "the mercenaries came. mercenaries again, irrefutable evidence, irrefutable evidence. the cat"
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", text)]
    flags = repetition_flags(text, np.array(words), mode="earlier").tolist()
    marked = [text[s:e] for (s, e), f in zip(words, flags) if f]
    assert marked == ["mercenaries", "irrefutable", "evidence"]  # second uses only; "the" never alone
    with pytest.raises(ValueError, match="unknown repetition flag"):
        repetition_flags(text, np.array(words), mode="sometimes")


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


def test_special_ids_follow_the_tokenizers_own_template():
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    from unspin.techniques.model import MODEL_DIR
    from unspin.techniques.model import load_tokenizer, special_ids

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "[CLS]": 4, "[SEP]": 5, "[PAD]": 6, "a": 7}
    mpnet_like = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    mpnet_like.pre_tokenizer = pre_tokenizers.Whitespace()
    mpnet_like.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    assert special_ids(mpnet_like) == (0, 2, 1)  # BERT's names are in its vocabulary, but unused
    if (MODEL_DIR / "tokenizer.json").exists():
        assert special_ids(load_tokenizer(MODEL_DIR / "tokenizer.json")) == (101, 102, 0)


def test_operating_points_switch_thresholds_and_decoding():
    from unspin.techniques.model import MODEL_DIR
    from unspin.errors import UnspinError
    from unspin.techniques.model import LABELS, TechniqueModel, load_tokenizer

    if not (MODEL_DIR / "tokenizer.json").exists():
        pytest.skip("no shipped tokenizer")
    point = lambda thr, peak: {"thresholds": {label: thr for label in LABELS}, "si_decoding": {"any_weight": 0.5, "peak": peak},
                               "direct_techniques": ["Loaded_Language"]}
    config = {"labels": list(LABELS), "max_length": 32, "stride": 24, **point(0.6, 0.8),
              "operating_points": {"balanced": point(0.6, 0.8), "screening": point(0.3, 0.4)}}
    model = TechniqueModel(config, load_tokenizer(MODEL_DIR / "tokenizer.json"), run=lambda *a: None)
    assert model.use("screening").threshold("ANY") == 0.3 and model.config["si_decoding"]["peak"] == 0.4
    assert model.operating_point == "screening"
    assert model.use("balanced").threshold("ANY") == 0.6 and model.config["si_decoding"]["peak"] == 0.8
    with pytest.raises(UnspinError, match="unknown operating point"):
        model.use("paranoid")
    del config["operating_points"]
    old = TechniqueModel(config, load_tokenizer(MODEL_DIR / "tokenizer.json"), run=lambda *a: None)
    assert old.use("balanced").threshold("ANY") == 0.6  # a model calibrated before operating points
    with pytest.raises(UnspinError, match="no 'screening' operating point"):
        old.use("screening")
