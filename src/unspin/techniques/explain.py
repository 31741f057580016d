"""Plain-language definitions of the 14 techniques and why-flagged explanations for spans."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from functools import lru_cache

from . import TECHNIQUES

DEFINITIONS: dict[str, str] = {
    "Appeal_to_Authority": "Claims something is true because an authority or expert says so, without other evidence.",
    "Appeal_to_fear-prejudice": "Builds support for an idea by stirring fear of, or prejudice against, an alternative.",
    "Bandwagon,Reductio_ad_hitlerum": "Urges agreement because 'everyone' does, or rejects an idea because a hated group holds it.",
    "Black-and-White_Fallacy": "Presents two options as the only ones when more exist.",
    "Causal_Oversimplification": "Gives a single cause for an issue that has several.",
    "Doubt": "Questions the credibility of someone or something without substantiating it.",
    "Exaggeration,Minimisation": "Makes something sound bigger, better or worse than it is, or plays it down.",
    "Flag-Waving": "Appeals to patriotism or group identity to justify an idea.",
    "Loaded_Language": "Uses words with strong emotional charge to influence the reader.",
    "Name_Calling,Labeling": "Attaches a label to a person or group that the audience fears, hates or finds (un)desirable.",
    "Repetition": "Repeats the same message, word or phrase over and over so that it sticks.",
    "Slogans": "A short, striking phrase that works as an emotional call to action or stereotype.",
    "Thought-terminating_Cliches": "A stock phrase that discourages critical thought (\"it is what it is\").",
    "Whataboutism,Straw_Men,Red_Herring": "Deflects: answers criticism with another accusation, misrepresents a position, or changes the subject.",
}

SHORT_NAMES: dict[str, str] = {
    "Appeal_to_Authority": "appeal to authority",
    "Appeal_to_fear-prejudice": "appeal to fear or prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "bandwagon / guilt by association",
    "Black-and-White_Fallacy": "black-and-white fallacy",
    "Causal_Oversimplification": "causal oversimplification",
    "Doubt": "doubt",
    "Exaggeration,Minimisation": "exaggeration or minimisation",
    "Flag-Waving": "flag-waving",
    "Loaded_Language": "loaded language",
    "Name_Calling,Labeling": "name calling / labeling",
    "Repetition": "repetition",
    "Slogans": "slogan",
    "Thought-terminating_Cliches": "thought-terminating cliché",
    "Whataboutism,Straw_Men,Red_Herring": "whataboutism / straw man / red herring",
}

_WORD = re.compile(r"[^\W\d_][\w'-]*")
_SUPERLATIVE = re.compile(r"\b(most|least|best|worst|\w{3,}est|whole world|ever|never|always|all|every|no one|nothing|entire|greatest)\b", re.I)
_COMMON = frozenset(
    "the a an of and or to in on at by for from with as is are was were be been it its this that which who he she"
    " they we you his her their our not no but has have had will would can said also there what when all".split()
)


def describe(technique: str) -> str:
    """The plain-language definition of a technique."""
    if technique not in DEFINITIONS:
        raise KeyError(f"unknown technique {technique!r}; known: {', '.join(TECHNIQUES)}")
    return DEFINITIONS[technique]


@lru_cache(maxsize=4096)  # the same words recur across spans and articles; ``re``'s own cache is 512
def phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """``phrase`` as whole words, case-insensitive, any whitespace between them (None for a blank phrase)."""
    words = phrase.split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", flags=re.I)


def count_in(text: str, phrase: str, counts: MutableMapping[str, int] | None = None) -> int:
    """Case-insensitive whole-word occurrences of ``phrase`` in ``text``, exactly as ``phrase_pattern``
    finds them; ``counts``, if given, remembers them for this one ``text`` (the spans of an article ask
    for the same words again and again).

    Most texts are counted without a regular expression (compiling one per phrase cost more than the
    search): lower-cased, when that compares exactly as ``re.I`` does (see :func:`_folded`).
    """
    if counts is not None and phrase in counts:
        return counts[phrase]
    words = phrase.split()
    if not words:
        n = 0
    elif (folded := _folded(text)) is not None and not _cased_beyond_ascii(phrase):
        n = _count_folded(folded, [w.lower() for w in words])
    else:
        n = len(phrase_pattern(phrase).findall(text))  # type: ignore[union-attr]
    if counts is not None:
        counts[phrase] = n
    return n


def _cased_beyond_ascii(text: str) -> bool:
    """Whether ``text`` has a non-ASCII character with case: ``re.I`` knows equivalences for some of them
    that ``str.lower`` does not give ('ſ' ~ 's', the Kelvin sign ~ 'k'), and 'İ' lower-cases to two."""
    return not text.isascii() and any(c.lower() != c or c.upper() != c for c in set(text) if not c.isascii())


@lru_cache(maxsize=8)  # the spans of an article ask about the same text one after another
def _folded(text: str) -> str | None:
    """``text`` lower-cased, when comparing that is exactly ``re.I``'s comparison; else None. With no
    non-ASCII cased character, ``re.I`` only pairs ASCII letters, and lower-casing keeps every offset."""
    return None if _cased_beyond_ascii(text) else text.lower()


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # ``\w`` for str patterns


def _match_end(low: str, i: int, words: list[str]) -> int:
    r"""End of ``(?<!\w)w1\s+w2...(?!\w)`` matched at ``i`` of ``low``, or -1. ``\s+`` takes the whole run
    of whitespace: the next word starts with a non-space, so a shorter run never matches."""
    if i and _is_word(low[i - 1]):
        return -1
    j = i + len(words[0])
    for w in words[1:]:
        k = j
        while k < len(low) and low[k].isspace():
            k += 1
        if k == j or not low.startswith(w, k):
            return -1
        j = k + len(w)
    return -1 if j < len(low) and _is_word(low[j]) else j


def _count_folded(low: str, words: list[str]) -> int:
    """Matches of ``words`` in ``low``, left to right and not overlapping, as ``findall`` counts them."""
    n, pos = 0, 0
    while (i := low.find(words[0], pos)) >= 0:
        end = _match_end(low, i, words)
        n, pos = (n, i + 1) if end < 0 else (n + 1, end)
    return n


def most_repeated(span_text: str, article_text: str, counts: MutableMapping[str, int] | None = None) -> tuple[str, int]:
    """The span itself if it recurs in the article, else its most frequent content word: (phrase, count).
    ``counts``: a memo for this article (see :func:`count_in`)."""
    whole = count_in(article_text, span_text, counts)
    if whole >= 2 and len(span_text.split()) <= 8:
        return " ".join(span_text.split()), whole
    best, best_n = "", 0
    for w in dict.fromkeys(w.lower() for w in _WORD.findall(span_text)):  # in order: ties go to the first
        if w in _COMMON or len(w) < 3:
            continue
        n = count_in(article_text, w, counts)
        if n > best_n:
            best, best_n = w, n
    return best, best_n


def explain_span(technique: str, span_text: str, article_text: str, key_words: Sequence[str] = (),
                 counts: MutableMapping[str, int] | None = None) -> str:
    """Why a span was flagged: the technique's name, the words that drove it, and any repetition.
    ``counts``: a memo of word counts for this article, shared by its spans (see :func:`count_in`)."""
    name = SHORT_NAMES.get(technique, technique)
    words = [w for w in dict.fromkeys(k.strip() for k in key_words) if w]
    parts = [f"Flagged as {name}"]
    if technique == "Repetition":
        phrase, n = most_repeated(span_text, article_text, counts)
        parts.append(f": '{phrase}' appears {n} times in the article" if n >= 2 else ": the message restates what the article says elsewhere")
    elif words:
        parts.append(": " + ", ".join(f"'{w}'" for w in words[:4]))
    if technique == "Exaggeration,Minimisation":
        sup = sorted({m.group().lower() for m in _SUPERLATIVE.finditer(span_text)})
        if sup:
            parts.append(f" (absolute or superlative wording: {', '.join(repr(s) for s in sup[:3])})")
    if technique in ("Name_Calling,Labeling", "Loaded_Language"):
        phrase, n = most_repeated(span_text, article_text, counts)
        if n >= 3:
            parts.append(f"; '{phrase}' appears {n} times in the article")
    return "".join(parts) + ". " + DEFINITIONS.get(technique, "")
