"""Scoring news sentences with a model trained on debate transcripts.

Debate sentences are short; news sentences often pack an attribution frame, several clauses and a
quotation into one. A long sentence is scored whole and clause by clause, and keeps the best score:
a sentence is worth checking when any of its claims is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def news_scores(model: ClaimModel, texts: Sequence[str]) -> list[float]:
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
