"""The shared-encoder claims head experiment (not shipped): its two pieces that touch the shipped models."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnx")
pytest.importorskip("transformers")

from unspin.onnx import RowSession  # noqa: E402
from unspin.techniques.model import MODEL_DIR  # noqa: E402
from unspin.training.claims import shared  # noqa: E402


def test_the_trunk_outputs_leave_the_technique_model_as_it_is(tmp_path):
    shared.add_trunk_output(MODEL_DIR / "model.onnx", tmp_path / "trunk.onnx", [3, 4])
    ids = np.asarray([[101, 2023, 2003, 1037, 3231, 1012, 102]], dtype=np.int64)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    before = RowSession(MODEL_DIR / "model.onnx", threads=1).run(["probs", "hidden"], feed)  # a rows graph
    after = RowSession(tmp_path / "trunk.onnx", threads=1).run(["probs", "hidden", "trunk3", "trunk4"], feed)
    assert np.array_equal(before[0], after[0]) and np.array_equal(before[1], after[1])
    assert after[2].shape == after[3].shape == (1, 7, shared.HIDDEN)


@pytest.mark.slow
def test_the_head_starts_from_every_weight_of_the_claims_models_top_layers():
    weights = shared._claims_layer_weights(4)
    head = shared.head_module(4)
    state = head.state_dict()
    assert len(weights) == 32  # 2 layers × 16 tensors
    for key, value in weights.items():
        local = "layers." + key.removeprefix("encoder.layer.").replace("4.", "0.", 1).replace("5.", "1.", 1)
        assert np.allclose(state[local].numpy(), value), key
