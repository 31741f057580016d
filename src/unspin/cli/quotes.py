"""``unspin evaluate quotes``: score the quote analyzer on PolNeAR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import evaluate_app


@evaluate_app.command("quotes")
def evaluate_quotes_cmd(
    polnear: Annotated[Optional[Path], typer.Option("--polnear", help="PolNeAR data folder (holding dev/, train/).")] = None,
    split: Annotated[str, typer.Option(help="Split to score.")] = "dev",
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision, recall and F1 (loose: Jaccard >= 0.3, strict: >= 0.8) and speaker accuracy on PolNeAR."""
    from ..errors import UnspinError
    from unspin.training.polnear import evaluate
    from ..paths import corpora_dir

    root = polnear or (corpora_dir() / "polnear" if corpora_dir() else None)
    if root is None:
        raise UnspinError("no PolNeAR folder: pass --polnear DIR (or set UNSPIN_DATA)")
    scores = evaluate(root, split=split, limit=limit)
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    typer.echo(format_table(scores))


def format_table(scores: dict) -> str:
    """A plain-text table of the scores ``evaluate`` returns."""
    lines = [f"PolNeAR {scores['split']}: {scores['articles']} articles",
             f"{'gold set':<18}{'match':<8}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}{'speaker':>9}"]
    for key, label in (("statements", "statements"), ("all_attributions", "all attributions")):
        block = scores[key]
        for match in ("loose", "strict"):
            c = block[match]
            spk = f"{block['speaker_accuracy']:.3f}" if match == "loose" else ""
            lines.append(f"{label:<18}{match:<8}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1']:>7.3f}"
                         f"{c['tp']:>6}{c['predicted']:>6}{c['gold']:>6}{spk:>9}")
    return "\n".join(lines)
