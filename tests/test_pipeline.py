"""The pipeline: analyzers run in order, each gets what it requires, plugins register like built-ins."""

from __future__ import annotations

from typing import ClassVar

import pytest

from unspin import Article, Pipeline, build_pipeline
from unspin.errors import UnspinError
from unspin.readers import from_text
from unspin.registry import DEFAULT_PIPELINE, available, register


class WordCount:
    name: ClassVar[str] = "word_count"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    assigns: ClassVar[tuple[str, ...]] = ("summary",)

    def __call__(self, article: Article) -> None:
        article.summary["words"] = sum(len(article.text[s:e].split()) for s, e in article.sentences)


def test_a_plugin_runs_after_the_analyzers_it_needs() -> None:
    register("word_count", WordCount)
    pipeline = build_pipeline(["boilerplate", "spacy", "word_count"])
    article = pipeline(from_text("A title\n\nThe mayor said the bridge will open. It will cost a lot."))
    assert article.summary["words"] == 12
    assert {"regions", "doc", "sentences", "summary"} <= article.done
    assert "word_count" in available()


def test_missing_requirement_is_reported_when_the_pipeline_is_built() -> None:
    with pytest.raises(UnspinError, match="word_count.*needs sentences"):
        Pipeline([WordCount()])


def test_unknown_analyzer_names_the_known_ones() -> None:
    with pytest.raises(UnspinError, match="unknown analyzer 'nope'.*quotes"):
        build_pipeline(["nope"])


def test_pipe_keeps_order_and_batches() -> None:
    pipeline = build_pipeline(["boilerplate", "spacy"])
    texts = [f"Story {i}\n\nThe council met on day {i}. It voted." for i in range(5)]
    out = list(pipeline.pipe(from_text(t) for t in texts))
    assert [a.text for a in out] == texts
    assert all(len(a.sentences) == 2 for a in out)


def test_default_pipeline_order() -> None:
    assert DEFAULT_PIPELINE.index("spacy") < DEFAULT_PIPELINE.index("quotes") < DEFAULT_PIPELINE.index("sources")
