"""Turn batch SOURCEs into a stream of inputs, one at a time: never a whole corpus in memory.

A SOURCE is an article file (``.txt``, ``.html``), a folder (walked recursively, in sorted order), a
JSONL or CSV file (one article per line or row), a WARC / WARC.GZ file (its HTML responses) or a
``.urls`` file (web addresses, one a line). Each input becomes an :class:`Input`: a read (not yet
analyzed) Article, or the one-line reason it cannot be one, under the input's id:

* the ``id`` the record gives, else the file's path relative to the SOURCE folder (a file given
  directly keeps the path as given), else the URL (web addresses, WARC records), else
  ``FILE:LINE`` (JSONL, CSV) or ``FILE#RECORD`` (WARC);
* ``outlet``, when missing, is the URL's site (its registrable domain: ``fetch.site``).
"""

from __future__ import annotations

import csv
import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import UnspinError
from ..fetch import FetchError, Fetcher, Page, decode_page, is_url, site

ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
CONTAINER_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".warc", ".warc.gz", ".urls")
#: Record fields that become Article fields; every other field goes to ``metadata``.
FIELDS = ("id", "text", "html", "url", "outlet", "published", "title")

Reader = Callable[..., Article]  # Engine.read


@dataclass
class Input:
    """One input: its id, the SOURCE it came from, and either a read ``article``, an ``error``
    (one line), or ``done=True`` when it was skipped unread (a URL already in the store)."""

    id: str
    source: str
    article: Article | None = None
    error: str | None = None
    done: bool = False


def kind(path: Path) -> str:
    """``folder``, ``jsonl``, ``csv``, ``warc``, ``urls``, ``article`` or ``other`` by name."""
    name = path.name.lower()
    if path.is_dir():
        return "folder"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".urls"):
        return "urls"
    if name.endswith(ARTICLE_SUFFIXES):
        return "article"
    return "other"


def check_sources(sources: list[str]) -> None:
    """Fail at once, before any work, on a SOURCE that does not exist."""
    if not sources:
        raise UnspinError("no SOURCE given")
    for s in sources:
        if not Path(s).exists():
            raise UnspinError(f"{s}: no such file or folder")


class Inputs:
    """Iterate every input of the SOURCEs, reading each with ``read`` (``Engine.read``).

    ``wanted(id)`` is asked before fetching a web address: False skips it unfetched (it is in the
    store already). ``max_bytes`` bounds what one JSONL line, CSV row or WARC record may hold.
    """

    def __init__(self, sources: list[str], read: Reader, *, max_bytes: int, fetcher: Fetcher | None = None,
                 wanted: Callable[[str], bool] = lambda id: True) -> None:
        self.sources = sources
        self.read = read
        self.max_bytes = max_bytes
        self.fetcher = fetcher
        self.wanted = wanted

    def __iter__(self) -> Iterator[Input]:
        for s in self.sources:
            path = Path(s)
            if path.is_dir():
                yield from self._folder(path)
            else:
                yield from self._file(path, id=path.as_posix(), source=s, named=True)

    # -- files and folders ----------------------------------------------------------------------
    def _folder(self, root: Path) -> Iterator[Input]:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                yield from self._file(path, id=path.relative_to(root).as_posix(), source=str(root))

    def _file(self, path: Path, *, id: str, source: str, named: bool = False) -> Iterator[Input]:
        """One file's inputs; a file ``named`` on the command line is read as an article whatever its
        extension (as ``unspin analyze`` does), one found in a folder only with an article extension."""
        k = kind(path)
        if k == "other" and named:
            k = "article"
        if k == "jsonl":
            yield from self._jsonl(path, source)
        elif k == "csv":
            yield from self._csv(path, source)
        elif k == "warc":
            yield from self._warc(path, source)
        elif k == "urls":
            yield from self._urls(path, source)
        elif k == "article":
            def read() -> Article:
                article = self.read(path=path, id=id)
                if article.metadata.get("sitename") or path.suffix.lower() in (".html", ".htm", ".xhtml"):
                    _page_fields(article, path.read_bytes())  # an HTML page's own url and date
                return article

            yield self._make(id, source, read)
        else:
            suffix = path.suffix or "no extension"
            yield Input(id, source, error=f"{id}: not an input unspin reads ({suffix}); expected "
                                          f"{', '.join(ARTICLE_SUFFIXES + CONTAINER_SUFFIXES)}")

    def _make(self, id: str, source: str, read: Callable[[], Article]) -> Input:
        try:
            article = read()
        except UnspinError as err:
            reason = _one_line(err)
            return Input(id, source, error=reason if id in reason else f"{id}: {reason}")
        except Exception as err:  # noqa: BLE001 - a reader bug costs this input, never the batch
            return Input(id, source, error=f"{id}: cannot read ({type(err).__name__}: {err})".splitlines()[0])
        if not article.outlet:
            article.outlet = site(article.url)
        return Input(article.id, source, article=article)

    # -- records: JSONL and CSV -----------------------------------------------------------------
    def _record(self, record: dict[str, Any], where: str, source: str) -> Input:
        id = str(record.get("id") or "").strip() or str(record.get("url") or "").strip() or where
        text, html = record.get("text"), record.get("html")
        if not isinstance(text, str) or not text.strip():
            text = None
        if not isinstance(html, str) or not html.strip():
            html = None
        if text is None and html is None:
            return Input(id, source, error=f"{id}: no text or html field")
        metadata = {k: v for k, v in record.items() if k not in FIELDS and v not in (None, "")}

        def read() -> Article:
            article = self.read(text, html=html if text is None else None, id=id, metadata=metadata or None,
                                url=_str(record.get("url")), outlet=_str(record.get("outlet")),
                                published=_str(record.get("published")), title=_str(record.get("title")),
                                source=where)
            if html is not None:
                _page_fields(article, html)
            return article

        return self._make(id, source, read)

    def _jsonl(self, path: Path, source: str) -> Iterator[Input]:
        limit = self.max_bytes * 2 + 65536  # JSON escapes make a line longer than its text
        with open(path, "rb") as f:
            number = 0
            while True:
                line = f.readline(limit)
                if not line:
                    return
                number += 1
                where = f"{path.as_posix()}:{number}"
                if len(line) >= limit and not line.endswith(b"\n"):
                    while (rest := f.readline(limit)) and not rest.endswith(b"\n"):
                        pass
                    yield Input(where, source, error=f"{where}: line over the {limit:,}-byte limit (see --max-bytes)")
                    continue
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except (UnicodeDecodeError, json.JSONDecodeError) as err:
                    yield Input(where, source, error=f"{where}: not a JSON line ({_one_line(err)})")
                    continue
                if not isinstance(record, dict):
                    yield Input(where, source, error=f"{where}: not a JSON object")
                    continue
                yield self._record(record, where, source)

    def _csv(self, path: Path, source: str) -> Iterator[Input]:
        csv.field_size_limit(max(self.max_bytes * 2, 131072))
        with open(path, encoding="utf-8-sig", newline="", errors="replace") as f:
            reader = csv.DictReader(f)
            while True:
                where = f"{path.as_posix()}:{reader.line_num + 1}"
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as err:
                    yield Input(where, source, error=f"{where}: bad CSV row ({_one_line(err)})")
                    continue
                record = {k: v for k, v in row.items() if k is not None}
                yield self._record(record, where, source)

    # -- web archives ---------------------------------------------------------------------------
    def _warc(self, path: Path, source: str) -> Iterator[Input]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        if not _starts_as_warc(path):
            where = f"{path.as_posix()}#1"
            yield Input(where, source, error=f"{path.as_posix()}: not a WARC file (no WARC/ header)")
            return
        with open(path, "rb") as f:
            number = 0
            records = iter(ArchiveIterator(f))
            while True:
                where = f"{path.as_posix()}#{number + 1}"
                try:
                    record = next(records)
                except StopIteration:
                    return
                except (ArchiveLoadFailed, ValueError, OSError, EOFError) as err:
                    yield Input(where, source, error=f"{where}: unreadable WARC record ({_one_line(err)}); rest of file skipped")
                    return
                number += 1
                if record.rec_type not in ("response", "resource"):
                    continue  # requests, metadata, warcinfo and revisits are not inputs
                yield self._warc_record(record, f"{path.as_posix()}#{number}", source)

    def _warc_record(self, record: Any, where: str, source: str) -> Input:
        headers = record.rec_headers
        url = headers.get_header("WARC-Target-URI") or None
        id = url or where
        if record.rec_type == "response":
            http = record.http_headers
            if http is None:
                return Input(id, source, error=f"{id}: WARC response without HTTP headers")
            status = int(http.get_statuscode() or 0)
            ctype = (http.get_header("Content-Type") or "").lower()
            if status >= 300:
                return Input(id, source, error=f"{id}: HTTP {status} in the archive, not a page")
        else:
            ctype = (headers.get_header("Content-Type") or "").lower()
        if "html" not in ctype:
            return Input(id, source, error=f"{id}: WARC record is not HTML (content-type {ctype.split(';')[0] or 'none'})")
        body = record.content_stream().read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            return Input(id, source, error=f"{id}: over the {self.max_bytes:,}-byte limit (see --max-bytes)")
        charset = ctype.split("charset=")[-1].strip(" \"';") if "charset=" in ctype else None
        html = decode_page(body, charset)
        captured = headers.get_header("WARC-Date")

        def read() -> Article:
            article = self.read(html=html, id=id, url=url, source=url or where)
            _page_fields(article, html)
            if captured:
                article.metadata["captured"] = captured
                if article.published is None:
                    article.published = _date(captured)
            return article

        return self._make(id, source, read)

    # -- web addresses --------------------------------------------------------------------------
    def _urls(self, path: Path, source: str) -> Iterator[Input]:
        def addresses() -> Iterator[str]:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    url = line.strip()
                    if url and not url.startswith("#"):
                        yield url

        pending: deque[Input] = deque()

        def to_fetch() -> Iterator[str]:
            for url in addresses():
                if not is_url(url):
                    pending.append(Input(url, source, error=f"{url[:200]}: not an http(s) address"))
                elif not self.wanted(url):
                    pending.append(Input(url, source, done=True))
                else:
                    pending.append(Input(url, source))  # filled in below, in order
                    yield url

        if self.fetcher is None:
            raise UnspinError(".urls SOURCE needs a fetcher")
        results = self.fetcher.fetch_many(to_fetch())
        while True:
            result = next(results, None)
            # everything queued before this result (errors, skips) goes out first, in input order
            while pending and (pending[0].error or pending[0].done):
                yield pending.popleft()
            if result is None:
                while pending:
                    item = pending.popleft()
                    yield item if (item.error or item.done) else Input(item.id, source, error=f"{item.id}: not fetched")
                return
            url, page = result
            item = pending.popleft()
            assert item.id == url
            if isinstance(page, FetchError):
                yield Input(url, source, error=_one_line(page))
                continue

            yield self._make(url, source, lambda page=page: from_page(self.read, page))


def _starts_as_warc(path: Path) -> bool:
    """True when the file (gunzipped if it is gzip) begins with a WARC record header."""
    import gzip

    try:
        with open(path, "rb") as f:
            head = f.read(2)
        opener = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as f:  # type: ignore[operator]
            return f.read(5) == b"WARC/"
    except (OSError, EOFError):
        return False


def from_page(read: Reader, page: Page) -> Article:
    """A fetched page as an unanalyzed Article: id = the address asked for, url = where it ended up,
    outlet = that site, published = the page's date when trafilatura finds one."""
    if page.is_html:
        article = read(html=page.text, id=page.url, url=page.final_url, source=page.url)
        _page_fields(article, page.text)
    else:
        article = read(page.text, id=page.url, url=page.final_url, source=page.url)
    article.metadata["fetched_at"] = page.fetched_at
    if not article.outlet:
        article.outlet = site(article.url)
    return article


def _page_fields(article: Article, html: str | bytes) -> None:
    """Fill url and published from the page's own markup, where the caller gave none.

    The date comes from htmldate without its extensive search (meta tags, <time>, the URL; never
    a year guessed from the prose), the original publication date rather than a last update.
    """
    meta = article.metadata
    if not article.url and isinstance(meta.get("url"), str) and is_url(meta["url"]):
        article.url = meta["url"]
    if article.published is None:
        try:
            from htmldate import find_date

            found = find_date(html, extensive_search=False, original_date=True, url=article.url)
        except Exception:  # noqa: BLE001 - a page without a usable date simply has none
            found = None
        article.published = _date(found) if found else None


def _date(value: Any) -> Any:
    from ..article import parse_date

    try:
        return parse_date(str(value))
    except ValueError:
        return None


def _str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def count(sources: list[str]) -> int | None:
    """How many inputs the SOURCEs hold, by a cheap pass (files, lines, rows); None when a WARC makes it
    unknowable without reading every record. Used for the progress bar's total and ETA."""
    total = 0
    for s in sources:
        path = Path(s)
        files = [path] if not path.is_dir() else (
            Path(d) / n for d, dirs, names in os.walk(path)
            if not any(part.startswith(".") for part in Path(d).relative_to(path).parts)
            for n in names if not n.startswith("."))
        for f in files:
            k = kind(f)
            if k == "warc":
                return None
            if k in ("jsonl", "urls"):
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip() and not (k == "urls" and line.lstrip().startswith(b"#")))
            elif k == "csv":
                with open(f, encoding="utf-8-sig", newline="", errors="replace") as fh:
                    total += sum(1 for _ in csv.DictReader(fh))
            else:
                total += 1
    return total


__all__ = ["Input", "Inputs", "check_sources", "count", "kind"]
