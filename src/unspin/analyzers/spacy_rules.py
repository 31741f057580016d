"""Faster drop-ins for two rule components of spaCy's English pipeline, with identical output.

In ``en_core_web_sm`` the rule components cost about a quarter of the whole pipeline (100 PTC
articles: ``attribute_ruler`` 3.5 s, ``lemmatizer`` 2.2 s of CPU, against 8.7 s for the NER model):

* ``attribute_ruler`` runs a ``Matcher`` of 179 patterns over every token, most of them one token
  with a set of allowed tags or words, which the Matcher checks pattern by pattern in Python
  callbacks. :class:`FastAttributeRuler` decides those one-token patterns once per distinct
  (tag, lower-case form, dependency, is-space) combination and remembers the answer; the few other
  patterns (several tokens, regular expressions) still go through a ``Matcher``. The matches are
  then applied exactly as spaCy applies them (same order, same code).
* The English ``lemmatizer`` (rule mode) creates a Python ``Token`` per word and sets its lemma one by
  one. A rule lemma depends only on the word, its part of speech and its morphology, so
  :class:`FastLemmatizer` computes it once per distinct combination (with spaCy's own
  ``rule_lemmatize``) and writes all lemmas of a Doc at once; the lemma index that
  ``rule_lemmatize`` searches becomes a list whose ``in`` is a set lookup (:class:`_IndexList`).

Both keep spaCy's classes (they subclass them and are swapped in on the loaded objects), their
settings and their tables; ``tests/analyzers/test_spacy_rules.py`` checks every token attribute against
the stock pipeline. Anything they do not recognise (another lemmatizer mode, an unknown pattern key)
falls back to spaCy's own code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id

#: Token attributes a one-token pattern may test to be decided by the cache, with their array columns.
_KEYS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMNS = list(_KEYS.values())


def speed_up(nlp: Any) -> Any:
    """Swap the fast drop-ins into ``nlp`` in place (components that are not the expected spaCy
    classes are left alone) and return it."""
    for name, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            component.__class__ = FastAttributeRuler
        elif type(component) is EnglishLemmatizer and component.mode == "rule":
            component.__class__ = FastLemmatizer
            index = component.lookups.get_table("lemma_index", None)
            for pos in list(index or ()):  # spaCy's own rule_lemmatize then searches sets
                if type(index[pos]) is list:
                    index[pos] = _IndexList(index[pos])
    return nlp


def _allowed(value: Any) -> frozenset[int] | None:
    """The array values a pattern's condition accepts (hashes, or 0/1 for flags), or None if the
    condition is more than equality or ``IN`` (left to the Matcher)."""
    if isinstance(value, bool):
        return frozenset({int(value)})
    if isinstance(value, str):
        return frozenset({get_string_id(value)})
    if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
        return frozenset(get_string_id(v) for v in value["IN"])
    return None


def _one_token_test(pattern: list[dict[str, Any]]) -> list[tuple[int, frozenset[int]]] | None:
    """``[(column, accepted values), ...]`` for a one-token pattern of simple conditions, else None."""
    if len(pattern) != 1 or not pattern[0] or any(k not in _KEYS for k in pattern[0]):
        return None
    tests = []
    for key, value in pattern[0].items():
        allowed = _allowed(value)
        if allowed is None:
            return None
        tests.append((_COLUMNS.index(_KEYS[key]), allowed))
    return tests


class FastAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with one-token patterns decided per distinct token signature."""

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """The same matches as ``AttributeRuler.match``, in the same order."""
        if getattr(self, "_fast", None) is None or self._fast[0] != len(self.attrs):
            self._build()
        _, tests, rest, seen, known, match_ids = self._fast
        found: list[tuple[int, int, int]] = []
        if len(doc):
            table = doc.to_array(_COLUMNS)
            for column, values in known:  # a value no pattern names is as good as any other: 0
                table[~np.isin(table[:, column], values), column] = 0
            for i, row in enumerate(map(tuple, table.tolist())):
                ids = seen.get(row)
                if ids is None:
                    ids = seen[row] = tuple(a for a, conds in tests
                                            if any(all(row[c] in ok for c, ok in cond) for cond in conds))
                found.extend((a, i, i + 1) for a in ids)
        if rest is not None:
            found.extend((int(self.vocab.strings[m_id]), s, e)
                         for m_id, s, e in rest(doc, allow_missing=True, as_spans=False))
        return sorted((a, match_ids[a], s, e) for a, s, e in found)

    def _build(self) -> None:
        """Split the patterns: one-token ones of simple conditions are tested here, the rest by a Matcher."""
        tests: list[tuple[int, list[list[tuple[int, frozenset[int]]]]]] = []
        rest = Matcher(self.vocab, validate=False)
        for a in range(len(self.attrs)):
            key = str(a)
            _, patterns = self.matcher.get(self.vocab.strings[key])
            simple = [_one_token_test(p) for p in patterns]
            if all(t is not None for t in simple):
                tests.append((a, simple))  # type: ignore[arg-type]
            else:
                rest.add(self.vocab.strings.add(key), patterns)
        named: dict[int, set[int]] = {}
        for _, conds in tests:
            for cond in conds:
                for c, ok in cond:
                    named.setdefault(c, set()).update(ok)
        # Words and dependencies that no pattern names are all read as 0, so that the tokens share
        # a few hundred signatures (tags are few already).
        known = [(_COLUMNS.index(col), np.array(sorted(named.get(_COLUMNS.index(col), ())), dtype=np.uint64))
                 for col in (LOWER, DEP)]
        match_ids = [self.vocab.strings[str(a)] for a in range(len(self.attrs))]  # as AttributeRuler.match gives them
        self._fast = (len(self.attrs), tests, rest if len(rest) else None, {}, known, match_ids)

    def add(self, *args: Any, **kwargs: Any) -> None:  # a new pattern invalidates the split
        super().add(*args, **kwargs)
        self._fast = None


class _IndexList(list):  # type: ignore[type-arg]
    """A lemma index as spaCy's tables hold it (a list of tens of thousands of words), whose ``in``
    is a set lookup: ``rule_lemmatize`` asks ``form in index`` for every candidate form of every new
    word, which as a list search cost ~170 µs a word. Never changed after it is built."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._words = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._words


class FastLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, computing each (word, POS, morphology) lemma once."""

    def __call__(self, doc: Any) -> Any:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            if not len(doc):
                return doc
            memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_lemma_memo", {})
            strings = doc.vocab.strings
            table = doc.to_array([ORTH, POS, MORPH, LEMMA])
            lemmas = table[:, 3].copy()
            for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
                if self.overwrite or lemma == 0:
                    key = (orth, pos, morph)
                    value = memo.get(key)
                    if value is None:
                        value = memo[key] = strings.add(self.lemmatize(doc[i])[0])
                    lemmas[i] = value
            doc.from_array([LEMMA], lemmas.astype(np.uint64))
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling, as in Lemmatizer.__call__
            error_handler(self.name, self, [doc], e)
            return doc
