"""The HTTP API against the real app and the real engine: the CLI's JSON, the health check, and one-line
errors with the right status for every kind of bad request."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from unspin.cli import _register, app as cli_app
from unspin.web import create_app

from .conftest import LiveServer

pytestmark = pytest.mark.slow

GERMAN = ("Die Regierung hat am Montag angekündigt, dass die neue Brücke über den Fluss bis zum Jahr 2029 "
          "gebaut werden soll. Der Bürgermeister sagte, die Kosten seien höher als erwartet, aber die Stadt "
          "brauche die Verbindung dringend für den Verkehr und die Wirtschaft der ganzen Region.")
NO_ARTICLE = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav><p>Hi.</p></body></html>"


def without_run_fields(data: dict[str, Any]) -> dict[str, Any]:
    """An analysis minus what differs between two runs of the same input: the timestamp, and where
    the text came from (the CLI reads standard input, "-")."""
    data = json.loads(json.dumps(data))
    data["metadata"].pop("analyzed_at", None)
    data["source"] = None
    return data


@pytest.fixture(scope="module")
def seed_api(client: Any, seed_text: str) -> httpx.Response:
    return client.post("/api/analyze", json={"text": seed_text})


def test_api_returns_what_the_cli_prints(seed_api: httpx.Response, seed_text: str) -> None:
    _register()
    printed = CliRunner().invoke(cli_app, ["analyze", "-", "--format", "json"], input=seed_text.encode("utf-8"))
    assert printed.exit_code == 0, printed.output
    assert seed_api.status_code == 200 and seed_api.headers["content-type"].startswith("application/json")
    api, cli = seed_api.json(), json.loads(printed.stdout)
    assert without_run_fields(api) == without_run_fields(cli)
    assert api["sources"][0]["name"] == "Abdul Karim Omar" and len(api["quotes"]) >= 15
    # formatted the same way too: two-space indents, non-ASCII as is, one trailing newline
    assert seed_api.text == json.dumps(api, ensure_ascii=False, indent=2) + "\n"


def test_health_names_the_models(client: Any) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["version"]
    assert {"spacy", "techniques", "claims"} <= set(body["models"])


def test_html_input_skip_and_operating_point(client: Any, seed_text: str) -> None:
    title, _, body = seed_text.partition("\n\n")
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    page = f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    r = client.post("/api/analyze", json={"html": page, "skip": ["claims"], "operating_point": "screening",
                                          "outlet": "example.org", "published": "2019-10-14"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert "Abdul Karim Omar" in data["text"] and data["outlet"] == "example.org" and data["published"] == "2019-10-14"
    assert data["claims"] == [] and "claims" not in data["analyzed"]
    assert data["metadata"]["techniques_operating_point"] == "screening"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b'{"text": "   "}', "application/json", 422, "input: empty (no text to analyze)"),
        (b'{"text": "PK\\u0003\\u0004\\u0000\\u0000binary"}', "application/json", 422, "input: binary file (NUL bytes), not text or HTML"),
        (json.dumps({"text": GERMAN}).encode(), "application/json", 422, "input: not English (unspin analyzes English articles only)"),
        (json.dumps({"html": NO_ARTICLE}).encode(), "application/json", 422, "input: HTML page with no article text found"),
        (b'{"text": "hello"}', "text/plain", 415, "unsupported content type text/plain: send application/json"),
        (b'{"text": "hello"', "application/json", 422, "malformed JSON: Expecting ',' delimiter at line 1 column 17"),
        (b"", "application/json", 422, "malformed JSON: Expecting value at line 1 column 1"),
        (b'{"text": "a", "html": "<p>b</p>"}', "application/json", 422, 'give exactly one of "text" or "html"'),
        (b'{"text": "a", "colour": 1}', "application/json", 422, "invalid request: colour: Extra inputs are not permitted"),
        (b'{"text": "a", "skip": ["nope"]}', "application/json", 422, "unknown analyzer 'nope' in skip"),
        (b'{"text": "a", "operating_point": "max"}', "application/json", 422, "invalid request: operating_point"),
        (b'[1, 2]', "application/json", 422, "invalid request: body: Input should be a valid dictionary"),
    ],
    ids=["empty", "binary", "not-english", "html-without-article", "wrong-content-type", "malformed-json",
         "no-body", "text-and-html", "unknown-field", "unknown-analyzer", "bad-operating-point", "not-an-object"],
)
def test_errors_are_one_line_with_the_cli_messages(client: Any, body: bytes, content_type: str, status: int,
                                                   message: str) -> None:
    r = client.post("/api/analyze", content=body, headers={"content-type": content_type})
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error.startswith(message) and "\n" not in error and "Traceback" not in r.text
    assert set(r.json()) == {"error"}


def test_the_cli_says_the_same_for_the_same_input() -> None:
    _register()
    for text, message in (("   ", "empty (no text to analyze)"), (GERMAN, "not English")):
        out = CliRunner().invoke(cli_app, ["analyze", "-", "--format", "json"], input=text.encode())
        assert out.exit_code != 0 and message in str(out.exception)


def test_too_large_is_413_before_the_body_is_read(client: Any, engine: Any) -> None:
    limit = engine.settings.max_bytes
    # over the input limit, inside the body allowance: the reader's own message
    r = client.post("/api/analyze", json={"text": "word " * (limit // 5 + 10)})
    assert r.status_code == 413 and r.json() == {"error": f"input: over the {limit:,}-byte limit (see --max-bytes)"}
    # a declared Content-Length over the body limit: refused from the header alone
    r = client.post("/api/analyze", content=b"x" * (limit + 100_000), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "over the" in r.json()["error"]

    def chunks() -> Any:  # no Content-Length: the streamed bytes are counted as they arrive
        for _ in range(40):
            yield b"y" * 50_000

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "over the" in r.json()["error"]


def test_unknown_routes_and_methods(client: Any) -> None:
    assert client.get("/api/nothing").json() == {"error": "not found: /api/nothing"}
    r = client.get("/api/analyze")
    assert r.status_code == 405 and r.json() == {"error": "method GET not allowed here"}
    r = client.get("/nothing")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "not found" in r.text


def test_openapi_and_offline_docs(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/analyze", "/api/health"} <= set(schema["paths"])
    body = schema["paths"]["/api/analyze"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"text", "html", "skip", "operating_point"} <= set(body["properties"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "http" not in docs.text.replace('href="/', "").split("<body>")[0].lower().replace("http-equiv", "")
    assert "unsafe-inline" not in docs.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    for src in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css", "/static/docs.js"):
        assert client.get(src).status_code == 200, src


def test_security_headers_everywhere(client: Any) -> None:
    for path in ("/", "/api/health", "/static/app.js", "/nothing"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"


def test_health_answers_while_the_engine_works(engine: Any, seed_text: str) -> None:
    long_text = "\n\n".join([seed_text] * 8)  # long enough that the analysis outlasts several health checks
    with LiveServer(create_app(engine)) as server:
        results: list[int] = []
        posting = threading.Thread(target=lambda: results.append(
            httpx.post(f"{server.url}/api/analyze", json={"text": long_text}, timeout=300).status_code))
        posting.start()
        time.sleep(0.2)  # the analysis is now running in the pool
        waits = []
        while posting.is_alive() and len(waits) < 20:
            start = time.perf_counter()
            assert httpx.get(f"{server.url}/api/health", timeout=10).status_code == 200
            waits.append(time.perf_counter() - start)
            time.sleep(0.1)
        posting.join()
        assert results == [200]
        assert waits and max(waits) < 2.0, waits  # answered during the analysis, not after it


def test_a_full_queue_answers_503_with_retry_after(engine: Any, seed_text: str) -> None:
    with LiveServer(create_app(engine, queue=1, workers=1)) as server:
        answers: list[httpx.Response] = []

        def post() -> None:
            answers.append(httpx.post(f"{server.url}/api/analyze", json={"text": seed_text}, timeout=120))

        threads = [threading.Thread(target=post) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    statuses = sorted(r.status_code for r in answers)
    assert statuses.count(200) >= 1 and statuses.count(503) >= 1 and set(statuses) <= {200, 503}, statuses
    for r in answers:
        if r.status_code == 503:
            assert int(r.headers["retry-after"]) >= 1 and "busy" in r.json()["error"]


def test_a_request_past_the_timeout_gets_503(engine: Any, seed_text: str) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(engine, timeout=0.05)) as slow:
        r = slow.post("/api/analyze", json={"text": seed_text})
    assert r.status_code == 503 and "did not finish within 0.05 s" in r.json()["error"]
    assert int(r.headers["retry-after"]) >= 1


def test_the_form_keeps_the_text_when_busy(engine: Any, seed_text: str) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(engine, timeout=0.05)) as slow:
        r = slow.post("/analyze", data={"text": seed_text})
    assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
    assert 'role="alert"' in r.text and "did not finish" in r.text and "Abdul Karim Omar explained" in r.text
