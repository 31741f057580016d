"""Quotes and their speakers: direct ("..."), indirect (said that ...) and mixed.

Direct quotes come from quotation-mark scanning (:mod:`.quoting.marks`); their cue is the nearest
speech verb in the frame around them. Indirect quotes come from spaCy's dependency parse: a speech
verb with a clausal complement (``ccomp``), a frame such as "drew attention to the fact that", or
"according to". The speaker is the verb's subject, climbing ``conj``/``xcomp``/``advcl`` for chains
("... and said:"), resolved to a canonical name by :mod:`.quoting.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, ClassVar

from ..article import Article, Cue, Quote, Speaker
from .quoting.lexicon import CUE_PARTICLES, FIRST_PERSON, FRAME_VERBS, PRONOUNS_PERSON, SPEECH_VERBS
from .quoting.marks import Marked, find_marked
from .quoting.speakers import Mention, Names, head_lemma, mention_for

_FUNCTION = frozenset("a an the of and or in on at to for from by with de al el van von der".split())
_HEADLINE = re.compile(r"^\s*((?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*)\s*:\s+(\S.*?)\s*$")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_BYLINE = re.compile(r"[ \t]*([\u2015\u2014]|--)[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})")
_CLIMB_DEPS = ("conj", "xcomp", "advcl", "ccomp")
# A headline that ends with its attribution: "Two hospitals hit by air strikes, says UN".
_HEADLINE_SAY = re.compile(r"^\s*(\S.*?\S)\s*,\s+(says?|said|claims?|warns?)\s+"
                           r"((?:the\s+)?[\w.'\u2019-]+(?:\s+[\w.'\u2019-]+){0,4})\s*$", re.IGNORECASE)


DescribedSpeaker = Speaker  # older name: a Speaker now carries its description itself


class QuoteAnalyzer:
    """Write ``quotes``: every attributed statement with its content, cue and speaker."""

    name: ClassVar[str] = "quotes"
    requires: ClassVar[tuple[str, ...]] = ("doc", "entities")
    assigns: ClassVar[tuple[str, ...]] = ("quotes",)

    def __call__(self, article: Article) -> None:
        article.quotes = find_quotes(article)


def find_quotes(article: Article) -> list[Quote]:
    """All quotes of an analyzed article (it needs ``article.doc``), in text order."""
    return _Finder(article).run()


class _Finder:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.text = article.prose_text
        self.doc = article.doc
        self.names = Names(self.doc, article.entities if "entities" in article.done else None)
        self.starts = [t.idx for t in self.doc]
        self.quotes: list[tuple[Quote, Mention | None]] = []
        self.used_cues: set[int] = set()

    # -- helpers ---------------------------------------------------------------------------
    def token_at(self, char: int) -> Any:
        return self.doc[max(bisect_right(self.starts, char) - 1, 0)]

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def run(self) -> list[Quote]:
        marked = [m for m in find_marked(self.text) if not self.article.in_boilerplate(m.start, m.end)]
        direct = [m for m in marked if self._quote_like(m)]
        self._headline()
        for m in direct:
            self._direct(m, direct)
        self._indirect(direct, marked)
        self._headline_say()
        self.quotes.sort(key=lambda q: q[0].start)
        self._resolve()
        return [q for q, _ in self.quotes]

    # -- direct quotes ---------------------------------------------------------------------
    def _quote_like(self, m: Marked) -> bool:
        """Quoted statements, not names, titles or scare words in quotation marks."""
        words = m.words(self.text)
        inner = self.text[m.start:m.end].strip()
        if not words:
            return False
        content = [w for w in words if w.lower() not in _FUNCTION]
        capitalised = sum(w[0].isupper() for w in content) / max(len(content), 1)
        if len(words) <= 6 and capitalised >= 0.75 and inner[-1:] not in ".!?,":
            return False  # "Natalia Barkal", "The Art of the Deal"
        if len(words) >= 4:
            return True
        return inner[-1:] in ".!?," and self._standalone(m)  # "No," he said.

    def _opening(self, m: Marked) -> int:
        """Offset of the quotation mark that opens ``m`` (two characters for '')."""
        return m.start - 2 if self.text[max(m.start - 2, 0):m.start] == "''" else m.start - 1

    def _standalone(self, m: Marked) -> bool:
        """Does the quote stand as a clause of its own (not a phrase inside the author's sentence)?"""
        prefix = self.text[:self._opening(m)]
        before = "\n" if not prefix[prefix.rfind("\n") + 1:].strip() else prefix.rstrip()[-1:]
        inner = self.text[m.start:m.end].lstrip()
        return before in ("", ":", ".", "!", "?", "\n", "\u2014") or (before == "," and inner[:1].isupper())

    def _direct(self, m: Marked, direct: list[Marked]) -> None:
        start, end = _strip(self.text, m.start, m.end)
        if any(q.start <= start < q.end for q, _ in self.quotes):
            return  # already the headline
        standalone = self._standalone(m)
        verb = self._frame_verb(m, direct)
        if verb is None and self.quotes:  # '"We will," she said, "and soon."': the second part of one quote
            prev, prev_mention = self.quotes[-1]
            gap = self.text[prev.end:m.start]
            if prev.cue is not None and prev.end <= prev.cue.start < m.start and len(gap.split()) <= 8 and "\n" not in gap:
                self._add(start, end, prev.kind, prev.cue, prev_mention)
                return
        if verb is None and standalone:
            byline = _BYLINE.match(self.text, m.end + (self.text[m.end:m.end + 2] == "''") + 1)
            if byline:  # '"..." ― Sonya Herridge': a quote signed with a dash
                span = self.doc.char_span(byline.start(2), byline.end(2), alignment_mode="expand")
                if span is not None:
                    name = self.names.entity_in(span.start_char, span.end_char)
                    mention = Mention(span.start, span.end, "named",
                                      name[3] if name else self.names.name_for_tokens(span.text))
                    self._add(start, end, "direct", Cue(byline.start(1), byline.end(1), byline.group(1)), mention)
                    return
        if not standalone and (verb is None or verb.idx > m.start
                               or len(self.text[verb.idx + len(verb.text):self._opening(m)].split()) > 2):
            return  # a phrase in quotation marks inside the author's (or an indirect quote's) sentence
        cue = mention = None
        if verb is not None:
            self.used_cues.add(verb.i)
            cue = self._cue(verb, with_that=False)
            subject = _subject(verb)
            mention = mention_for(subject, self.names) if subject is not None else None
        else:
            mention = self._carry_over(start)
        self._add(start, end, "direct", cue, mention)

    def _frame_verb(self, m: Marked, direct: list[Marked]) -> Any:
        """The speech verb in the quote's sentence(s), outside any quote, nearest to the quote."""
        first, last = self.token_at(m.start), self.token_at(max(m.end - 1, m.start))
        lo, hi = first.sent.start, last.sent.end
        if hi < len(self.doc) and self.doc[hi].sent.end - hi <= 10 and self.doc[hi].idx - m.end <= 3:
            hi = self.doc[hi].sent.end  # '"...," \n he said.' split off by the parser
        para_start = self.text.rfind("\n", 0, m.start) + 1
        para_end = self.text.find("\n", m.end)
        para_end = len(self.text) if para_end < 0 else para_end
        best, best_dist = None, None
        for tok in self.doc[lo:hi]:
            if not (para_start <= tok.idx < para_end) or any(d.start <= tok.idx < d.end for d in direct):
                continue
            if not _is_cue(tok) or tok.i in self.used_cues:
                continue
            dist = m.start - tok.idx if tok.idx < m.start else tok.idx - m.end
            if best_dist is None or dist < best_dist:
                best, best_dist = tok, dist
        if best is None and self.text[:self._opening(m)].rstrip().endswith(":"):
            prev = self.token_at(self.text[:self._opening(m)].rstrip().rfind(":"))
            cands = [t for t in prev.sent if _is_cue(t) and t.i not in self.used_cues]
            best = cands[-1] if cands else None
        return best

    def _carry_over(self, start: int) -> Mention | None:
        """A quote with no cue continues the previous quote's speaker when it follows closely."""
        if not self.quotes:
            return None
        prev, mention = self.quotes[-1]
        gap = self.text[prev.end:start]
        if gap.count("\n") <= 2 and len(gap.split()) <= 3 and mention is not None:
            return mention
        return None

    def _headline(self) -> None:
        """'Name: statement' in a title or heading line."""
        for region in self.article.regions:
            if region.kind not in ("title", "heading"):
                continue
            line = self.text[region.start:region.end]
            match = _HEADLINE.match(line)
            if not match or len(match.group(2).split()) < 3:
                continue
            s, e = region.start + match.start(1), region.start + match.end(1)
            colon = self.text.index(":", e)
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            name = self.names.entity_in(s, e)
            mention = Mention(span.start, span.end, "named", name[3] if name else self.names.name_for_tokens(span.text))
            cs, ce = _strip(self.text, region.start + match.start(2), region.start + match.end(2))
            self._add(cs, ce, "direct", Cue(colon, colon + 1, ":"), mention)

    def _headline_say(self) -> None:
        """'X did Y, say Z' in a title or heading line the parse found no attribution in (headlinese
        often has no finite verb for the parser to hang the content on)."""
        spans = [(q.start, q.end) for q, _ in self.quotes]
        for region in self.article.regions:
            if region.kind not in ("title", "heading") or any(region.start <= s < region.end for s, _ in spans):
                continue
            match = _HEADLINE_SAY.match(self.text[region.start:region.end])
            if not match or len(match.group(1).split()) < 3:
                continue
            cs, ce = _strip(self.text, region.start + match.start(1), region.start + match.end(1))
            vs, ve = region.start + match.start(2), region.start + match.end(2)
            span = self.doc.char_span(region.start + match.start(3), region.start + match.end(3), alignment_mode="expand")
            if span is None:
                continue
            name = self.names.entity_in(span.start_char, span.end_char)
            if name is not None:
                mention = Mention(span.start, span.end, "named", name[3])
            else:
                mention = Mention(span.start, span.end, "anonymous", None, span.text)
            self._add(cs, ce, "indirect", Cue(vs, ve, self.text[vs:ve]), mention)

    # -- indirect quotes -------------------------------------------------------------------
    def _indirect(self, direct: list[Marked], marked: list[Marked]) -> None:
        spans = [(q.start, q.end) for q, _ in self.quotes]
        for tok in self.doc:
            if tok.i in self.used_cues or self.article.in_boilerplate(tok.idx, tok.idx + 1):
                continue
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                self._according(tok, spans)
                continue
            frame = tok.pos_ == "VERB" and tok.lemma_.lower() in FRAME_VERBS and not _is_cue(tok)
            if not (_is_cue(tok) or frame):
                continue
            head = _content_head(tok, frame_only=frame)
            if head is None:
                if tok.dep_ == "parataxis" and not frame:
                    self._parenthetical(tok, spans, marked)
                continue
            toks = [t for t in head.subtree]
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            if head.i < tok.i < toks[-1].i:  # the cue sits inside ("X, he said, is Y"): keep the part before it
                end = tok.left_edge.idx
            first = toks[0]
            lead_that = first.lower_ == "that" and first.dep_ == "mark"
            if lead_that:
                start = first.idx + len(first.text)
            start, end = _strip(self.text, start, end)
            for s, e in spans:  # stop where a direct quote (or its frame) begins
                if start < s < end and self.text[start:s].strip():
                    end = _strip(self.text, start, s)[1]
            if any(s <= start < e for s, e in spans) or len(self.text[start:end].split()) < 2:
                continue
            subject = _subject(tok)
            mention = mention_for(subject, self.names) if subject is not None else None
            kind = "mixed" if any(start <= m.start and m.end <= end for m in marked
                                  if len(m.words(self.text)) >= 2 and not _name_like(self.text, m)) else "indirect"
            self.used_cues.add(tok.i)
            self._add(start, end, kind, self._cue(tok, with_that=lead_that), mention)
            spans.append((start, end))

    def _parenthetical(self, tok: Any, spans: list[tuple[int, int]], marked: list[Marked]) -> None:
        """'Acts of protest, Mr. Obama said, are acts of patriotism': the clause around the cue is the content."""
        subject = _subject(tok)
        if subject is None or subject.head.i != tok.i:
            return
        frame = range(tok.left_edge.i, tok.right_edge.i + 1)
        sub = [t for t in tok.head.subtree if t.i not in frame]
        parts = [[t for t in sub if t.i < frame.start], [t for t in sub if t.i >= frame.stop]]
        found = []
        for part in parts:
            if part and sum(t.is_alpha for t in part) >= 2:
                start, end = _strip(self.text, part[0].idx, part[-1].idx + len(part[-1].text))
                if end > start and not any(s < end and start < e for s, e in spans):
                    found.append((start, end))
        if not found:
            return
        mention = mention_for(subject, self.names)
        cue = self._cue(tok, with_that=False)
        self.used_cues.add(tok.i)
        for start, end in found:
            kind = "mixed" if any(start <= m.start and m.end <= end for m in marked if len(m.words(self.text)) >= 2) else "indirect"
            self._add(start, end, kind, cue, mention)
            spans.append((start, end))

    def _according(self, tok: Any, spans: list[tuple[int, int]]) -> None:
        to = next(c for c in tok.children if c.lower_ == "to")
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        clause = tok.head
        while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head.i != clause.i:
            clause = clause.head
        sub = [t for t in clause.subtree if not (tok.left_edge.i <= t.i <= tok.right_edge.i)]
        after = [t for t in sub if t.i > tok.right_edge.i]
        before = [t for t in sub if t.i < tok.left_edge.i]
        part = after if len(after) >= len(before) else before
        if len(part) < 3:
            return
        start, end = _strip(self.text, part[0].idx, part[-1].idx + len(part[-1].text))
        if any(s < end and start < e for s, e in spans):
            return
        cue = Cue(tok.idx, to.idx + len(to.text), self.text[tok.idx:to.idx + len(to.text)])
        self._add(start, end, "indirect", cue, mention_for(pobj, self.names))
        spans.append((start, end))

    def _cue(self, verb: Any, *, with_that: bool) -> Cue:
        toks = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.lower_ in CUE_PARTICLES]
        if with_that:
            mark = next((t for t in verb.subtree if t.dep_ == "mark" and t.lower_ == "that" and t.i > verb.i), None)
            if mark is not None:
                toks.append(mark)
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        return Cue(start, end, self.text[start:end])

    def _add(self, start: int, end: int, kind: str, cue: Cue | None, mention: Mention | None) -> None:
        quote = Quote(start, end, self.text[start:end], kind, cue, Speaker(None, None, None, "unknown"))  # type: ignore[arg-type]
        self.quotes.append((quote, mention))

    # -- speakers --------------------------------------------------------------------------
    def _resolve(self) -> None:
        """Fill each quote's speaker, resolving pronouns and bare descriptions in text order."""
        seen: list[tuple[int, Mention]] = []  # (char offset, resolved named mention)
        outer: list[tuple[Quote, Mention]] = []
        for quote, mention in self.quotes:
            if mention is None:
                continue
            m = mention
            start_char = self.doc[m.start].idx
            if m.pronoun:
                word = self.doc[m.start].lower_
                host = next((om for oq, om in outer if oq.start <= start_char < oq.end and om.name), None)
                if word in FIRST_PERSON and host is not None:
                    m.name, m.kind = host.name, host.kind
                elif word in PRONOUNS_PERSON or word in FIRST_PERSON:
                    m.name = self._recent_person(start_char, seen)
                    m.kind = "named" if m.name else "unknown"
                else:
                    prior = [sm for c, sm in seen if start_char - c < 600]
                    if prior:
                        m.name, m.kind = prior[-1].name, prior[-1].kind
            elif m.kind == "anonymous" and m.description and self.doc[m.start].lower_ == "the":
                m.name = self._titled(m, start_char, seen)
                m.kind = "named" if m.name else "anonymous"
            while m.end - 1 > m.start and self.doc[m.end - 1].is_space:  # "residents\n\n" at a headline's end
                m.end -= 1
            sp = self.doc[m.start:m.end]
            quote.speaker = DescribedSpeaker(m.name, sp.start_char, sp.end_char, m.kind,  # type: ignore[arg-type]
                                             self.text[sp.start_char:sp.end_char], description=m.description)
            if m.kind == "named":
                seen.append((start_char, m))
            if quote.kind == "direct":
                outer.append((quote, m))

    def _titled(self, m: Mention, char: int, seen: list[tuple[int, Mention]]) -> str | None:
        """'the president' → the latest person the article has called President X or described so."""
        head = head_lemma(m.description)
        if m.end - m.start > 3 or not head:
            return None
        for c, sm in reversed(seen):
            if c < char and head_lemma(sm.description) == head:
                return sm.name
        for s, e, _, name in reversed(self.names.persons):
            if e <= char:
                before = self.text[max(0, s - 40):s].split()
                if before and before[-1].lower().rstrip("s.") == head:
                    return name
        return None

    def _recent_person(self, char: int, seen: list[tuple[int, Mention]]) -> str | None:
        """A he/she: the latest named speaker two paragraphs back at most, else the latest person subject."""
        para = self.text.rfind("\n\n", 0, char)
        para = self.text.rfind("\n\n", 0, para) if para > 0 else -1
        speakers = [sm.name for c, sm in seen if para < c < char]
        if speakers:
            return speakers[-1]
        persons = [e for e in self.names.persons if e[1] <= char and char - e[0] < 800]
        subjects = [e for e in persons if self.token_at(e[0]).head.dep_ in _SUBJECT_DEPS or
                    self.token_at(e[1] - 1).dep_ in _SUBJECT_DEPS]
        pick = (subjects or persons)[-1:] 
        return pick[0][3] if pick else None


def _is_cue(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS and tok.tag_ != "VBN" or (
        tok.lemma_.lower() in SPEECH_VERBS and tok.tag_ == "VBN" and any(c.dep_ == "aux" for c in tok.children)
    )


def _content_head(verb: Any, *, frame_only: bool = False) -> Any:
    """The head of the reported clause: ccomp, or a 'that' clause under a noun ('the fact that ...')."""
    for child in verb.children:
        if child.dep_ == "ccomp" and not frame_only:
            return child
    for child in verb.children:
        nouns = [child] if child.dep_ == "dobj" else [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
        for noun in nouns:
            for c in noun.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                    return c
    return None


def _subject(verb: Any) -> Any:
    """The subject of a speech verb, inherited along chains ('Omar added ..., and said:'); in
    'the agency quoted X as saying', X."""
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
        obj = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS and c.lower_ not in ("it", "there")]
        if subjects:  # "The co-chair ..., Abdul Karim Omar, stated": the one nearest the verb
            return min(subjects, key=lambda c: abs(c.i - node.i))
        for child in node.children:
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


def _name_like(text: str, m: Marked) -> bool:
    words = [w for w in m.words(text) if w.lower() not in _FUNCTION]
    return bool(words) and len(words) <= 4 and all(w[0].isupper() for w in words)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, edge punctuation and quotation marks from a content span."""
    while start < end and (text[start].isspace() or text[start] in ",;:\u2014-\"\u201c\u201d"
                           or text.startswith("''", start)):
        start += 2 if text.startswith("''", start) else 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\u2014-\"\u201c\u201d"
                           or text[max(end - 2, 0):end] == "''"):
        end -= 2 if text[max(end - 2, 0):end] == "''" else 1
    return start, end
