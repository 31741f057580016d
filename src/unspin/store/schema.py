"""The store's tables and indexes: one SQLite file, one table per part of the analysis.

``articles`` holds one row per analyzed article with its full analysis as JSON (the source of truth:
``Article.from_dict(json.loads(analysis))``); the part tables repeat what people query in plain
columns (offsets index ``articles.text``), indexed for the usual questions: every quote of one
person, techniques per outlet per month, articles that mention a place. docs/store.md documents it.
"""

from __future__ import annotations

import sqlite3

#: Bumped when a table changes; kept in ``store_info``.
STORE_VERSION = 1

#: Tables that hold one row per part of an article's analysis, all keyed by ``article_id``.
PART_TABLES = ("quotes", "sources", "techniques", "claims", "entities", "places", "actors", "labels")

DDL = """
CREATE TABLE IF NOT EXISTS store_info(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles(
    id TEXT PRIMARY KEY,
    url TEXT,
    outlet TEXT,
    published TEXT,          -- ISO date, YYYY-MM-DD
    title TEXT,
    text TEXT,
    hash TEXT,               -- content hash of text (Article.hash)
    words INTEGER,
    analysis TEXT,           -- Article.to_dict() as JSON
    versions TEXT,           -- JSON: unspin, spacy and model versions that made the analysis
    analyzed_at TEXT         -- ISO timestamp, UTC
);
CREATE INDEX IF NOT EXISTS articles_outlet_published ON articles(outlet, published);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);

CREATE TABLE IF NOT EXISTS errors(
    input TEXT,              -- the input's id, else its file (and line or record)
    reason TEXT,             -- one line
    source TEXT,             -- the SOURCE it came from (file, folder, WARC, .urls)
    at TEXT                  -- ISO timestamp, UTC
);
CREATE UNIQUE INDEX IF NOT EXISTS errors_input ON errors(input);

CREATE TABLE IF NOT EXISTS quotes(
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT,
    kind TEXT, speaker TEXT, speaker_kind TEXT, cue TEXT, actor_id TEXT,
    PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_actor ON quotes(actor_id);

CREATE TABLE IF NOT EXISTS sources(
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, name TEXT, kind TEXT, quotes INTEGER, share REAL,
    description TEXT, actor_id TEXT,
    PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS sources_name ON sources(name);

CREATE TABLE IF NOT EXISTS techniques(
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, technique TEXT,
    score REAL, text TEXT,
    PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS techniques_technique ON techniques(technique, article_id);

CREATE TABLE IF NOT EXISTS claims(
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT, score REAL,
    checkworthy INTEGER, attributed_to INTEGER,
    PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS claims_checkworthy ON claims(checkworthy, article_id);

CREATE TABLE IF NOT EXISTS entities(
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT, label TEXT,
    canonical TEXT,
    PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS entities_canonical ON entities(canonical, label);

CREATE TABLE IF NOT EXISTS places(
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, name TEXT, latitude REAL, longitude REAL,
    country_code TEXT, mentions INTEGER, geonameid INTEGER,
    PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS places_name ON places(name);
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS places_country ON places(country_code);

CREATE TABLE IF NOT EXISTS actors(
    article_id TEXT NOT NULL, actor_id TEXT NOT NULL, name TEXT, kind TEXT, mentions INTEGER,
    PRIMARY KEY (article_id, actor_id));
CREATE INDEX IF NOT EXISTS actors_name ON actors(name);

CREATE TABLE IF NOT EXISTS labels(
    article_id TEXT NOT NULL, actor_id TEXT, text TEXT, count INTEGER, evaluative INTEGER, score REAL);
CREATE INDEX IF NOT EXISTS labels_article ON labels(article_id, actor_id);
CREATE INDEX IF NOT EXISTS labels_text ON labels(text);
"""


def create(conn: sqlite3.Connection) -> None:
    """Create every table and index that is missing (idempotent), and stamp the store version."""
    conn.executescript(DDL)
    with conn:
        conn.execute("INSERT OR IGNORE INTO store_info(key, value) VALUES ('store_version', ?)", (str(STORE_VERSION),))
