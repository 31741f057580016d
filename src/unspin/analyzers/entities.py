"""People, organisations, groups and places, each mention linked to a canonical name in the article.

Mentions come from spaCy's NER over the prose. Three repairs follow, all general:

* spans are cleaned (a leading "the", a trailing possessive or punctuation);
* the small model's place mistakes are fixed with the gazetteer: a PERSON/ORG/NORP span, or an
  unlabelled capitalised sequence such as "al-Hol", becomes a place (GPE) when the gazetteer knows
  the name *and* the text treats it as a place ("in X", "X camp", "the city of X", "Y and X" with Y
  a place), or when it names a country; a name once established as a place is a place throughout;
* "a Moldovan citizen" (a demonym before a noun) is a group (NORP), not a person.

Linking: a PERSON mention whose words end or are contained in a longer PERSON name of the same
article ("Omar" → "Abdul Karim Omar") takes that name; an all-caps ORG that spells a longer ORG's
initials takes it ("SDF" → "Syrian Democratic Forces"); other mentions are linked by spelling.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from ..article import Article, Entity
from ..geo.gazetteer import Gazetteer, Match, UsesGazetteer, context_countries
from ..geo.normalise import ARTICLES, keys

LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Words before a name that make it a location: "in X", "from X", "near X".
LOCATIVE = frozenset({
    "in", "at", "from", "near", "to", "into", "toward", "towards", "across", "around", "outside", "inside",
    "via", "through", "throughout", "within", "entered", "reached", "visited", "bombed", "shelled",
})
# Nouns that make a name next to them a location: "X camp", "the city of X", "the areas of X".
PLACE_NOUNS = frozenset({
    "camp", "camps", "area", "areas", "city", "town", "village", "province", "region", "district",
    "governorate", "countryside", "border", "crossing", "outskirts", "suburbs", "neighbourhood",
    "neighborhood", "countryside", "stronghold", "capital", "county", "state", "island", "valley",
    "river", "mountains", "port", "airport", "prison", "base", "front", "frontline",
})
# "the liberation of X", "the siege of X", "residents of X": events and people of a place.
PLACE_OF = frozenset({
    "liberation", "capture", "recapture", "fall", "siege", "battle", "occupation", "invasion", "bombing",
    "shelling", "residents", "inhabitants", "people", "mayor", "governor", "streets", "centre", "center",
})
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
_STRIP_LEADING = frozenset({"the", "The", "THE"})
_POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    tokens: tuple[int, int]  # token range in the doc
    source: str = "ner"  # "ner" or "gazetteer" (an unlabelled sequence found as a place)


class EntityAnalyzer(UsesGazetteer):
    """Write ``entities``: cleaned NER mentions, place labels fixed with the gazetteer, canonical names."""

    name: ClassVar[str] = "entities"
    requires: ClassVar[tuple[str, ...]] = ("doc",)
    assigns: ClassVar[tuple[str, ...]] = ("entities",)

    def __call__(self, article: Article) -> None:
        doc = article.doc
        text = doc.text  # Doc.text joins every token: read it once
        mentions = [m for m in (_clean(ent, text) for ent in doc.ents if ent.label_ in LABELS)
                    if m is not None and not article.in_boilerplate(m.start, m.end)]
        _fix_demonyms(doc, mentions)
        persons = _person_names(mentions)
        _fix_person_short_forms(doc, mentions, persons)
        mentions += _unlabelled_candidates(doc, text, mentions, article)
        _fix_places(doc, mentions, persons, self.gazetteer)
        _fix_unknown_places_before_names(doc, text, mentions, self.gazetteer)
        mentions = [m for m in mentions if m.source == "ner" or m.label in PLACE_LABELS]
        mentions.sort(key=lambda m: m.start)
        canon = _canonical(mentions)
        article.entities = [Entity(m.start, m.end, m.text, m.label, canon[i]) for i, m in enumerate(mentions)]


def _clean(span: Any, doc_text: str) -> _Mention | None:
    """Drop a leading "the", trailing possessive and punctuation; None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].text in _STRIP_LEADING or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    # A span running over a verb ("the Syrian Democratic Forces entered Raqqah") is cut before it;
    # what follows is left to the unlabelled-sequence pass.
    for k in range(start + 1, end):
        if doc[k].is_lower and doc[k].pos_ in ("VERB", "AUX"):
            end = k
            break
    if start >= end:
        return None
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    text = doc_text[s:e]
    for suffix in _POSSESSIVE[:2]:  # a possessive glued to the last token ("Turkey’s")
        if text.endswith(suffix) and len(text) > len(suffix):
            text, e = text[: -len(suffix)], e - len(suffix)
    return _Mention(s, e, text, span.label_, (start, end))


def _fix_demonyms(doc: Any, mentions: list[_Mention]) -> None:
    """'a Moldovan citizen': a one-word PERSON between a determiner and a noun is a group (NORP)."""
    for m in mentions:
        i, j = m.tokens
        if m.label == "PERSON" and j - i == 1 and 0 < i and j < len(doc):
            if doc[i - 1].lower_ in ("a", "an", "the") and doc[j].pos_ == "NOUN" and doc[j].is_lower:
                m.label = "NORP"


def _fix_person_short_forms(doc: Any, mentions: list[_Mention], persons: list[tuple[str, ...]]) -> None:
    """'Kelly Washington … Washington told reporters': a place-labelled short form of a person is the person."""
    for m in mentions:
        if m.label in PLACE_LABELS and _part_of_person(m.text, persons) and not _place_context(doc, *m.tokens):
            m.label = "PERSON"


def _person_names(mentions: list[_Mention]) -> list[tuple[str, ...]]:
    """Word tuples of the article's multi-word PERSON names, longest first, then in order of mention."""
    names = dict.fromkeys(tuple(m.text.lower().split()) for m in sorted(mentions, key=lambda m: m.start)
                          if m.label == "PERSON")
    return sorted((n for n in names if len(n) > 1), key=len, reverse=True)


def _part_of_person(text: str, persons: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longer PERSON name that ``text`` is a short form of (its words are a subset), if any."""
    words = tuple(text.lower().split())
    for name in persons:
        if len(words) < len(name) and set(words) <= set(name):
            return name
    return None


def _is_name_token(tok: Any) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and not tok.is_stop and tok.pos_ == "PROPN"


def _unlabelled_candidates(doc: Any, doc_text: str, mentions: list[_Mention], article: Article) -> list[_Mention]:
    """Capitalised sequences no entity covers ("al-Hol", "Tall Abyad"), where the text suggests a place."""
    taken = set()
    for m in mentions:
        taken.update(range(*m.tokens))
    for ent in doc.ents:  # dates, numbers, works of art: "March", "Sunday" are not places
        if ent.label_ not in LABELS:
            taken.update(range(ent.start, ent.end))
    # Title-case headings make every word look like a name: only prose is searched.
    headings = [r for r in article.regions if r.kind in ("title", "heading")]
    out = []
    i, n = 0, len(doc)
    while i < n:
        start = i
        # An Arabic article written lowercase and hyphenated: "al-Hol", "ar-Raqqa".
        if (doc[i].lower_ in ARTICLES and doc[i].is_lower and i + 2 < n and doc[i + 1].text == "-"
                and _is_name_token(doc[i + 2])):
            i += 2
        if i in taken or not _is_name_token(doc[i]) or (i == start and doc[i].is_sent_start):
            i = max(i, start) + 1
            continue
        while i + 1 < n and i + 1 not in taken and (
            _is_name_token(doc[i + 1])
            or (doc[i + 1].text == "-" and i + 2 < n and (doc[i + 2].is_alpha and i + 2 not in taken))
        ):
            i += 2 if doc[i + 1].text == "-" else 1
        end = i + 1
        if not any(t in taken for t in range(start, end)):
            s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            in_heading = any(r.start < e and s < r.end for r in headings)
            if not in_heading and not article.in_boilerplate(s, e) and _place_context(doc, start, end):
                out.append(_Mention(s, e, doc_text[s:e], "", (start, end), source="gazetteer"))
        i = end
    return out


def _place_context(doc: Any, start: int, end: int, *, strong: bool = False) -> bool:
    """Does the text around tokens ``start:end`` treat them as a location? (``strong``: not by a preposition alone)"""
    prev = doc[start - 1].lower_ if start > 0 else ""
    prev2 = doc[start - 2].lower_ if start > 1 else ""
    nxt = doc[end].lower_ if end < len(doc) else ""
    if nxt in PLACE_NOUNS or (prev in LOCATIVE and not strong):
        return True
    # "the city of X", "the areas of X", "north of X", "45 km east of X"
    return prev == "of" and (prev2 in PLACE_NOUNS or prev2 in PLACE_OF or prev2 in _COMPASS)


def _coordinated_with_place(doc: Any, m: _Mention, places: list[_Mention]) -> bool:
    """'Serêkaniyê and Tel-Abyed': a name joined by and/or/comma to a known place."""
    i, j = m.tokens
    for p in places:
        a, b = p.tokens
        if b + 1 == i and doc[b].lower_ in ("and", "or", ","):
            return True
        if j + 1 == a and doc[j].lower_ in ("and", "or", ","):
            return True
    return False


def _fix_places(doc: Any, mentions: list[_Mention], persons: list[tuple[str, ...]], gaz: Gazetteer) -> None:
    """Relabel mentions that the gazetteer and the context agree are places."""
    countries = context_countries(gaz, list({m.text for m in mentions if m.label in PLACE_LABELS}))
    place_keys = {keys(m.text)[0] for m in mentions if m.label in PLACE_LABELS}
    cache: dict[tuple[str, bool], bool] = {}

    def known(m: _Mention) -> bool:
        ident = (m.text, m.label == "NORP")
        if ident not in cache:
            cache[ident] = any(_strong(x, m, countries) for x in gaz.lookup(m.text, countries))
        return cache[ident]

    def in_country(m: _Mention) -> bool:
        return any(x.place.country_code in countries or _strong(x, m, countries)
                   for x in gaz.lookup(m.text, countries) if m.label != "NORP" or x.how != "skeleton")

    def candidate(m: _Mention) -> bool:
        if m.label in PLACE_LABELS or _part_of_person(m.text, persons):
            return False
        if m.text.isupper() and len(m.text) <= 6:  # acronyms (ISIS, MIT) are places only as countries
            return any(x.place.feature == "country" for x in gaz.lookup(m.text, fuzzy=False))
        return True

    for _ in range(3):  # coordination and one-sense-per-article spread in a few rounds
        changed = False
        places = [m for m in mentions if m.label in PLACE_LABELS]
        for m in mentions:
            if not candidate(m):
                continue
            key = keys(m.text)[0]
            # Strong context ("X camp", "the town of X", "Y and X", X already a place) lets any
            # in-country match through; a preposition alone ("in X") needs a strong match.
            strong = (key in place_keys or _place_context(doc, *m.tokens, strong=True)
                      or _coordinated_with_place(doc, m, places))
            weak = _place_context(doc, *m.tokens)
            is_country = any(x.place.feature == "country" and x.how != "skeleton"
                             for x in gaz.lookup(m.text, fuzzy=False))
            if (strong and in_country(m)) or (weak and known(m)) or is_country:
                m.label = "GPE"
                place_keys.add(key)
                changed = True
        if not changed:
            break


def _fix_unknown_places_before_names(doc: Any, doc_text: str, mentions: list[_Mention], gaz: Gazetteer) -> None:
    """'"Natalia Barkal"': a one-word GPE the gazetteer does not know, followed by an untagged
    capitalised name, is the first name of a person."""
    taken = {t for m in mentions for t in range(*m.tokens)}
    countries = context_countries(gaz, list({m.text for m in mentions if m.label in PLACE_LABELS}))
    for m in mentions:
        i, j = m.tokens
        if m.label not in PLACE_LABELS or j - i != 1 or j >= len(doc) or j in taken:
            continue
        end = j
        while end < len(doc) and end not in taken and _is_name_token(doc[end]):
            end += 1
        if end > j and not gaz.lookup(m.text, countries):
            m.end = doc[end - 1].idx + len(doc[end - 1].text)
            m.text, m.label, m.tokens = doc_text[m.start:m.end], "PERSON", (i, end)
            taken.update(range(j, end))


def _strong(match: Match, m: _Mention, countries: tuple[str, ...]) -> bool:
    """Is this gazetteer match good enough to call a non-place mention a place (given place context)?

    Small namesakes are everywhere ("Congress", Arizona; "Obama", Japan), so a city must be large,
    or in a country the article is about and either sizeable, written with an Arabic article
    ("al-Hol"), or a transliteration variant. Demonyms ("Syrian") need an exact match.
    """
    place = match.place
    if m.label == "NORP" and match.how == "skeleton":
        return False
    if match.how == "alias" or place.feature in ("country", "admin") or place.population >= 100_000:
        return True
    if place.country_code not in countries:
        return False
    prefixed = m.text.split("-")[0].split(" ")[0].lower() in ARTICLES and len(m.text.split("-")) + len(m.text.split()) > 2
    return place.population >= 5_000 or prefixed or match.how == "skeleton"


def _canonical(mentions: list[_Mention]) -> list[str]:
    """A canonical name per mention: the longer person name, the spelled-out ORG, or the commonest form."""
    persons = _person_names(mentions)
    full_names = {tuple(m.text.lower().split()): m.text for m in reversed(mentions) if m.label == "PERSON"}
    orgs = [m.text for m in mentions if m.label == "ORG" and len(m.text.split()) > 1]
    forms: dict[tuple[str, str], Counter[str]] = {}
    for m in mentions:
        forms.setdefault((_group(m.label), keys(m.text)[0]), Counter())[m.text] += 1
    out = []
    for m in mentions:
        if m.label == "PERSON" and (name := _part_of_person(m.text, persons)):
            out.append(full_names[name])
            continue
        if m.label == "ORG" and m.text.isupper() and (full := _expansion(m.text, orgs)):
            out.append(full)
            continue
        out.append(forms[(_group(m.label), keys(m.text)[0])].most_common(1)[0][0])
    return out


def _group(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


def _expansion(acronym: str, orgs: list[str]) -> str | None:
    """A longer ORG whose capitalised words' initials spell ``acronym`` ("SDF" → "Syrian Democratic Forces")."""
    for org in orgs:
        initials = "".join(w[0] for w in org.split() if w[:1].isupper())
        if initials == acronym:
            return org
    return None
