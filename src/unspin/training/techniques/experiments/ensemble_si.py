"""Validation SI/TC/FLC of an ensemble of technique models: token probabilities averaged on the first
model's tokens (others carried over through characters, ``distill.transfer``), the first model's span
head and hidden states for TC, calibrated and cross-fitted with the shipped calibration code.

    UNSPIN_DATA=../shared/data python -m unspin.training.techniques.experiments.ensemble_si MODEL_DIR [MODEL_DIR ...]

Used to decide whether an ensemble is a better distillation teacher than any one model.
"""

from __future__ import annotations

import json
import os
import sys

from unspin.training.techniques.calibrate import calibrate
from unspin.training.techniques.distill import transfer
from unspin.techniques.model import TechniqueModel
from unspin.training.techniques.train import validation_articles


def main(folders: list[str]) -> None:
    arts = validation_articles(folders[0], os.environ["UNSPIN_DATA"])  # the first model's own split
    texts = [a.text for a in arts]
    models = [TechniqueModel.load(f, threads=2) for f in folders]
    base = models[0].token_probs(texts)
    sums = [p.copy() for _, p in base]
    for m in models[1:]:
        for k, ((enc, p), text) in enumerate(zip(m.token_probs(texts), texts)):
            sums[k] += transfer(enc, p, base[k][0], len(text))
    outs = [(enc, s / len(models)) for (enc, _), s in zip(base, sums)]
    report = calibrate(models[0], arts, outs)
    print(json.dumps({"models": folders, **{k: report["cross_fitted"][k] for k in ("si", "tc")},
                      "flc_f1": report["cross_fitted"].get("flc", {}).get("f1")}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
