"""The one object that flows through unspin: an :class:`Article` and the spans analyzers write on it.

Every offset is a character offset into ``Article.text`` exactly as it was read (for a ``.txt``
file, the file's text unchanged), end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Region:
    """A stretch of the text with a role: ``title``, ``heading``, ``boilerplate``."""

    start: int
    end: int
    kind: str


@dataclass
class Entity:
    """One mention of a person, organisation, group or place, linked to a canonical name."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, NORP, GPE, LOC, FAC
    canonical: str


@dataclass
class Place:
    """A geocoded place with all its mentions in the article."""

    name: str
    latitude: float
    longitude: float
    country_code: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    feature: str = ""  # "country", "city", "admin", "alias"
    geonameid: int | None = None


@dataclass
class Cue:
    start: int
    end: int
    text: str


@dataclass
class Speaker:
    """Who a quote is attributed to: the local mention (``start``/``end``) and the resolved ``name``."""

    name: str | None
    start: int | None
    end: int | None
    kind: Literal["named", "anonymous", "unknown"]
    text: str | None = None  # the local mention as written ("he", "security sources")
    actor: str | None = None  # id of the Actor this speaker is (Article.actors), when the actors analyzer ran


@dataclass
class Quote:
    """An attributed statement: ``start``/``end`` cover its content only."""

    start: int
    end: int
    text: str
    kind: Literal["direct", "indirect", "mixed"]
    cue: Cue | None
    speaker: Speaker


@dataclass
class Source:
    """A distinct source with its number and share of the article's quotes."""

    name: str
    kind: Literal["named", "anonymous", "unknown"]
    quotes: int
    share: float
    description: str | None = None
    actor: str | None = None  # id of the Actor behind this source, when the actors analyzer ran


@dataclass
class ActorMention:
    """One place where the article refers to an actor; ``role`` says how (name, short_name, acronym,
    adjective, description, label, role, pronoun)."""

    start: int
    end: int
    text: str
    role: str


@dataclass
class LabelMention:
    start: int
    end: int


@dataclass
class Label:
    """A name or label the article gives one actor ("mercenaries" for ISIS), with every use.

    ``kind``: ``name``, ``description`` or ``label`` (a noun the article attaches to the actor).
    ``score``: how evaluative the word is, learnt from annotated corpora (src/unspin/data/label_scores.tsv);
    ``evaluative``: the score reaches the table's threshold; ``repeated``: used three times or more."""

    text: str
    count: int
    evaluative: bool
    score: float
    kind: str = "label"
    repeated: bool = False
    mentions: list[LabelMention] = field(default_factory=list)


@dataclass
class Actor:
    """A person, organisation, group, place or anonymous source, with all its mentions and labels."""

    id: str
    name: str
    kind: str  # person, organisation, group, place, anonymous
    mentions: list[ActorMention] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


@dataclass
class Technique:
    """A persuasion-technique span (one of the 14 SemEval-2020 Task 11 labels)."""

    start: int
    end: int
    technique: str
    score: float
    text: str = ""
    explanation: str = ""


@dataclass
class Claim:
    """A sentence of the article prose with its check-worthiness score."""

    start: int
    end: int
    text: str
    score: float
    checkworthy: bool
    features: list[str] = field(default_factory=list)
    attributed_to: int | None = None  # index into Article.quotes when the article attributes it


@dataclass
class Article:
    """An article's text, where it came from, and everything the analyzers found in it."""

    text: str
    title: str | None = None
    language: str = "en"
    source: str | None = None  # path, URL or "-"
    metadata: dict[str, Any] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    doc: Any = field(default=None, repr=False, compare=False)  # spaCy Doc over prose_text
    done: set[str] = field(default_factory=set, repr=False, compare=False)  # fields written so far

    @property
    def boilerplate(self) -> list[Region]:
        return [r for r in self.regions if r.kind == "boilerplate"]

    @property
    def prose_text(self) -> str:
        """``text`` with boilerplate blanked out (same length, so offsets still hold)."""
        chars = list(self.text)
        for r in self.boilerplate:
            for i in range(r.start, r.end):
                if chars[i] not in "\n\r":
                    chars[i] = " "
        return "".join(chars)

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(r.start < end and start < r.end for r in self.boilerplate)

    def to_dict(self) -> dict[str, Any]:
        """The analysis as plain JSON-able data (the schema in docs/json.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "text": self.text,
            "title": self.title,
            "language": self.language,
            "source": self.source,
            "metadata": self.metadata,
            "regions": [asdict(r) for r in self.regions],
            "sentences": [list(s) for s in self.sentences],
            "entities": [asdict(e) for e in self.entities],
            "places": [{**asdict(p), "mentions": [list(m) for m in p.mentions]} for p in self.places],
            "quotes": [asdict(q) for q in self.quotes],
            "sources": [asdict(s) for s in self.sources],
            "actors": [asdict(a) for a in self.actors],
            "summary": self.summary,
            "techniques": [asdict(t) for t in self.techniques],
            "claims": [asdict(c) for c in self.claims],
        }
