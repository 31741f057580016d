"""The command line as a user types it: reports, JSON offsets, escaping, and clean failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed.txt"


def unspin(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def seed_json() -> dict:
    result = unspin("analyze", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_json_follows_the_contract(seed_json: dict) -> None:
    assert seed_json["schema_version"] == 2 and seed_json["language"] == "en"
    assert seed_json["text"] == SEED.read_text(encoding="utf-8")
    for key in ("entities", "places", "quotes", "sources", "actors", "techniques", "claims"):
        assert isinstance(seed_json[key], list), key
    text = seed_json["text"]
    for e in seed_json["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    for q in seed_json["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        if q["cue"]:
            assert text[q["cue"]["start"]:q["cue"]["end"]] == q["cue"]["text"]
        assert q["speaker"]["kind"] in {"named", "anonymous", "unknown"}
    for a in seed_json["actors"]:
        assert all(text[m["start"]:m["end"]] == m["text"] for m in a["mentions"])
    for p in seed_json["places"]:
        assert all(0 <= s < e <= len(text) for s, e in p["mentions"])
    for t in seed_json["techniques"]:
        assert 0 <= t["start"] < t["end"] <= len(text) and 0 <= t["score"] <= 1
    for c in seed_json["claims"]:
        assert text[c["start"]:c["end"]] == c["text"] and 0 <= c["score"] <= 1
    assert abs(sum(s["share"] for s in seed_json["sources"]) - 1) < 1e-6


def test_terminal_report_shows_the_dominant_source() -> None:
    result = unspin("analyze", str(SEED))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    for heading in ("Sources", "Quotes", "Persuasion techniques", "Places"):
        assert heading in out
    assert "Abdul Karim Omar" in out


def test_screening_mode_finds_more_technique_spans(seed_json: dict) -> None:
    result = unspin("analyze", str(SEED), "--format", "json", "--techniques", "screening", "--skip", "claims")
    assert result.returncode == 0, result.stderr.decode()
    screened = json.loads(result.stdout)
    assert screened["metadata"]["techniques_operating_point"] == "screening"
    assert seed_json["metadata"]["techniques_operating_point"] == "balanced"
    assert len(screened["techniques"]) > len(seed_json["techniques"])


@pytest.mark.parametrize("option", [("--techniques", "bogus"), ("--format", "bogus")])
def test_a_bad_option_value_is_a_usage_error_not_a_traceback(option: tuple[str, str]) -> None:
    result = unspin("analyze", str(SEED), *option)
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err
    assert "bogus" in err


def test_stdin_is_read() -> None:
    result = unspin("analyze", "-", "--format", "json", "--skip", "techniques", "--skip", "claims", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["text"] == SEED.read_text(encoding="utf-8")


def test_html_page_escapes_article_text(tmp_path: Path) -> None:
    hostile = (
        'Mayor\'s <script>alert("x")</script> plan\n\n'
        'The mayor said: "<img src=x onerror=alert(1)> is what the council will build next year." '
        "The opposition said that the plan would cost the city 12 million dollars and was a disgrace. " * 3
    )
    src = tmp_path / "hostile.txt"
    src.write_text(hostile, encoding="utf-8")
    page = tmp_path / "page.html"
    result = unspin("analyze", str(src), "--format", "html", "-o", str(page))
    assert result.returncode == 0, result.stderr.decode()
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.bin", bytes(range(256)) * 20, "binary"),
        ("latin1.txt", "Caf\u00e9 society said the mayor on Monday in the city hall.".encode("latin-1"), "not valid UTF-8"),
        ("page.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
        ("german.txt", "Der Bürgermeister sagte am Montag im Rathaus, dass die Stadt eine neue Brücke über den Fluss "
         "bauen werde und die Kosten von der Regierung getragen würden.".encode(), "not English"),
    ],
)
def test_bad_input_fails_in_one_line(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = unspin("analyze", str(path))
    err = result.stderr.decode()
    assert result.returncode == 1
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_too_large_input_respects_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The council said the bridge will open next year. " * 100)
    result = unspin("analyze", str(path), "--max-bytes", "1000")
    assert result.returncode == 1 and "limit" in result.stderr.decode()
