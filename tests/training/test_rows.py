"""Rows graphs (``unspin.training.rows``): the shipped models wrap their own graphs, node for node, and give
every input the same bits as the plain graph run alone."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.claims.model import MODEL_DIR as CLAIMS_DIR
from unspin.onnx import RowSession
from unspin.techniques.model import MODEL_DIR as TECHNIQUES_DIR

onnx = pytest.importorskip("onnx")

from unspin.training import rows  # noqa: E402

SENTENCES = [
    "More than 65,000 people live in the al-Hol camp, 45 km east of al-Hasakah.",
    "Yes.",
    "The so-called mercenaries of the occupation, he said, had been shelling the villages for weeks.",
]


@pytest.mark.parametrize("folder", [CLAIMS_DIR, TECHNIQUES_DIR], ids=["claims", "techniques"])
def test_plain_gives_back_the_graph_that_wrap_was_given(folder, tmp_path):
    shipped = onnx.load(str(folder / "model.onnx"))
    assert rows.is_rows(shipped)
    own = rows.plain(shipped)
    assert not rows.is_rows(own) and rows.plain(own) is own
    again = rows.plain(rows.wrap(own, sorted(RowSession(folder / "model.onnx", 1).padded)))
    assert [n.SerializeToString() for n in again.graph.node] == [n.SerializeToString() for n in own.graph.node]
    assert [i.name for i in again.graph.initializer] == [i.name for i in own.graph.initializer]


def feeds_of_lengths(folder, lengths=(3, 7, 20, 64, 96)):
    """Inputs of several lengths, as the model gets them alone: [CLS] words [SEP]."""
    extra = ["token_type_ids"] if folder == TECHNIQUES_DIR else []
    feeds = []
    for n in lengths:
        ids = np.asarray([[101] + [2023 + (k % 40) for k in range(n - 2)] + [102]], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        feeds.append(feed | {name: np.zeros_like(ids) for name in extra})
    return feeds


@pytest.mark.parametrize("folder", [CLAIMS_DIR, TECHNIQUES_DIR], ids=["claims", "techniques"])
def test_the_shipped_rows_graph_gives_the_bits_of_its_own_graph_alone(folder, tmp_path):
    plain_file = tmp_path / "plain.onnx"
    onnx.save(rows.plain(onnx.load(str(folder / "model.onnx"))), str(plain_file))
    alone = RowSession(plain_file, threads=1)
    assert not alone.rows_graph
    feeds = feeds_of_lengths(folder)
    if folder == CLAIMS_DIR:
        feeds += rows.claim_feeds(CLAIMS_DIR, SENTENCES)
    expected = [alone.run(None, f) for f in feeds]
    for a, b in zip(expected, RowSession(folder / "model.onnx", threads=2).run_rows(None, feeds)):
        assert all(x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b))


def test_build_checks_the_rows_graph_against_its_own_graph_and_writes_it(tmp_path):
    feeds = rows.technique_feeds(TECHNIQUES_DIR, [" ".join(SENTENCES * 30), SENTENCES[0]])
    assert len({f["input_ids"].shape[1] for f in feeds}) == 2  # full windows and a short one
    out = tmp_path / "rows.onnx"
    rows.build(TECHNIQUES_DIR / "model.onnx", out, feeds, ("probs", "hidden"))  # from a rows graph: its own graph
    assert RowSession(out, threads=1).padded == {"probs", "hidden"}
