"""Fetching is polite and every failure is one line: against a local server on 127.0.0.1."""

from __future__ import annotations

import pytest

from unspin.fetch import FetchError, FetchOptions, Fetcher, site

from .conftest import Site, article_html


def fast(**changes: object) -> FetchOptions:
    return FetchOptions(**{"delay": 0.0, "backoff": 0.01, "timeout": 5.0, **changes})  # type: ignore[arg-type]


def test_a_page_comes_back_decoded(site: Site) -> None:
    site.pages["/a"] = (200, "text/html; charset=iso-8859-1", "<p>caf\xe9 cr\xe8me</p>".encode("latin-1"))
    with Fetcher(fast()) as fetcher:
        page = fetcher.fetch(site.url("/a"))
    assert page.status == 200 and page.is_html
    assert "café crème" in page.text


def test_failures_are_one_line_each(site: Site) -> None:
    site.pages["/img"] = (200, "image/png", b"\x89PNG....")
    site.pages["/big"] = (200, "text/html", b"<p>" + b"word " * 5000 + b"</p>")
    site.pages["/gone"] = (410, "text/plain", b"gone")
    with Fetcher(fast(max_bytes=10_000, retries=0)) as fetcher:
        for path, reason in [("/missing", "HTTP 404"), ("/gone", "HTTP 410"), ("/img", r"not a web page \(content-type image/png\)"),
                             ("/big", "over the 10,000-byte limit")]:
            with pytest.raises(FetchError, match=reason) as err:
                fetcher.fetch(site.url(path))
            assert "\n" not in str(err.value) and site.url(path) in str(err.value)
        with pytest.raises(FetchError, match="not an http"):
            fetcher.fetch("ftp://example.org/x")


def test_unreachable_host_and_timeout(site: Site) -> None:
    site.slow["/slow"] = 2.0
    site.pages["/slow"] = (200, "text/html", b"<p>late</p>")
    with Fetcher(fast(timeout=0.3, retries=1)) as fetcher:
        with pytest.raises(FetchError, match=r"timed out after 0.3 s \(after 2 tries\)"):
            fetcher.fetch(site.url("/slow"))
        with pytest.raises(FetchError, match="network error"):
            fetcher.fetch("http://127.0.0.1:9/nothing-listens-here")


def test_retries_with_backoff_then_succeeds(site: Site) -> None:
    site.pages["/flaky"] = (200, "text/html", article_html(1).encode())
    site.fail_first["/flaky"] = 2
    waits: list[float] = []
    with Fetcher(fast(backoff=0.5, retries=3), sleep=waits.append) as fetcher:
        page = fetcher.fetch(site.url("/flaky"))
    assert page.status == 200 and site.hits["/flaky"] == 3
    assert waits == [0.5, 1.0]  # exponential backoff between the three tries
    site.fail_first["/down"] = 99
    site.pages["/down"] = (200, "text/html", b"x")
    with Fetcher(fast(backoff=0.01, retries=2)) as fetcher:
        with pytest.raises(FetchError, match=r"HTTP 503 \(after 3 tries\)"):
            fetcher.fetch(site.url("/down"))


def test_per_host_delay_and_concurrency(site: Site) -> None:
    for i in range(8):
        site.pages[f"/p{i}"] = (200, "text/html", b"<p>ok</p>")
        site.slow[f"/p{i}"] = 0.2
    with Fetcher(fast(per_host=2, concurrency=8)) as fetcher:
        results = list(fetcher.fetch_many(site.url(f"/p{i}") for i in range(8)))
    assert [u for u, _ in results] == [site.url(f"/p{i}") for i in range(8)]  # input order
    assert site.max_in_flight == 2
    site.times.clear()
    with Fetcher(fast(delay=0.25, per_host=4)) as fetcher:
        list(fetcher.fetch_many(site.url(f"/p{i}") for i in range(4)))
    gaps = [b - a for a, b in zip(site.times, site.times[1:])]
    assert len(gaps) == 3 and min(gaps) >= 0.2  # requests to one host start at least `delay` apart


def test_site_is_the_registrable_domain() -> None:
    assert site("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert site("http://thecaucus.blogs.nytimes.com/2010/07/02/x") == "nytimes.com"
    assert site("http://127.0.0.1:8000/a") == "127.0.0.1"
    assert site(None) is None and site("not a url") is None
