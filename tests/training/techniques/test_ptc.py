"""Reading the PTC corpus and splitting it by article."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import UnspinError
from unspin.techniques import TECHNIQUES
from unspin.training.techniques.ptc import load_corpus, read_labels, split_ids


def test_read_labels_detects_si_and_tc_lines(tmp_path: Path):
    (tmp_path / "a.labels").write_text("7\tDoubt\t3\t9\n7\t10\t12\n\n", encoding="utf-8")
    spans = read_labels(tmp_path / "a.labels")
    assert [(s.article_id, s.technique, s.start, s.end) for s in spans] == [("7", "Doubt", 3, 9), ("7", "", 10, 12)]


def test_read_labels_rejects_garbage(tmp_path: Path):
    (tmp_path / "bad.labels").write_text("7\tDoubt\tx\t9\n", encoding="utf-8")
    with pytest.raises(UnspinError, match="bad.labels:1"):
        read_labels(tmp_path / "bad.labels")


def test_split_is_fixed_disjoint_and_by_article():
    ids = [str(i) for i in range(100)]
    train, valid = split_ids(ids, 0.15, seed=13)
    assert len(valid) == 15 and len(train) == 85
    assert not set(train) & set(valid)
    assert split_ids(list(reversed(ids)), 0.15, seed=13) == (train, valid)


def test_corpus_has_the_published_counts(corpora: Path):
    if not (corpora / "ptc").is_dir():
        pytest.skip("no ptc/ in the corpora folder")
    arts = load_corpus(corpora)
    assert len(arts) == 371
    spans = [s for a in arts for s in a.spans]
    assert len(spans) == 6128
    assert {s.technique for s in spans} == set(TECHNIQUES)
    for a in arts:
        for s in a.spans:
            assert 0 <= s.start < s.end <= len(a.text)
    train, valid = split_ids([a.id for a in arts])
    assert (len(train), len(valid)) == (315, 56)
