"""Tune a tagger on held-out articles: per-label thresholds and the TC head, with honest cross-fitted scores.

numpy + onnxruntime only, so a shipped model can be re-calibrated without torch.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspin.techniques import TECHNIQUES, tc_head
from unspin.techniques.model import ANY, LABELS, Encoded, TechniqueModel, combine_flc, decode_runs, decode_si_runs, si_channel
from unspin.training.techniques.ptc import PTCArticle, Span
from unspin.training.techniques.scoring import flc_scores, flc_table, si_scores, tc_scores

THRESHOLD_GRID = tuple(round(float(x), 2) for x in np.arange(0.05, 0.96, 0.05))
Outs = list[tuple[Encoded, np.ndarray]]


@dataclass
class Predictions:
    si: list[Span] = field(default_factory=list)
    flc: list[Span] = field(default_factory=list)
    tc: list[Span] = field(default_factory=list)

    def extend(self, other: Predictions) -> None:
        self.si += other.si
        self.flc += other.flc
        self.tc += other.tc


def plain(spans: list[Span]) -> list[Span]:
    return [Span(s.article_id, s.start, s.end) for s in spans]


def predict(model: TechniqueModel, arts: list[PTCArticle], outs: Outs) -> Predictions:
    """SI spans, technique spans, and a technique for every gold span (TC), for each article."""
    pred = Predictions()
    for a, (e, p) in zip(arts, outs):
        pred.si += [Span(a.id, s, t) for s, t in model.decode_si(a.text, e, p)]
        pred.flc += [Span(a.id, x.start, x.end, x.technique) for x in model.decode_flc(a.text, e, p)]
        labels = model.classify(e, p, [(s.start, s.end) for s in a.spans], a.text)
        pred.tc += [Span(a.id, s.start, s.end, t) for s, (t, _) in zip(a.spans, labels)]
    return pred


def score(pred: Predictions, arts: list[PTCArticle]) -> dict[str, Any]:
    gold = [s for a in arts for s in a.spans]
    tc, tc_table = tc_scores(pred.tc, gold)
    return {
        "si": si_scores(pred.si, plain(gold)).as_dict(),
        "si_from_technique_spans": si_scores(plain(pred.flc), plain(gold)).as_dict(),
        "flc": flc_scores(pred.flc, gold).as_dict(),
        "tc": tc.as_dict(),
        "tc_per_technique": {k: v.as_dict() for k, v in tc_table.items()},
        "flc_per_technique": {k: v.as_dict() for k, v in flc_table(pred.flc, gold).items()},
    }


def evaluate(model: TechniqueModel, arts: list[PTCArticle], outs: Outs | None = None) -> dict[str, Any]:
    """SI, TC and per-technique scores of ``model`` on ``arts`` with its current thresholds and TC head."""
    outs = outs if outs is not None else model.token_probs([a.text for a in arts])
    return score(predict(model, arts, outs), arts)


def tune_thresholds(arts: list[PTCArticle], outs: Outs, beta: float = 1.0) -> dict[str, float]:
    """Per label, the grid threshold maximising its span F-beta (SI metric; ANY: the SI task itself)."""
    best: dict[str, float] = {}
    for k, label in enumerate(LABELS):
        gold = plain([s for a in arts for s in a.spans if label == ANY or s.technique == label])
        f1s = []
        for thr in THRESHOLD_GRID:
            pred = [Span(a.id, int(e.offsets[i, 0]), int(e.offsets[j - 1, 1]))
                    for a, (e, p) in zip(arts, outs) for i, j, _ in decode_runs(p[:, k], thr)]
            f1s.append(si_scores(pred, gold).fbeta(beta))
        best[label] = THRESHOLD_GRID[int(np.argmax(f1s))]
    return best


SI_PEAKS = (0.0, 0.1, 0.2, 0.3)  # peak = threshold + this
SI_GAPS = (0, 1, 2, 4, 8)
SI_ANY_WEIGHTS = (1.0, 0.75, 0.5, 0.25)


def tune_si(arts: list[PTCArticle], outs: Outs, beta: float = 1.0) -> tuple[float, dict[str, float]]:
    """The SI decoding (channel mix, ANY threshold, hysteresis peak, gap merging) maximising SI F-beta on ``arts``."""
    gold = plain([s for a in arts for s in a.spans])
    k = LABELS.index(ANY)
    best: tuple[float, float, dict[str, float]] = (-1.0, 0.5, {"any_weight": 1.0, "peak": 0.0, "gap": 0})
    for weight in SI_ANY_WEIGHTS:
        channels = [si_channel(p, k, weight) for _, p in outs]
        for thr in THRESHOLD_GRID:
            for extra in SI_PEAKS:
                for gap in SI_GAPS:
                    pred = [Span(a.id, int(e.offsets[i, 0]), int(e.offsets[j - 1, 1]))
                            for a, (e, _), c in zip(arts, outs, channels) for i, j, _ in decode_si_runs(c, thr, thr + extra, gap)]
                    f = si_scores(pred, gold).fbeta(beta)
                    if f > best[0]:
                        best = (f, thr, {"any_weight": weight, "peak": round(thr + extra, 2), "gap": gap})
    return best[1], best[2]


def untune(model: TechniqueModel) -> None:
    """Back to the untuned decoding: thresholds 0.5, SI from P(ANY) alone, no TC head, no direct techniques."""
    model.thresholds, model.tc_head = {label: 0.5 for label in LABELS}, None
    model.config["direct_techniques"], model.config["si_decoding"] = [], {}


def tune(model: TechniqueModel, arts: list[PTCArticle], outs: Outs, beta: float = 1.0) -> None:
    """Set thresholds, SI decoding, TC head and direct techniques of ``model`` from ``arts``, maximising
    F-beta: beta 1 for the balanced operating point, 2 for screening (recall weighs more)."""
    model.thresholds = tune_thresholds(arts, outs, beta)
    model.thresholds[ANY], model.config["si_decoding"] = tune_si(arts, outs, beta)
    model.tc_head = fit_tc_head(model, arts, outs)
    model.config["direct_techniques"] = choose_direct(model, arts, outs, beta)


def fit_tc_head(model: TechniqueModel, arts: list[PTCArticle], outs: Outs) -> dict[str, Any] | None:
    """The TC head fitted on the gold spans of ``arts``; None for a model with a span head.

    A span head trained on the 5,000 train spans beat every stacker fitted on the ~700 validation spans
    of a fold (docs/models/techniques.md), so such a model classifies with its span head alone.
    """
    if model.span_head is not None:
        return None
    x, y = [], []
    for a, (e, p) in zip(arts, outs):
        for s in a.spans:
            x.append(tc_head.span_features(a.text, e.offsets, e.types, p, s.start, s.end))
            y.append(TECHNIQUES.index(s.technique))
    return tc_head.fit(np.asarray(x), np.asarray(y)) if x else None


def folds(n: int, k: int, seed: int) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def calibrate(model: TechniqueModel, arts: list[PTCArticle], outs: Outs | None = None, seed: int = 13,
              beta: float = 1.0) -> dict[str, Any]:
    """Set ``model.thresholds`` and ``model.tc_head`` from ``arts``; report untuned, cross-fitted and in-sample scores.

    Cross-fitted: for SI and technique spans, thresholds, TC head and decoding mix chosen on one half of the
    articles score the other half (2 folds); for TC, the head fitted on 4/5 of the articles classifies the
    remaining fifth (5 folds). Predictions are pooled, then scored.
    """
    outs = outs if outs is not None else model.token_probs([a.text for a in arts])
    untune(model)
    report: dict[str, Any] = {"untuned": score(predict(model, arts, outs), arts)}
    if model.span_head is not None:  # "untuned" TC is then the span head's; also report the token-mean TC
        report["untuned"]["tc_mean_probs"] = tc_scores(
            [Span(a.id, s.start, s.end, t) for a, (e, p) in zip(arts, outs)
             for s, (t, _) in zip(a.spans, model.classify(e, p, [(s.start, s.end) for s in a.spans]))],
            [s for a in arts for s in a.spans])[0].as_dict()

    pooled = Predictions()
    for fold in folds(len(arts), 2, seed):
        rest = [i for i in range(len(arts)) if i not in fold]
        tune(model, [arts[i] for i in rest], [outs[i] for i in rest], beta)
        part = predict(model, [arts[i] for i in fold], [outs[i] for i in fold])
        pooled.si += part.si
        pooled.flc += part.flc
    untune(model)  # TC alone: the TC head is refitted per fold below
    for fold in folds(len(arts), 5, seed):
        rest = [i for i in range(len(arts)) if i not in fold]
        model.tc_head = fit_tc_head(model, [arts[i] for i in rest], [outs[i] for i in rest])
        pooled.tc += predict(model, [arts[i] for i in fold], [outs[i] for i in fold]).tc
    report["cross_fitted"] = score(pooled, arts)

    tune(model, arts, outs, beta)
    report["in_sample"] = score(predict(model, arts, outs), arts)
    report["thresholds"] = model.thresholds
    report["direct_techniques"] = model.config["direct_techniques"]
    report["si_decoding"] = model.config["si_decoding"]
    return report


def choose_direct(model: TechniqueModel, arts: list[PTCArticle], outs: Outs, beta: float = 1.0) -> list[str]:
    """Greedily add techniques whose own decoding joins the labelled SI spans (``combine_flc``) while FLC F-beta improves."""
    gold = [s for a in arts for s in a.spans]
    decoded = [(a.id, model.decode(a.text, e, p), model.decode_labelled(a.text, e, p)) for a, (e, p) in zip(arts, outs)]

    def flc(chosen: set[str]) -> float:
        pred = [Span(aid, x.start, x.end, x.technique) for aid, own, lab in decoded for x in combine_flc(own, lab, chosen)]
        return flc_scores(pred, gold).fbeta(beta)

    table = flc_table([Span(aid, x.start, x.end, x.technique) for aid, own, _ in decoded for x in own], gold)
    chosen: set[str] = set()
    best = flc(chosen)
    for t in sorted(TECHNIQUES, key=lambda t: -table[t].fbeta(beta)):
        f = flc(chosen | {t})
        if f > best:
            chosen, best = chosen | {t}, f
    return sorted(chosen)
