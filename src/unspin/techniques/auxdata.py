"""Auxiliary training data for the technique tagger: BABE's expert-marked biased words as Loaded Language.

PTC's annotators mark loaded words only where they judged them persuasive in ~370 articles, so a label
like "mercenaries", which never occurs in PTC, is beyond what PTC alone can teach. BABE (Spinde et al.,
2021; ``media-bias/final_labels_SG2.csv``) marks the biased words of 3,674 news sentences; each marked
word becomes a Loaded_Language span; every ``negatives_every``-th sentence without biased words is kept
as a negative (all of them would add ~40% to the training time). Sentences are packed into
pseudo-articles to keep training windows full. Used for training only, never for validation.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

from ..errors import UnspinError
from .explain import phrase_pattern
from .ptc import PTCArticle, Span

BABE_FILE = Path("media-bias") / "final_labels_SG2.csv"


def babe_path(root: str | Path) -> Path:
    """BABE's SG2 file under a corpora folder (or the file itself)."""
    root = Path(root)
    if root.is_file():
        return root
    for candidate in (root / BABE_FILE, root.parent / BABE_FILE):
        if candidate.is_file():
            return candidate
    return root / BABE_FILE


def biased_words(field: str) -> list[str]:
    """BABE's ``biased_words`` column (a Python list literal) as a list of strings."""
    try:
        words = ast.literal_eval(field or "[]")
    except (ValueError, SyntaxError):
        return []
    return [w.strip() for w in words if isinstance(w, str) and w.strip()] if isinstance(words, list) else []


def hash_key(text: str) -> str:
    """A stable, content-derived order (no RNG state): positives and negatives end up interleaved."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_babe(path: str | Path, per_article: int = 20, negatives_every: int = 4,
              technique: str = "Loaded_Language") -> list[PTCArticle]:
    """BABE sentences packed ``per_article`` at a time, each occurrence of a biased word a ``technique`` span."""
    file = babe_path(path)
    if not file.is_file():
        raise UnspinError(f"no BABE file at {file} (media-bias/{BABE_FILE.name}); train without it with --no-babe")
    with open(file, encoding="utf-8-sig", newline="") as f:
        rows = [(r["text"], biased_words(r.get("biased_words", "")))
                for r in csv.DictReader(f, delimiter=";") if (r.get("text") or "").strip()]
    rows = [r for r in rows if r[1]] + [r for r in rows if not r[1]][::negatives_every]
    rows.sort(key=lambda r: hash_key(r[0]))  # interleave positives and negatives
    arts = []
    for k in range(0, len(rows), per_article):
        aid = f"babe{k // per_article:04d}"
        text, spans = "", []
        for raw, words in rows[k : k + per_article]:
            sentence, base = " ".join(raw.split()), len(text)
            for pattern in filter(None, map(phrase_pattern, words)):
                spans += [Span(aid, base + m.start(), base + m.end(), technique) for m in pattern.finditer(sentence)]
            text += sentence + "\n"
        arts.append(PTCArticle(aid, text, sorted(set(spans), key=lambda s: (s.start, s.end))))
    return arts
