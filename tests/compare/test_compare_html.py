"""The side-by-side page: columns, facts linked across them, everything escaped; checked in a real browser."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from unspin import Article
from unspin.compare import compare
from unspin.render.compare import render_comparison

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        d = dict(attrs)
        if d.get("id"):
            self.ids.add(d["id"])
        if d.get("href"):
            self.hrefs.append(d["href"])


@pytest.fixture(scope="module")
def page(reports: list[Article]) -> str:
    return render_comparison(compare(reports), "html")


def test_every_fact_link_lands_somewhere(page: str) -> None:
    parser = Links()
    parser.feed(page)
    internal = [h for h in parser.hrefs if h.startswith("#")]
    assert internal and all(h[1:] in parser.ids for h in internal)
    assert not [h for h in parser.hrefs if not h.startswith("#")]  # no CDN, no external asset
    assert "script" not in parser.tags
    assert {"a0", "a1", "a2"} <= parser.ids  # one column per article
    assert re.search(r'href="#a1-f1"', page) and re.search(r'href="#a2-f1"', page)


def test_hostile_text_is_escaped(reports: list[Article], tmp_path: Path) -> None:
    evil = Article.from_dict({**reports[0].to_dict(), "id": "<b>x</b>", "outlet": "<script>alert(1)</script>",
                              "title": "<img src=x onerror=alert(1)>"})
    html = render_comparison(compare([evil, reports[1]]), "html")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
def test_columns_sit_side_by_side_and_links_work_without_javascript(page: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (pip install playwright)")
    path = tmp_path / "compare.html"
    path.write_text(page, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1500, "height": 1000})
            tab = ctx.new_page()
            tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            tab.goto(path.as_uri())
            boxes = [tab.locator(f"#a{i}").bounding_box() for i in range(3)]
            assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
            assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2
            tab.locator("#a0 sup a").first.click()
            assert re.search(r"#a[12]-f\d+$", tab.url)
            assert tab.locator(".fact.all").count() >= 9  # three shared facts, highlighted in three columns
        finally:
            browser.close()
