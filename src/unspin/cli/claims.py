"""``unspin claims score IN.tsv -o OUT.tsv`` and ``unspin train claims --data DIR -o MODEL_DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app, train_app

claims_app = typer.Typer(help="Check-worthy claims (CheckThat! Task 1 formats): score sentences.",
                         no_args_is_help=True)
app.add_typer(claims_app, name="claims")


@claims_app.command("score")
def score_cmd(
    input: Annotated[Path, typer.Argument(help="TSV: Sentence_id<TAB>Text (extra columns ignored, header allowed).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="TSV to write: Sentence_id<TAB>score<TAB>Yes|No.")],
    model_dir: Annotated[Optional[Path], typer.Option(help="Model folder (default: the shipped model).")] = None,
    threshold: Annotated[Optional[float], typer.Option(help="Decision threshold (default: the model's).")] = None,
    threads: Annotated[int, typer.Option(help="onnxruntime threads (0: all cores).")] = 0,
) -> None:
    """Score each sentence for check-worthiness and decide Yes/No at the model's threshold."""
    from unspin.training.claims.data import read_tsv
    from ..claims.model import DEFAULT_DIR, ClaimModel

    rows = read_tsv(input)
    model = ClaimModel(model_dir or DEFAULT_DIR, threads=threads or None)
    cut = model.threshold if threshold is None else threshold
    scores = model.score([r.text for r in rows])
    with output.open("w", encoding="utf-8") as fh:
        for row, score in zip(rows, scores):
            fh.write(f"{row.id}\t{float(score):.6f}\t{'Yes' if score >= cut else 'No'}\n")
    typer.echo(f"{len(rows)} sentences scored, {int((scores >= cut).sum())} check-worthy → {output}", err=True)


@train_app.command("claims")
def train_cmd(
    data: Annotated[Path, typer.Option("--data", help="CheckThat! 2024 English folder (or a parent of it).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model folder to write.")],
    epochs: Annotated[Optional[float], typer.Option(help="Passes over the training set (default: as shipped).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Sentences per step (default: as shipped).")] = None,
    learning_rate: Annotated[Optional[float], typer.Option(help="Encoder learning rate (default: as shipped).")] = None,
    max_length: Annotated[Optional[int], typer.Option(help="Tokens per sentence (default: as shipped).")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Random seed (default: as shipped).")] = None,
    threads: Annotated[Optional[int], typer.Option(help="torch threads (default: as shipped).")] = None,
    run_dir: Annotated[Optional[Path], typer.Option(help="Checkpoints (resumed if present); default OUTPUT/run.")] = None,
    babe: Annotated[Optional[Path], typer.Option(help="BABE final_labels_SG2.csv for the news style model "
                                                "(default: media-bias/ beside --data's corpora, if there).")] = None,
) -> None:
    """Fine-tune MiniLM on CheckThat! train, choose the threshold on dev, export int8 ONNX (needs torch)."""
    import json
    import logging

    from unspin.training.claims.train import TrainingArguments, train

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    given = dict(epochs=epochs, batch_size=batch_size, learning_rate=learning_rate, max_length=max_length,
                 seed=seed, threads=threads)
    args = TrainingArguments(**{k: v for k, v in given.items() if v is not None})  # defaults live in one place
    if babe is None:
        found = [p / "media-bias" / "final_labels_SG2.csv" for p in (data, *data.resolve().parents)]
        babe = next((p for p in found if p.is_file()), None)
    config = train(data, output, args, run_dir=run_dir, babe=babe)
    if "news" in config:
        typer.echo(json.dumps({"news": config["news"]["scores"]}, indent=2))
    typer.echo(json.dumps(config["scores"], indent=2))
