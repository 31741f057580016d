"""Knowledge distillation for the technique tagger: a large teacher's token probabilities as soft targets.

A bigger encoder (all-mpnet-base-v2) tags spans better than the shipped MiniLM but is too big and too
slow to ship. Distillation trains the small student on the teacher's probabilities, mixed with PTC's
gold labels where there are any, and lets it learn from unlabelled news too (``load_news``: PolNeAR's
training texts, which carry attribution annotations but no technique labels).

Teacher and student tokenize differently, so the teacher's per-token probabilities are carried over
through the characters: every character takes the probabilities of the teacher token covering it and
a student token takes the mean over its characters. The teacher is any model folder ``TechniqueModel``
loads (int8 ONNX), so this needs no torch.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unspin.errors import UnspinError
from unspin.techniques.model import LABELS, Encoded, TechniqueModel
from unspin.training.techniques.ptc import PTCArticle

NEWS_FOLDER = Path("polnear") / "train" / "text"


def transfer(teacher: Encoded, probs: np.ndarray, student: Encoded, n_chars: int) -> np.ndarray:
    """The teacher's (n_teacher_tokens, labels) probabilities as (n_student_tokens, labels) targets.

    Characters covered by no teacher token (spaces) do not count; a student token that covers only such
    characters gets zeros.
    """
    labels = probs.shape[1]
    per_char = np.zeros((n_chars + 1, labels), dtype=np.float64)
    covered = np.zeros(n_chars + 1, dtype=np.float64)
    for (a, b), p in zip(teacher.offsets, probs):
        if b > a:
            per_char[a:b] = p
            covered[a:b] = 1.0
    csum = np.vstack([np.zeros((1, labels)), np.cumsum(per_char, axis=0)])
    ccount = np.concatenate([[0.0], np.cumsum(covered)])
    out = np.zeros((len(student.ids), labels), dtype=np.float32)
    if len(student.ids) == 0:
        return out
    a, b = student.offsets[:, 0].astype(int), student.offsets[:, 1].astype(int)
    n = ccount[b] - ccount[a]
    ok = n > 0
    out[ok] = ((csum[b] - csum[a])[ok] / n[ok, None]).astype(np.float32)
    return out


def soft_targets(teacher: TechniqueModel, texts: Sequence[str], students: Sequence[Encoded]) -> list[np.ndarray]:
    """The teacher's window-averaged probabilities for each text, on the student's tokens."""
    if teacher.labels != list(LABELS):
        raise UnspinError(f"the teacher's labels {teacher.labels} are not the student's")
    out = []
    for text, student in zip(texts, students):
        ((enc, probs),) = teacher.token_probs([text])
        out.append(transfer(enc, probs, student, len(text)))
    return out


def load_news(data: str | Path, limit: int, seed: int = 13) -> list[PTCArticle]:
    """``limit`` unlabelled news articles (PolNeAR train texts, drawn with ``seed``), no spans."""
    root = Path(data)  # the corpora folder, a folder beside it (ptc/), or PolNeAR itself
    folder = next((c for c in (root / NEWS_FOLDER, root.parent / NEWS_FOLDER, root / "train" / "text") if c.is_dir()), None)
    if folder is None:
        raise UnspinError(f"{data}: no unlabelled news here (expected {NEWS_FOLDER})")
    files = sorted(folder.glob("*.txt"))
    random.Random(seed).shuffle(files)
    return [PTCArticle(f"news:{f.stem}", f.read_text(encoding="utf-8"), []) for f in files[:limit]]
