"""Actors: who is who in an article, and what the article calls them.

An *actor* is everything the article uses to refer to one participant of the story: names and their
short forms ("Abdul Karim Omar", "Omar"), acronyms ("SDF"), a country and its adjective ("Turkey",
"Turkish"), descriptions ("the co-chair of ..."), roles and anonymous groups ("security sources" …
"the sources"), bare labels ("the mercenaries") and, where a quote needs a speaker, pronouns.

Grouping is rule-based over spaCy's parse and the entities analyzer (no coreference model is
installable here; docs/actors.md measures what the rules do):

* entity mentions group by canonical name; a demonym joins the place it is the adjective of when
  the two share a stem ("Turkish" → "Turkey"); a mention whose words are part of a person's full name
  is that person, whatever label the model gave it; a name used with a title or described with a
  person noun ("X, a teacher, said") is a person, and a name tagged as a place right before a
  person's name is their first name; "people" found only in title-case headlines are not actors;
* anonymous speakers group by head noun: an indefinite mention ("an interior ministry official",
  "security sources") opens an actor, a definite or bare one ("the official", "sources") joins the
  latest open actor with that head;
* he/she speakers keep the person the quotes analyzer chose unless it is not a person (a news
  agency, a place) or disagrees in gender; then they go to the latest person named before them,
  outside quoted words. Gender comes from titles (Mr/Ms) and from he/she/his/her in sentences that
  name that person alone.

Labels are nouns the article attaches to an actor: the word after a name or adjective in the same
noun phrase ("ISIS *mercenaries*", "the Turkish *occupation*"), appositive and speaker descriptions,
and later bare uses of an established label ("the occupation"). Each label gets an evaluative score
from a table learnt from annotated corpora (unspin.training.actors.build_label_scores; not a hand-written list).
A label used three times or more for one actor is *repeated*; a repeated evaluative label adds
``Repetition`` technique spans where the tagger found none.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from ..article import Actor, ActorMention, Article, Label, LabelMention, Quote, Technique
from ..paths import DATA_DIR
from .quoting.lexicon import ANONYMOUS_HEADS
from .quoting.speakers import head_lemma

REPEATED = 3  # uses of one label for one actor that count as repetition

#: Head nouns of a description that make the described name a person ("X, a teacher at ..., said").
PERSON_NOUNS: frozenset[str] = ANONYMOUS_HEADS | frozenset("""
    teacher nurse doctor driver farmer mother father son daughter wife husband woman man girl boy student
    director chief head chairman chairwoman chair co-chair minister president leader commander mayor
    governor senator journalist reporter editor author writer researcher professor scientist economist
    manager owner founder secretary ambassador envoy general colonel captain soldier refugee survivor
    victim patient volunteer coordinator negotiator mediator priest imam bishop judge prosecutor
""".split())

_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place", "LOC": "place", "FAC": "place"}
_GROUP = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_DETERMINERS = frozenset("the a an one another some this that these those".split())
_INDEFINITE = frozenset("a an one another some two three several many".split())
_TITLES_M = frozenset("mr mr. sir".split())
_TITLES_F = frozenset("mrs mrs. ms ms. miss madam".split())
_TITLES = _TITLES_M | _TITLES_F | frozenset(
    "dr dr. prof prof. president minister senator sen. rep. gov. governor general gen. mayor judge".split())
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_LABEL_POS = frozenset({"NOUN", "ADJ"})
_SCORES_FILE = "label_scores.tsv"


@dataclass
class _Draft:
    """An actor while it is being built."""

    key: tuple[str, str]
    name: str
    kind: str
    mentions: list[ActorMention] = field(default_factory=list)
    labels: dict[str, list[tuple[int, int, str, str]]] = field(default_factory=dict)  # lemma -> (s, e, text, kind)
    gender: str | None = None
    head: str | None = None  # anonymous actors: the head noun that names them

    def add(self, start: int, end: int, text: str, role: str) -> None:
        if not any(m.start == start and m.end == end for m in self.mentions):
            self.mentions.append(ActorMention(start, end, text, role))


@dataclass(frozen=True)
class LabelScores:
    """The shipped, learnt table (src/unspin/data/label_scores.tsv, built by unspin.training.actors.build_label_scores)."""

    lemmas: dict[str, float]  # lemma -> smoothed share of texts whose annotators mark it as loaded
    threshold: float  # chosen on held-out PTC articles

    def score(self, lemma: str) -> tuple[float, bool]:
        s = self.lemmas.get(lemma.lower(), 0.0)
        return s, s >= self.threshold


@lru_cache(maxsize=1)
def label_scores() -> LabelScores:
    """Read the shipped table once: ``lemma<TAB>score`` rows; the threshold is in the first ``#`` line."""
    raw = (DATA_DIR / _SCORES_FILE).read_text(encoding="utf-8")
    threshold = 1.0
    table: dict[str, float] = {}
    for row in csv.reader((ln for ln in raw.splitlines() if ln.strip()), delimiter="\t"):
        if row[0].startswith("#"):
            if row[0].startswith("# threshold="):
                threshold = float(row[0].split("threshold=")[1].split()[0])
            continue
        table[row[0]] = float(row[1])
    return LabelScores(table, threshold)


def score_label(lemma: str) -> tuple[float, bool]:
    """(score, evaluative) of a label's lemma; a word the table does not know scores 0."""
    return label_scores().score(lemma)


class ActorAnalyzer:
    """Write ``actors``; point quote speakers at them; add Repetition spans for repeated evaluative labels."""

    name: ClassVar[str] = "actors"
    requires: ClassVar[tuple[str, ...]] = ("doc", "entities", "quotes")
    assigns: ClassVar[tuple[str, ...]] = ("actors",)

    def __call__(self, article: Article) -> None:
        article.actors = _Builder(article).run()
        correct_entities(article)
        if "techniques" in article.done:
            article.techniques = repetition_spans(article)


def correct_entities(article: Article) -> None:
    """Where the article shows someone is a person ("Georgia Orlando, a teacher, said"), their entity
    mentions become PERSON with the actor's name, and they stop being geocoded places."""
    spans = [(m.start, m.end, a.name) for a in article.actors if a.kind == "person"
             for m in a.mentions if m.role in ("name", "short_name")]
    if not spans:
        return
    for e in article.entities:
        hit = next((name for s, t, name in spans if s <= e.start and e.end <= t), None)
        if hit is not None and e.label != "PERSON":
            e.label, e.canonical = "PERSON", hit
    for p in article.places:
        p.mentions = [m for m in p.mentions if not any(s <= m[0] and m[1] <= t for s, t, _ in spans)]
    article.places = [p for p in article.places if p.mentions]


class _Builder:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.doc = article.doc
        self.text = article.text
        self.starts = [t.idx for t in self.doc]
        self.drafts: list[_Draft] = []
        self.by_key: dict[tuple[str, str], _Draft] = {}
        self.headings = [(r.start, r.end) for r in article.regions if r.kind in ("title", "heading")]

    def tok(self, char: int) -> Any:
        return self.doc[max(bisect_right(self.starts, char) - 1, 0)]

    def draft(self, key: tuple[str, str], name: str, kind: str) -> _Draft:
        if key not in self.by_key:
            self.by_key[key] = _Draft(key, name, kind)
            self.drafts.append(self.by_key[key])
        return self.by_key[key]

    # -------------------------------------------------------------------------------------
    def run(self) -> list[Actor]:
        self._entities()
        self._genders()
        self._speakers()
        self._people()
        self._labels()
        return self._finish()

    # -- names -----------------------------------------------------------------------------
    def _entities(self) -> None:
        ents = sorted(self.article.entities, key=lambda e: e.start)
        persons = {_untitled(e.canonical): tuple(_untitled(e.canonical).lower().split())
                   for e in ents if e.label == "PERSON"}
        full = [(c, w) for c, w in persons.items() if len(w) > 1]
        places = {e.canonical for e in ents if e.label in ("GPE",)}
        titled = {e.canonical for e in ents if self._titled(e.start) or _untitled(e.text) != e.text}
        for e in ents:
            group, canonical, label = _GROUP.get(e.label, e.label), e.canonical, e.label
            if label == "PERSON":
                canonical = _untitled(canonical)
            words = tuple(_untitled(e.text).lower().split())
            owner = next((c for c, w in full if len(words) < len(w) and set(words) <= set(w)), None)
            if owner and (label == "PERSON" or not self._place_context(e.start, e.end)):
                group, canonical, label = "PERSON", owner, "PERSON"  # "Houston said" after "Georgia Houston"
            elif label != "PERSON" and e.canonical in titled and not e.text.isupper():
                group, label = "PERSON", "PERSON"  # "Ms Houston": a name with a title is a person
            role = "name"
            if label == "NORP" and (country := _country_of(e.text, places)):
                group, canonical, label, role = "PLACE", country, "GPE", "adjective"
            elif e.text != canonical:
                role = "acronym" if e.text.isupper() and len(e.text) <= 6 else "short_name"
            d = self.draft((group, canonical), canonical, _KIND.get(label, "group"))
            if label == "PERSON":
                d.kind = "person"
            d.add(e.start, e.end, e.text, role)
            before = self.text[max(0, e.start - 6):e.start].lower().split() + e.text.lower().split()[:1]
            if any(w in _TITLES_M for w in before[-2:]):
                d.gender = "m"
            elif any(w in _TITLES_F for w in before[-2:]):
                d.gender = "f"
        # A person named in full only in a headline ("Obama Says ...") takes the longest name in the prose.
        for d in self.drafts:
            prose = [m.text for m in d.mentions if not self._in_heading(m.start)]
            if d.kind == "person" and prose and d.name not in prose:
                d.name = _untitled(max(prose, key=lambda t: (len(t.split()), len(t))))
        # "People" seen only in title-case headlines ("Aid Convoy Reaches ...") are not actors.
        for d in list(self.drafts):
            if d.kind == "person" and all(self._in_heading(m.start) for m in d.mentions) and \
                    not any(q.speaker.start is not None and any(m.start < q.speaker.end and q.speaker.start < m.end
                                                                for m in d.mentions) for q in self.article.quotes):
                self.drafts.remove(d)
                del self.by_key[d.key]

    def _genders(self) -> None:
        """He or she, where titles did not say: in sentences that name one person only, the
        third-person pronouns after the name vote (twice at least, two to one)."""
        quoted = [(q.start, q.end) for q in self.article.quotes if q.kind != "indirect"]
        people = [(m.start, m.end, d) for d in self.drafts if d.kind == "person" for m in d.mentions]
        votes: dict[int, Counter[str]] = {}
        for sent in self.doc.sents:
            s, e = sent.start_char, sent.end_char
            here: dict[int, tuple[_Draft, int]] = {}
            for ms, _, d in sorted(people, key=lambda p: p[0]):
                if s <= ms < e:
                    here.setdefault(id(d), (d, ms))
            if len(here) != 1:
                continue
            d, first = next(iter(here.values()))
            for t in sent:
                g = _PRONOUN_GENDER.get(t.lower_)
                if g and t.idx > first and not any(qs <= t.idx < qe for qs, qe in quoted):
                    votes.setdefault(id(d), Counter())[g] += 1
        for d in self.drafts:
            c = votes.get(id(d))
            if d.gender is None and c:
                (g, n), *rest = c.most_common()
                if n >= 2 and (not rest or n >= 2 * rest[0][1]):
                    d.gender = g

    def _titled(self, start: int) -> bool:
        before = self.text[max(0, start - 12):start].lower().split()
        return bool(before) and before[-1] in _TITLES

    def _place_context(self, start: int, end: int) -> bool:
        from .entities import LOCATIVE, PLACE_NOUNS

        t = self.tok(start)
        prev = self.doc[t.i - 1].lower_ if t.i > 0 else ""
        last = self.tok(end - 1)
        nxt = self.doc[last.i + 1].lower_ if last.i + 1 < len(self.doc) else ""
        return prev in LOCATIVE or nxt in PLACE_NOUNS

    def _in_heading(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.headings)

    def actor_at(self, start: int, end: int) -> _Draft | None:
        """The actor with a name mention overlapping the span, the biggest overlap first."""
        best, best_overlap = None, 0
        for d in self.drafts:
            for m in d.mentions:
                overlap = min(m.end, end) - max(m.start, start)
                if overlap > best_overlap and m.role != "pronoun":
                    best, best_overlap = d, overlap
        return best

    # -- speakers --------------------------------------------------------------------------
    def _speakers(self) -> None:
        open_heads: dict[str, _Draft] = {}
        for q in sorted(self.article.quotes, key=lambda q: q.speaker.start if q.speaker.start is not None else q.start):
            sp = q.speaker
            if sp.start is None or sp.end is None:
                continue
            mention = self.text[sp.start:sp.end]
            word = mention.strip().lower()
            if word in ("he", "she"):
                # The quotes analyzer's choice (the latest speaker, else the latest person subject)
                # stands when it is a person who may be he/she; otherwise the latest such person.
                gender = "m" if word == "he" else "f"
                d = self._by_name(sp.name) if sp.name else None
                if d is None or d.kind != "person" or d.gender not in (None, gender):
                    d = self._person_before(sp.start, gender) or d
                if d is not None:  # (gender is learnt from titles only: one wrong "he" must not spread)
                    d.add(sp.start, sp.end, mention, "pronoun")
                    self._point(q, d)
                continue
            d = self.actor_at(sp.start, sp.end) if sp.kind != "anonymous" else None
            if d is None and sp.name:
                d = self._by_name(sp.name)
            if d is None and sp.kind == "anonymous":
                d = self._anonymous(sp.start, sp.end, open_heads)
            if d is None and sp.kind != "unknown" and sp.name:
                d = self.draft(("NAME", sp.name), sp.name, "person" if sp.kind == "named" else "anonymous")
                d.add(sp.start, sp.end, mention, "name")
            if d is not None:
                desc = getattr(sp, "description", None)
                if desc and d.kind != "anonymous":
                    head = self._description(d, q, desc)
                    if d.kind in ("place", "organisation", "group") and head in PERSON_NOUNS:
                        d.kind = "person"  # "Georgia Orlando, a teacher at the school, said"
                self._point(q, d)

    def _people(self) -> None:
        """'Georgia Orlando' tagged as two places: a name right before a person's name is their first name."""
        for d in self.drafts:
            if d.kind != "person":
                continue
            for m in list(d.mentions):
                if m.role not in ("name", "short_name"):
                    continue
                for other in self.drafts:
                    if other is d or other.kind == "person":
                        continue
                    prev = next((p for p in other.mentions if p.end + 1 == m.start and self.text[p.end] == " "
                                 and p.text[:1].isupper() and p.role == "name"), None)
                    if prev is None:
                        continue
                    other.mentions.remove(prev)
                    d.mentions.remove(m)
                    full = self.text[prev.start:m.end]
                    d.add(prev.start, m.end, full, "name")
                    if len(full.split()) > len(d.name.split()):
                        d.name = full
                    for x in d.mentions:
                        if x.role == "name" and x.text != d.name:
                            x.role = "short_name"
                    break

    def _by_name(self, name: str) -> _Draft | None:
        """The actor called ``name``, else the person whose full name contains it ("Ham" → "Norman Ham")."""
        for d in self.drafts:
            if d.name == name:
                return d
        words = set(_untitled(name).lower().split())
        for d in self.drafts:
            if d.kind == "person" and words and words < set(d.name.lower().split()):
                return d
        return None

    def _person_before(self, char: int, gender: str) -> _Draft | None:
        """The latest person mentioned before ``char`` (two paragraphs back at most) who may be he/she."""
        para = self.text.rfind("\n\n", 0, char)
        para = self.text.rfind("\n\n", 0, para) if para > 0 else -1
        best, best_end = None, -1
        quoted = [(q.start, q.end) for q in self.article.quotes if q.kind != "indirect"]
        for d in self.drafts:
            if d.kind != "person" or (d.gender is not None and d.gender != gender):
                continue
            for m in d.mentions:
                if any(s <= m.start < e for s, e in quoted):
                    continue  # a name inside someone's quoted words is not who speaks
                if para < m.start and m.end <= char and m.end > best_end and m.role != "pronoun":
                    best, best_end = d, m.end
        if best is None:  # a pronoun speaker already linked earlier (a chain of "he said")
            for d in self.drafts:
                if d.kind == "person" and (d.gender in (None, gender)):
                    for m in d.mentions:
                        if para < m.start and m.end <= char and m.end > best_end:
                            best, best_end = d, m.end
        return best

    def _anonymous(self, start: int, end: int, open_heads: dict[str, _Draft]) -> _Draft:
        """'security sources' opens an actor; 'the sources' / 'sources' joins the latest one with that head."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        toks = [t for t in span] if span is not None else []
        head = next((t for t in toks if t.head.i == t.i or not (span.start <= t.head.i < span.end)), None) if toks else None
        words = self.text[start:end].split()
        lemma = (head.lemma_ if head is not None else (words[-1] if words else "?")).lower()
        first = toks[0].lower_ if toks else ""
        modifiers = [t.lower_ for t in toks if t is not head and t.lower_ not in _DETERMINERS and not t.is_punct]
        definite = first == "the" and not modifiers or first not in _INDEFINITE and not modifiers
        name = " ".join(w for w in self.text[start:end].split() if w.lower() not in _DETERMINERS) or self.text[start:end]
        if definite and lemma in open_heads:
            d = open_heads[lemma]
        else:
            key = ("ANON", name.lower())
            if key in self.by_key and first not in ("another",):
                d = self.by_key[key]
            else:
                if key in self.by_key:
                    key = ("ANON", f"{name.lower()}#{len(self.drafts)}")
                d = self.draft(key, name, "anonymous")
                d.head = lemma
            open_heads[lemma] = d
        d.add(start, end, self.text[start:end], "role")
        return d

    def _description(self, d: _Draft, q: Quote, desc: str) -> str:
        """A speaker's description ("co-chair of ...") as a descriptive label with its offsets; its head noun."""
        lo = max(0, (q.speaker.start or 0) - 400)
        pos = self.text.find(desc, lo)
        if pos < 0:
            return head_lemma(desc)
        span = self.doc.char_span(pos, pos + len(desc), alignment_mode="expand")
        if span is None:
            return head_lemma(desc)
        d.add(pos, pos + len(desc), desc, "description")
        d.labels.setdefault(f"desc:{desc.lower()}", []).append((pos, pos + len(desc), desc, "description"))
        return str(span.root.lemma_.lower())

    def _point(self, q: Quote, d: _Draft) -> None:
        q.speaker.actor = d.key[0] + ":" + d.key[1]  # replaced by the final id (and name) in _finish

    # -- labels ----------------------------------------------------------------------------
    def _labels(self) -> None:
        """'ISIS mercenaries', 'the Turkish occupation': the noun after a name in one noun phrase."""
        for d in self.drafts:
            for m in list(d.mentions):
                if m.role in ("pronoun", "description", "role", "label"):
                    continue
                last = self.tok(m.end - 1)
                if last.idx + len(last.text) != m.end:
                    continue
                nxt = label_after(self.doc, last.i)
                if nxt is None:
                    continue
                lemma = _lemma(nxt)
                d.labels.setdefault(lemma, []).append((nxt.idx, nxt.idx + len(nxt.text), nxt.text, "label"))
        self._bare_labels()

    def _bare_labels(self) -> None:
        """'the occupation', 'the mercenaries': a bare use of a label only one actor carries twice or more."""
        owners: dict[str, list[_Draft]] = {}
        for d in self.drafts:
            for lemma, uses in d.labels.items():
                if not lemma.startswith("desc:") and len(uses) >= 2:
                    owners.setdefault(lemma, []).append(d)
        taken = {(s, e) for d in self.drafts for uses in d.labels.values() for s, e, _, _ in uses}
        named = [(m.start, m.end) for d in self.drafts for m in d.mentions]
        for t in self.doc:
            if not t.is_alpha or t.pos_ not in ("NOUN",) or (t.idx, t.idx + len(t.text)) in taken:
                continue
            lemma = _lemma(t)
            ds = owners.get(lemma)
            if not ds or len(ds) != 1 or self.article.in_boilerplate(t.idx, t.idx + 1):
                continue
            mods = [c for c in t.children if c.i < t.i and c.dep_ in ("amod", "compound", "poss", "nmod")]
            if any(any(s <= c.idx < e for s, e in named) or c.pos_ == "PROPN" for c in mods):
                continue  # "the Russian mercenaries" is someone else's
            prev = self.doc[t.i - 1] if t.i > 0 else None
            d = ds[0]
            plural = sum(u[2].lower().endswith("s") for u in d.labels[lemma]) * 2 > len(d.labels[lemma])
            if (t.tag_ == "NNS") != plural:
                continue  # "camps" is not "the camp"
            if not (plural or prev is not None and prev.lower_ == "the"):
                continue
            s = prev.idx if prev is not None and prev.lower_ == "the" else t.idx
            d.labels[lemma].append((t.idx, t.idx + len(t.text), t.text, "label"))
            d.add(s, t.idx + len(t.text), self.text[s:t.idx + len(t.text)], "label")

    # -- output ----------------------------------------------------------------------------
    def _finish(self) -> list[Actor]:
        kept = [d for d in self.drafts if d.mentions]
        kept.sort(key=lambda d: min(m.start for m in d.mentions))
        ids: dict[str, str] = {}
        actors = []
        for n, d in enumerate(kept, 1):
            ident = f"a{n}"
            ids[d.key[0] + ":" + d.key[1]] = ident
            d.mentions.sort(key=lambda m: m.start)
            actors.append(Actor(ident, d.name, d.kind, d.mentions, self._label_list(d)))
        by_id = {a.id: a for a in actors}
        for q in self.article.quotes:
            if q.speaker.actor is not None:
                q.speaker.actor = ids.get(q.speaker.actor)
                actor = by_id.get(q.speaker.actor or "")
                if actor is not None and actor.kind != "anonymous":
                    q.speaker.name = actor.name
                    if q.speaker.kind == "unknown":
                        q.speaker.kind = "named"
        return actors

    def _label_list(self, d: _Draft) -> list[Label]:
        labels = []
        roles = ("name", "short_name", "acronym", "adjective")
        names = Counter(m.text for m in d.mentions if m.role in roles)
        for text, n in names.most_common():
            uses = [LabelMention(m.start, m.end) for m in d.mentions if m.text == text and m.role in roles]
            labels.append(Label(text, n, False, 0.0, "name", n >= REPEATED, uses))
        for lemma, uses in d.labels.items():
            uses = sorted(set(uses))
            if lemma.startswith("desc:"):
                text, kind = uses[0][2], "description"
                head = self.doc.char_span(uses[0][0], uses[0][1], alignment_mode="expand")
                score, evaluative = score_label(_lemma(head.root)) if head is not None else (0.0, False)
            else:
                text = Counter(u[2].lower() for u in uses).most_common(1)[0][0]
                kind = "label"
                score, evaluative = score_label(lemma)
            labels.append(Label(text, len(uses), evaluative, round(score, 4), kind, len(uses) >= REPEATED,
                                [LabelMention(s, e) for s, e, _, _ in uses]))
        order = {"name": 0, "label": 1, "description": 2}
        labels.sort(key=lambda lab: (order[lab.kind], not lab.evaluative, -lab.count, lab.text))
        return labels


def label_after(doc: Any, i: int) -> Any:
    """The label right after the name ending at token ``i``, in the same noun phrase ("ISIS
    *mercenaries*", "Turkish *occupation*"), or None. unspin.training.actors.build_label_scores learns the
    label-position model on exactly these tokens."""
    if i + 1 >= len(doc):
        return None
    nxt = doc[i + 1]
    # The gap between the two tokens is the first one's trailing whitespace (spaCy keeps any other
    # whitespace as a token of its own); ``doc.text`` would rebuild the whole text on every call.
    if doc[i].whitespace_ not in (" ", "") or not nxt.is_alpha or not nxt.is_lower:
        return None
    if nxt.pos_ not in _LABEL_POS or nxt.tag_ in ("VBD", "VBZ", "VBP", "VBN", "VBG"):
        return None
    if nxt.pos_ == "ADJ" and not (nxt.i + 1 < len(doc) and doc[nxt.i + 1].pos_ in ("NOUN", "PROPN")):
        return None  # a predicative adjective is not part of the name's phrase
    return nxt


def _untitled(name: str) -> str:
    """A name without the title in front of it ("Ms Denver" → "Denver")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _TITLES:
        words = words[1:]
    return " ".join(words)


def _lemma(tok: Any) -> str:
    """A label's dictionary form: spaCy's lemma, with a plural the tagger read as an adjective fixed."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "ADJ" and lemma.endswith("ies"):
        lemma = lemma[:-3] + "y"
    return lemma


def _country_of(demonym: str, places: set[str]) -> str | None:
    """The place a demonym is the adjective of, when they share a stem ("Turkish" → "Turkey")."""
    low = demonym.lower()
    best, best_len = None, 0
    for p in places:
        pl = p.lower()
        k = 0
        while k < min(len(pl), len(low)) and pl[k] == low[k]:
            k += 1
        if k >= 4 and k >= len(pl) / 2 and k > best_len:
            best, best_len = p, k
    return best


def repetition_spans(article: Article) -> list[Technique]:
    """The article's techniques plus a Repetition span on each use of a repeated evaluative label
    that no Repetition span covers yet."""
    out = list(article.techniques)
    have = [(t.start, t.end) for t in out if t.technique == "Repetition"]
    for actor in article.actors:
        for label in actor.labels:
            if not (label.repeated and label.evaluative and label.kind == "label"):
                continue
            for m in label.mentions:
                if any(s < m.end and m.start < e for s, e in have):
                    continue
                out.append(Technique(
                    m.start, m.end, "Repetition", label.score, article.text[m.start:m.end],
                    f"From the actor labels (not the tagger): \u201c{label.text}\u201d is used {label.count} times "
                    f"for {actor.name}; repeating an evaluative label makes it stick."))
    out.sort(key=lambda t: (t.start, t.end))
    return out

