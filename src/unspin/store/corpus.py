"""``unspin.Corpus``: a store of analyzed articles in one SQLite file, to iterate, filter, count and query.

>>> corpus = Corpus("corpus.db")                                   # doctest: +SKIP
>>> corpus.count(outlet="nytimes.com", since="2016-01-01")         # doctest: +SKIP
>>> for article in corpus.articles(technique="Loaded_Language"):    # doctest: +SKIP
...     print(article.id, len(article.techniques))
>>> corpus.connection.execute("SELECT speaker, count(*) FROM quotes GROUP BY 1").fetchall()  # doctest: +SKIP

The batch runner (``unspin batch``) writes it with ``Corpus(path, readonly=False)``: each article in
one transaction, so a store is never left holding half an article (docs/store.md).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import UnspinError
from . import schema
from .rows import article_row, part_rows

DateLike = str | dt.date | None


class Corpus:
    """Analyzed articles in one SQLite file (tables in docs/store.md).

    ``readonly=True`` (the default) opens an existing store for reading only; ``readonly=False``
    creates the file and its tables when missing and allows :meth:`add` and :meth:`add_error`.
    """

    def __init__(self, path: str | Path, readonly: bool = True) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.is_file():
                raise UnspinError(f"{self.path}: no such store (make one with `unspin batch ... --store {self.path}`)")
            uri = f"file:{self.path.resolve().as_posix()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            if self.path.parent and not self.path.parent.exists():
                raise UnspinError(f"{self.path}: folder {self.path.parent} does not exist")
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                # WAL + NORMAL: a commit survives the process being killed at any moment (not a power cut
                # before the next checkpoint), and readers never block the writer.
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                schema.create(conn)
            else:
                conn.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as err:
            conn.close()
            raise UnspinError(f"{self.path}: not an unspin store ({err})") from None
        self.connection: sqlite3.Connection = conn

    # -- reading --------------------------------------------------------------------------------
    def articles(self, outlet: str | Iterable[str] | None = None, since: DateLike = None, until: DateLike = None,
                 ids: Iterable[str] | None = None, technique: str | None = None, source: str | None = None,
                 place: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        """The stored articles that match every filter given, as :class:`Article` objects, ordered by id.

        ``outlet``: one outlet or several; ``since``/``until``: publication dates, inclusive (ISO
        strings or dates); ``ids``: these ids only; ``technique``: with at least one span of it;
        ``source``: quoting a source of this name; ``place``: mentioning a place of this name.
        Rows are read as they are iterated, so a large corpus never sits in memory whole.
        """
        where, params = _filters(outlet, since, until, ids, technique, source, place)
        sql = f"SELECT analysis FROM articles{where} ORDER BY id"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else int(limit), int(offset)]
        cursor = self.connection.execute(sql, params)
        try:
            while rows := cursor.fetchmany(64):
                for (analysis,) in rows:
                    yield Article.from_dict(json.loads(analysis))
        finally:
            cursor.close()

    def __iter__(self) -> Iterator[Article]:
        return self.articles()

    def __len__(self) -> int:
        return self.count()

    def count(self, outlet: str | Iterable[str] | None = None, since: DateLike = None, until: DateLike = None,
              ids: Iterable[str] | None = None, technique: str | None = None, source: str | None = None,
              place: str | None = None) -> int:
        """How many stored articles match (same filters as :meth:`articles`)."""
        where, params = _filters(outlet, since, until, ids, technique, source, place)
        return int(self.connection.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0])

    def get(self, id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self.connection.execute("SELECT analysis FROM articles WHERE id = ?", (id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def outlets(self) -> list[str]:
        """Every outlet in the store, sorted (articles without one are left out)."""
        rows = self.connection.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")
        return [r[0] for r in rows]

    def errors(self) -> list[dict[str, Any]]:
        """Inputs that could not be analyzed: ``{"input", "reason", "source", "at"}`` each, by input."""
        rows = self.connection.execute("SELECT input, reason, source, at FROM errors ORDER BY input")
        return [{"input": i, "reason": r, "source": s, "at": a} for i, r, s, a in rows]

    def stored_hash(self, id: str) -> str | None:
        """The content hash stored for this id, or None when it is not in the store."""
        row = self.connection.execute("SELECT hash FROM articles WHERE id = ?", (id,)).fetchone()
        return row[0] if row else None

    # -- writing --------------------------------------------------------------------------------
    def add(self, article: Article) -> None:
        """Store an analyzed article in one transaction, replacing any earlier row under its id and
        its parts, and clearing an earlier error for that id."""
        self._writable()
        data = article.to_dict()
        row = article_row(article, data)
        parts: dict[str, list[dict[str, Any]]] = {}
        for table, part in part_rows(article.id, data):
            parts.setdefault(table, []).append(part)
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete(article.id)
            conn.execute("DELETE FROM errors WHERE input = ?", (article.id,))
            conn.execute(_insert("articles", row), list(row.values()))
            for table, rows in parts.items():
                conn.executemany(_insert(table, rows[0]), [list(r.values()) for r in rows])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def add_error(self, input: str, reason: str, source: str | None = None) -> None:
        """Record that ``input`` failed, in one transaction: its one error row replaces any earlier one,
        and an article stored earlier under that id is removed (the store follows the input as it is now)."""
        self._writable()
        at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        reason = " ".join(str(reason).split())[:500]
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete(input)
            conn.execute("INSERT OR REPLACE INTO errors(input, reason, source, at) VALUES (?, ?, ?, ?)",
                         (input, reason, source, at))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _delete(self, id: str) -> None:
        self.connection.execute("DELETE FROM articles WHERE id = ?", (id,))
        for table in schema.PART_TABLES:
            self.connection.execute(f"DELETE FROM {table} WHERE article_id = ?", (id,))

    def _writable(self) -> None:
        if self.readonly:
            raise UnspinError(f"{self.path}: opened read-only (Corpus(path, readonly=False) to write)")

    # -- lifetime -------------------------------------------------------------------------------
    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r}, readonly={self.readonly})"


def _insert(table: str, row: dict[str, Any]) -> str:
    cols = ", ".join(f'"{c}"' for c in row)
    return f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * len(row))})"


def _iso(value: DateLike, name: str) -> str:
    from ..article import parse_date

    try:
        date = parse_date(value)
    except ValueError as err:
        raise UnspinError(f"{name}: {err}") from None
    assert date is not None
    return date.isoformat()


def _filters(outlet: str | Iterable[str] | None, since: DateLike, until: DateLike, ids: Iterable[str] | None,
             technique: str | None, source: str | None, place: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if outlet is not None:
        outlets = [outlet] if isinstance(outlet, str) else list(outlet)
        clauses.append(f"outlet IN ({', '.join('?' * len(outlets))})" if outlets else "0")
        params += outlets
    if since not in (None, ""):
        clauses.append("published >= ?")
        params.append(_iso(since, "since"))
    if until not in (None, ""):
        clauses.append("published <= ?")
        params.append(_iso(until, "until"))
    if ids is not None:
        clauses.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(ids)))
    for table, column, value in (("techniques", "technique", technique), ("sources", "name", source),
                                 ("places", "name", place)):
        if value is not None:
            clauses.append(f"EXISTS (SELECT 1 FROM {table} p WHERE p.article_id = articles.id AND p.{column} = ?)")
            params.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
