"""Fetch web pages politely: timeouts, a size limit, retries with backoff, a per-host delay and a
per-host concurrency limit; every failure is one :class:`FetchError` with a one-line reason.

``unspin analyze URL`` fetches one page with :meth:`Fetcher.fetch`; ``unspin batch list.urls``
streams many with :meth:`Fetcher.fetch_many`, a few at a time and in input order.

>>> with Fetcher(FetchOptions(delay=0)) as fetcher:           # doctest: +SKIP
...     page = fetcher.fetch("https://example.org/news/1")
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import InputError

USER_AGENT = "unspin/0.1 (news-analysis research tool; +https://github.com/unspin/unspin)"
_RETRY_STATUS = {429, 500, 502, 503, 504}
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


class FetchError(InputError):
    """A page that could not be fetched (network, HTTP status, type or size); the message is one line."""


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch.

    ``delay``: seconds between two requests to the same host; ``per_host``: requests to one host at
    once; ``concurrency``: requests in flight over all hosts; ``retries``: further tries after a
    network error or a 429/5xx answer, waiting ``backoff`` × 2^n seconds (or the server's
    Retry-After, up to 60 s); ``max_bytes``: pages larger than this are refused unread.
    """

    timeout: float = 20.0
    max_bytes: int = 1_000_000
    retries: int = 3
    backoff: float = 1.0
    delay: float = 1.0
    per_host: int = 2
    concurrency: int = 8
    user_agent: str = USER_AGENT


@dataclass
class Page:
    """A fetched page: the address asked for, where it ended up after redirects, its decoded text."""

    url: str
    final_url: str
    status: int
    content_type: str
    text: str
    fetched_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat())

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type


def is_url(text: str) -> bool:
    """True for an http(s) address with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def site(url: str | None) -> str | None:
    """The outlet an address belongs to: its registrable domain, by the public suffix list that
    courlan (trafilatura's URL library) ships (``https://thecaucus.blogs.nytimes.com/x`` →
    ``nytimes.com``, ``https://www.bbc.co.uk/x`` → ``bbc.co.uk``); for an IP address or a local
    name, the host."""
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    try:
        from courlan import extract_domain

        domain = extract_domain(url)
    except Exception:  # noqa: BLE001 - an address courlan cannot parse keeps its host
        domain = None
    return domain or (host[4:] if host.startswith("www.") else host)


class _Host:
    """One host's politeness state: a slot count and the earliest time of its next request."""

    def __init__(self, slots: int) -> None:
        self.slots = threading.Semaphore(max(1, slots))
        self.lock = threading.Lock()
        self.next_at = 0.0


class Fetcher:
    """One httpx client shared by every fetch, with the politeness rules of :class:`FetchOptions`."""

    def __init__(self, options: FetchOptions | None = None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        import httpx

        self.options = options or FetchOptions()
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        o = self.options
        self._client = httpx.Client(
            follow_redirects=True, max_redirects=5, timeout=httpx.Timeout(o.timeout),
            headers={"User-Agent": o.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8"},
            limits=httpx.Limits(max_connections=max(1, o.concurrency)),
        )

    # -- one page -------------------------------------------------------------------------------
    def fetch(self, url: str) -> Page:
        """Fetch one page (retrying what may pass on a second try); raise FetchError otherwise."""
        import httpx

        url = url.strip()
        if not is_url(url):
            raise FetchError(f"{url[:200]}: not an http(s) address")
        host = self._host(urlsplit(url).hostname or "")
        o = self.options
        attempt = 0
        while True:
            wait = 0.0
            with host.slots:
                self._wait_turn(host)
                try:
                    return self._get(url)
                except FetchError:
                    raise
                except _Retry as retry:
                    reason, wait = retry.reason, retry.after
                except httpx.TimeoutException:
                    reason = f"timed out after {o.timeout:g} s"
                except httpx.TooManyRedirects:
                    raise FetchError(f"{url}: too many redirects") from None
                except httpx.HTTPError as err:
                    reason = f"network error: {type(err).__name__}: {err}".splitlines()[0]
            if attempt >= o.retries:
                tries = f" (after {attempt + 1} tries)" if attempt else ""
                raise FetchError(f"{url}: {reason}{tries}")
            self._sleep(min(60.0, max(wait, o.backoff * 2**attempt)))
            attempt += 1

    def _get(self, url: str) -> Page:
        o = self.options
        with self._client.stream("GET", url) as response:
            status = response.status_code
            if status in _RETRY_STATUS:
                raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("Retry-After")))
            if status >= 400:
                raise FetchError(f"{url}: HTTP {status} {response.reason_phrase}".rstrip())
            ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(_TEXT_TYPES):
                raise FetchError(f"{url}: not a web page (content-type {ctype})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > o.max_bytes:
                raise FetchError(f"{url}: {int(length):,} bytes is over the {o.max_bytes:,}-byte limit (see --max-bytes)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > o.max_bytes:
                    raise FetchError(f"{url}: over the {o.max_bytes:,}-byte limit (see --max-bytes)")
            charset = response.charset_encoding
            final = str(response.url)
        return Page(url=url, final_url=final, status=status, content_type=ctype or "text/html",
                    text=decode_page(bytes(body), charset))

    def _host(self, name: str) -> _Host:
        with self._hosts_lock:
            if name not in self._hosts:
                self._hosts[name] = _Host(self.options.per_host)
            return self._hosts[name]

    def _wait_turn(self, host: _Host) -> None:
        """Reserve this host's next request time (``delay`` after the previous one) and sleep until it."""
        with host.lock:
            now = time.monotonic()
            start = max(now, host.next_at)
            host.next_at = start + self.options.delay
        if start > now:
            self._sleep(start - now)

    # -- many pages -----------------------------------------------------------------------------
    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, Page | FetchError]]:
        """``(url, Page or FetchError)`` for every address, in input order, with at most
        ``concurrency`` requests in flight (and ``per_host`` per host): memory stays bounded."""
        window: deque[tuple[str, Future[Page]]] = deque()
        stream = iter(urls)
        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency), thread_name_prefix="unspin-fetch") as pool:
            while True:
                while len(window) < 2 * max(1, self.options.concurrency):
                    url = next(stream, None)
                    if url is None:
                        break
                    window.append((url, pool.submit(self.fetch, url)))
                if not window:
                    return
                url, future = window.popleft()
                try:
                    yield url, future.result()
                except FetchError as err:
                    yield url, err

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Retry(Exception):
    def __init__(self, reason: str, after: float) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


def _retry_after(value: str | None) -> float:
    if value and value.strip().isdigit():
        return float(value.strip())
    return 0.0


def decode_page(body: bytes, charset: str | None) -> str:
    """The page's text: the charset the server or the page's <meta> names, else UTF-8 (bad bytes replaced)."""
    if not charset:
        m = _META_CHARSET.search(body[:4096])
        charset = m.group(1).decode("ascii") if m else None
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("utf-8", errors="replace")
