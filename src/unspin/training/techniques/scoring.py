"""SemEval-2020 Task 11 metrics, implemented from the task definition.

SI (span identification), per article, after merging overlapping spans within predictions and within
gold: precision = (1/|S|) Σ_s Σ_t |s∩t|/|s|, recall = (1/|T|) Σ_t Σ_s |s∩t|/|t|, F1 their harmonic mean.
TC (technique classification of given spans): micro-averaged precision, recall and F1 of labels,
matched per (article, start, end) as multisets (the same span may carry two gold techniques).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from unspin.techniques import TECHNIQUES
from unspin.training.techniques.ptc import Span


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "n_pred": self.n_pred, "n_gold": self.n_gold}

    def fbeta(self, beta: float = 1.0) -> float:
        """F-beta of these precision and recall: beta 2 weighs recall higher (screening), 1 is F1."""
        return fbeta(self.precision, self.recall, beta)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def fbeta(p: float, r: float, beta: float = 1.0) -> float:
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r > 0 else 0.0


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans that share at least one character (touching spans stay apart); empty spans dropped."""
    out: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _by_article(spans: Iterable[Span]) -> dict[str, list[tuple[int, int]]]:
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for sp in spans:
        grouped[sp.article_id].append((sp.start, sp.end))
    return {a: merge_spans(v) for a, v in grouped.items()}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def si_scores(pred: Iterable[Span], gold: Iterable[Span]) -> Scores:
    """SI precision/recall/F1 with partial credit for overlap."""
    p_art, g_art = _by_article(pred), _by_article(gold)
    p_sum = r_sum = 0.0
    n_pred = sum(len(v) for v in p_art.values())
    n_gold = sum(len(v) for v in g_art.values())
    for aid in set(p_art) | set(g_art):
        ps, gs = p_art.get(aid, []), g_art.get(aid, [])
        for s in ps:
            p_sum += sum(_overlap(s, t) for t in gs) / (s[1] - s[0])
        for t in gs:
            r_sum += sum(_overlap(s, t) for s in ps) / (t[1] - t[0])
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return Scores(p, r, f1(p, r), n_pred, n_gold)


def _si_sums(pred: Iterable[Span], gold: Iterable[Span]) -> tuple[float, float, int, int]:
    s = si_scores(pred, gold)
    return s.precision * s.n_pred, s.recall * s.n_gold, s.n_pred, s.n_gold


def flc_scores(pred: Iterable[Span], gold: Iterable[Span]) -> Scores:
    """Spans with techniques: the SI metric where only spans of the same technique intersect, micro-averaged."""
    pred, gold = list(pred), list(gold)
    p_sum = r_sum = 0.0
    n_p = n_g = 0
    for t in TECHNIQUES:
        ps, rs, np_, ng = _si_sums([x for x in pred if x.technique == t], [x for x in gold if x.technique == t])
        p_sum, r_sum, n_p, n_g = p_sum + ps, r_sum + rs, n_p + np_, n_g + ng
    p = p_sum / n_p if n_p else 0.0
    r = r_sum / n_g if n_g else 0.0
    return Scores(p, r, f1(p, r), n_p, n_g)


def flc_table(pred: Iterable[Span], gold: Iterable[Span]) -> dict[str, Scores]:
    """Per technique, the SI metric restricted to that technique's predicted and gold spans."""
    pred, gold = list(pred), list(gold)
    return {t: si_scores([s for s in pred if s.technique == t], [s for s in gold if s.technique == t]) for t in TECHNIQUES}


def _label_bags(spans: Iterable[Span]) -> dict[tuple[str, int, int], Counter[str]]:
    bags: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for sp in spans:
        bags[(sp.article_id, sp.start, sp.end)][sp.technique] += 1
    return bags


def tc_scores(pred: Iterable[Span], gold: Iterable[Span]) -> tuple[Scores, dict[str, Scores]]:
    """TC micro P/R/F1 over given spans, and the same per technique."""
    p_bags, g_bags = _label_bags(pred), _label_bags(gold)
    correct: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for key, bag in p_bags.items():
        n_pred.update(bag)
        correct.update(bag & g_bags.get(key, Counter()))
    for bag in g_bags.values():
        n_gold.update(bag)

    def scores(c: int, np_: int, ng: int) -> Scores:
        p = c / np_ if np_ else 0.0
        r = c / ng if ng else 0.0
        return Scores(p, r, f1(p, r), np_, ng)

    micro = scores(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    table = {t: scores(correct[t], n_pred[t], n_gold[t]) for t in TECHNIQUES}
    return micro, table


def format_table(table: dict[str, Scores], title: str = "technique") -> str:
    """A plain-text (and Markdown) table: technique, P, R, F1, #pred, #gold."""
    lines = [f"| {title} | P | R | F1 | pred | gold |", "|---|---:|---:|---:|---:|---:|"]
    for name, s in table.items():
        lines.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.n_pred} | {s.n_gold} |")
    return "\n".join(lines)
