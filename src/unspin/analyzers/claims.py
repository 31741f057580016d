"""Check-worthy claims: score every prose sentence with the shipped claims model and explain it.

Debate-trained scores are adjusted for news prose (``unspin.claims.news``: best clause of a long
sentence, times the probability that it is written as fact rather than opinion); each Claim lists the
cues that make it checkable and, when a quote covers most of it, the index of that quote.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar

from .. import loading
from ..article import Article, Claim
from ..claims.features import DocEntities, sentence_cues, text_cues
from ..claims.model import MODEL_DIR, ClaimModel
from ..claims.news import news_scores, news_threshold


class ClaimAnalyzer:
    """Write ``claims``: one Claim per sentence of ``article.sentences``, score in [0, 1]."""

    name: ClassVar[str] = "claims"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "entities", "quotes")
    assigns: ClassVar[tuple[str, ...]] = ("claims",)

    def __init__(self, model_dir: str | Path | None = None, batch_articles: int = 16,
                 threads: int | None = None) -> None:
        self.model_dir = Path(model_dir or MODEL_DIR)
        self.batch_articles = batch_articles
        self.threads = threads

    @property
    def model(self) -> ClaimModel:
        return loading.claim_model(self.model_dir, self.threads)

    def __call__(self, article: Article) -> None:
        for _ in self.pipe([article]):
            pass

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Score the sentences of up to ``batch_articles`` articles in one batch; order is kept."""
        stream = iter(articles)
        while chunk := list(islice(stream, self.batch_articles)):
            texts = [a.text[s:e] for a in chunk for s, e in a.sentences]
            spans = [_spans(a) for a in chunk]  # per article, per sentence: its spaCy span
            ents = [_entities(a, sp) for a, sp in zip(chunk, spans)]  # and that span's entities
            flat_spans = [x for sp in spans for x in sp]
            usable = all(x is not None for x in flat_spans)
            scores = news_scores(self.model, texts, flat_spans if usable else None,
                                 [x for en in ents for x in en] if usable else None)
            at = 0
            for article, sp, en in zip(chunk, spans, ents):
                n = len(article.sentences)
                self.set_annotations(article, scores[at : at + n], sp, en)
                at += n
                yield article

    def set_annotations(self, article: Article, scores: list[float], spans: list[Any] | None = None,
                        ents: list[Any] | None = None) -> None:
        """Write ``article.claims`` from the sentences' scores; ``spans`` and ``ents`` (per sentence: its
        spaCy span and that span's entities) are found here when not given."""
        threshold = news_threshold(self.model)
        spans = _spans(article) if spans is None else spans
        ents = _entities(article, spans) if ents is None else ents
        claims = []
        for (start, end), score, span, found in zip(article.sentences, scores, spans, ents):
            claims.append(
                Claim(start, end, article.text[start:end], round(float(score), 4), bool(score >= threshold),
                      _features(article, start, end, span, found), _attribution(article, start, end))
            )
        article.claims = claims


def _spans(article: Article) -> list[Any]:
    """Each sentence's spaCy span (None without a Doc)."""
    if article.doc is None:
        return [None] * len(article.sentences)
    return [article.doc.char_span(s, e, alignment_mode="expand") for s, e in article.sentences]


def _entities(article: Article, spans: list[Any]) -> list[Any]:
    """Each span's entities, the Doc's entities read once (``DocEntities``); None where no span."""
    found = DocEntities(article.doc) if article.doc is not None else None
    return [found.within(span) if found is not None and span is not None else None for span in spans]


def _features(article: Article, start: int, end: int, span: Any, ents: list[Any] | None) -> list[str]:
    if span is None:
        return text_cues(article.text[start:end]).labels()
    actors = None
    if article.entities:
        actors = [e.canonical or e.text for e in article.entities if start <= e.start and e.end <= end]
    return sentence_cues(span, actors, ents).labels()


def _attribution(article: Article, start: int, end: int) -> int | None:
    """The quote with most of the sentence when quotes cover at least half of it together, else None.

    "X said that A, and said: "B"" is two quotes in one sentence: together they carry it.
    """
    best, best_overlap, covered = None, 0, set()
    for i, q in enumerate(article.quotes):
        lo, hi = max(start, q.start), min(end, q.end)
        if hi > lo:
            covered.update(range(lo, hi))
            if hi - lo > best_overlap:
                best, best_overlap = i, hi - lo
    return best if len(covered) * 2 >= max(1, end - start) else None
