"""`unspin export`: every table of a store, read back with pyarrow, counts equal to the store's."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import Corpus, UnspinError
from unspin.store.export import export

from .helpers import made

pa = pytest.importorskip("pyarrow", reason="Parquet export needs pyarrow (pip install 'unspin[export]')")
import pyarrow.parquet as pq  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    corpus = Corpus(path, readonly=False)
    corpus.add(made("a1", "fox", techniques=("Loaded_Language", "Doubt"), quotes=(("Jane Doe", "named"),),
                    claims=3, checkworthy=1, places=("Paris",)))
    corpus.add(made("a2", "nyt", words=50, quotes=((None, "anonymous"), ("Jane Doe", "named")), claims=2))
    corpus.add(made("a3", None, words=10))
    corpus.add_error("bad.txt", "bad.txt: empty (no text to analyze)", "folder")
    corpus.close()
    return path


def counts(path: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def test_parquet_has_every_table_with_its_rows_and_column_docs(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    written = export(store, out, "parquet", batch=2)  # tiny batches: several record batches per table
    expected = counts(store)
    assert written == expected
    assert expected["techniques"] == 2 and expected["quotes"] == 3 and expected["errors"] == 1
    for table, n in expected.items():
        parquet = pq.read_table(out / f"{table}.parquet")
        assert parquet.num_rows == n, table
    articles = pq.read_table(out / "articles.parquet")
    assert sorted(articles.column("id").to_pylist()) == ["a1", "a2", "a3"]
    assert articles.schema.field("words").type == pa.int64()
    assert sorted(articles.column("words").to_pylist()) == [10, 50, 100]
    doc = articles.schema.field("text").metadata[b"description"].decode()
    assert "offset" in doc
    claims = pq.read_table(out / "claims.parquet")
    assert claims.schema.field("score").type == pa.float64()
    assert sum(claims.column("checkworthy").to_pylist()) == 1
    schema = json.loads((out / "schema.json").read_text())
    assert schema["tables"]["quotes"]["rows"] == 3
    assert "speaker_kind" in (out / "README.md").read_text()


def test_jsonl_and_csv_carry_the_same_rows(store: Path, tmp_path: Path) -> None:
    expected = counts(store)
    export(store, tmp_path / "j", "jsonl")
    export(store, tmp_path / "c", "csv")
    for table, n in expected.items():
        lines = (tmp_path / "j" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == n
        with open(tmp_path / "c" / f"{table}.csv", encoding="utf-8", newline="") as fh:
            assert len(list(csv.reader(fh))) == n + 1  # header
    first = json.loads((tmp_path / "j" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert json.loads(first["analysis"])["id"] == first["id"]


def test_cli_export_and_its_errors(store: Path, tmp_path: Path) -> None:
    run = lambda *args: subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, text=True)  # noqa: E731
    done = run("export", str(store), "--format", "parquet", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "techniques 2" in done.stderr
    assert pq.read_table(tmp_path / "out" / "sources.parquet").num_rows == counts(store)["sources"]
    missing = run("export", str(tmp_path / "nope.db"), "-o", str(tmp_path / "x"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and "no such store" in missing.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    bad = run("export", str(junk), "-o", str(tmp_path / "y"))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "not an unspin store" in bad.stderr
    with pytest.raises(UnspinError, match="unknown export format"):
        export(store, tmp_path / "z", "xlsx")
