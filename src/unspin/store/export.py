"""Export a corpus store, one file per table, as Parquet, JSON Lines or CSV, with the column docs beside.

Rows stream from SQLite in batches (``fetchmany``: 2,000 rows, 200 for ``articles`` whose rows carry
the text and the whole analysis), so a store of any size exports in bounded memory.
Column types come from what SQLite actually holds (``typeof`` per column): integers stay integers,
reals become float64, everything else text. Parquet files carry each column's description as field
metadata; every export also writes ``README.md`` and ``schema.json`` (tables, columns, types, docs,
row counts) beside the files.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UnspinError

FORMATS = ("parquet", "jsonl", "csv")
BATCH = 2000

_ID = "Id of the article (articles.id)."
_IDX = "Position of this row in the article's list (0-based)."
_START = "Character offset where the span starts in articles.text."
_END = "Character offset where the span ends in articles.text (exclusive)."
#: What each column of the store means (docs/store.md has the full schema).
COLUMN_DOCS: dict[str, dict[str, str]] = {
    "articles": {
        "id": "The caller's id, else the file path relative to the source, else the URL.",
        "url": "Web address of the article, when known.",
        "outlet": "Publisher or site (from the input, else the URL's host).",
        "published": "Publication date, ISO 8601 (YYYY-MM-DD).",
        "title": "Headline.",
        "text": "The article text exactly as analyzed; every offset in other tables indexes it.",
        "hash": "Content hash of text (16 hex digits of SHA-256).",
        "words": "Words in text (whitespace-separated tokens).",
        "analysis": "The whole analysis as JSON (Article.to_dict(), schema in docs/json.md).",
        "versions": "JSON: the unspin, spaCy and model versions that made the analysis.",
        "analyzed_at": "When the analysis ran (ISO 8601, UTC).",
    },
    "errors": {
        "input": "The input that failed: its id, file or URL.",
        "reason": "Why, in one line.",
        "source": "The SOURCE argument it came from.",
        "at": "When it failed (ISO 8601, UTC).",
    },
    "quotes": {
        "article_id": _ID, "idx": _IDX, "start": _START, "end": _END,
        "text": "The quoted or reported statement (content only).",
        "kind": "direct, indirect or mixed.",
        "speaker": "Resolved speaker name (null when unresolved).",
        "speaker_kind": "named, anonymous or unknown.",
        "cue": "The attribution cue (said, told, according to...).",
        "actor_id": "The actor this speaker resolves to (actors.actor_id), when actors were analyzed.",
    },
    "sources": {
        "article_id": _ID, "idx": _IDX,
        "name": "Source name (or the anonymous description).",
        "kind": "named, anonymous or unknown.",
        "quotes": "Statements attributed to this source in the article.",
        "share": "This source's share of the article's statements (0-1).",
        "description": "What the article says the source is.",
        "actor_id": "The actor this source resolves to, when actors were analyzed.",
    },
    "techniques": {
        "article_id": _ID, "idx": _IDX, "start": _START, "end": _END,
        "technique": "One of the 14 SemEval-2020 Task 11 persuasion techniques.",
        "score": "Model confidence (0-1). A span is evidence to read, not a verdict.",
        "text": "The span's text.",
    },
    "claims": {
        "article_id": _ID, "idx": _IDX, "start": _START, "end": _END,
        "text": "The sentence.",
        "score": "Check-worthiness score (0-1).",
        "checkworthy": "1 when the score passes the model's threshold.",
        "attributed_to": "Index (quotes.idx) of the quote that attributes the claim, else null (asserted by the outlet).",
    },
    "entities": {
        "article_id": _ID, "idx": _IDX, "start": _START, "end": _END,
        "text": "The mention as written.",
        "label": "PERSON, ORG, NORP, GPE, LOC or FAC.",
        "canonical": "The name all mentions of this entity share.",
    },
    "places": {
        "article_id": _ID, "idx": _IDX,
        "name": "Place name (GeoNames).", "latitude": "Latitude (WGS84).", "longitude": "Longitude (WGS84).",
        "country_code": "ISO 3166-1 alpha-2 country code.", "mentions": "Times the article mentions it.",
        "geonameid": "GeoNames id.",
    },
    "actors": {
        "article_id": _ID, "actor_id": "Actor id within the article.", "name": "Actor name.",
        "kind": "Kind of actor (person, organisation, group...).", "mentions": "Mentions in the article.",
    },
    "labels": {
        "article_id": _ID, "actor_id": "The actor labelled (actors.actor_id).", "text": "The label as written.",
        "count": "Times the article uses it.", "evaluative": "1 when the label judges (loaded), 0 when it describes.",
        "score": "Evaluative score (0-1).",
    },
    "store_info": {"key": "A fact about the store (its schema version...).", "value": "Its value."},
    "events": {"event_id": "An event several articles report.", "article_id": _ID},
    "event_info": {"event_id": "Event id (events.event_id).", "title": "A title for the event."},
}


def tables(conn: sqlite3.Connection) -> list[str]:
    """User tables of the store, in creation order (SQLite's own tables left out)."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "ORDER BY rowid").fetchall()
    return [r[0] for r in rows]


def column_types(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(column, "integer" | "real" | "text" | "blob") from the values SQLite holds (NULLs ignored)."""
    out = []
    for _, name, declared, *_ in conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall():
        kinds = {r[0] for r in conn.execute(
            f"SELECT DISTINCT typeof({_quote(name)}) FROM {_quote(table)}").fetchall()} - {"null"}
        if not kinds:
            decl = (declared or "").upper()
            kinds = {"integer"} if "INT" in decl else {"real"} if any(k in decl for k in ("REAL", "FLOA", "DOUB")) else {"text"}
        if kinds == {"integer"}:
            kind = "integer"
        elif kinds <= {"integer", "real"}:
            kind = "real"
        elif kinds == {"blob"}:
            kind = "blob"
        else:
            kind = "text"
        out.append((name, kind))
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _batches(conn: sqlite3.Connection, table: str, columns: list[str], size: int) -> Iterator[list[tuple[Any, ...]]]:
    cur = conn.execute(f"SELECT {', '.join(map(_quote, columns))} FROM {_quote(table)}")
    while rows := cur.fetchmany(size):
        yield rows


def export(store: str | Path, out_dir: str | Path, format: str = "parquet", *, batch: int = BATCH) -> dict[str, int]:
    """Write every table of ``store`` into ``out_dir`` as ``TABLE.parquet|jsonl|csv``; returns rows per table."""
    if format not in FORMATS:
        raise UnspinError(f"unknown export format {format!r} (one of {', '.join(FORMATS)})")
    from .corpus import Corpus

    path = Path(store)
    corpus = Corpus(path)  # one-line UnspinError for a missing file or one that is not a store
    conn = corpus.connection
    names = tables(conn)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    schema: dict[str, Any] = {}
    try:
        for table in names:
            cols = column_types(conn, table)
            writer = {"parquet": _write_parquet, "jsonl": _write_jsonl, "csv": _write_csv}[format]
            size = max(1, batch // 10) if any(c in ("text", "analysis") for c, _ in cols) and table == "articles" else batch
            counts[table] = writer(conn, table, cols, out / f"{table}.{format}", size)
            docs = COLUMN_DOCS.get(table, {})
            schema[table] = {"file": f"{table}.{format}", "rows": counts[table],
                             "columns": [{"name": c, "type": k, "doc": docs.get(c, "")} for c, k in cols]}
    finally:
        corpus.close()
    (out / "schema.json").write_text(json.dumps({"store": path.name, "format": format, "tables": schema},
                                                indent=1) + "\n", encoding="utf-8")
    (out / "README.md").write_text(_readme(path.name, format, schema), encoding="utf-8")
    return counts


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"integer": pa.int64(), "real": pa.float64(), "blob": pa.binary()}.get(kind, pa.string())


def _write_parquet(conn: sqlite3.Connection, table: str, cols: list[tuple[str, str]], path: Path, batch: int) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UnspinError("Parquet export needs pyarrow: pip install 'unspin[export]'") from None
    docs = COLUMN_DOCS.get(table, {})
    schema = pa.schema([pa.field(c, _arrow_type(k), metadata={"description": docs.get(c, "")}) for c, k in cols],
                       metadata={"table": table, "source": "unspin store"})
    names = [c for c, _ in cols]
    kinds = [k for _, k in cols]
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for rows in _batches(conn, table, names, batch):
            arrays = [pa.array([_coerce(r[i], kinds[i]) for r in rows], type=schema.field(i).type)
                      for i in range(len(names))]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            n += len(rows)
    return n


def _coerce(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "text" and not isinstance(value, str):
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if kind == "real":
        return float(value)
    return value


def _write_jsonl(conn: sqlite3.Connection, table: str, cols: list[tuple[str, str]], path: Path, batch: int) -> int:
    names = [c for c, _ in cols]
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for rows in _batches(conn, table, names, batch):
            for r in rows:
                fh.write(json.dumps({c: _coerce(v, k) for (c, k), v in zip(cols, r)}, ensure_ascii=False) + "\n")
            n += len(rows)
    return n


def _write_csv(conn: sqlite3.Connection, table: str, cols: list[tuple[str, str]], path: Path, batch: int) -> int:
    names = [c for c, _ in cols]
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for rows in _batches(conn, table, names, batch):
            writer.writerows([_coerce(v, k) for (_, k), v in zip(cols, r)] for r in rows)
            n += len(rows)
    return n


def _readme(store: str, format: str, schema: dict[str, Any]) -> str:
    lines = [f"# Export of the unspin store {store}", "",
             f"One {format} file per table. Offsets (`start`, `end`) are character offsets into `articles.text`,",
             "end exclusive. A technique span is evidence to read, not a verdict. Full schema: unspin's docs/store.md.",
             ""]
    for table, info in schema.items():
        lines += [f"## {table} ({info['file']}, {info['rows']} rows)", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| {c['name']} | {c['type']} | {c['doc']} |" for c in info["columns"]]
        lines.append("")
    return "\n".join(lines)
