"""``unspin ptc predict|score`` (SemEval-2020 Task 11 formats) and ``unspin train techniques``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app, train_app
from .analyze import TechniquesMode

ptc_app = typer.Typer(help="Persuasion techniques on the PTC corpus (SemEval-2020 Task 11): predict and score.",
                      no_args_is_help=True)
app.add_typer(ptc_app, name="ptc")


class Task(str, Enum):
    si = "si"
    tc = "tc"
    flc = "flc"


@ptc_app.command("predict")
def predict_cmd(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of article*.txt files.")],
    task: Annotated[Task, typer.Option(help="si: spans; tc: a technique per template span; flc: spans with techniques.")] = Task.si,
    template: Annotated[Optional[Path], typer.Option(help="TC: labels file or folder giving the spans to classify.")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Predictions file to write.")] = Path("predictions.txt"),
    model_dir: Annotated[Optional[Path], typer.Option(help="Model folder (default: the shipped model).")] = None,
    threads: Annotated[int, typer.Option(help="onnxruntime threads (0: all cores).")] = 0,
    direct: Annotated[bool, typer.Option(help="FLC: decode every technique on its own instead of the calibrated mix (SI spans + TC head, some techniques on their own).")] = False,
    operating_point: Annotated[TechniquesMode, typer.Option(help="SI/FLC decoding tuned for F1 (balanced) or F2 (screening).")] = TechniquesMode.balanced,
) -> None:
    """Write predictions in the task's own format (SI: id start end; TC/FLC: id technique start end)."""
    from ..techniques.model import MODEL_DIR
    from ..errors import UnspinError
    from ..techniques.model import TechniqueModel
    from unspin.training.techniques.ptc import read_articles_dir, read_labels

    texts = read_articles_dir(articles_dir)
    if not texts:
        raise UnspinError(f"{articles_dir}: no article*.txt files")
    model = TechniqueModel.load(model_dir or MODEL_DIR, threads=threads or None).use(operating_point.value)
    lines: list[str] = []
    if task is Task.tc:
        if template is None:
            raise UnspinError("--task tc needs --template (the spans to classify)")
        wanted = read_labels(template)
        ids = sorted({s.article_id for s in wanted} & set(texts))
        missing = {s.article_id for s in wanted} - set(texts)
        if missing:
            raise UnspinError(f"template names articles not in {articles_dir}: {', '.join(sorted(missing)[:5])}")
        outs = dict(zip(ids, model.token_probs([texts[i] for i in ids])))
        for aid in ids:
            spans = [s for s in wanted if s.article_id == aid]
            enc, probs = outs[aid]
            for s, (label, _) in zip(spans, model.classify(enc, probs, [(s.start, s.end) for s in spans], texts[aid])):
                lines.append(f"{aid}\t{label}\t{s.start}\t{s.end}")
    else:
        ids = sorted(texts)
        for aid, (enc, probs) in zip(ids, model.token_probs([texts[i] for i in ids])):
            if task is Task.si:
                lines += [f"{aid}\t{s}\t{e}" for s, e in model.decode_si(texts[aid], enc, probs)]
            else:
                decode = model.decode if direct else model.decode_flc
                lines += [f"{aid}\t{p.technique}\t{p.start}\t{p.end}" for p in decode(texts[aid], enc, probs)]
    output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    typer.echo(f"wrote {len(lines)} predictions for {len(ids)} articles to {output}")


@ptc_app.command("split")
def split_cmd(
    data: Annotated[Optional[Path], typer.Option(help="PTC folder or the corpora folder holding ptc/ (default: $UNSPIN_DATA).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write train/ and valid/ into.")] = Path("ptc-split"),
    valid_fraction: Annotated[float, typer.Option()] = 0.15,
    seed: Annotated[int, typer.Option()] = 13,
) -> None:
    """Write the fixed by-article split: OUT/{train,valid}/articles, labels (TC/FLC), labels-si, template-tc.txt."""
    import shutil

    from ..errors import UnspinError
    from ..paths import corpora_dir
    from unspin.training.techniques.ptc import load_corpus, ptc_dir, split_ids
    from unspin.training.techniques.scoring import merge_spans

    root = corpora_dir(data)
    if root is None or not root.is_dir():
        raise UnspinError("no PTC data: pass --data or set $UNSPIN_DATA")
    corpus = {a.id: a for a in load_corpus(root)}
    for name, ids in zip(("train", "valid"), split_ids(list(corpus), valid_fraction, seed)):
        base = output / name
        for sub in ("articles", "labels", "labels-si"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        template = []
        for aid in ids:
            a = corpus[aid]
            shutil.copy(ptc_dir(root) / "train-articles" / f"article{aid}.txt", base / "articles" / f"article{aid}.txt")
            (base / "labels" / f"article{aid}.task-flc-tc.labels").write_text(
                "".join(f"{aid}\t{s.technique}\t{s.start}\t{s.end}\n" for s in a.spans), encoding="utf-8")
            (base / "labels-si" / f"article{aid}.task-si.labels").write_text(
                "".join(f"{aid}\t{s}\t{e}\n" for s, e in merge_spans((s.start, s.end) for s in a.spans)), encoding="utf-8")
            template += [f"{aid}\t?\t{s.start}\t{s.end}\n" for s in a.spans]
        (base / "template-tc.txt").write_text("".join(template), encoding="utf-8")
        typer.echo(f"{name}: {len(ids)} articles, {len(template)} spans -> {base}")


@ptc_app.command("calibrate")
def calibrate_cmd(
    model_dir: Annotated[Path, typer.Argument(help="Model folder to re-calibrate in place (config.json, metrics.json).")],
    data: Annotated[Optional[Path], typer.Option(help="PTC folder or the corpora folder holding ptc/ (default: $UNSPIN_DATA).")] = None,
) -> None:
    """Re-tune a model folder's thresholds and decoding on the validation split, at both operating points
    (balanced: F1, screening: F2), and record the scores in its metrics.json. Needs no torch."""
    import json

    from ..errors import UnspinError
    from ..paths import corpora_dir
    from unspin.training.techniques.train import recalibrate

    root = corpora_dir(data)
    if root is None or not root.is_dir():
        raise UnspinError("no PTC data: pass --data or set $UNSPIN_DATA")
    report = recalibrate(model_dir, root)
    typer.echo(json.dumps({point: {task: round(r["cross_fitted"][task]["f1"], 4) for task in ("si", "tc", "flc")}
                           for point, r in (("balanced", report), ("screening", report["screening"]))}, indent=1))


@ptc_app.command("score")
def score_cmd(
    pred: Annotated[Path, typer.Argument(help="Predictions file (or folder of them).")],
    gold: Annotated[Path, typer.Argument(help="Gold labels folder or file (SI or TC/FLC format).")],
    task: Annotated[Task, typer.Option(help="si: span P/R/F1; tc: micro-F1 and per technique; flc: SI plus per technique.")] = Task.si,
) -> None:
    """Print the SemEval-2020 Task 11 scores of PRED against GOLD."""
    from unspin.training.techniques.ptc import Span, read_labels
    from unspin.training.techniques.scoring import flc_scores, flc_table, format_table, si_scores, tc_scores

    p, g = read_labels(pred), read_labels(gold)
    ids = {s.article_id for s in p}
    g = [s for s in g if s.article_id in ids] if task is Task.tc else g
    if task is Task.tc:
        micro, table = tc_scores(p, g)
        typer.echo(f"TC micro  P {micro.precision:.4f}  R {micro.recall:.4f}  F1 {micro.f1:.4f}  ({micro.n_pred} predicted, {micro.n_gold} gold)")
        typer.echo(format_table(table))
        return
    plain = lambda spans: [Span(s.article_id, s.start, s.end) for s in spans]  # noqa: E731
    si = si_scores(plain(p), plain(g))
    typer.echo(f"SI  P {si.precision:.4f}  R {si.recall:.4f}  F1 {si.f1:.4f}  ({si.n_pred} predicted, {si.n_gold} gold, merged)")
    if task is Task.flc:
        fl = flc_scores(p, g)
        typer.echo(f"FLC P {fl.precision:.4f}  R {fl.recall:.4f}  F1 {fl.f1:.4f}  (spans match only within a technique)")
        typer.echo(format_table(flc_table(p, g)))


@train_app.command("techniques")
def train_techniques(
    data: Annotated[Optional[Path], typer.Option(help="PTC folder or the corpora folder holding ptc/ (default: $UNSPIN_DATA).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Model folder to write (int8 ONNX, tokenizer, config).")] = Path("techniques-model"),
    work_dir: Annotated[Optional[Path], typer.Option(help="Checkpoints, fp32 ONNX, logs (default: OUTPUT-work).")] = None,
    epochs: Annotated[Optional[int], typer.Option(help="Default: as shipped.")] = None,
    max_length: Annotated[Optional[int], typer.Option(help="Default: as shipped.")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Default: as shipped.")] = None,
    lr: Annotated[Optional[float], typer.Option(help="Default: as shipped.")] = None,
    threads: Annotated[Optional[int], typer.Option(help="torch threads. (default: as shipped)")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Initialisation, window offsets and batch order. (default: as shipped)")] = None,
    split_seed: Annotated[Optional[int], typer.Option(help="Which articles are held out for validation. (default: as shipped)")] = None,
    bf16: Annotated[Optional[bool], typer.Option(help="bfloat16 autocast on CPU. (default: as shipped)")] = None,
    base_model: Annotated[Optional[str], typer.Option(help="Local transformers folder (default: all-MiniLM-L6-v2). (default: as shipped)")] = None,
    max_steps: Annotated[Optional[int], typer.Option(help="Stop after this many steps (0: no limit). (default: as shipped)")] = None,
    span_loss_weight: Annotated[Optional[float], typer.Option(help="Weight of the TC span head's loss (0: tagger only). (default: as shipped)")] = None,
    babe: Annotated[Optional[bool], typer.Option(help="Also train on BABE's biased words (media-bias/) as Loaded_Language. (default: as shipped)")] = None,
    memes: Annotated[Optional[bool], typer.Option(help="Also train on SemEval-2021 Task 6's meme spans (semeval2021-task6/). (default: as shipped)")] = None,
    repetition_flag: Annotated[Optional[str], typer.Option(help="What the token-type id marks: 'recurs' (in the whole article) "
                                                      "or 'earlier' (already used before this point).")] = None,
    teacher: Annotated[Optional[Path], typer.Option(help="A technique model folder to distil from: its token "
                                                         "probabilities become soft targets.")] = None,
    distill_weight: Annotated[Optional[float], typer.Option(help="Share of the teacher in the targets of labelled articles. (default: as shipped)")] = None,
    unlabelled: Annotated[Optional[int], typer.Option(help="Add this many unlabelled news articles (PolNeAR train texts), "
                                                 "labelled by the teacher alone.")] = None,
) -> None:
    """Train the technique tagger on PTC (train split), tune thresholds on validation, export int8 ONNX."""
    import json

    from ..errors import UnspinError
    from ..paths import corpora_dir
    from unspin.training.techniques.train import TrainingArguments, train

    root = corpora_dir(data)
    if root is None or not root.is_dir():
        raise UnspinError("no PTC data: pass --data or set $UNSPIN_DATA")
    given = dict(base_model=base_model, epochs=epochs, max_length=max_length, batch_size=batch_size, lr=lr,
                 threads=threads, seed=seed, split_seed=split_seed, bf16=bf16, max_steps=max_steps,
                 span_loss_weight=span_loss_weight, babe=babe, memes=memes, repetition_flag=repetition_flag,
                 teacher=str(teacher) if teacher else None, distill_weight=distill_weight, unlabelled=unlabelled)
    args = TrainingArguments(**{k: v for k, v in given.items() if v is not None})  # defaults live in one place
    metrics = train(root, output, args, work_dir)
    typer.echo(json.dumps({k: metrics.get("cross_fitted", {}).get(k) for k in ("si", "tc")}, indent=1))
