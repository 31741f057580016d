"""Read CheckThat! check-worthiness TSVs: ``Sentence_id<TAB>Text<TAB>class_label`` with a header."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from unspin.errors import UnspinError

SPLITS: dict[str, str] = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    label: int | None  # 1 = Yes (check-worthy), 0 = No, None = unlabelled


def read_tsv(path: str | Path) -> list[Sentence]:
    """Rows of ``id<TAB>text[<TAB>label ...]``; a header row (``Sentence_id`` ...) is skipped."""
    rows: list[Sentence] = []
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)):
            if not row or not any(cell.strip() for cell in row):
                continue
            if i == 0 and row[0].strip().lower() in ("sentence_id", "id", "tweet_id"):
                continue
            if len(row) < 2:
                raise UnspinError(f"{path}: line {i + 1} has no text column")
            label = None
            if len(row) >= 3 and row[2].strip() in ("Yes", "No"):
                label = int(row[2].strip() == "Yes")
            rows.append(Sentence(row[0].strip(), _unquote(row[1]), label))
    return rows


def _unquote(text: str) -> str:
    """CheckThat! wraps texts holding quote marks in CSV-style double quotes; undo that."""
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text


def checkthat_dir(data: str | Path) -> Path:
    """The folder holding the CheckThat! 2024 TSVs, given it or a parent (``checkworthiness`` or the corpora root)."""
    root = Path(data)
    for candidate in (root, root / "checkthat2024", root / "checkworthiness" / "checkthat2024"):
        if (candidate / SPLITS["train"]).is_file() or (candidate / SPLITS["dev"]).is_file():
            return candidate
    raise UnspinError(f"no CheckThat! 2024 TSVs under {root}")


def load_split(data: str | Path, split: str) -> list[Sentence]:
    return read_tsv(checkthat_dir(data) / SPLITS[split])
