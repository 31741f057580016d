"""The ``techniques`` analyzer: persuasion-technique spans from the shipped ONNX tagger."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

import numpy as np

from .. import loading
from ..article import Article, Technique
from ..techniques.explain import explain_span
from ..techniques.model import _STOP, MODEL_DIR, TechniqueModel


class TechniqueAnalyzer:
    """Writes ``article.techniques``: spans with one of the 14 SemEval-2020 technique names.

    Spans are the tagger's span-identification spans, each labelled by its TC head, plus the spans of the
    techniques that validation showed are better decoded on their own (``TechniqueModel.decode_flc``).
    ``operating_point``: ``balanced`` (F1-tuned, the default) or ``screening`` (F2-tuned: finds more,
    with more false alarms; for reading an article for everything that might be a technique).
    """

    name: ClassVar[str] = "techniques"
    requires: ClassVar[tuple[str, ...]] = ("regions",)
    assigns: ClassVar[tuple[str, ...]] = ("techniques",)

    def __init__(self, model_dir: str | Path | None = None, batch_articles: int = 8,
                 operating_point: str = "balanced", threads: int | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR
        self.batch_articles = batch_articles
        self.operating_point = operating_point
        self.threads = threads

    @property
    def model(self) -> TechniqueModel:
        return loading.technique_model(self.model_dir, self.operating_point, self.threads)

    def __call__(self, article: Article) -> None:
        for _ in self.pipe([article]):
            pass

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Batch the encoder's windows across up to ``batch_articles`` articles."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_articles:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, articles: list[Article]) -> list[Article]:
        model = self.model
        texts = [a.prose_text for a in articles]
        for article, text, (enc, probs) in zip(articles, texts, model.token_probs(texts)):
            spans = model.decode_flc(text, enc, probs)
            counts: dict[str, int] = {}  # word counts in this article, shared by its spans' explanations
            techniques = []
            for sp in spans:
                k = model.labels.index(sp.technique)
                inside = np.flatnonzero((enc.offsets[:, 0] < sp.end) & (enc.offsets[:, 1] > sp.start))
                top = inside[np.argsort(-probs[inside, k])[:3]] if len(inside) else []
                key_words = [w for w in (_word_at(article.text, int(enc.offsets[i, 0])) for i in sorted(top))
                             if len(w) > 2 and w.lower() not in _STOP]
                span_text = article.text[sp.start : sp.end]
                techniques.append(
                    Technique(sp.start, sp.end, sp.technique, sp.score, span_text,
                              explain_span(sp.technique, span_text, article.text, key_words, counts))
                )
            article.techniques = techniques
            article.metadata["techniques_operating_point"] = model.operating_point  # reports say how spans were decoded
        return articles


def _word_at(text: str, i: int) -> str:
    """The whole word around character ``i``."""
    s = e = i
    while s > 0 and text[s - 1].isalnum():
        s -= 1
    while e < len(text) and text[e].isalnum():
        e += 1
    return text[s:e]
