"""docs/store.md tells the truth: every SQL query on it runs on a real store and answers, and the
questions the store is indexed for are answered through their indexes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unspin import Article, Claim, Corpus, Place, Technique
from unspin.article import Cue, Quote, Source, Speaker
from unspin.store import PART_TABLES

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"```sql\n(.*?)```", DOC, re.S)


def article(id: str, outlet: str, published: str, speaker: str, place: str) -> Article:
    text = f"{speaker} said the talks in {place} were a disaster. Officials, who spoke anonymously, disagreed."
    said = text.index("said")
    a = Article(text=text, id=id, outlet=outlet, published=published)
    a.quotes = [Quote(said + 5, text.index("."), text[said + 5:text.index(".")], "indirect",
                      Cue(said, said + 4, "said"), Speaker(speaker, 0, len(speaker), "named"))]
    a.sources = [Source(speaker, "named", 1, 1.0)]
    a.techniques = [Technique(text.index("disaster"), text.index("disaster") + 8, "Loaded_Language", 0.8, "disaster")]
    a.places = [Place(place, 34.5, 69.2, "AF", [(text.index(place), text.index(place) + len(place))], "city", 1138958)]
    a.claims = [Claim(0, len(text), text, 0.7, True)]
    a.done = {"quotes", "sources", "techniques", "places", "claims"}
    return a


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    path = tmp_path_factory.mktemp("doc") / "corpus.db"
    with Corpus(path, readonly=False) as store:
        store.add(article("fox/2016_1", "fox", "2016-03-02", "Abdul Karim Omar", "Kabul"))
        store.add(article("nyt/2016_1", "nyt", "2016-03-03", "Abdul Karim Omar", "Kabul"))
        store.add(article("fox/2016_2", "fox", "2016-04-10", "Jane Roe", "Herat"))
        store.add_error("feed.jsonl:7", "feed.jsonl:7: not a JSON line")
    return Corpus(path)


def test_the_doc_has_the_queries() -> None:
    assert len(QUERIES) >= 8
    for table in ("articles", "errors", *PART_TABLES, "store_info"):
        assert f"`{table}`" in DOC, table


@pytest.mark.parametrize("sql", QUERIES, ids=[q.strip().splitlines()[0][:40] for q in QUERIES])
def test_every_query_runs(corpus: Corpus, sql: str) -> None:
    rows = corpus.connection.execute(sql).fetchall()
    assert rows, sql  # the test store is made so that each query has an answer


def test_the_usual_questions_use_their_indexes(corpus: Corpus) -> None:
    def plan(sql: str) -> str:
        return " | ".join(r[-1] for r in corpus.connection.execute("EXPLAIN QUERY PLAN " + sql))

    assert "quotes_speaker" in plan(next(q for q in QUERIES if "q.speaker = " in q))
    assert "places_name" in plan(next(q for q in QUERIES if "p.name = " in q))
    by_month = plan(next(q for q in QUERIES if "t.technique = 'Loaded_Language'" in q))
    assert "techniques_technique" in by_month or "articles_outlet_published" in by_month
    rows = corpus.connection.execute(next(q for q in QUERIES if "q.speaker = " in q)).fetchall()
    assert [r[1] for r in rows] == ["fox", "nyt"]
