"""Score the quote analyzer on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

PolNeAR annotates every attribution relation in political news, in brat standoff: a *source*, a
*cue* and a *content* span (the content may be discontinuous: ``T9 Content 315 448;463 553``).
It is broad: besides statements ("said", "according to", "wrote") it counts beliefs, wishes,
plans and evidence ("wants", "plans", "shows", "found", "backs"). unspin reports *statements*,
so the headline score counts the gold attributions whose cue is a verb of communication
(:data:`COMMUNICATION`), "according to", or bare punctuation (a colon or dash introducing a
quote); the score against every attribution is reported beside it.

Matching follows the issue: a prediction matches a gold attribution when the Jaccard overlap of
their content characters is >= 0.3 (loose) or >= 0.8 (strict), one to one, greedily by best
overlap. Speaker accuracy is over loose matches whose gold has a source: the predicted speaker
mention overlaps the gold source span, or the two share a name token.
An article annotated twice is scored against the annotation file that sorts first by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.errors import UnspinError

Spans = list[tuple[int, int]]

# Verbs of communication (Levin's classes 37.x: say, tell, manner of speaking, announce, argue,
# complain ...) and verbs voicing a belief; stems, matched against each word of a gold cue.
COMMUNICATION: frozenset[str] = frozenset("""
    say said tell told state explain confirm add note mention continu point argu claim insist warn
    announc report write wrote written declar deni deny admit acknowledg reveal stress emphasiz
    emphasis assert maintain contend suggest repli reply respond answer ask recall remark comment
    observ predict promis vow pledg complain alleg testifi testify tweet post conced disclos affirm
    reiterat underlin highlight indicat caution boast joke quip shout yell conclud estimat assur
    counter retort inform recount charg accus lament exclaim whisper muse speculat believ think
    thought feel felt hint signal agre clarifi specifi describ detail brag grumbl scoff urg demand
    propos proclaim guarante swear swore theoriz posit chant echo quot cite call spoke speak
    tweet told blast slam criticiz prais condemn question accus denounc threaten
""".split())
_PUNCT_CUE = re.compile(r"^[\s:\u2015\u2014\u2013\-\"\u201c\u201d,]*$")
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset("the a an of and mr mrs ms dr he she they it we i his her their its".split())


@dataclass
class GoldAttribution:
    content: Spans
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    cue_text: str = ""
    source_text: str = ""

    @property
    def statement(self) -> bool:
        """Is this a statement (what unspin reports), rather than a belief-free wish, plan or finding?"""
        cue = self.cue_text.lower().strip()
        if not cue or _PUNCT_CUE.match(cue) or "according" in cue:
            return True
        return any(_stem(w) in COMMUNICATION or w in COMMUNICATION for w in _WORD.findall(cue))


@dataclass
class GoldArticle:
    name: str
    text: str
    annotator: str
    attributions: list[GoldAttribution]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Attribution relations of one brat .ann file (``E`` lines joining T spans)."""
    spans: dict[str, tuple[str, Spans, str]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            ranges = [tuple(int(x) for x in r.split()) for r in offsets.split(";") if r.strip()]
            spans[parts[0]] = (label, [(a, b) for a, b in ranges], parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in parts[1].split()])  # type: ignore[misc]
    out = []
    for args in events:
        roles: dict[str, list[str]] = {}
        for role, ref in args:
            roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
        content = [r for ref in roles.get("Content", []) if ref in spans for r in spans[ref][1]]
        if not content:
            continue
        src = [ref for ref in roles.get("Source", []) if ref in spans]
        cue = [ref for ref in roles.get("Cue", []) if ref in spans]
        out.append(GoldAttribution(
            content=sorted(content),
            source=[r for ref in src for r in spans[ref][1]],
            cue=[r for ref in cue for r in spans[ref][1]],
            cue_text=" ".join(spans[ref][2] for ref in cue),
            source_text=" ".join(spans[ref][2] for ref in src),
        ))
    return out


def read_split(root: str | Path, split: str = "dev", limit: int | None = None) -> list[GoldArticle]:
    """PolNeAR articles of a split (``root`` is the folder holding ``dev/``, ``train/`` ...)."""
    base = Path(root) / split
    if not (base / "text").is_dir() and (Path(root) / "polnear" / split / "text").is_dir():
        base = Path(root) / "polnear" / split
    if not (base / "text").is_dir():
        raise UnspinError(f"{base}: no PolNeAR split here (expected {split}/text and {split}/attributions)")
    anns: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(article, ann)  # the first annotation (by file name) of a double-annotated article
    out = []
    for name in sorted(anns)[: limit or None]:
        txt = base / "text" / f"{name}.txt"
        if not txt.is_file():
            continue
        ann = anns[name]
        out.append(GoldArticle(name, txt.read_text(encoding="utf-8"), ann.stem.rsplit("_", 1)[1],
                               parse_ann(ann.read_text(encoding="utf-8"))))
    return out


# -- matching and metrics --------------------------------------------------------------------
def _length(spans: Spans) -> int:
    return sum(b - a for a, b in spans)


def _intersection(x: Spans, y: Spans) -> int:
    return sum(max(0, min(b, d) - max(a, c)) for a, b in x for c, d in y)


def jaccard(x: Spans, y: Spans) -> float:
    inter = _intersection(x, y)
    union = _length(x) + _length(y) - inter
    return inter / union if union else 0.0


def match(pred: Sequence[Spans], gold: Sequence[Spans], threshold: float) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs with Jaccard >= threshold, greedily by best overlap."""
    pairs = sorted(((jaccard(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)
                    if _intersection(p, g)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score >= threshold and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "predicted": self.pred, "gold": self.gold}


@dataclass
class PredQuote:
    content: Spans
    speaker: Spans
    speaker_name: str | None = None
    speaker_text: str | None = None


def speaker_correct(pred: PredQuote, gold: GoldAttribution) -> bool:
    if _intersection(pred.speaker, gold.source):
        return True
    words = {w for w in _WORD.findall(f"{pred.speaker_name or ''} {pred.speaker_text or ''}".lower()) if w not in _STOP}
    return bool(words & {w for w in _WORD.findall(gold.source_text.lower()) if w not in _STOP})


@dataclass
class Scores:
    loose: Counts = field(default_factory=Counts)
    strict: Counts = field(default_factory=Counts)
    speaker_total: int = 0
    speaker_correct: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    def add(self, pred: Sequence[PredQuote], gold: Sequence[GoldAttribution]) -> None:
        p, g = [q.content for q in pred], [a.content for a in gold]
        for counts, threshold in ((self.loose, 0.3), (self.strict, 0.8)):
            pairs = match(p, g, threshold)
            counts.tp += len(pairs)
            counts.pred += len(p)
            counts.gold += len(g)
            if counts is self.loose:
                for i, j in pairs:
                    if gold[j].source:
                        self.speaker_total += 1
                        self.speaker_correct += speaker_correct(pred[i], gold[j])

    def as_dict(self) -> dict[str, Any]:
        return {"loose": self.loose.as_dict(), "strict": self.strict.as_dict(),
                "speaker_accuracy": round(self.speaker_accuracy, 4), "speaker_matches": self.speaker_total}


def predict(articles: Iterable[GoldArticle], pipeline: Any = None) -> list[list[PredQuote]]:
    """Run unspin's quote pipeline over the gold texts (offsets are the .txt offsets)."""
    from unspin.pipeline import build_pipeline
    from unspin.readers import from_text
    from unspin.registry import available

    if pipeline is None:
        entities = _has_entities() and "entities" in available()
        names = ["boilerplate", "spacy"] + (["entities"] if entities else []) + ["quotes"]
        if entities and "actors" in available():
            names.append("actors")  # speakers as the default pipeline resolves them
        pipeline = build_pipeline(names)
    out = []
    for article in pipeline.pipe(from_text(a.text, source=a.name) for a in articles):
        out.append(to_predictions(article.quotes))
    return out


def to_predictions(quotes: Sequence[Any]) -> list[PredQuote]:
    """unspin quotes as PolNeAR-style content; parts of one interrupted quote (same cue) are joined."""
    by_cue: dict[tuple[int, int] | int, PredQuote] = {}
    for n, q in enumerate(quotes):
        key: tuple[int, int] | int = (q.cue.start, q.cue.end) if q.cue is not None else n
        if key in by_cue:
            by_cue[key].content.append((q.start, q.end))
            continue
        speaker = [(q.speaker.start, q.speaker.end)] if q.speaker.start is not None else []
        by_cue[key] = PredQuote([(q.start, q.end)], speaker, q.speaker.name, q.speaker.text)
    return list(by_cue.values())


def _has_entities() -> bool:
    try:
        import unspin.analyzers.entities  # noqa: F401
    except ImportError:
        return False
    return True


def evaluate(root: str | Path, split: str = "dev", limit: int | None = None,
             pipeline: Any = None) -> dict[str, Any]:
    """Scores on statements (the headline) and on every PolNeAR attribution."""
    articles = read_split(root, split, limit)
    if not articles:
        raise UnspinError(f"{root}: no PolNeAR articles in split {split!r}")
    preds = predict(articles, pipeline)
    statements, everything = Scores(), Scores()
    for article, pred in zip(articles, preds):
        statements.add(pred, [a for a in article.attributions if a.statement])
        everything.add(pred, article.attributions)
    return {"split": split, "articles": len(articles),
            "statements": statements.as_dict(), "all_attributions": everything.as_dict()}
