"""Scoring news sentences with a model trained on debate transcripts.

Two gaps, two fixes. (1) Debate sentences are short; news sentences pack an attribution frame, several
clauses and a quotation into one: a long sentence is scored whole and clause by clause and keeps the
best score. (2) In debates almost any statement about the world is "check-worthy", accusations and
verdicts included; a news reader wants the concrete, reportable facts first. A small logistic model over
style cues (numbers, dates, actors, hedges, boosters, superlatives, adjectives, personal pronouns...),
fitted on news sentences labelled "entirely factual" vs "expresses the writer's opinion" (BABE),
gives ``p_factual``; the news score is ``p_checkworthy * p_factual``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from .features import STYLE_FEATURES, sentence_cues, style_vector
from .model import ClaimModel

# Where a long sentence splits into claims: semicolons, "and said:", a colon before a quotation.
_SPLIT = re.compile(r';\s+|,?\s+and\s+(?:he\s+|she\s+|they\s+)?(?:said|added|stated)\s*:\s*|:\s*(?=["“])')
MIN_WORDS = 30


def clauses(text: str, min_words: int = MIN_WORDS) -> list[str]:
    """The parts of a long sentence worth scoring on their own (none for a short one)."""
    if len(text.split()) < min_words:
        return []
    parts = [p.strip(' "“”') for p in _SPLIT.split(text)]
    parts = [p for p in parts if len(p.split()) >= 5]
    return parts if len(parts) > 1 else []


def model_scores(model: ClaimModel, texts: Sequence[str]) -> list[float]:
    """One score per sentence: the model's score of the sentence or of its best clause."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for piece in [text, *clauses(text)]:
            pieces.append(piece)
            owner.append(i)
    scores = model.score(pieces) if pieces else []
    best = [0.0] * len(texts)
    for i, s in zip(owner, scores):
        best[i] = max(best[i], float(s))
    return best


class StyleModel:
    """``p_factual`` of a sentence from its style vector: a logistic regression stored as plain numbers."""

    def __init__(self, config: dict[str, Any]) -> None:
        if list(config["features"]) != list(STYLE_FEATURES):
            raise ValueError("news style model was fitted on other features")
        self.coef = [float(c) for c in config["coef"]]
        self.intercept = float(config["intercept"])

    def p_factual(self, vector: Sequence[float]) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, vector))
        return 1.0 / (1.0 + math.exp(-z))


def news_scores(model: ClaimModel, texts: Sequence[str], spans: Sequence[Any] | None = None,
                ents: Sequence[Sequence[Any]] | None = None) -> list[float]:
    """News-mode scores: model (best clause) times ``p_factual`` when the model ships a style model and
    spaCy spans are given; otherwise the model score alone. ``ents``: each span's entities, if at hand
    (``features.DocEntities``)."""
    scores = model_scores(model, texts)
    style = model.config.get("news", {}).get("style")
    if not style or spans is None:
        return scores
    sm = StyleModel(style)
    each = ents if ents is not None else [None] * len(spans)
    return [s * sm.p_factual(style_vector(span, sentence_cues(span, ents=e))) for s, span, e in zip(scores, spans, each)]


def news_threshold(model: ClaimModel) -> float:
    return float(model.config.get("news", {}).get("threshold", model.threshold))
