"""``unspin claims score`` round trip with the shipped model, on a TSV the test writes."""

from __future__ import annotations

from typer.testing import CliRunner

from unspin.cli import _register, app


def test_claims_score_round_trip(tmp_path):
    _register()
    src = tmp_path / "in.tsv"
    src.write_text(
        "Sentence_id\tText\textra\n"
        "s1\tUnemployment fell from 10 percent in 2009 to 4.1 percent last year.\tx\n"
        "s2\tThank you very much, it is great to be here tonight.\ty\n"
        "s3\tThe state spent $2.3 billion on prisons in 2015, more than on universities.\tz\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.tsv"
    result = CliRunner().invoke(app, ["claims", "score", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r[0] for r in rows] == ["s1", "s2", "s3"]
    scores = {r[0]: float(r[1]) for r in rows}
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert {r[2] for r in rows} <= {"Yes", "No"}
    assert min(scores["s1"], scores["s3"]) > scores["s2"]
    assert dict((r[0], r[2]) for r in rows)["s2"] == "No"
