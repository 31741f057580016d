"""BABE's biased words become Loaded_Language spans at exact offsets of packed pseudo-articles."""

from __future__ import annotations

from pathlib import Path

from unspin.techniques.auxdata import load_babe

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
