"""Does how an article *uses* a label say more than the label's word? Measured on PTC (docs/actors.md).

    python -m unspin.training.actors.label_use --data ../shared/data --cache /work/exp/labels

The actors analyzer (pipeline boilerplate, spacy, entities, quotes, actors, as ``evaluate basil``) runs
over the PTC training articles and every use of an actor label (kind ``label``) is kept with its type:

* *after a name*: the noun right after a name or demonym in one noun phrase ("ISIS mercenaries",
  "Turkish occupation");
* *stand-in*: a bare noun phrase the analyzer resolves to the actor, with no name in it ("the
  occupation", "the mercenaries").

A use is *marked* when it lies in a PTC ``Loaded_Language`` or ``Name_Calling,Labeling`` span (the
builder's test). A logistic regression on every noun/adjective token of the training articles,
[1, logit(lemma score), after-name flag, stand-in flag], says how much each use type changes the
chance of being marked beyond the lemma's score. The lemma scores are the builder's *training* table
(80% of PTC + BABE, K chosen as the builder does), and the split is the builder's own
(``split_articles``), so the held-out 20% of articles take no part in either.

Held-out evaluation, on the same articles for both:

* **label level** (what the runtime decides): one item per (article, actor, label); marked when any of
  its uses is; the lemma-only score against the best use's model score, each with the threshold of
  best F1 on these items;
* **use level**: one item per held-out label use;
* a paired bootstrap over held-out articles (1,000 resamples, seed 13, thresholds held fixed) of the
  label-level F1 difference.

The spaCy pass of the builder and the actors pass are cached in ``--cache`` (a folder).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import defaultdict
from dataclasses import astuple, dataclass
from pathlib import Path

import numpy as np

from .build_label_scores import (
    MARK_LABELS, SEED, _best_f1, choose_k, lemma_of, load_units, logistic, logit, split_articles,
)


@dataclass(frozen=True)
class Use:
    """One use of an actor label in a PTC article."""

    actor: str
    label: str
    lemma: str
    start: int
    stand_in: bool
    marked: bool


Tokens = list[tuple[int, str, bool]]  # (char offset, lemma, marked) per noun/adjective token
ArticleUses = tuple[str, Tokens, list[Use]]  # unit id ("article<id>"), tokens, label uses


def actor_pass(root: Path) -> list[ArticleUses]:
    """Run the actors analyzer over the PTC training articles (``load_corpus`` order)."""
    from unspin.analyzers.actors import _lemma
    from unspin.pipeline import build_pipeline
    from unspin.readers import from_text
    from unspin.training.techniques.ptc import load_corpus

    arts = load_corpus(root)
    pipe = build_pipeline(["boilerplate", "spacy", "entities", "quotes", "actors"])
    out = []
    for art, article in zip(arts, pipe.pipe(from_text(a.text, source=a.id) for a in arts)):
        spans = [(s.start, s.end) for s in art.spans if s.technique in MARK_LABELS]

        def inside(i: int, spans: list[tuple[int, int]] = spans) -> bool:
            return any(s <= i < e for s, e in spans)

        doc = article.doc
        toks = [(t.idx, lemma, inside(t.idx)) for t in doc if (lemma := lemma_of(t)) is not None]
        uses = []
        for actor in article.actors:
            bare = {m.end for m in actor.mentions if m.role == "label"}
            for lab in actor.labels:
                if lab.kind != "label":
                    continue
                for m in lab.mentions:
                    span = doc.char_span(m.start, m.end, alignment_mode="expand")
                    uses.append(Use(actor.id, lab.text, _lemma(span.root), m.start, m.end in bare, inside(m.start)))
        out.append((f"article{art.id}", toks, uses))
    return out


def rows(arts: list[ArticleUses], table: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Token-level design matrix [1, logit(score), after name, stand-in] and marks, over all
    noun/adjective tokens plus any label use the token filter left out."""
    X, y = [], []
    for _, toks, uses in arts:
        by_start = {u.start: u for u in uses}
        seen = set()
        for idx, lemma, hit in toks:
            u = by_start.get(idx)
            seen.add(idx)
            X.append((table.get(lemma, 0.0), u is not None and not u.stand_in, u is not None and u.stand_in))
            y.append(hit)
        for u in uses:
            if u.start not in seen:
                X.append((table.get(u.lemma, 0.0), not u.stand_in, u.stand_in))
                y.append(u.marked)
    a = np.array(X, dtype=float)
    return design(a[:, 0], a[:, 1], a[:, 2]), np.array(y, dtype=float)


def design(score: np.ndarray, after: np.ndarray, stand_in: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(score), logit(score), after, stand_in], axis=1)


def use_score(w: np.ndarray, u: Use, table: dict[str, float]) -> float:
    x = design(np.array([table.get(u.lemma, 0.0)]), np.array([float(not u.stand_in)]), np.array([float(u.stand_in)]))
    return float(1 / (1 + np.exp(-x[0] @ w)))


def label_items(arts: list[ArticleUses], w: np.ndarray, table: dict[str, float]) -> list[tuple[int, float, float, bool]]:
    """(article index, lemma score, best use's model score, marked) per (article, actor, label)."""
    out = []
    for n, (_, _, uses) in enumerate(arts):
        groups: dict[tuple[str, str], list[Use]] = defaultdict(list)
        for u in uses:
            groups[(u.actor, u.lemma)].append(u)
        for us in groups.values():
            out.append((n, round(table.get(us[0].lemma, 0.0), 4), round(max(use_score(w, u, table) for u in us), 4),
                        any(u.marked for u in us)))
    return out


def prf_at(s: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float, float]:
    """(F1, precision, recall) of ``s >= t`` against ``y``."""
    pred = s >= t
    tp = int((pred & y).sum())
    p = tp / int(pred.sum()) if pred.any() else 0.0
    r = tp / int(y.sum()) if y.any() else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def f1_at(s: np.ndarray, y: np.ndarray, t: float) -> float:
    return prf_at(s, y, t)[0]


def bootstrap(items: list[tuple[int, float, float, bool]], t_base: float, t_use: float,
              n: int = 1000) -> dict[str, float]:
    """Paired bootstrap over held-out articles of F1(use-aware) - F1(lemma only), thresholds fixed."""
    by_art: dict[int, list[tuple[int, float, float, bool]]] = defaultdict(list)
    for it in items:
        by_art[it[0]].append(it)
    arts = sorted(by_art)
    rng = random.Random(SEED)
    diffs = []
    for _ in range(n):
        pick = [it for a in (rng.choice(arts) for _ in arts) for it in by_art[a]]
        y = np.array([it[3] for it in pick], dtype=bool)
        diffs.append(f1_at(np.array([it[2] for it in pick]), y, t_use) - f1_at(np.array([it[1] for it in pick]), y, t_base))
    d = np.sort(np.array(diffs))
    return {"mean": round(float(d.mean()), 4), "lo95": round(float(d[int(0.025 * n)]), 4),
            "hi95": round(float(d[int(0.975 * n) - 1]), 4), "share_above_0": round(float((d > 0).mean()), 3)}


def describe(arts: list[ArticleUses]) -> dict[str, object]:
    """Counts of label uses by type, how many are marked, and the marked rate of the same lemmas' other uses."""
    lemmas = {u.lemma for _, _, uses in arts for u in uses}
    other = [0, 0]
    for _, toks, uses in arts:
        starts = {u.start for u in uses}
        for idx, lemma, hit in toks:
            if lemma in lemmas and idx not in starts:
                other[0] += 1
                other[1] += hit
    kinds = {"after_name": [0, 0], "stand_in": [0, 0]}
    for _, _, uses in arts:
        for u in uses:
            k = kinds["stand_in" if u.stand_in else "after_name"]
            k[0] += 1
            k[1] += u.marked
    return {"articles": len(arts), **{k: {"uses": v[0], "marked": v[1]} for k, v in kinds.items()},
            "same_lemmas_other_uses": {"tokens": other[0], "marked": other[1]}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the research corpora folder (../shared/data)")
    ap.add_argument("--cache", type=Path, required=True, help="a folder for the spaCy passes (reused when present)")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    ptc, babe, vocab, vec_of = load_units(args.data, args.cache / "units.pkl")
    path = args.cache / "ptc_actors.pkl"
    if path.exists():
        arts = [(a, toks, [Use(*u) for u in uses]) for a, toks, uses in pickle.loads(path.read_bytes())]
    else:
        arts = actor_pass(args.data / "ptc")
        path.write_bytes(pickle.dumps([(a, toks, [astuple(u) for u in uses]) for a, toks, uses in arts]))
    assert [a[0] for a in arts] == [u[0] for u in ptc], "the actors pass and the builder's units are in different orders"

    train_units, held_units = split_articles(ptc)
    train, held = split_articles(arts)
    k, lemma_threshold, _, table = choose_k(train_units, held_units, babe, vocab, vec_of)
    report: dict[str, object] = {"K": k, "lemma_threshold": lemma_threshold,
                                 "train": describe(train), "held_out": describe(held)}
    X, y = rows(train, table)
    w, se = logistic(X, y)
    report["model"] = {"weights [1, logit(score), after_name, stand_in]": np.round(w, 4).tolist(),
                       "standard_errors": np.round(se, 4).tolist(), "tokens": int(len(y)), "marked": int(y.sum())}

    items = label_items(held, w, table)
    yl = np.array([it[3] for it in items], dtype=bool)
    t_base, base = _best_f1(np.array([it[1] for it in items]), yl)
    t_use, use = _best_f1(np.array([it[2] for it in items]), yl)
    report["label_level"] = {
        "lemma_only": {"threshold": t_base, **base},
        "lemma_only_at_builder_threshold": {"threshold": lemma_threshold, **dict(zip(
            ("f1", "precision", "recall"),
            (round(x, 4) for x in prf_at(np.array([it[1] for it in items]), yl, lemma_threshold))))},
        "use_aware": {"threshold": t_use, **use},
        "bootstrap_f1_difference": bootstrap(items, t_base, t_use)}

    held_uses = [u for _, _, uses in held for u in uses]
    yu = np.array([u.marked for u in held_uses], dtype=bool)
    tb, ub = _best_f1(np.array([round(table.get(u.lemma, 0.0), 4) for u in held_uses]), yu)
    tu, uu = _best_f1(np.array([round(use_score(w, u, table), 4) for u in held_uses]), yu)
    report["use_level"] = {"lemma_only": {"threshold": tb, **ub}, "use_aware": {"threshold": tu, **uu}}
    report["held_out_marked_uses"] = sorted({(u.label, u.stand_in) for u in held_uses if u.marked})
    print(json.dumps(report, indent=1), file=sys.stdout)


if __name__ == "__main__":
    main()
