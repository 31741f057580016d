"""Load on ``unspin serve``: throughput and latency at 1, 10 and 50 concurrent clients.

Starts ``unspin serve`` on 127.0.0.1 (a free port) in a subprocess, unless ``--url`` names a server
that runs already (it must be on this machine: loopback only). Each client posts articles to
``POST /api/analyze`` in a loop for ``--seconds``; on 503 it waits the Retry-After the server sent,
then tries again. Every 200 is checked against a reference analysis of the same text made before
the load (the whole JSON minus the ``analyzed_at`` timestamp), every 503 must carry Retry-After, and
anything else (another status, a reset or dropped connection, a timeout) is counted as a failure.
A health poller measures how fast ``/api/health`` answers during the load, and the server's resident
memory is sampled from /proc.

    python benchmarks/bench_serve.py                      # 1, 10, 50 clients x 60 s each
    python benchmarks/bench_serve.py --clients 50 --seconds 20

Figures go to docs/web.md with the command that made them. tests/web/test_load.py runs the same loop
(50 clients, shorter) as a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed.txt"


def articles() -> list[str]:
    """The texts the clients post: the seed article, and its first and second halves (so the server
    sees different inputs of different lengths)."""
    seed = SEED.read_text(encoding="utf-8")
    title, _, body = seed.partition("\n\n")
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    half = len(paragraphs) // 2
    return [seed, f"{title}\n\n" + "\n\n".join(paragraphs[:half]) + "\n",
            f"{title}\n\n" + "\n\n".join(paragraphs[half:]) + "\n"]


def comparable(body: bytes) -> dict[str, Any]:
    data = json.loads(body)
    data.get("metadata", {}).pop("analyzed_at", None)
    return data  # type: ignore[no-any-return]


@dataclass
class Load:
    """What one run saw."""

    clients: int
    seconds: float
    ok: list[float] = field(default_factory=list)  # latencies of correct 200s
    busy: list[float] = field(default_factory=list)  # latencies of 503s with Retry-After
    wrong: list[str] = field(default_factory=list)  # anything else, one line each
    health: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    wall: float = 0.0

    def summary(self) -> dict[str, Any]:
        def pct(xs: list[float], q: float) -> float | None:
            if not xs:
                return None
            xs = sorted(xs)
            return round(xs[min(len(xs) - 1, int(q * len(xs)))], 3)

        return {
            "clients": self.clients, "seconds": self.seconds, "wall_s": round(self.wall, 1),
            "ok": len(self.ok), "busy_503": len(self.busy), "failures": len(self.wrong),
            "throughput_per_s": round(len(self.ok) / self.wall, 3) if self.wall else 0.0,
            "p50_s": pct(self.ok, 0.5), "p95_s": pct(self.ok, 0.95),
            "busy_p50_s": pct(self.busy, 0.5),
            "health_p95_s": pct(self.health, 0.95), "health_max_s": round(max(self.health), 3) if self.health else None,
            "rss_mb_start": self.rss_mb[0] if self.rss_mb else None,
            "rss_mb_max": max(self.rss_mb) if self.rss_mb else None,
            "rss_mb_end": self.rss_mb[-1] if self.rss_mb else None,
            "first_failures": self.wrong[:5],
        }


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


async def run_load(url: str, clients: int, seconds: float, references: dict[str, dict[str, Any]],
                   pid: int | None = None) -> Load:
    """``clients`` concurrent clients posting for ``seconds``; every answer is checked."""
    texts = list(references)
    load = Load(clients, seconds)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(180.0), limits=limits) as http:

        async def client(k: int) -> None:
            n = k
            while time.monotonic() < deadline:
                text = texts[n % len(texts)]
                n += 1
                start = time.perf_counter()
                try:
                    r = await http.post("/api/analyze", json={"text": text})
                except httpx.HTTPError as err:
                    load.wrong.append(f"{type(err).__name__}: {err}")
                    await asyncio.sleep(1)
                    continue
                took = time.perf_counter() - start
                if r.status_code == 200:
                    if comparable(r.content) == references[text]:
                        load.ok.append(took)
                    else:
                        load.wrong.append("200 with an analysis that differs from the reference")
                elif r.status_code == 503 and r.headers.get("retry-after", "").isdigit():
                    load.busy.append(took)
                    wait = min(float(r.headers["retry-after"]), max(0.0, deadline - time.monotonic()))
                    await asyncio.sleep(wait)
                else:
                    load.wrong.append(f"{r.status_code} {r.text[:120]}")

        async def poll_health() -> None:
            while time.monotonic() < deadline:
                start = time.perf_counter()
                try:
                    r = await http.get("/api/health")
                    if r.status_code != 200:
                        load.wrong.append(f"health {r.status_code}")
                except httpx.HTTPError as err:
                    load.wrong.append(f"health {type(err).__name__}")
                load.health.append(time.perf_counter() - start)
                if pid is not None and (m := rss_mb(pid)) is not None:
                    load.rss_mb.append(m)
                await asyncio.sleep(0.5)

        start = time.perf_counter()
        await asyncio.gather(poll_health(), *(client(k) for k in range(clients)))
        load.wall = time.perf_counter() - start
    if pid is not None and (m := rss_mb(pid)) is not None:
        load.rss_mb.append(m)
    return load


def references(url: str) -> dict[str, dict[str, Any]]:
    """One analysis of each text, made one at a time before the load: what every 200 must equal."""
    out = {}
    with httpx.Client(base_url=url, timeout=300) as http:
        for text in articles():
            r = http.post("/api/analyze", json={"text": text})
            r.raise_for_status()
            out[text] = comparable(r.content)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``unspin serve`` in a subprocess on 127.0.0.1; stopped on exit."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "unspin", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-access-log", *self.args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"unspin serve exited: {self.proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("unspin serve did not answer within 180 s")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", help="an unspin server already running on this machine (default: start one)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        parser.error("--url must be a loopback address (this benchmark never sends traffic off the machine)")

    def measure(url: str, pid: int | None) -> list[dict[str, Any]]:
        refs = references(url)
        rows = []
        for n in args.clients:
            load = asyncio.run(run_load(url, n, args.seconds, refs, pid))
            rows.append(load.summary())
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        return rows

    if args.url:
        rows = measure(args.url, None)
    else:
        with Server() as server:
            rows = measure(server.url, server.pid)
    print(f"cores: {len(os.sched_getaffinity(0))}; {args.seconds:g} s per level; texts: the seed and its two halves\n")
    print("| clients | answers 200 | 503 + Retry-After | failures | throughput (articles/s) | p50 (s) | p95 (s) "
          "| health p95 (s) | server RSS start → max (MB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['clients']} | {r['ok']} | {r['busy_503']} | {r['failures']} | {r['throughput_per_s']} | "
              f"{r['p50_s']} | {r['p95_s']} | {r['health_p95_s']} | {r['rss_mb_start']} → {r['rss_mb_max']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
