"""Scores depend on nothing but the input: not on the batch an input comes in, not on the CPU.

Dynamic int8 quantization scales activations per encoder call, so the models run each sentence (claims)
and each window (techniques) alone; 7-bit weights keep every CPU's integer products the same
(``unspin.training.quantize``). These tests check the first property directly and the second through
the shipped weights.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from unspin.analyzers.claims import ClaimAnalyzer
from unspin.techniques.model import MODEL_DIR as TECHNIQUES_DIR
from unspin.claims.model import MODEL_DIR as CLAIMS_DIR
from unspin.claims.model import ClaimModel
from unspin.pipeline import build_pipeline
from unspin.readers import from_text


def fifty_texts(seed_text: str) -> list[str]:
    """Fifty different articles made of the seed's paragraphs, rotated and cut at different places."""
    paragraphs = [p for p in seed_text.split("\n") if p.strip()]
    texts = []
    for i in range(50):
        rotated = paragraphs[i % len(paragraphs):] + paragraphs[: i % len(paragraphs)]
        texts.append("\n\n".join(rotated[: 2 + i % 4]))
    return texts


def test_a_sentence_scores_the_same_alone_and_among_fifty(seed_text: str):
    model = ClaimModel()
    sentences = list(dict.fromkeys(s.strip() for s in re.split(r"(?<=[.!?])\s+", seed_text) if len(s.split()) > 3))
    texts = sentences[:49] + [f"{s} ({i})" for i, s in enumerate(sentences * 4)][: 49 - len(sentences[:49])]
    texts.append("More than 65,000 people live in the al-Hol camp.")  # 50 different texts, long and short
    together = model.score(texts)
    alone = np.asarray([model.score([t])[0] for t in texts])
    assert len(set(texts)) == 50
    assert np.abs(together - alone).max() <= 1e-6
    reversed_order = model.score(texts[::-1])[::-1]
    assert np.abs(together - reversed_order).max() <= 1e-6


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline(["boilerplate", "spacy", "entities", "quotes", "techniques", "claims"])


def test_an_article_gets_the_same_spans_and_claims_alone_and_among_fifty(pipeline, seed_text: str):
    texts = fifty_texts(seed_text)
    together = list(pipeline.pipe(from_text(t) for t in texts))
    for i in (0, 17, 49):
        alone = pipeline(from_text(texts[i]))
        assert [(t.start, t.end, t.technique) for t in alone.techniques] == \
            [(t.start, t.end, t.technique) for t in together[i].techniques]
        assert np.allclose([t.score for t in alone.techniques], [t.score for t in together[i].techniques], atol=1e-6)
        assert [(c.start, c.end) for c in alone.claims] == [(c.start, c.end) for c in together[i].claims]
        assert np.allclose([c.score for c in alone.claims], [c.score for c in together[i].claims], atol=1e-6)


def test_claims_analyzer_batch_size_does_not_move_scores(pipeline, seed_text: str):
    texts = fifty_texts(seed_text)[:6]
    base = build_pipeline(["boilerplate", "spacy", "entities", "quotes"])
    one, many = ClaimAnalyzer(batch_articles=1), ClaimAnalyzer(batch_articles=16)
    a = list(one.pipe(base.pipe(from_text(t) for t in texts)))
    b = list(many.pipe(base.pipe(from_text(t) for t in texts)))
    for x, y in zip(a, b):
        assert [c.score for c in x.claims] == [c.score for c in y.claims]


@pytest.mark.parametrize("folder", [CLAIMS_DIR, TECHNIQUES_DIR], ids=["claims", "techniques"])
def test_shipped_weights_are_7_bit_so_every_cpu_sums_the_same(folder):
    """On AVX2 CPUs without VNNI onnxruntime adds u8 × s8 products in pairs in int16, which saturates
    for 8-bit weights (255 × 127 × 2 > 32,767) but never for weights within ±64 (255 × 64 × 2 = 32,640)."""
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper

    from unspin.training.rows import plain

    model = plain(onnx.load(str(folder / "model.onnx")))  # the model's own graph inside the rows graph
    weights = {n.input[1] for n in model.graph.node if n.op_type == "MatMulInteger"}
    assert len(weights) >= 24  # 6 layers × (query, key, value, attention output, first feed-forward)
    for init in model.graph.initializer:
        if init.name in weights:
            w = numpy_helper.to_array(init).astype(np.int32)
            assert w.min() >= -64 and w.max() <= 64, init.name
