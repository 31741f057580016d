"""Mark the title, section headings and site boilerplate so that they are not analyzed as prose.

Scraped articles end in navigation ("Other news", "Related", "Share this") and carry separator
glyphs; none of that is the outlet's prose. Regions keep the offsets of ``Article.text``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..article import Article, Region

# A whole line that is site furniture rather than prose.
_BOILERPLATE_LINE = re.compile(
    r"""^\s*(
        (other|more|related|latest|top|recommended|trending)\s+(news|stories|articles|posts|reads)
      | read\s+(more|also|next)(\s*:.*)? | see\s+also(\s*:.*)? | share(\s+(this|on)\b.*)?
      | (follow|like)\s+us\b.* | subscribe\b.* | sign\s+up\b.* | advertisement | sponsored(\s+content)?
      | tags?\s*:.* | categories?\s*:.* | filed\s+under\b.* | comments?(\s*\(\d+\))?
      | (©|\(c\)|copyright\b).* | all\s+rights\s+reserved\.? | print | email | tweet | whatsapp
    )\s*$""",
    re.I | re.X,
)
_LETTER = re.compile(r"[^\W\d_]")
# Decorative glyphs scrapers leave around headings (Hebrew geresh, bullets, box rules, dingbats).
_GLYPHS = "\u05f3\u05f4\u2022\u25cf\u25a0\u2500\u2014\u2013\u00b7\u2726\u2605\u2606|*#=~_-"


class BoilerplateAnalyzer:
    """Write ``regions``: the title, headings inside the body, and boilerplate lines."""

    name: ClassVar[str] = "boilerplate"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("regions",)

    def __call__(self, article: Article) -> None:
        article.regions = find_regions(article.text, article.title)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def find_regions(text: str, title: str | None) -> list[Region]:
    """Title, headings and boilerplate regions of ``text``, in order."""
    regions: list[Region] = []
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    if title is not None and lines:
        s, e = lines[0]
        regions.append(Region(s, e, "title"))
        lines = lines[1:]
    # Trailing furniture: walk back from the end while lines are boilerplate or short link-like stubs.
    tail_start = len(lines)
    while tail_start > 0:
        s, e = lines[tail_start - 1]
        line = text[s:e].strip()
        if _BOILERPLATE_LINE.match(line) or not _LETTER.search(line):
            tail_start -= 1
        else:
            break
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        s, e = s + lead, s + lead + len(stripped)
        if i >= tail_start or _BOILERPLATE_LINE.match(stripped) or not _LETTER.search(stripped):
            regions.append(Region(s, e, "boilerplate"))
            continue
        if _is_heading(stripped):
            core = stripped.strip(_GLYPHS + " \t\u00a0")
            cs = s + stripped.index(core) if core else s
            ce = cs + len(core)
            if cs > s:
                regions.append(Region(s, cs, "boilerplate"))
            regions.append(Region(cs, ce, "heading"))
            if ce < e:
                regions.append(Region(ce, e, "boilerplate"))
    return sorted(regions, key=lambda r: r.start)


def _is_heading(line: str) -> bool:
    """A short line with no sentence-final punctuation, or one framed by separator glyphs."""
    framed = line[:1] in _GLYPHS and len(line) > 2 or line[-1:] in _GLYPHS
    core = line.strip(_GLYPHS + " \t\u00a0")
    words = core.split()
    if not words:
        return False
    if framed and len(words) <= 25:
        return True
    return len(words) <= 12 and core[-1:] not in ".!?\"”’:;,)" and not core.startswith(("\"", "“"))
