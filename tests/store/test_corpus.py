"""The store as a user meets it: analyses go in, the same Articles come out, filtered and counted."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import unspin
from unspin import Article, Corpus, Technique, UnspinError
from unspin.article import Source

REPO = Path(__file__).resolve().parents[2]


def made(id: str, outlet: str, published: str, techniques: list[str] = (), source: str | None = None) -> Article:
    text = f"Article {id} from {outlet}. " * 5
    article = Article(text=text, id=id, outlet=outlet, published=published, url=f"https://{outlet}/{id}")
    article.techniques = [Technique(0, 7, name, 0.9, text[:7]) for name in techniques]
    if source:
        article.sources = [Source(source, "named", 1, 1.0)]
    article.done = {"techniques", "sources"}
    return article


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    store = Corpus(tmp_path / "corpus.db", readonly=False)
    store.add(made("a1", "fox.com", "2016-01-05", ["Loaded_Language", "Doubt"], source="Jane Doe"))
    store.add(made("a2", "fox.com", "2016-02-10", ["Doubt"]))
    store.add(made("b1", "nyt.com", "2016-01-20", [], source="Jane Doe"))
    store.add(made("c1", "hpo.com", "2015-12-31", ["Loaded_Language"]))
    return store


def test_articles_come_back_equal(corpus: Corpus) -> None:
    original = made("a1", "fox.com", "2016-01-05", ["Loaded_Language", "Doubt"], source="Jane Doe")
    assert corpus.get("a1") == original
    assert corpus.get("nope") is None
    assert [a.id for a in corpus] == ["a1", "a2", "b1", "c1"]
    assert len(corpus) == 4


def test_filters_and_counts(corpus: Corpus) -> None:
    assert corpus.outlets() == ["fox.com", "hpo.com", "nyt.com"]
    assert corpus.count(outlet="fox.com") == 2
    assert corpus.count(outlet=["fox.com", "nyt.com"]) == 3
    assert corpus.count(since="2016-01-01") == 3
    assert corpus.count(since=dt.date(2016, 1, 6), until="2016-01-31") == 1
    assert [a.id for a in corpus.articles(technique="Loaded_Language")] == ["a1", "c1"]
    assert [a.id for a in corpus.articles(source="Jane Doe")] == ["a1", "b1"]
    assert [a.id for a in corpus.articles(ids=["b1", "zz", "a2"])] == ["a2", "b1"]
    assert [a.id for a in corpus.articles(limit=2, offset=1)] == ["a2", "b1"]
    assert corpus.count(outlet="fox.com", technique="Doubt", until="2016-01-31") == 1
    with pytest.raises(UnspinError, match="since"):
        corpus.count(since="last week")


def test_replacing_an_article_replaces_its_parts(corpus: Corpus) -> None:
    corpus.add(made("a1", "fox.com", "2016-01-05", ["Slogans"]))
    sql = corpus.connection.execute
    assert sql("SELECT technique FROM techniques WHERE article_id = 'a1'").fetchall() == [("Slogans",)]
    assert sql("SELECT count(*) FROM sources WHERE article_id = 'a1'").fetchone() == (0,)
    assert corpus.count() == 4


def test_an_error_row_per_input_and_latest_state_wins(corpus: Corpus) -> None:
    corpus.add_error("x.txt", "x.txt: empty (no text to analyze)", "folder")
    corpus.add_error("x.txt", "x.txt: binary file\nsecond line", "folder")
    assert [(e["input"], e["reason"]) for e in corpus.errors()] == [("x.txt", "x.txt: binary file second line")]
    corpus.add_error("a2", "a2: not English", "feed.jsonl")  # a2 changed and now fails: it leaves the articles
    assert corpus.get("a2") is None
    assert corpus.connection.execute("SELECT count(*) FROM techniques WHERE article_id = 'a2'").fetchone() == (0,)
    corpus.add(made("x.txt", "fox.com", "2016-03-01"))  # fixed: the error goes
    assert [e["input"] for e in corpus.errors()] == ["a2"]


def test_read_only_store(corpus: Corpus, tmp_path: Path) -> None:
    reader = Corpus(tmp_path / "corpus.db")
    assert reader.count() == 4
    with pytest.raises(UnspinError, match="read-only"):
        reader.add(made("z", "fox.com", "2016-01-01"))
    with pytest.raises(sqlite3.OperationalError):
        reader.connection.execute("DELETE FROM articles")
    with pytest.raises(UnspinError, match="no such store"):
        Corpus(tmp_path / "missing.db")
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(UnspinError, match="not an unspin store"):
        Corpus(tmp_path / "junk.db")


def test_a_real_analysis_round_trips_with_its_parts(tmp_path: Path) -> None:
    engine = unspin.Engine(skip=("techniques", "claims"))
    article = engine.analyze(path=REPO / "examples" / "seed.txt", id="seed", outlet="example.org",
                             published="2024-05-01")
    with Corpus(tmp_path / "c.db", readonly=False) as store:
        store.add(article)
    corpus = Corpus(tmp_path / "c.db")
    assert corpus.get("seed") == article
    sql = corpus.connection.execute
    assert sql("SELECT count(*) FROM quotes").fetchone() == (len(article.quotes),)
    assert sql("SELECT count(*) FROM entities").fetchone() == (len(article.entities),)
    named = article.sources[0].name
    quoted = sql("SELECT count(*) FROM quotes WHERE speaker = ?", (named,)).fetchone()[0]
    assert quoted == sum(q.speaker.name == named for q in article.quotes) > 0
    row = sql("SELECT hash, words, versions, analyzed_at FROM articles").fetchone()
    assert row[0] == article.hash and row[1] > 100 and "spacy" in row[2] and row[3]
    # every quote's offsets index the stored text
    for start, end, text, stored in sql('SELECT q.start, q."end", q.text, a.text FROM quotes q JOIN articles a ON a.id = q.article_id'):
        assert stored[start:end] == text
