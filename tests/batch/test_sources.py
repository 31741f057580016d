"""Every kind of SOURCE lands in the store with the right id, outlet and date; bad inputs become one
error row each and the batch goes on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import unspin
from unspin import Corpus
from unspin.batch import run_batch

from .conftest import FRENCH, Site, article_html, article_text


def batch(sources: list[Path | str], store: Path, engine: unspin.Engine, **kw: object) -> tuple[Corpus, object]:
    with Corpus(store, readonly=False) as corpus:
        summary = run_batch([str(s) for s in sources], corpus, engine, progress="off", **kw)  # type: ignore[arg-type]
    return Corpus(store), summary


def reasons(corpus: Corpus) -> dict[str, str]:
    return {e["input"]: e["reason"] for e in corpus.errors()}


def test_folder_recursive_with_bad_files(tmp_path: Path, engine: unspin.Engine) -> None:
    root = tmp_path / "news"
    (root / "2019" / "may").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text(article_text(1), encoding="utf-8")
    (root / "2019" / "may" / "b.txt").write_text(article_text(2), encoding="utf-8")
    (root / "2019" / "c.html").write_text(article_html(3, date="2019-05-04"), encoding="utf-8")
    (root / ".git" / "config").write_text("hidden: not an input")
    (root / "empty.txt").write_text("  \n")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "french.txt").write_text(FRENCH, encoding="utf-8")
    (root / "huge.txt").write_text(article_text(4) * (1_100_000 // len(article_text(4)) + 1), encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    corpus, summary = batch([root], tmp_path / "c.db", engine)
    assert (summary.analyzed, summary.skipped, summary.failed) == (3, 0, 5)
    assert [a.id for a in corpus] == ["2019/c.html", "2019/may/b.txt", "a.txt"]
    page = corpus.get("2019/c.html")
    assert page.title == "Report 3: the border talks" and page.published.isoformat() == "2019-05-04"
    assert corpus.get("a.txt").text == article_text(1)  # the file's text exactly, so offsets hold
    why = reasons(corpus)
    assert set(why) == {"empty.txt", "binary.txt", "french.txt", "huge.txt", "photo.jpg"}
    assert "empty" in why["empty.txt"] and "binary" in why["binary.txt"]
    assert "not English" in why["french.txt"] and "byte limit" in why["huge.txt"]
    assert "not an input unspin reads (.jpg)" in why["photo.jpg"]
    assert all("\n" not in r for r in why.values())


def test_a_file_given_directly_keeps_its_path_as_id(tmp_path: Path, engine: unspin.Engine) -> None:
    (tmp_path / "one.txt").write_text(article_text(5), encoding="utf-8")
    corpus, _ = batch([tmp_path / "one.txt"], tmp_path / "c.db", engine)
    assert [a.id for a in corpus] == [(tmp_path / "one.txt").as_posix()]


def test_jsonl_fields_metadata_and_bad_lines(tmp_path: Path, engine: unspin.Engine) -> None:
    lines = [
        json.dumps({"id": "n1", "text": article_text(1), "url": "https://www.example.com/n1", "published": "2020-03-01",
                    "title": "Given title", "topic": "border", "section": "world"}),
        json.dumps({"html": article_html(2), "url": "https://news.example.org/n2", "outlet": "Example News"}),
        json.dumps({"text": article_text(3)}),  # no id, no url: the file and line name it
        "{this is not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "n5", "text": ""}),
        json.dumps({"id": "n6", "text": article_text(6), "published": "last Tuesday"}),
        json.dumps({"id": "n7", "text": FRENCH}),
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus, summary = batch([feed], tmp_path / "c.db", engine)
    assert (summary.analyzed, summary.failed) == (3, 5)
    n1 = corpus.get("n1")
    assert (n1.outlet, n1.published.isoformat(), n1.title) == ("example.com", "2020-03-01", "Given title")
    assert n1.metadata["topic"] == "border" and n1.metadata["section"] == "world"
    n2 = corpus.get("https://news.example.org/n2")
    assert n2.outlet == "Example News" and n2.title == "Report 2: the border talks"
    assert corpus.get(f"{feed.as_posix()}:3") is not None
    why = reasons(corpus)
    assert set(why) == {f"{feed.as_posix()}:4", f"{feed.as_posix()}:6", "n5", "n6", "n7"}
    assert "not a JSON line" in why[f"{feed.as_posix()}:4"] and "not a JSON object" in why[f"{feed.as_posix()}:6"]
    assert "no text or html" in why["n5"] and "not an ISO date" in why["n6"] and "not English" in why["n7"]


def test_csv_with_the_same_columns(tmp_path: Path, engine: unspin.Engine) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["id", "text", "url", "outlet", "published", "title", "author"])
    writer.writeheader()
    writer.writerow({"id": "c1", "text": article_text(1), "url": "https://www.fox.example/c1", "published": "2016-01-02",
                     "author": "A. Writer"})
    writer.writerow({"id": "c2", "text": article_text(2), "outlet": "Daily", "published": ""})
    writer.writerow({"id": "c3", "text": ""})
    (tmp_path / "rows.csv").write_text(buf.getvalue(), encoding="utf-8")
    corpus, summary = batch([tmp_path / "rows.csv"], tmp_path / "c.db", engine)
    assert (summary.analyzed, summary.failed) == (2, 1)
    c1 = corpus.get("c1")
    assert (c1.outlet, c1.published.isoformat(), c1.metadata["author"]) == ("fox.example", "2016-01-02", "A. Writer")
    assert corpus.get("c2").outlet == "Daily" and corpus.get("c2").published is None
    assert list(reasons(corpus)) == ["c3"]


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.name.endswith(".gz"))

        def response(url: str, status: str, ctype: str, body: bytes, date: str = "2021-06-01T10:00:00Z") -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                            warc_headers_dict={"WARC-Date": date})
            writer.write_record(rec)

        writer.write_record(writer.create_warc_record(
            "https://www.site.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
        response("https://www.site.example/a", "200 OK", "text/html; charset=utf-8", article_html(1).encode())
        response("https://other.example/b", "200 OK", "text/html", article_html(2, date="2021-05-30").encode())
        response("https://www.site.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
        response("https://www.site.example/moved", "301 Moved Permanently", "text/html", b"<a href=/a>moved</a>")
        response("https://www.site.example/fr", "200 OK", "text/html", f"<html><body><p>{FRENCH}</p></body></html>".encode())


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path: Path, engine: unspin.Engine, name: str) -> None:
    write_warc(tmp_path / name)
    corpus, summary = batch([tmp_path / name], tmp_path / "c.db", engine)
    assert (summary.analyzed, summary.failed) == (2, 3)
    a = corpus.get("https://www.site.example/a")
    assert (a.outlet, a.url, a.published.isoformat()) == ("site.example", "https://www.site.example/a", "2021-06-01")
    assert a.metadata["captured"].startswith("2021-06-01")
    assert corpus.get("https://other.example/b").published.isoformat() == "2021-05-30"  # the page's own date wins
    why = reasons(corpus)
    assert "not HTML (content-type image/png)" in why["https://www.site.example/logo.png"]
    assert "HTTP 301" in why["https://www.site.example/moved"]
    assert "not English" in why["https://www.site.example/fr"]


def test_urls_fetched_from_a_local_server(tmp_path: Path, engine: unspin.Engine, site: Site) -> None:
    site.pages["/news/1"] = (200, "text/html", article_html(1, date="2022-02-02").encode())
    site.pages["/news/2"] = (200, "text/plain; charset=utf-8", article_text(2).encode())
    site.pages["/news/flaky"] = (200, "text/html", article_html(3).encode())
    site.fail_first["/news/flaky"] = 1
    site.pages["/img.png"] = (200, "image/png", b"\x89PNG")
    urls = [site.url(p) for p in ("/news/1", "/missing", "/news/2", "/img.png", "/news/flaky")]
    listing = tmp_path / "list.urls"
    listing.write_text("# a comment\n" + "\n".join(urls[:3]) + "\n\nnot-a-url\n" + "\n".join(urls[3:]) + "\n")
    from unspin.fetch import FetchOptions

    options = FetchOptions(delay=0.0, backoff=0.01, timeout=5)
    corpus, summary = batch([listing], tmp_path / "c.db", engine, fetch=options)
    assert (summary.analyzed, summary.failed) == (3, 3)
    one = corpus.get(urls[0])
    assert (one.outlet, one.published.isoformat(), one.url) == ("127.0.0.1", "2022-02-02", urls[0])
    assert corpus.get(urls[1 + 1]).text == article_text(2)
    why = reasons(corpus)
    assert "HTTP 404" in why[urls[1]] and "content-type image/png" in why[urls[3]] and "not an http" in why["not-a-url"]
    # a rerun skips the stored pages without fetching them again; the failed ones are tried again
    hits = dict(site.hits)
    corpus, summary = batch([listing], tmp_path / "c.db", engine, fetch=options)
    assert (summary.analyzed, summary.skipped, summary.failed) == (0, 3, 3)
    assert site.hits["/news/1"] == hits["/news/1"] and site.hits["/missing"] == hits["/missing"] + 1
    assert len(corpus.errors()) == 3


def test_a_broken_warc_is_one_error_row(tmp_path: Path, engine: unspin.Engine) -> None:
    (tmp_path / "junk.warc.gz").write_bytes(b"this is not a web archive at all\n" * 20)
    corpus, summary = batch([tmp_path / "junk.warc.gz"], tmp_path / "c.db", engine)
    assert (summary.analyzed, summary.failed) == (0, 1)
    [error] = corpus.errors()
    assert error["input"].endswith("junk.warc.gz#1") and "not a WARC file" in error["reason"]
