"""Load test of the web server: many concurrent clients for a fixed time, on loopback.

    .venv/bin/python bench/api_load.py                      # build a 100,000-event store, serve it, load it
    .venv/bin/python bench/api_load.py --db /tmp/b.duckdb   # reuse (or create) a store there
    .venv/bin/python bench/api_load.py --clients 50 --seconds 30

Starts ``wirecoder serve`` (uvicorn, one process) in a subprocess on a free 127.0.0.1 port, then
runs ``--clients`` asyncio clients (httpx) that each send requests back to back until
``--seconds`` have passed, over a fixed mix: filtered event lists, article pages (HTML and
JSON), aggregates and searches.  Prints requests, errors (anything but 200, or no answer),
median and p95 latency, and requests per second, overall and per kind.  Bounded: it stops
by itself, and exits non-zero when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from api_latency import build_store  # bench/ is this script's folder
from wirecoder.web.localserver import free_port

REQUEST_TIMEOUT = 30.0  # seconds; a request slower than this counts as an error

# (kind, weight, path template); {article} is a random article id, {n} a random number
MIX = [
    ("events", 6, "/api/events?actor=IRQ&type=CONSULT&limit=50"),
    ("events", 4, "/api/events?since=2024-06-01&until=2024-06-30&quad=4&limit=50"),
    ("events", 3, "/api/events?country=US&recipient=Hamas&limit=50&offset={n}"),
    ("events", 3, "/api/events?limit=50&offset={n}0"),
    ("events", 2, "/events?type=ASSAULT&actor=blinken"),
    ("article", 5, "/api/articles/{article}"),
    ("article", 5, "/articles/{article}"),
    ("aggregate", 2, "/api/aggregates/timeline?by=quad&interval=week"),
    ("aggregate", 2, "/api/aggregates/pairs?type=CONSULT"),
    ("aggregate", 1, "/api/places?limit=100&quad=1"),
    ("search", 3, "/?q=article%20{n}"),
    ("search", 2, "/api/articles?q=Synthetic%20article%20{n}&limit=20"),
    ("search", 2, "/api/quotes?speaker=blinken&limit=50&offset={n}"),
    ("search", 2, "/api/actors?q=iraq"),
]


def start_server(db: Path, port: int) -> subprocess.Popen:
    """``wirecoder serve`` as a user runs it, in its own process."""
    return subprocess.Popen([sys.executable, "-m", "wirecoder.cli.main", "serve", "--db", str(db),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_until_up(server: subprocess.Popen, base: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(base + "/api/summary", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


class Tally:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def failed(self, kind: str, why: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 5:
            self.examples.append(why)


async def client(number: int, http: httpx.AsyncClient, articles: list[str], stop_at: float, tally: Tally,
                 articles_total: int) -> None:
    rng = random.Random(number)
    kinds, weights, paths = zip(*MIX, strict=True)
    choices = list(zip(kinds, paths, strict=True))
    while time.monotonic() < stop_at:
        kind, template = rng.choices(choices, weights=weights)[0]
        path = template.format(article=rng.choice(articles), n=rng.randrange(max(1, articles_total)))
        started = time.perf_counter()
        try:
            response = await http.get(path)
        except httpx.HTTPError as exc:
            tally.failed(kind, f"{path}: {type(exc).__name__} {exc}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code == 200:
            tally.latencies[kind].append(elapsed)
        else:
            tally.failed(kind, f"{path}: {response.status_code} {response.text[:120]}")


async def load(base: str, clients: int, seconds: float) -> tuple[Tally, float]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        summary = (await http.get("/api/summary")).json()
        total = summary["articles"]
        sample = await asyncio.gather(*[http.get(f"/api/articles?limit=100&offset={random.Random(i).randrange(total)}")
                                        for i in range(10)])
        articles = sorted({a["id"] for page in sample for a in page.json()["items"]})
        tally = Tally()
        started = time.monotonic()
        stop_at = started + seconds
        # each client stops by itself at stop_at; the timeout only guards against a hung request
        await asyncio.wait_for(asyncio.gather(*[client(i, http, articles, stop_at, tally, total)
                                                for i in range(clients)]), timeout=seconds + REQUEST_TIMEOUT + 10)
        return tally, time.monotonic() - started


def line(label: str, latencies: list[float], errors: int, wall: float) -> str:
    if not latencies:
        return f"{label:10} {0:7d} requests {errors:5d} errors"
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
    return (f"{label:10} {len(latencies) + errors:7d} requests {errors:5d} errors  median {statistics.median(latencies):7.1f} ms"
            f"  p95 {p95:7.1f} ms  {(len(latencies) + errors) / wall:7.1f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to use; built there when absent")
    parser.add_argument("--events", type=int, default=100_000, help="events in a store built here")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "load.duckdb"
        if not db.exists():
            build_store(db, args.events)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port)
        try:
            wait_until_up(server, base)
            tally, wall = asyncio.run(load(base, args.clients, args.seconds))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()

    everything = [ms for kind in tally.latencies.values() for ms in kind]
    errors = sum(tally.errors.values())
    print(f"{args.clients} clients for {args.seconds:.0f} s against {base} (wirecoder serve, one process)")
    print(line("all", everything, errors, wall))
    for kind in sorted(set(tally.latencies) | set(tally.errors)):
        print("  " + line(kind, tally.latencies[kind], tally.errors[kind], wall))
    for example in tally.examples:
        print(f"  error: {example}")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
