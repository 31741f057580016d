"""Find stretches of text inside quotation marks, straight or curly, closed or not.

A paragraph's marks are paired left to right. A mark left open at the end of a paragraph closes
there, unless the next paragraph opens with a quotation mark: that is the newspaper convention for
a quote running on over several paragraphs, so the quote continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = {"\u201c": "curly", "\u201e": "curly", "\u00ab": "angle"}
_CLOSE = {"\u201d": "curly", "\u00bb": "angle"}
_STRAIGHT = '"'
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


@dataclass
class Marked:
    """Text between quotation marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    closed: bool = True
    paragraphs: int = 1

    def words(self, text: str) -> list[str]:
        return _WORD.findall(text[self.start:self.end])


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks separated by blank lines (a single newline also breaks)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _marks(text: str, start: int, end: int) -> list[tuple[int, str, str, int]]:
    """(offset, role, family, width) for each quotation mark in ``text[start:end]``; role is open/close/either.

    Two apostrophes ('') stand for a straight double mark, as in some wire and archive texts.
    """
    out = []
    i = start
    while i < end:
        ch = text[i]
        width = 2 if text.startswith("''", i) else 1
        if ch in _OPEN:
            out.append((i, "open", _OPEN[ch], 1))
        elif ch in _CLOSE:
            out.append((i, "close", _CLOSE[ch], 1))
        elif ch == _STRAIGHT or width == 2:
            before = text[i - 1] if i > start else " "
            after = text[i + width] if i + width < end else " "
            opens = before.isspace() or before in "([{\u2014-:/"
            closes = after.isspace() or after in ".,;:!?)]}\u2014-"
            role = "open" if opens and not closes else "close" if closes and not opens else "either"
            out.append((i, role, "straight", width))
        i += width
    return out


def _pair(text: str, start: int, end: int) -> tuple[list[Marked], int | None]:
    """Top-level quoted stretches of one paragraph and the offset just inside a mark still open at its end."""
    found: list[Marked] = []
    stack: list[tuple[int, str]] = []
    for i, role, family, width in _marks(text, start, end):
        closes_top = bool(stack) and role != "open" and (
            stack[-1][1] == family or family == "straight" or stack[-1][1] == "straight"
        )
        if closes_top and not (role == "either" and stack[-1][1] != family):
            opened, _ = stack.pop()
            if not stack:
                found.append(Marked(opened, i))
        elif role != "close":
            stack.append((i + width, family))
    return found, (stack[0][0] if stack else None)


def find_marked(text: str) -> list[Marked]:
    """Every top-level quoted stretch of ``text``, in order (see the module docstring)."""
    spans = paragraphs(text)
    out: list[Marked] = []
    carry: Marked | None = None
    for n, (p_start, p_end) in enumerate(spans):
        found, open_at = _pair(text, p_start, p_end)
        if carry is not None:  # this paragraph opens with a mark that continues the quote
            carry.paragraphs += 1
            lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
            if found and found[0].start - lead <= 2:
                carry.end, carry.closed = found.pop(0).end, True
                out.append(carry)
                carry = None
            else:
                carry.end = _rstrip(text, p_end)
                if not _continues(text, spans, n):
                    out.append(carry)
                    carry = None
                continue
        out.extend(found)
        if open_at is not None:
            carry = Marked(open_at, _rstrip(text, p_end), closed=False)
            if not _continues(text, spans, n):
                out.append(carry)
                carry = None
    if carry is not None:
        out.append(carry)
    return sorted((m for m in out if m.end > m.start), key=lambda m: m.start)


def _continues(text: str, spans: list[tuple[int, int]], n: int) -> bool:
    """Does the paragraph after ``n`` open with a quotation mark (a quote running on)?"""
    if n + 1 >= len(spans):
        return False
    first = text[spans[n + 1][0]:spans[n + 1][1]].lstrip()
    return first[:1] in _OPEN or first[:1] == _STRAIGHT or first.startswith("''")


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
