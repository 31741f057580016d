"""Re-quantizing a shipped model: the dequantized graph is the int8 model's, the result has 7-bit weights."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.claims.model import MODEL_DIR, ClaimModel
from unspin.onnx import RowSession

onnx = pytest.importorskip("onnx")

SENTENCES = [
    "More than 65,000 people live in the al-Hol camp, 45 km east of al-Hasakah.",
    "I think this is the most wonderful day of my life.",
    "The unemployment rate fell to 3.5 percent in 2019.",
]


def scores(model: ClaimModel, path) -> np.ndarray:
    session = RowSession(path, threads=1)
    feeds = []
    for enc in model.tokenizer.encode_batch(SENTENCES):
        ids = np.asarray([enc.ids], dtype=np.int64)
        feeds.append({"input_ids": ids, "attention_mask": np.ones_like(ids)})
    return np.asarray([out[0].reshape(-1)[0] for out in session.run_rows(["score"], feeds)])


@pytest.mark.slow
def test_requantize_keeps_the_scores_and_makes_weights_7_bit(tmp_path):
    from onnx import numpy_helper

    from unspin.training.quantize import dequantize, requantize

    model = ClaimModel()
    shipped = scores(model, MODEL_DIR / "model.onnx")
    fp32 = tmp_path / "fp32.onnx"
    onnx.save(dequantize(MODEL_DIR / "model.onnx"), str(fp32))
    again = tmp_path / "again.onnx"
    requantize(fp32, again)  # an fp32 graph has no MatMulInteger: dequantize leaves it as it is
    for path in (fp32, again):
        assert np.abs(scores(model, path) - shipped).max() < 0.05
    graph = onnx.load(str(again)).graph
    weights = {n.input[1] for n in graph.node if n.op_type == "MatMulInteger"}
    assert weights
    for init in graph.initializer:
        if init.name in weights:
            w = numpy_helper.to_array(init).astype(np.int32)
            assert -64 <= w.min() and w.max() <= 64
