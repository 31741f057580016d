"""Title, headings and site boilerplate are marked so that they are not analyzed as prose."""

from __future__ import annotations

from unspin.analyzers.boilerplate import find_regions
from unspin.pipeline import build_pipeline
from unspin.readers import from_text


def kinds(text: str, title: str | None = None) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start:r.end]) for r in find_regions(text, title)]


def test_seed_ends_in_boilerplate_and_has_glyph_headings(seed_text: str) -> None:
    found = kinds(seed_text, "x")
    assert found[0][0] == "title"
    assert ("boilerplate", "Other news") in found
    assert ("heading", "A support message for ISIS mercenaries") in found
    assert all("׳" not in text for kind, text in found if kind == "heading")


def test_trailing_navigation_is_boilerplate() -> None:
    text = "The mayor said the bridge will open next year, after two delays.\n\nRelated stories\nShare this\n© 2026 Example News\n* * *"
    found = kinds(text)
    assert [k for k, _ in found] == ["boilerplate"] * 4
    assert found[0][1] == "Related stories"


def test_prose_sentences_skip_title_headings_and_boilerplate(seed_text: str) -> None:
    article = build_pipeline(["boilerplate", "spacy"])(from_text(seed_text))
    sentences = [article.text[s:e] for s, e in article.sentences]
    assert not any("Other news" in s for s in sentences)
    assert not any(s.startswith("Omar: Turkey") for s in sentences)
    assert len(article.prose_text) == len(article.text)
    assert all(any(c.isalnum() for c in s) for s in sentences)
