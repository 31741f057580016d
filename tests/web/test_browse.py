"""Browsing a corpus store read-only: the list and its filters, an article's page and downloads,
links only to the features this install has, and nothing pasted ever written to the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unspin import Corpus
from unspin.web import create_app
from unspin.web.browse import _has_module

from .conftest import LiveServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(engine: Any, seed_text: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    title, _, body = seed_text.partition("\n\n")
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    path = tmp_path_factory.mktemp("store") / "corpus.db"
    with Corpus(path, readonly=False) as corpus:
        corpus.add(engine.analyze(seed_text, id="seed", outlet="hawarnews.com", published="2019-10-14",
                                  url="https://example.org/seed?a=1&b=<2>"))
        corpus.add(engine.analyze(f"{title}\n\n" + "\n\n".join(paragraphs[:4]), id="first/half",
                                  outlet="example.org", published="2019-10-20"))
        corpus.add(engine.analyze(f"{title}\n\n" + "\n\n".join(paragraphs[4:]), id='<b>odd "id"</b>',
                                  outlet="example.org", published="2019-11-02"))
    return path


@pytest.fixture(scope="module")
def browse(engine: Any, store: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    corpus = Corpus(store)
    with TestClient(create_app(engine, corpus), raise_server_exceptions=False) as client:
        yield client
    corpus.close()


def test_the_list_and_its_filters(browse: Any) -> None:
    page = browse.get("/corpus")
    assert page.status_code == 200 and "Showing 1–3 of 3" in page.text
    assert "<b>odd" not in page.text  # ids and titles are text, never markup
    assert browse.get("/corpus", params={"outlet": "example.org"}).text.count("/corpus/article?id=") == 2
    assert "Showing 1–1 of 1" in browse.get("/corpus", params={"since": "2019-11-01"}).text
    assert "Showing 1–2 of 2" in browse.get("/corpus", params={"until": "2019-10-31"}).text
    by_source = browse.get("/corpus", params={"source": "Abdul Karim Omar"}).text
    assert "id=seed" in by_source
    assert "No article matches." in browse.get("/corpus", params={"technique": "Slogans", "outlet": "nowhere"}).text
    bad = browse.get("/corpus", params={"since": "last week"})
    assert bad.status_code == 422 and "since" in bad.text


def test_an_article_page_and_its_downloads(browse: Any, seed_text: str) -> None:
    page = browse.get("/corpus/article", params={"id": "seed"})
    assert page.status_code == 200 and 'id="sources"' in page.text and "Abdul Karim Omar" in page.text
    assert 'href="/corpus/article.json?id=seed"' in page.text and 'href="https://example.org/seed?a=1&amp;b=&lt;2&gt;"' in page.text
    data = browse.get("/corpus/article.json", params={"id": "seed"})
    assert data.headers["content-disposition"] == 'attachment; filename="unspin-seed.json"'
    assert json.loads(data.text)["text"] == seed_text
    report = browse.get("/corpus/article.html", params={"id": "seed"})
    assert report.text.startswith("<!doctype html>") and "attachment" in report.headers["content-disposition"]
    odd = browse.get("/corpus/article", params={"id": '<b>odd "id"</b>'})
    assert odd.status_code == 200 and "<b>odd" not in odd.text
    missing = browse.get("/corpus/article", params={"id": "nope"})
    assert missing.status_code == 404 and "no article" in missing.text


def test_links_only_to_what_exists(browse: Any) -> None:
    from unspin.web.browse import _has_module

    nav = browse.get("/").text.split("</nav>")[0]
    assert 'href="/corpus"' in nav
    assert ('href="/outlets"' in nav) == _has_module("unspin.profiles")
    assert 'href="/events"' not in nav  # this store has no events
    if not _has_module("unspin.profiles"):
        assert browse.get("/outlets").status_code == 404


def test_nothing_pasted_is_stored(browse: Any, store: Path) -> None:
    text = "The council said on Monday that the bridge would open in May, the mayor told reporters. " * 3
    assert browse.post("/analyze", data={"text": text}).status_code == 200
    with Corpus(store) as corpus:
        assert corpus.count() == 3


PROFILES = _has_module("unspin.profiles") and _has_module("unspin.render.outlets")
COMPARE = _has_module("unspin.compare") and _has_module("unspin.render.compare") and _has_module("unspin.events")


@pytest.mark.skipif(not PROFILES, reason="needs unspin.profiles and unspin.render.outlets (the profiles branch)")
def test_the_outlet_profiles_page(browse: Any) -> None:
    assert 'href="/outlets"' in browse.get("/").text.split("</nav>")[0]
    r = browse.get("/outlets")
    assert r.status_code == 200 and "hawarnews.com" in r.text and "example.org" in r.text
    assert "script-src" not in r.headers["content-security-policy"]  # the standalone page runs no script
    assert '<a href="/corpus">Corpus</a>' in r.text


@pytest.mark.skipif(not COMPARE, reason="needs unspin.compare, unspin.render.compare and unspin.events (the compare branch)")
def test_event_pages_side_by_side(engine: Any, store: Path, tmp_path: Path) -> None:
    import re
    import shutil
    from html import unescape

    from fastapi.testclient import TestClient

    from unspin.events import group_events  # type: ignore[import-not-found]

    grouped = tmp_path / "grouped.db"
    shutil.copy(store, grouped)
    assert group_events(grouped)  # the three reports of one event are grouped, and stored
    with Corpus(grouped) as corpus, TestClient(create_app(engine, corpus)) as client:
        listing = client.get("/events")
        sizes = [int(n) for n in re.findall(r"\((\d+) articles\)", listing.text)]
        assert listing.status_code == 200 and sizes and max(sizes) >= 2, listing.text[-500:]
        link = re.search(r'href="(/events/event\?id=[^"]+)"', listing.text)
        assert link is not None
        page = client.get(unescape(link.group(1)))
        assert page.status_code == 200 and "hawarnews.com" in page.text and "example.org" in page.text  # side by side
        assert client.get("/events/event", params={"id": "nope"}).status_code == 404


def test_browse_in_the_browser(browser: Any, engine: Any, store: Path) -> None:
    corpus = Corpus(store)
    with LiveServer(create_app(engine, corpus)) as server:
        page = browser.new_page()
        page.goto(server.url + "/corpus")
        page.select_option("select[name=outlet]", "hawarnews.com")
        page.click(".filters button[type=submit]")
        page.click("table.list a")
        page.wait_for_selector("#sources")
        assert "Abdul Karim Omar" in page.locator("#sources tbody tr").first.inner_text()
        page.close()
    corpus.close()


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    import subprocess
    import sys

    missing = tmp_path / "none.db"
    r = subprocess.run([sys.executable, "-m", "unspin", "serve", "--store", str(missing)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 1 and "no such store" in r.stderr and "Traceback" not in r.stderr
    assert not missing.exists()  # read-only: nothing created
