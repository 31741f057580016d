"""Spelling-insensitive keys for place names, so that transliteration variants meet.

Two levels: the *key* folds case, diacritics, punctuation and leading articles ("al-Hasakah" and
"Al Ḩasakah" → ``hasakah``); the *skeleton* further drops vowels, glides and doubled letters so that
"Tel-Abyed"/"Tall Abyad" and "al-Hol"/"Al Hawl" meet. :func:`keys_many` normalises many names at
once in a few whole-text passes, which is how the gazetteer indexes hundreds of thousands of names
quickly; :func:`keys` is the same code on one name, so query and index always agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into ASCII.
_SPECIAL = {"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "þ": "th",
            "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe"}
_NEEDS_SPECIAL = re.compile("[" + "".join(_SPECIAL) + "]")
_SEPARATORS = b"-_.,/\t"
_KEEP = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n" + _SEPARATORS
_TABLE = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" + _SEPARATORS, b"abcdefghijklmnopqrstuvwxyz" + b" " * len(_SEPARATORS)
)
_DELETE = bytes(b for b in range(256) if b not in _KEEP)  # apostrophes, ʿayn marks, quotes, brackets

#: The English article and the Arabic one, assimilated or not ("al-", "ar-", "ash-", "el ").
ARTICLES = ("the", "al", "el", "il", "ul", "ar", "er", "as", "es", "ash", "esh", "ad", "ed", "adh",
            "at", "et", "ath", "az", "ez", "an", "en")
# Every line starts with a space (see fold_many), so word starts are " x": a literal-led pattern.
_ARTICLE = re.compile(
    rb"(?: (?:" + b"|".join(a.encode() for a in sorted(ARTICLES, key=len, reverse=True)) + rb"))+ (?=[a-z0-9])"
)
_SPACES = re.compile(rb"  +")
_LEAD_VOWELS = re.compile(rb" [aeiouy]+")  # Ain, Ayn, Ein → a…
_CONSONANTS = b"bcdfghjklmnpqrstvxz"


def fold_many(text: str) -> bytes:
    """Newline-separated names → lowercase ASCII words, each line led by one space.

    Diacritics and apostrophes are dropped and dashes become spaces.
    """
    if not text.isascii():
        if _NEEDS_SPECIAL.search(text):
            text = _NEEDS_SPECIAL.sub(lambda m: _SPECIAL[m.group()], text)
        text = unicodedata.normalize("NFKD", text)
    folded = b" " + text.encode("ascii", "ignore").replace(b"\n", b"\n ").translate(_TABLE, _DELETE)
    return _SPACES.sub(b" ", folded)


def keys_many(text: str, *, skeletons: bool = True) -> tuple[list[str], list[str]]:
    """Keys and skeletons of newline-separated names, one pair per line (no skeletons: empty list)."""
    spaced = _ARTICLE.sub(b" ", fold_many(text))
    key_lines = spaced.replace(b" ", b"").decode("ascii").split("\n")
    if not skeletons:
        return key_lines, []
    # Plain bytes.replace passes: much faster than regex substitutions over ~1M names.
    skel = spaced + b"\n"
    for vowel in b"aeiou":
        for end in (b" ", b"\n"):  # a final "h" after a vowel is silent: Raqqah → Raqqa
            skel = skel.replace(bytes((vowel,)) + b"h" + end, bytes((vowel,)) + end)
    # A word-initial vowel survives the skeleton as "a" (\x00 until the other vowels are gone).
    skel = _LEAD_VOWELS.sub(b" \x00", skel[:-1]).translate(None, b"aeiouwy ").replace(b"\x00", b"a")
    for c in _CONSONANTS:  # doubled letters collapse: Tell → Tel, Raqqa → Raqa
        double = bytes((c, c))
        while double in skel:
            skel = skel.replace(double, double[:1])
    return key_lines, skel.decode("ascii").split("\n")


@lru_cache(maxsize=65536)
def keys(name: str) -> tuple[str, str]:
    """``(key, skeleton)`` of one name."""
    k, s = keys_many(name.replace("\n", " "))
    return k[0], s[0]


def fold(name: str) -> str:
    """The folded form of one name (lowercase ASCII words), for display-free comparisons."""
    return fold_many(name.replace("\n", " ")).decode("ascii")
