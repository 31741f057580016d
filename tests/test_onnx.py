"""``RowSession``: each input alone, results in order, no memory arena kept between calls; the shipped
models are rows graphs, which take many inputs per call and give each what it gets alone."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.claims.model import MODEL_DIR as CLAIMS_DIR
from unspin.claims.model import ClaimModel
from unspin.onnx import MAX_ROWS, RowSession
from unspin.techniques.model import MODEL_DIR as TECHNIQUES_DIR


@pytest.fixture(scope="module")
def feeds():
    texts = ["The camp holds 65,000 people.", "Yes.",
             "Officials said on Monday that the talks would resume next week in Geneva, according to two diplomats."]
    feeds = []
    for enc in ClaimModel(threads=1).tokenizer.encode_batch(texts):
        ids = np.asarray([enc.ids], dtype=np.int64)
        feeds.append({"input_ids": ids, "attention_mask": np.ones_like(ids)})
    return feeds


@pytest.mark.parametrize("threads", [1, 2])
def test_rows_come_back_in_order_lazily_or_not(feeds, threads):
    session = RowSession(CLAIMS_DIR / "model.onnx", threads=threads)
    alone = [session.run(["score"], f)[0] for f in feeds]
    listed = [out[0] for out in session.run_rows(["score"], feeds)]
    streamed = session.iter_rows(["score"], feeds)
    assert not isinstance(streamed, list)
    assert all(np.array_equal(a, b) for a, b in zip(alone, listed))
    assert all(np.array_equal(a, out[0]) for a, out in zip(alone, streamed))


def test_no_memory_arena(feeds):
    options = RowSession(CLAIMS_DIR / "model.onnx", threads=1).session.get_session_options()
    assert not options.enable_cpu_mem_arena and not options.enable_mem_pattern


def test_the_shipped_models_are_rows_graphs():
    assert RowSession(CLAIMS_DIR / "model.onnx", threads=1).rows_graph
    techniques = RowSession(TECHNIQUES_DIR / "model.onnx", threads=1)
    assert techniques.rows_graph and techniques.padded == {"probs", "hidden"}


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_many_inputs_per_call_give_each_what_it_gets_in_a_call_of_its_own(feeds, threads):
    """However the inputs are cut into calls (threads, ``MAX_ROWS``), each gets the same bits."""
    session = RowSession(CLAIMS_DIR / "model.onnx", threads=threads)
    many = [feeds[i % len(feeds)] for i in range(2 * MAX_ROWS + 5)]  # more than one call per thread
    alone = [session.run(["score"], f)[0] for f in feeds]
    for i, out in enumerate(session.iter_rows(["score"], many)):
        assert out[0].shape == alone[i % len(feeds)].shape == (1,)
        assert np.array_equal(out[0], alone[i % len(feeds)])


def test_outputs_with_a_length_axis_are_cut_back_to_each_input():
    session = RowSession(TECHNIQUES_DIR / "model.onnx", threads=2)
    lengths = [7, 40, 3, 256]
    feeds = [{"input_ids": np.full((1, n), 2000 + n, dtype=np.int64), "attention_mask": np.ones((1, n), dtype=np.int64),
              "token_type_ids": np.zeros((1, n), dtype=np.int64)} for n in lengths]
    alone = [session.run(None, f) for f in feeds]
    together = session.run_rows(None, feeds)
    for n, a, b in zip(lengths, alone, together):
        probs, hidden = b
        assert probs.shape[:2] == hidden.shape[:2] == (1, n)
        assert all(np.array_equal(x, y) for x, y in zip(a, b))
