"""Numbers and dates in a sentence, so that two reports of one fact can be checked against each other.

"65,000 people", "at least 15 workers", "tens of thousands of residents", "a dozen", "on Tuesday",
"March 3", "in 2019": each becomes a :class:`Quantity` with a value range, a unit and the words
as written. Rule-based on purpose: the spans must be exactly the article's words, and a reader must
be able to see why two values were called a conflict.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}
#: Vague amounts as the range a reader would grant them.
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999), "several": (3, 9), "a few": (2, 5), "a handful": (2, 6),
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
#: Nouns that count people: "12 workers" and "15 people" count the same thing.
PEOPLE = frozenset("""people persons person workers worker residents civilians men women children soldiers troops
fighters migrants refugees protesters demonstrators students patients victims passengers employees members
officers police policemen militants rebels detainees prisoners inmates casualties dead injured wounded killed
families family individuals citizens voters supporters""".split())
MONEY = frozenset("dollars dollar euros euro pounds pound $ € £ usd eur".split())
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_SKIP_UNIT = frozenset("of the a an more than some about around at least nearly almost over up to per cent percent "
                       "additional other new more".split())
_QUALIFIER = re.compile(r"(at least|more than|over|nearly|almost|about|around|some|roughly|approximately|up to|"
                        r"fewer than|less than|as many as)\s+$", re.I)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted((re.escape(w) for w in list(WORD_NUMBERS) + list(VAGUE)), key=len, reverse=True))
_AMOUNT = re.compile(rf"(?<![\w.,])(\$|€|£)?\s?({_NUM}|{_WORDS})(?:\s+(thousand|million|billion|trillion))?(?![\w,]*\d)",
                     re.I)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH_DAY = re.compile(r"\b(" + "|".join(m.title() for m in MONTHS) + r")\.?\s+(\d{1,2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Quantity:
    """An amount (``kind="number"``) or a date (``kind="date"``) as written in a sentence.

    ``low``/``high`` bound the value (equal for a precise number; ``high`` is infinite for "at least");
    ``unit`` is what is counted ("people", "dollars", "homes") or, for a date, its type (weekday, day, year).
    ``start``/``end`` index the sentence text given to :func:`quantities`.
    """

    kind: str
    low: float
    high: float
    unit: str
    text: str
    start: int
    end: int
    precise: bool

    def overlaps(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high


def _value(token: str) -> tuple[float, float, bool] | None:
    t = token.lower()
    if t in VAGUE:
        low, high = VAGUE[t]
        return float(low), float(high), False
    if t in WORD_NUMBERS:
        v = float(WORD_NUMBERS[t])
        return v, v, True
    try:
        v = float(t.replace(",", ""))
    except ValueError:
        return None
    return v, v, True


def _unit(after: str) -> tuple[str, int]:
    """The counted noun after an amount ("of residents", "people living ...") and where it ends."""
    pos = 0
    for m in re.finditer(r"[A-Za-z$€£%-]+", after[:60]):
        word = m.group(0).lower()
        if word in _SKIP_UNIT and word not in ("percent", "per"):
            pos = m.end()
            continue
        if word in ("per", "percent", "%"):
            return "percent", m.end()
        unit = word.rstrip(".")
        if unit in PEOPLE:
            return "people", m.end()
        if unit in MONEY:
            return "money", m.end()
        return unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit, m.end()
    return "", pos


def quantities(text: str) -> list[Quantity]:
    """Every amount and date in ``text``, in order."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        out.append(Quantity("date", float(m.group(2)), float(m.group(2)), f"day:{m.group(1).lower()}", m.group(0),
                            m.start(), m.end(), True))
        taken.append((m.start(), m.end()))
    for m in _WEEKDAY.finditer(text):
        v = float(WEEKDAYS.index(m.group(1).lower()))
        out.append(Quantity("date", v, v, "weekday", m.group(0), m.start(), m.end(), True))
        taken.append((m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if re.match(r"\s*(people|workers|residents|dollars|homes|[a-z]+s\b)", text[m.end():]) and not re.search(
                r"\b(in|since|of|from|until|by)\s+$", text[:m.start()]):
            continue  # "2000 people" is an amount
        v = float(m.group(1))
        out.append(Quantity("date", v, v, "year", m.group(0), m.start(), m.end(), True))
        taken.append((m.start(), m.end()))
    for m in _AMOUNT.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        parsed = _value(m.group(2))
        if parsed is None:
            continue
        low, high, precise = parsed
        if m.group(3):
            scale = SCALES[m.group(3).lower()]
            low, high = low * scale, high * scale
        if m.group(2).lower() in ("one",) and not m.group(3):
            continue  # "one of the", "one official": rarely a count worth checking
        before = text[max(0, m.start() - 20): m.start()]
        start = m.start()
        qualifier = _QUALIFIER.search(before)
        if qualifier:
            q = qualifier.group(1).lower()
            start = m.start() - (len(before) - qualifier.start())
            if q in ("at least", "more than", "over"):
                high = math.inf
            elif q in ("fewer than", "less than", "up to", "as many as"):
                low = 0.0
            else:
                low, high, precise = low * 0.85, high * 1.15, False
        unit, unit_end = _unit(text[m.end():])
        if m.group(1):
            unit = "money"
        end = m.end() + unit_end
        out.append(Quantity("number", low, high, unit, text[start:end].strip(), start, end, precise))
    return sorted(out, key=lambda q: q.start)
