"""Reading CheckThat! TSVs: header, CSV-style quoting, extra columns, unlabelled rows."""

from __future__ import annotations

from unspin.training.claims.data import read_tsv


def test_read_tsv_with_header_and_labels(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text(
        'Sentence_id\tText\tclass_label\n1\tWe spend 50 percent.\tYes\n2\t"He said ""no"" twice."\tNo\n',
        encoding="utf-8",
    )
    rows = read_tsv(path)
    assert [(r.id, r.text, r.label) for r in rows] == [("1", "We spend 50 percent.", 1), ("2", 'He said "no" twice.', 0)]


def test_read_tsv_without_header_or_label(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("a7\tUnemployment fell to 4%.\textra\tcolumns\n\nb8\tI love it.\n", encoding="utf-8")
    rows = read_tsv(path)
    assert [(r.id, r.label) for r in rows] == [("a7", None), ("b8", None)]
