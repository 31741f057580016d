"""Auxiliary training data for the technique tagger: BABE's biased words and SemEval-2021's meme spans.

PTC's annotators mark loaded words only where they judged them persuasive in ~370 articles, so a label
like "mercenaries", which never occurs in PTC, is beyond what PTC alone can teach. BABE (Spinde et al.,
2021; ``media-bias/final_labels_SG2.csv``) marks the biased words of 3,674 news sentences; each marked
word becomes a Loaded_Language span; every ``negatives_every``-th sentence without biased words is kept
as a negative (all of them would add ~40% to the training time). Sentences are packed into
pseudo-articles to keep training windows full.

SemEval-2021 Task 6 (subtask 2, ``semeval2021-task6/``) marks persuasion techniques in ~950 meme texts
with 20 labels, most of which are PTC's under other names (``MEME_TECHNIQUES``); the six it adds
(Smears, Glittering generalities, ...) become spans of no PTC technique, which train the ANY channel
only. Used for training only, never for validation.
"""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

from unspin.errors import UnspinError
from unspin.techniques.explain import phrase_pattern
from unspin.training.techniques.ptc import PTCArticle, Span

BABE_FILE = Path("media-bias") / "final_labels_SG2.csv"
MEME_FOLDER = Path("semeval2021-task6")
MEME_FILES = ("training_set_task2.txt", "dev_set_task2.txt")  # the test file is left alone
ANY_ONLY = "ANY"  # a span of no PTC technique: inside some technique, which one PTC cannot say

MEME_TECHNIQUES: dict[str, str] = {  # SemEval-2021 Task 6 label -> PTC label
    "Appeal to authority": "Appeal_to_Authority",
    "Appeal to fear/prejudice": "Appeal_to_fear-prejudice",
    "Bandwagon": "Bandwagon,Reductio_ad_hitlerum",
    "Reductio ad hitlerum": "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-white Fallacy/Dictatorship": "Black-and-White_Fallacy",
    "Causal Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration/Minimisation": "Exaggeration,Minimisation",
    "Flag-waving": "Flag-Waving",
    "Loaded Language": "Loaded_Language",
    "Name calling/Labeling": "Name_Calling,Labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating cliché": "Thought-terminating_Cliches",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Misrepresentation of Someone's Position (Straw Man)": "Whataboutism,Straw_Men,Red_Herring",
    "Presenting Irrelevant Data (Red Herring)": "Whataboutism,Straw_Men,Red_Herring",
}


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
    pieces = []
    for raw, words in rows:
        sentence = " ".join(raw.split())
        marks = [(m.start(), m.end(), technique) for pattern in filter(None, map(phrase_pattern, words))
                 for m in pattern.finditer(sentence)]
        pieces.append((sentence + "\n", marks))
    return pack("babe", pieces, per_article)


def pack(prefix: str, pieces: list[tuple[str, list[tuple[int, int, str]]]], per_article: int) -> list[PTCArticle]:
    """Pseudo-articles of ``per_article`` consecutive pieces each: a piece is a text and its (start, end,
    technique) spans, offsets into that text; they become offsets into the article."""
    arts = []
    for k in range(0, len(pieces), per_article):
        aid = f"{prefix}{k // per_article:04d}"
        text, spans = "", []
        for piece, marks in pieces[k : k + per_article]:
            spans += [Span(aid, len(text) + start, len(text) + end, technique) for start, end, technique in marks]
            text += piece
        arts.append(PTCArticle(aid, text, sorted(set(spans), key=lambda s: (s.start, s.end))))
    return arts


def load_memes(root: str | Path, per_article: int = 40) -> list[PTCArticle]:
    """SemEval-2021 Task 6 meme texts packed ``per_article`` at a time, their spans under PTC's labels.

    Techniques PTC lacks become ``ANY_ONLY`` spans. Meme texts keep their line breaks (each meme ends
    with a blank line) so that offsets stay exact; memes without techniques stay in as negatives.
    """
    root = Path(root)
    folder = root / MEME_FOLDER if (root / MEME_FOLDER).is_dir() else root.parent / MEME_FOLDER
    files = [folder / name for name in MEME_FILES if (folder / name).is_file()]
    if not files:
        raise UnspinError(f"no SemEval-2021 Task 6 files in {folder}; train without them (drop --memes)")
    memes = [m for f in files for m in json.loads(f.read_text(encoding="utf-8")) if (m.get("text") or "").strip()]
    memes.sort(key=lambda m: hash_key(m["text"]))
    pieces = []
    for meme in memes:
        marks = [(int(lab["start"]), int(lab["end"]), MEME_TECHNIQUES.get(lab["technique"], ANY_ONLY))
                 for lab in meme.get("labels", [])]
        pieces.append((meme["text"].rstrip() + "\n\n", [m for m in marks if 0 <= m[0] < m[1] <= len(meme["text"])]))
    return pack("meme", pieces, per_article)
