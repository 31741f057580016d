"""The standalone HTML report opened in a real browser (headless Chromium): structure and escaping."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from unspin import analyze
from unspin.render.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")

HOSTILE = (
    "Mayor's <script>document.title='pwned'</script> bridge plan\n\n"
    'Council leader Mary Smith said: "<img src=x onerror=\\"document.title=\'pwned\'\\"> will be built by 2029." '
    "The opposition said that the bridge would cost the city 42 million pounds, according to its leader Tom Brown.\n"
)


def dump_dom(page: Path, tmp_path: Path) -> str:
    """Load the page in headless Chromium (no network, no profile) and return the DOM it built."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def test_page_shows_highlights_and_tables(seed_text: str, tmp_path: Path) -> None:
    page = tmp_path / "seed.html"
    page.write_text(render_html(analyze(text=seed_text)), encoding="utf-8")
    dom = dump_dom(page, tmp_path)
    assert dom.count('class="quote') >= 15 or dom.count(' quote') >= 15
    for section in ('id="sources"', 'id="quotes"', 'id="techniques"', 'id="claims"', 'id="places"'):
        assert section in dom
    assert "Abdul Karim Omar" in dom and "<script" not in dom


def test_article_markup_stays_text_in_the_browser(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render_html(analyze(text=HOSTILE)), encoding="utf-8")
    dom = dump_dom(page, tmp_path)
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;document.title" in dom
    assert "<title>unspin: Mayor's &lt;script&gt;" in dom  # the title was not rewritten by any script
