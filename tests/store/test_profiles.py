"""`unspin outlets`: per-outlet rates a reader can check by hand, then the same on BASIL's three outlets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import Corpus, Engine, reference
from unspin.profiles import outlet_profiles
from unspin.render.outlets import render_outlets
from unspin.training.reference import basil_articles

from .helpers import made


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    corpus = Corpus(path, readonly=False)
    # fox: 2 articles, 300 words, 6 technique spans, 4 quotes (1 anonymous), 3 check-worthy sentences
    corpus.add(made("f1", "fox", words=200, techniques=("Loaded_Language",) * 3 + ("Doubt",),
                    quotes=(("Jane Doe", "named"), ("Jane Doe", "named"), (None, "anonymous")),
                    claims=5, checkworthy=2, places=("Paris", "Ohio")))
    corpus.add(made("f2", "fox", words=100, techniques=("Loaded_Language", "Slogans"),
                    quotes=(("John Roe", "named"),), claims=2, checkworthy=1, places=("Paris",)))
    # <b>: an outlet name that must stay text in HTML
    corpus.add(made("n1", "<b>nyt</b>", words=500, quotes=(("Jane Doe", "named"),), claims=4))
    corpus.close()
    return path


def test_profiles_count_what_the_store_holds(store: Path) -> None:
    with Corpus(store) as corpus:
        fox, nyt = outlet_profiles(corpus)
    assert (fox["outlet"], fox["articles"], fox["words"]) == ("fox", 2, 300)
    assert fox["technique_spans"] == 6
    assert fox["techniques_per_1k"]["value"] == pytest.approx(20.0)
    assert fox["techniques"][0] == {"technique": "Loaded_Language", "spans": 4, "per_1k": pytest.approx(13.3333, abs=1e-3),
                                    # the median article (the lower of two: f2, 10 per 1,000 words; f1 has 15)
                                    "percentile": round(reference.percentile("techniques_per_1k.Loaded_Language", 10.0))}
    assert fox["anonymous_quote_share"]["value"] == pytest.approx(0.25)
    assert fox["named_sources_per_article"]["value"] == pytest.approx(1.0)  # Jane Doe in f1, John Roe in f2
    assert fox["top_sources"][0] == {"name": "Jane Doe", "quotes": 2, "articles": 1}
    assert fox["checkworthy_per_1k"]["value"] == pytest.approx(10.0)
    assert fox["top_places"][0] == {"name": "Paris", "country_code": "US", "mentions": 2, "articles": 2}
    assert fox["top_labels"] is None  # no actor labels in this store
    assert nyt["outlet"] == "<b>nyt</b>" and nyt["techniques"] == [] and nyt["techniques_per_1k"]["value"] == 0.0
    for rate in ("techniques_per_1k", "anonymous_quote_share", "named_sources_per_article", "checkworthy_per_1k"):
        assert 0.0 <= fox[rate]["percentile"] <= 100.0


def test_a_rare_technique_does_not_look_unusual_when_the_typical_article_has_none(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db", readonly=False)
    for i in range(9):
        corpus.add(made(f"a{i}", "fox", words=500, techniques=("Loaded_Language",) * 5))
    corpus.add(made("a9", "fox", words=500, techniques=("Repetition",)))
    (fox,) = outlet_profiles(corpus)
    repetition = next(r for r in fox["techniques"] if r["technique"] == "Repetition")
    assert repetition["per_1k"] == pytest.approx(0.2)  # pooled: 1 span in 5,000 words
    # its pooled rate would beat most single articles (most have none); the typical fox article has none.
    # (Figures read from the shipped table, which is rebuilt whenever a model changes: with the table of
    # 2026-12-02, 0.2 per 1,000 words sits at the 89th percentile and none at the 44th.)
    pooled, typical = (reference.percentile("techniques_per_1k.Repetition", v) for v in (0.2, 0.0))
    assert pooled > 75 and pooled - typical > 30
    assert repetition["percentile"] == round(typical)


def test_a_skipped_analyzer_gives_no_rate_rather_than_zero(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db", readonly=False)
    article = made("x", "fox", words=100, techniques=("Doubt",))
    article.done = {"techniques"}  # claims and quotes did not run
    corpus.add(article)
    (fox,) = outlet_profiles(corpus)
    assert fox["techniques_per_1k"]["value"] == pytest.approx(10.0)
    assert fox["checkworthy_per_1k"] == {"value": None, "percentile": None}
    assert fox["anonymous_quote_share"]["value"] is None and fox["analyzed"] == {"techniques": 1, "claims": 0, "quotes": 0}
    assert "–" in render_outlets([fox], "terminal")


def test_reports_in_every_format(store: Path, tmp_path: Path) -> None:
    with Corpus(store) as corpus:
        profiles = outlet_profiles(corpus)
    data = json.loads(render_outlets(profiles, "json"))
    assert [o["outlet"] for o in data["outlets"]] == ["fox", "<b>nyt</b>"]
    text = " ".join(render_outlets(profiles, "terminal").split())
    assert "fox" in text and "percentile" in text.lower() and "evidence to read, not a verdict" in text
    page = render_outlets(profiles, "html")
    assert "<svg" in page and "&lt;b&gt;nyt&lt;/b&gt;" in page and "<b>nyt</b>" not in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page), "the page must load nothing from the network"
    assert "<script" not in page
    done = subprocess.run([sys.executable, "-m", "unspin", "outlets", str(store), "--format", "json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outlets"][0]["articles"] == 2
    missing = subprocess.run([sys.executable, "-m", "unspin", "outlets", str(tmp_path / "nope.db")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


@pytest.mark.slow
def test_basil_three_outlets(corpora: Path, tmp_path: Path) -> None:
    """15 BASIL articles (5 events x fox, nyt, hpo) analyzed for real, quotes and places only."""
    articles = sorted(basil_articles(corpora), key=lambda a: a.id)[:15]
    store = Corpus(tmp_path / "basil.db", readonly=False)
    with Engine(skip=("techniques", "claims")) as engine:
        for result in engine.analyze_many(articles, on_error="raise"):
            store.add(result)
    profiles = outlet_profiles(store)
    assert sorted(p["outlet"] for p in profiles) == ["fox", "hpo", "nyt"]
    assert sum(p["articles"] for p in profiles) == 15
    assert sum(p["words"] for p in profiles) == store.connection.execute("SELECT sum(words) FROM articles").fetchone()[0]
    for p in profiles:
        assert p["analyzed"] == {"techniques": 0, "claims": 0, "quotes": p["articles"]}
        assert p["techniques_per_1k"]["value"] is None  # skipped, so no rate
        assert p["quotes"] > 0 and 0.0 <= p["anonymous_quote_share"]["value"] <= 1.0
        assert p["top_sources"] and p["top_places"]
        assert p["anonymous_quote_share"]["percentile"] is not None
    page = render_outlets(profiles, "html")
    assert page.count('<section class="outlet">') == 3


def test_labels_appear_once_the_store_has_actor_labels(store: Path) -> None:
    conn = Corpus(store, readonly=False).connection
    conn.executemany("INSERT INTO labels(article_id, actor_id, text, count, evaluative, score) VALUES (?, ?, ?, ?, ?, ?)",
                     [("f1", "a1", "regime", 3, 1, 0.9), ("f2", "a1", "regime", 1, 1, 0.8), ("f2", "a2", "senator", 2, 0, 0.1),
                      ("n1", "a1", "president", 1, 0, 0.1)])
    conn.close()
    with Corpus(store) as corpus:
        fox, nyt = outlet_profiles(corpus)
    assert fox["top_labels"] == [{"text": "regime", "count": 4, "evaluative": True, "articles": 2},
                                 {"text": "senator", "count": 2, "evaluative": False, "articles": 1}]
    assert [x["text"] for x in nyt["top_labels"]] == ["president"]
    assert "regime ×4 (evaluative)" in render_outlets([fox, nyt], "html")
