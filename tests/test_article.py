"""An Article is storable: its JSON rebuilds an equal Article, analyses included."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import unspin
from unspin.article import SCHEMA_VERSION, Article, content_hash

HOSTILE = (
    "<script>alert(1)</script> \u202eevil\u202c said: \"<img src=x onerror=alert(2)>\" "
    "Officials in Kobani said on Monday that 300 people had left. "
    "javascript:alert(3) \"quoted\" & more \U0001F600 text from the minister, who said it was over.\n"
)


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Article:
    return unspin.analyze(text=seed_text, id="seed", url="https://example.org/seed", outlet="example.org",
                          published="2019-10-14", metadata={"feed": "test"})


def roundtrip(article: Article) -> Article:
    return Article.from_dict(json.loads(json.dumps(article.to_dict(), ensure_ascii=False)))


def test_seed_roundtrips_with_every_analysis(seed: Article) -> None:
    again = roundtrip(seed)
    assert again == seed
    assert again.quotes and again.techniques and again.claims and again.places
    assert again.done == seed.done and "techniques" in again.done
    assert (again.id, again.outlet, again.published) == ("seed", "example.org", dt.date(2019, 10, 14))
    assert again.to_dict() == seed.to_dict()


def test_hostile_text_roundtrips() -> None:
    text = HOSTILE
    article = unspin.analyze(text=text, exclude=("techniques", "claims"), options=unspin.ReadOptions(check_language=False))
    assert roundtrip(article) == article
    assert roundtrip(article).text == text


def test_id_is_the_content_hash_unless_given() -> None:
    a = Article(text="Some text.")
    assert a.id == content_hash("Some text.") == a.hash and len(a.id) == 16
    assert Article(text="Some text.", id="mine").id == "mine"


def test_a_newer_schema_is_refused_not_misread() -> None:
    with pytest.raises(ValueError, match="newer"):
        Article.from_dict({"schema_version": SCHEMA_VERSION + 1, "text": "x"})


def test_published_takes_iso_dates_and_timestamps() -> None:
    assert Article(text="x", published="2020-02-29T10:00:00Z").published == dt.date(2020, 2, 29)
    with pytest.raises(ValueError):
        Article(text="x", published="yesterday")
