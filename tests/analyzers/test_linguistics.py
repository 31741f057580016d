"""spaCy through ``SpacyAnalyzer.pipe``: batches bounded by articles and characters, parses unchanged."""

from __future__ import annotations

import pytest

from unspin.analyzers.boilerplate import BoilerplateAnalyzer
from unspin.analyzers.linguistics import SpacyAnalyzer, batches
from unspin.article import Article


def _articles(lengths: list[int]) -> list[Article]:
    return [Article(text="x" * n) for n in lengths]


@pytest.mark.parametrize(
    ("lengths", "size", "chars", "expected"),
    [
        ([10, 10, 10, 10, 10], 2, 1000, [2, 2, 1]),  # the article count bounds a batch
        ([40, 40, 40, 40], 8, 100, [2, 2]),  # so do the characters
        ([30, 500, 30, 30], 8, 100, [1, 1, 2]),  # a long article goes alone
        ([100, 1, 99, 1], 8, 100, [1, 2, 1]),  # a batch that reaches the budget is handed on at once
        ([], 8, 100, []),
    ],
)
def test_batches_respect_count_and_characters(lengths, size, chars, expected):
    articles = _articles(lengths)
    got = list(batches(iter(articles), size, chars))
    assert [len(b) for b in got] == expected
    assert [a for b in got for a in b] == articles  # every article once, in order


def test_batches_read_no_further_than_the_batch_at_hand():
    pulled = []

    def stream():
        for a in _articles([10] * 6):
            pulled.append(a)
            yield a

    it = batches(stream(), 2, 1000)
    assert len(next(it)) == 2 and len(pulled) == 2  # a full batch leaves without waiting for the next input
    assert len(next(it)) == 2 and len(pulled) == 4


@pytest.fixture(scope="module")
def texts(seed_text):
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    return [seed_text, "\n\n".join(paragraphs[:3]), "Short one. Two sentences.", "\n\n".join(paragraphs[2:])]


def _parse(texts: list[str], **kwargs) -> list[tuple[bytes, list[tuple[int, int]]]]:
    articles = [Article(text=t) for t in texts]
    for a in articles:
        BoilerplateAnalyzer()(a)
    return [(a.doc.to_bytes(), a.sentences) for a in SpacyAnalyzer(**kwargs).pipe(articles)]


def test_parses_do_not_depend_on_the_batches(texts):
    one_batch = _parse(texts, batch_size=16, batch_chars=10**9)
    assert _parse(texts, batch_size=16, batch_chars=1) == one_batch  # each article alone
    assert _parse(texts, batch_size=2) == one_batch
