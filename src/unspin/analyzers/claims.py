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
            doc_ents = [DocEntities(a.doc) if a.doc is not None else None for a in chunk]
            spans, ents = [], []  # per sentence: its spaCy span and that span's entities
            for article, found in zip(chunk, doc_ents):
                for s, e in article.sentences:
                    span = _span(article, s, e)
                    spans.append(span)
                    ents.append(found.within(span) if found is not None and span is not None else None)
            usable = all(x is not None for x in spans)
            scores = news_scores(self.model, texts, spans if usable else None, ents if usable else None)
            at = 0
            for article, d in zip(chunk, doc_ents):
                n = len(article.sentences)
                self.set_annotations(article, scores[at : at + n], d)
                at += n
                yield article

    def set_annotations(self, article: Article, scores: list[float], doc_ents: DocEntities | None = None) -> None:
        threshold = news_threshold(self.model)
        if doc_ents is None and article.doc is not None:
            doc_ents = DocEntities(article.doc)
        claims = []
        for (start, end), score in zip(article.sentences, scores):
            claims.append(
                Claim(start, end, article.text[start:end], round(float(score), 4), bool(score >= threshold),
                      _features(article, start, end, doc_ents), _attribution(article, start, end))
            )
        article.claims = claims


def _span(article: Article, start: int, end: int) -> Any:
    return article.doc.char_span(start, end, alignment_mode="expand") if article.doc is not None else None


def _features(article: Article, start: int, end: int, doc_ents: DocEntities | None = None) -> list[str]:
    span = _span(article, start, end)
    if span is None:
        return text_cues(article.text[start:end]).labels()
    actors = None
    if article.entities:
        actors = [e.canonical or e.text for e in article.entities if start <= e.start and e.end <= end]
    return sentence_cues(span, actors, doc_ents.within(span) if doc_ents is not None else None).labels()


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
