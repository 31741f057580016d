"""BASIL (Fan et al., EMNLP 2019): one event told by Fox News, the New York Times and HuffPost.

Reads ``basil/articles/YEAR/EVENT_N.json`` with its ``annotations/YEAR/EVENT_N_ann.json`` into
plain text (title, blank line, paragraphs separated by blank lines, sentences by one space) and maps
each phrase-level bias span (given as offsets into one unnamed sentence) onto that text. Research
code: the evaluation of ``unspin compare`` and ``unspin events`` (python -m unspin.training.compare.evaluate).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}


@dataclass
class BiasSpan:
    """A phrase-level annotation: ``bias`` is ``lex`` (word choice) or ``inf`` (which facts are told)."""

    start: int
    end: int
    text: str
    bias: str
    target: str
    polarity: str
    quote: bool


@dataclass
class BasilArticle:
    id: str  # EVENT_N
    event: str  # the triplet uuid
    outlet: str
    title: str
    published: str
    text: str
    spans: list[BiasSpan] = field(default_factory=list)
    unmapped: int = 0  # annotations whose sentence could not be found


def load_basil(root: str | Path) -> list[BasilArticle]:
    """Every article under ``root`` (the ``basil`` folder), sorted by id."""
    root = Path(root)
    out = []
    for path in sorted((root / "articles").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        title = data.get("title") or ""
        parts, sentences = [title, "\n\n"], []
        offset = len(title) + 2
        for p, paragraph in enumerate(data.get("body-paragraphs") or []):
            if p:
                parts.append("\n\n")
                offset += 2
            for s, sentence in enumerate(paragraph):
                if s:
                    parts.append(" ")
                    offset += 1
                sentences.append((offset, sentence))
                parts.append(sentence)
                offset += len(sentence)
        text = "".join(parts)
        article = BasilArticle(id=path.stem, event=data["triplet-uuid"], outlet=OUTLETS.get(data["source"].lower(), data["source"]),
                               title=title, published=data.get("date") or "", text=text)
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if ann_path.exists():
            ann = json.loads(ann_path.read_text(encoding="utf-8"))
            for a in ann.get("phrase-level-annotations") or []:
                start, end, txt = int(a["start"]), int(a["end"]), a["txt"]
                hit = next((o for o, s in sentences if s[start:end] == txt), None)
                if hit is None:
                    article.unmapped += 1
                    continue
                article.spans.append(BiasSpan(hit + start, hit + end, txt, a["bias"], a.get("target", ""),
                                              a.get("polarity", ""), a.get("quote") == "yes"))
        out.append(article)
    return out


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) of a clustering ``pred`` (item → cluster)
    against ``gold``, averaged over the items of ``gold``."""
    from collections import defaultdict

    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, c in pred.items():
        by_pred[c].add(item)
    for item, c in gold.items():
        by_gold[c].add(item)
    items = list(gold)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4), "items": len(items)}
