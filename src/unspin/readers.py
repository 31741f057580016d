"""Turn a path, standard input or bytes into an :class:`Article`, or fail with a one-line error.

Plain text is kept exactly as given (offsets index it unchanged); a first line followed by a blank
line is the title. HTML goes through trafilatura, and ``text`` is then the extracted main text.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .article import Article
from .errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    LanguageError,
    NoArticleError,
    TooLargeError,
)

DEFAULT_MAX_BYTES = 1_000_000

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_WORD = re.compile(r"[^\W\d_]+")
# The 60 most frequent English function words: in English prose they are ~40% of the tokens.
_EN_STOPWORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he i this are or his from at which"
    " but have an they you were her she there been one all we their has would when who will more no"
    " if out so said what up its about into than them can only other".split()
)


@dataclass(frozen=True)
class ReadOptions:
    """How to read input: size limit, forced format and encoding, language check."""

    max_bytes: int = DEFAULT_MAX_BYTES
    format: str = "auto"  # auto | text | html
    encoding: str | None = None
    check_language: bool = True


def read_path(path: str | Path, options: ReadOptions = ReadOptions()) -> Article:
    """Read an article from a file, or from standard input when ``path`` is ``"-"``."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        return read_bytes(data, source="-", options=options)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not an article file")
    size = p.stat().st_size
    if size > options.max_bytes:
        raise TooLargeError(f"{p}: {size:,} bytes is over the {options.max_bytes:,}-byte limit (see --max-bytes)")
    fmt = options.format
    if fmt == "auto" and p.suffix.lower() in {".html", ".htm", ".xhtml"}:
        fmt = "html"
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror})") from None
    return read_bytes(data, source=str(p), options=replace(options, format=fmt))


def read_bytes(data: bytes, *, source: str | None = None, options: ReadOptions = ReadOptions()) -> Article:
    """Decode, sniff HTML vs text, and build the Article."""
    name = source or "input"
    if len(data) > options.max_bytes:
        raise TooLargeError(f"{name}: over the {options.max_bytes:,}-byte limit (see --max-bytes)")
    text = decode(data, name, options.encoding)
    fmt = options.format
    if fmt == "auto":
        fmt = "html" if _HTML_START.match(data[:4096]) else "text"
    article = from_html(text, source=source) if fmt == "html" else from_text(text, source=source)
    if options.check_language:
        check_english(article.text, name)
    return article


def read_string(data: str, *, html: bool = False, source: str | None = None,
                options: ReadOptions = ReadOptions()) -> Article:
    """Build an Article from a Python string holding plain text or (``html``) a page, under the same
    rules as bytes: the size limit (counted in UTF-8 bytes), no empty text, English only."""
    name = source or "input"
    if len(data.encode("utf-8", "surrogatepass")) > options.max_bytes:
        raise TooLargeError(f"{name}: over the {options.max_bytes:,}-byte limit (see --max-bytes)")
    article = from_html(data, source=source) if html else from_text(data, source=source)
    if options.check_language:
        check_english(article.text, name)
    return article


def read_text(text: str, *, source: str | None = None, check_language: bool = True) -> Article:
    """Build an Article from a Python string (the API's entry point)."""
    if not text.strip():
        raise EmptyInputError(f"{source or 'input'}: empty (no text to analyze)")
    article = from_text(text, source=source)
    if check_language:
        check_english(article.text, source or "input")
    return article


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes → str: UTF-8 (with or without BOM), UTF-16 with a BOM, or the encoding asked for."""
    if not data.strip():
        raise EmptyInputError(f"{name}: empty (no text to analyze)")
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as err:
            raise EncodingError(f"{name}: cannot decode as {encoding}: {err.__class__.__name__}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise BinaryInputError(f"{name}: binary file (NUL bytes), not text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if _looks_binary(data):
            raise BinaryInputError(f"{name}: binary file, not text or HTML") from None
        raise EncodingError(
            f"{name}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "pass --encoding (e.g. cp1252) or convert the file"
        ) from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / max(len(sample), 1) > 0.05


def from_text(text: str, *, source: str | None = None) -> Article:
    """A plain-text article; a first line followed by a blank line is its title."""
    if not text.strip():
        raise EmptyInputError(f"{source or 'input'}: empty (no text to analyze)")
    title = None
    m = re.match(r"[ \t]*([^\n]+?)[ \t]*\r?\n[ \t]*\r?\n", text)
    if m and len(m.group(1)) <= 300:
        title = m.group(1)
    return Article(text=text, title=title, source=source)


def from_html(html: str, *, source: str | None = None) -> Article:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    name = source or "input"
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    body = (getattr(doc, "text", None) if doc is not None else None) or ""
    if len(body.split()) < 20:
        raise NoArticleError(f"{name}: HTML page with no article text found")
    meta = {
        k: getattr(doc, k, None)
        for k in ("title", "author", "date", "url", "hostname", "sitename", "description")
        if getattr(doc, k, None)
    }
    title = meta.get("title")
    text = f"{title}\n\n{body}" if title else body
    return Article(text=text, title=title, source=source, metadata=meta)


def check_english(text: str, name: str) -> None:
    """Raise LanguageError when a text of some length is clearly not English."""
    words = _WORD.findall(text.lower())
    if len(words) < 15:
        if not words:
            raise LanguageError(f"{name}: no words found (is this text?)")
        return
    ascii_share = sum(w.isascii() for w in words) / len(words)
    stop_share = sum(w in _EN_STOPWORDS for w in words) / len(words)
    if ascii_share < 0.5 or stop_share < 0.12:
        raise LanguageError(f"{name}: not English (unspin analyzes English articles only)")
