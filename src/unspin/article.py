"""The one object that flows through unspin: an :class:`Article` and the spans analyzers write on it.

Every offset is a character offset into ``Article.text`` exactly as it was read (for a ``.txt``
file, the file's text unchanged), end exclusive.

An Article is storable: ``Article.from_dict(article.to_dict()) == article``, analyses included, so a
store, a web page or another process can rebuild it from its JSON (schema:
``unspin/data/analysis.schema.json``, documented in docs/json.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import types
import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Literal

#: Version 2 added the corpus fields (id, url, outlet, published) and "analyzed".
SCHEMA_VERSION = 2


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
    description: str | None = None  # what the article says the speaker is ("co-chair of ...")
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


def content_hash(text: str) -> str:
    """The id an article gets when the caller gives none: 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Article:
    """An article's text, where it came from, and everything the analyzers found in it.

    ``id`` is the caller's (a file path, a URL, a corpus id), else the content hash of ``text``;
    ``outlet`` is the site or publisher, ``published`` the publication date; ``metadata`` holds
    anything else the reader or the caller knows, and the versions that made the analysis.
    """

    text: str
    title: str | None = None
    language: str = "en"
    source: str | None = None  # path, URL or "-"
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
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

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)
        if isinstance(self.published, str):
            self.published = parse_date(self.published)

    @property
    def hash(self) -> str:
        """The content hash of ``text`` (equal to ``id`` when the caller gave no id)."""
        return content_hash(self.text)

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
            "id": self.id,
            "text": self.text,
            "title": self.title,
            "language": self.language,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "metadata": self.metadata,
            "analyzed": sorted(self.done),
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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from :meth:`to_dict`'s output (or its JSON), analyses included.

        Unknown keys are ignored, so a newer minor schema still loads; the spaCy ``doc`` is not
        stored and stays ``None``.
        """
        version = data.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise ValueError(f"analysis schema_version {version!r} is newer than this unspin's ({SCHEMA_VERSION})")
        article = _build(cls, data)
        article.done = set(data.get("analyzed") or ())
        return article


def parse_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """An ISO date (``2019-10-14``, or the date part of an ISO timestamp) as a ``date``; None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"not an ISO date: {text[:40]!r}") from None


def _build(cls: type, data: Any) -> Any:
    """A dataclass instance from plain data, led by the field type hints (lists, tuples, optionals, nested)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in fields(cls):
        if not f.init or f.name in ("doc", "done") or f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if hint is dt.date:
        return parse_date(value)
    if is_dataclass(hint) and isinstance(value, dict):
        return _build(hint, value)  # type: ignore[arg-type]
    if origin is list:
        return [_convert(args[0], v) for v in value] if args else list(value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value)) if args else tuple(value)
    if origin is dict:
        return dict(value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value
