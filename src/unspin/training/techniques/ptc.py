"""Read the Propaganda Techniques Corpus (SemEval-2020 Task 11) and split it by article."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import UnspinError


@dataclass(frozen=True)
class Span:
    """A labelled character span, end exclusive; ``technique`` is empty for SI spans."""

    article_id: str
    start: int
    end: int
    technique: str = ""


@dataclass
class PTCArticle:
    """One corpus article: its id, its text exactly as in the .txt, and its gold technique spans."""

    id: str
    text: str
    spans: list[Span] = field(default_factory=list)


def ptc_dir(root: str | Path) -> Path:
    """Accept either the ``ptc`` folder itself or the corpora folder that contains it."""
    root = Path(root)
    if (root / "ptc").is_dir() and not (root / "train-articles").is_dir():
        root = root / "ptc"
    return root


def read_text(path: Path) -> str:
    # newline="" keeps \r\n as two characters: the corpus offsets count them.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def article_id(path: Path) -> str:
    """``article111111111.txt`` -> ``111111111``."""
    return path.name.split(".")[0].removeprefix("article")


def read_articles_dir(folder: str | Path) -> dict[str, str]:
    """Every ``article*.txt`` in ``folder``: id -> text."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UnspinError(f"{folder}: not a folder of PTC articles")
    return {article_id(p): read_text(p) for p in sorted(folder.glob("article*.txt"))}


def read_labels_file(path: Path) -> list[Span]:
    """One labels file, SI (``id start end``) or TC/FLC (``id technique start end``) lines."""
    spans = []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        parts = line.strip().split("\t")
        if not line.strip():
            continue
        try:
            if len(parts) == 3:
                spans.append(Span(parts[0], int(parts[1]), int(parts[2])))
            else:
                spans.append(Span(parts[0], int(parts[2]), int(parts[3]), parts[1]))
        except (ValueError, IndexError):
            raise UnspinError(f"{path}:{n}: not a PTC labels line: {line.strip()!r}") from None
    return spans


def read_labels(path: str | Path) -> list[Span]:
    """Labels from one file or from every ``*.labels``/``*.txt`` file of a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.labels")) or sorted(path.glob("*.txt"))
        return [s for f in files for s in read_labels_file(f)]
    if not path.exists():
        raise UnspinError(f"{path}: no such labels file or folder")
    return read_labels_file(path)


def load_corpus(root: str | Path) -> list[PTCArticle]:
    """The training articles with their technique spans, sorted by id."""
    root = ptc_dir(root)
    texts = read_articles_dir(root / "train-articles")
    by_id: dict[str, list[Span]] = {aid: [] for aid in texts}
    for span in read_labels(root / "train-labels-task-flc-tc"):
        by_id.setdefault(span.article_id, []).append(span)
    return [PTCArticle(aid, texts[aid], sorted(by_id[aid], key=lambda s: (s.start, s.end))) for aid in texts]


def split_ids(ids: list[str], valid_fraction: float = 0.15, seed: int = 13) -> tuple[list[str], list[str]]:
    """A fixed, by-article train/validation split: (train ids, validation ids), each sorted."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    n_valid = max(1, round(len(shuffled) * valid_fraction))
    return sorted(shuffled[n_valid:]), sorted(shuffled[:n_valid])
