"""``unspin batch`` and ``unspin analyze URL`` as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from unspin import Corpus

from .conftest import Site, article_html, article_text


def unspin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, text=True, timeout=600)


def test_batch_summary_progress_lines_and_exit_status(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(article_text(i), encoding="utf-8")
    (folder / "empty.txt").write_text("")
    store = tmp_path / "corpus.db"
    result = unspin("batch", str(folder), "--store", str(store), "--skip", "techniques", "--skip", "claims",
                    "--progress", "lines", "--progress-every", "0")
    assert result.returncode == 0, result.stderr  # the batch completed; the failed input is in the errors table
    assert result.stdout.startswith("analyzed 3, skipped 0, failed 1 in ")
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("batch: ")]
    assert lines and "articles/s" in lines[-1] and "/4 inputs" in lines[-1]
    assert "1 input(s) failed" in result.stderr and "Traceback" not in result.stderr
    assert Corpus(store).count() == 3

    missing = unspin("batch", str(tmp_path / "nope"), "--store", str(store))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"unspin: error: {tmp_path / 'nope'}: no such file or folder"


def test_analyze_a_web_address(site: Site) -> None:
    site.pages["/story"] = (200, "text/html; charset=utf-8", article_html(7, date="2023-04-05").encode())
    result = unspin("analyze", site.url("/story"), "--format", "json", "--skip", "techniques", "--skip", "claims")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == data["url"] == site.url("/story")
    assert data["outlet"] == "127.0.0.1" and data["published"] == "2023-04-05"
    assert data["title"] == "Report 7: the border talks" and data["quotes"]
    gone = unspin("analyze", site.url("/gone"))
    assert gone.returncode == 1
    assert gone.stderr.strip() == f"unspin: error: {site.url('/gone')}: HTTP 404 Not Found"
