"""BABE's biased words and SemEval-2021's meme spans become PTC-labelled spans at exact offsets of packed pseudo-articles."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from unspin.training.techniques.auxdata import ANY_ONLY, load_babe, load_memes
from unspin.techniques.model import LABELS, Encoded
from unspin.training.techniques.train import token_labels

HEADER = "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n"


def test_biased_words_become_spans_and_unbiased_sentences_are_sampled(tmp_path: Path):
    csv_file = tmp_path / "media-bias" / "final_labels_SG2.csv"
    csv_file.parent.mkdir()
    rows = ["The  regime's thugs crushed the protest. ;u;o;t;left;Biased;x;['thugs', 'crushed']",
            "Thugs, again. ;u;o;t;left;Biased;x;['thugs']"]
    rows += [f"Plain sentence number {i}. ;u;o;t;center;Non-biased;x;[]" for i in range(8)]
    csv_file.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")

    arts = load_babe(tmp_path, per_article=100, negatives_every=4)
    (art,) = arts
    assert sorted(art.text[s.start : s.end] for s in art.spans) == ["Thugs", "crushed", "thugs"]
    assert {s.technique for s in art.spans} == {"Loaded_Language"}
    assert "The regime's thugs" in art.text  # whitespace normalised before offsets are taken
    assert art.text.count("Plain sentence") == 2  # every 4th of 8 negatives


def test_meme_spans_keep_their_text_and_take_ptc_labels(tmp_path: Path):
    folder = tmp_path / "semeval2021-task6"
    folder.mkdir()
    memes = [
        {"id": "1", "text": "BERNIE BROS ARE VIOLENT\n", "labels": [
            {"start": 0, "end": 11, "technique": "Name calling/Labeling", "text_fragment": "BERNIE BROS"},
            {"start": 16, "end": 23, "technique": "Smears", "text_fragment": "VIOLENT"}]},
        {"id": "2", "text": "This is not an accident!", "labels": []},
    ]
    (folder / "training_set_task2.txt").write_text(json.dumps(memes), encoding="utf-8")
    (art,) = load_memes(tmp_path, per_article=10)
    got = {(art.text[s.start : s.end], s.technique) for s in art.spans}
    assert got == {("BERNIE BROS", "Name_Calling,Labeling"), ("VIOLENT", ANY_ONLY)}
    assert "This is not an accident!" in art.text  # memes without techniques stay as negatives


def test_a_span_of_no_ptc_technique_marks_any_alone():
    from unspin.training.techniques.ptc import Span

    enc = Encoded(np.array([1, 2]), np.array([[0, 4], [5, 9]]), np.zeros(2, dtype=np.int64))
    y = token_labels(enc, [Span("m", 5, 9, ANY_ONLY)])
    assert y[0].sum() == 0
    assert y[1].tolist() == [0.0] * (len(LABELS) - 1) + [1.0]
