"""How much the cross-fitted SI F1 moves with the split of the validation articles into tuning halves.

The card's cross-fitted SI figure tunes the SI decoding (``calibrate.tune_si``) on one half of the 56
validation articles and scores the other half, with the halves drawn by fold seed 13. This repeats that
for fold seeds 13, 1, 2, 3, 4, 5 and prints each pooled SI F1 (token offsets, not widened to words, as
``tune_si`` scores them) and their mean and standard deviation, per model folder.

    UNSPIN_DATA=../shared/data python -m unspin.training.techniques.experiments.si_fold_noise MODEL_DIR [MODEL_DIR ...]
"""

from __future__ import annotations

import os
import sys

import numpy as np

from unspin.training.techniques.calibrate import folds, plain, tune_si
from unspin.training.techniques.train import validation_articles
from unspin.techniques.model import MODEL_DIR
from unspin.techniques.model import ANY, LABELS, TechniqueModel, decode_si_runs, si_channel
from unspin.training.techniques.ptc import Span
from unspin.training.techniques.scoring import si_scores

FOLD_SEEDS = (13, 1, 2, 3, 4, 5)


def main() -> None:
    data = os.environ.get("UNSPIN_DATA", "../shared/data")
    arts = validation_articles(MODEL_DIR, data)  # the shipped model's split
    gold = plain([s for a in arts for s in a.spans])
    k = LABELS.index(ANY)
    for folder in sys.argv[1:]:
        model = TechniqueModel.load(folder, threads=1)
        outs = model.token_probs([a.text for a in arts])
        scores = []
        for seed in FOLD_SEEDS:
            pooled = []
            for fold in folds(len(arts), 2, seed):
                rest = [i for i in range(len(arts)) if i not in fold]
                thr, how = tune_si([arts[i] for i in rest], [outs[i] for i in rest])
                for i in fold:
                    enc, probs = outs[i]
                    channel = si_channel(probs, k, how["any_weight"])
                    pooled += [Span(arts[i].id, int(enc.offsets[s, 0]), int(enc.offsets[t - 1, 1]))
                               for s, t, _ in decode_si_runs(channel, thr, how["peak"], int(how["gap"]))]
            scores.append(si_scores(pooled, gold).f1)
            print(f"{folder} fold seed {seed}: SI F1 {scores[-1]:.4f}", flush=True)
        print(f"{folder}: mean {np.mean(scores):.4f}, sd {np.std(scores, ddof=1):.4f}, "
              f"range {min(scores):.4f}-{max(scores):.4f}", flush=True)


if __name__ == "__main__":
    main()
