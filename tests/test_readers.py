"""Reading articles: plain text kept byte-for-byte, titles, HTML through trafilatura, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    LanguageError,
    NoArticleError,
    TooLargeError,
)
from unspin.readers import ReadOptions, read_bytes, read_path

DATA = Path(__file__).parent / "data"
ENGLISH = "The minister said on Monday that the government would not raise taxes this year, and the opposition called it a broken promise. " * 2


def test_text_is_kept_exactly_and_first_line_is_title(tmp_path: Path) -> None:
    raw = "A title here\n\nFirst paragraph.\r\n\tSecond \u00a0line with odd spacing. " + ENGLISH
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = read_path(path)
    assert article.text == raw
    assert article.title == "A title here"


@pytest.mark.parametrize("raw", ["No title line here. " + ENGLISH, "Line one\nline two\n\n" + ENGLISH])
def test_no_title_without_blank_line_after_first_line(raw: str) -> None:
    assert read_bytes(raw.encode()).title is None


def test_seed_reads_unchanged(seed_text: str) -> None:
    article = read_bytes(seed_text.encode("utf-8"))
    assert article.text == seed_text
    assert article.title and article.title.startswith("Omar: Turkey")


def test_utf8_bom_and_utf16_are_decoded() -> None:
    assert read_bytes(b"\xef\xbb\xbf" + ENGLISH.encode()).text == ENGLISH
    assert read_bytes(ENGLISH.encode("utf-16")).text == ENGLISH


def test_html_main_text_and_metadata() -> None:
    article = read_path(DATA / "article.html")
    assert article.title == "Council approves new bridge over the Tyne"
    assert article.text.startswith(article.title + "\n\n")
    assert "pedestrian bridge over the River Tyne" in article.text
    assert "Privacy" not in article.text and "Sport" not in article.text
    assert article.metadata.get("author") == "Jane Doe"


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInputError, "empty"),
        (b"  \n\t\n", EmptyInputError, "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, BinaryInputError, "binary"),
        ("Caf\u00e9 ".encode("latin-1") + ENGLISH.encode(), EncodingError, "not valid UTF-8"),
        (b"<html><body><nav>Home</nav><p>Hi</p></body></html>", NoArticleError, "no article"),
        ("Der Minister sagte am Montag, dass die Regierung die Steuern in diesem Jahr nicht erhöhen werde, "
         "und die Opposition nannte das ein gebrochenes Versprechen.".encode(), LanguageError, "not English"),
        ("Министр заявил в понедельник, что правительство не будет повышать налоги в этом году, а оппозиция "
         "назвала это нарушенным обещанием.".encode(), LanguageError, "not English"),
    ],
)
def test_bad_input_gets_a_one_line_error(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        read_bytes(data, source="x")
    text = str(info.value)
    assert message in text and "\n" not in text and text.startswith("x:")


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH * 20)
    with pytest.raises(TooLargeError, match="limit"):
        read_path(path, ReadOptions(max_bytes=1000))
    assert read_path(path, ReadOptions(max_bytes=100_000)).text == ENGLISH * 20


def test_explicit_encoding() -> None:
    data = "Caf\u00e9 ".encode("cp1252") + ENGLISH.encode()
    assert read_bytes(data, options=ReadOptions(encoding="cp1252")).text.startswith("Caf\u00e9")
