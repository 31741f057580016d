"""Who says it: the mention that introduces a quote, and the name it resolves to in the article.

The mention is local ("he", "security sources", "Omar"); the name is resolved with the article's
entities (``Article.entities`` when the entities analyzer ran, otherwise spaCy's own entities linked
here by name tokens), pronouns with the nearest earlier speaker or person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...article import Entity
from .lexicon import ANONYMOUS_HEADS, FIRST_PERSON, PRONOUNS_GROUP, PRONOUNS_PERSON

_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_HONORIFICS = frozenset("mr mrs ms miss dr sen rep gov pres gen sir prof".split())
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"})


@dataclass
class Mention:
    """A speaker mention: its token span in the doc, how it was found, and what it resolves to."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # "named", "anonymous", "unknown"
    name: str | None
    description: str | None = None
    pronoun: bool = False


class Names:
    """Canonical names of the people and organisations in one article."""

    def __init__(self, doc: Any, entities: list[Entity] | None) -> None:
        self.doc = doc
        if entities:
            self.ents = [(e.start, e.end, e.label, e.canonical) for e in entities if e.label in _NAMED_LABELS]
        else:
            self.ents = self._link([(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents
                                    if e.label_ in _NAMED_LABELS])
        self.ents.sort()
        self.persons = [e for e in self.ents if e[2] == "PERSON"]

    @staticmethod
    def _link(ents: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Short names → the fullest name in the article ending with the same tokens ("Omar" → "A. K. Omar")."""
        full = [_tokens(t) for s, e, label, t in ents if label == "PERSON" and len(_tokens(t)) > 1]
        out = []
        for s, e, label, text in ents:
            toks = _tokens(text)
            best = text
            if label == "PERSON" and toks:
                longer = [f for f in full if len(f) > len(toks) and f[-len(toks):] == toks]
                if longer:
                    best = " ".join(max(longer, key=len))
            out.append((s, e, label, _strip_honorific(best)))
        return out

    def entity_in(self, start: int, end: int) -> tuple[int, int, str, str] | None:
        """The named entity overlapping the character span, the one covering most of it first."""
        hits = [e for e in self.ents if e[0] < end and start < e[1]]
        return max(hits, key=lambda e: (min(e[1], end) - max(e[0], start), e[2] == "PERSON")) if hits else None

    def name_for_tokens(self, text: str) -> str:
        """A proper-noun mention with no entity: link by name tokens to a PERSON, else keep it."""
        toks = _tokens(text)
        for _, _, _, canonical in self.persons:
            c = _tokens(canonical)
            if toks and len(c) >= len(toks) and c[-len(toks):] == toks:
                return canonical
        return _strip_honorific(text)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.replace(".", " ").split() if w.lower() not in _HONORIFICS)


def _strip_honorific(text: str) -> str:
    return " ".join(_tokens(text)) or text


def mention_for(subject: Any, names: Names, *, siblings: bool = True) -> Mention:
    """The mention a subject token heads, with its kind, name and the description the article gives."""
    doc = subject.doc
    low = subject.lower_
    if subject.pos_ == "PRON" or low in PRONOUNS_PERSON | PRONOUNS_GROUP | FIRST_PERSON:
        return Mention(subject.i, subject.i + 1, "unknown", None, pronoun=True)
    left = subject.left_edge.i
    right = subject.i + 1
    for child in subject.rights:  # "a spokesman for the ministry", not its relative clause or appositive
        if child.dep_ in _CUT_DEPS:
            break
        right = child.right_edge.i + 1
    phrase = doc[left:max(right, subject.i + 1)]
    earlier = [c for c in subject.head.children if c.dep_ == subject.dep_ and c.i < subject.i]
    if siblings and earlier and subject.pos_ == "PROPN":  # "The co-chair of X, Abdul Karim Omar, stated"
        named = mention_for(subject, names, siblings=False)
        named.description = named.description or _clean(doc[earlier[0].left_edge.i:earlier[0].right_edge.i + 1])
        return named
    # The name may be the subject itself or its appositive ("The co-chair ..., Abdul Karim Omar, stated").
    inside = names.entity_in(subject.idx, subject.idx + len(subject.text))
    appos = [c for c in subject.children if c.dep_ == "appos"]
    if inside is not None:
        span = doc.char_span(inside[0], inside[1], alignment_mode="expand") or phrase
        desc = _description(appos[0]) if appos else None
        return Mention(span.start, span.end, "named", inside[3], desc)
    for a in appos:
        ent = names.entity_in(a.idx, a.idx + len(a.text))
        if ent is not None and ent[2] in ("PERSON", "ORG"):
            span = doc.char_span(ent[0], ent[1], alignment_mode="expand")
            if span is not None:
                return Mention(span.start, span.end, "named", ent[3], _clean(phrase))
    if subject.pos_ == "PROPN":
        names_span = doc[_compound_left(subject):subject.i + 1]
        return Mention(names_span.start, names_span.end, "named", names.name_for_tokens(names_span.text))
    ent = names.entity_in(phrase.start_char, phrase.end_char)
    if ent is not None and ent[2] in ("PERSON", "ORG") and subject.lemma_.lower() not in ANONYMOUS_HEADS:
        return Mention(phrase.start, phrase.end, "named", ent[3], _clean(phrase))
    return Mention(phrase.start, phrase.end, "anonymous", None, _clean(phrase))


def _compound_left(token: Any) -> int:
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "flat") or child.pos_ == "PROPN":
            left = min(left, child.left_edge.i)
    return left


def _description(token: Any) -> str:
    doc = token.doc
    right = token.i + 1
    for child in token.rights:
        if child.dep_ in ("punct", "relcl", "appos"):
            break
        right = child.right_edge.i + 1
    return _clean(doc[token.left_edge.i:right])


def _clean(span: Any) -> str:
    """A description without its leading article and edge punctuation."""
    toks = [t for t in span]
    while toks and (toks[0].is_punct or toks[0].lower_ in ("the", "a", "an")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return span.text.strip()
    return span.doc[toks[0].i:toks[-1].i + 1].text


def head_lemma(description: str | None) -> str:
    return description.split()[-1].lower().rstrip("s") if description else ""
