"""Latency of the web API over a synthetic store of 100,000 events.

    .venv/bin/python bench/api_latency.py                    # build a store, serve it, time it
    .venv/bin/python bench/api_latency.py --db /tmp/b.duckdb # reuse (or create) a store there

Builds the store with ``Store.write`` from generated ``CodedArticle`` records
(20 events each, in batches), serves it with uvicorn on a free local port, and
times sequential HTTP requests: the headline is the median of a filtered event
query (target: under 200 ms), followed by the other endpoints' medians.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from wirecoder.store import Store
from wirecoder.store.synthetic import synthetic_article
from wirecoder.web.localserver import serving

EVENTS_PER_ARTICLE = 20  # what synthetic_article makes by default
HEADLINE = "/api/events?actor=IRQ&type=CONSULT&limit=50"
OTHERS = [
    "/api/events?limit=50&offset=50000",
    "/api/events?q=article%201234&limit=50",
    "/api/events?since=2024-06-01&until=2024-06-30&quad=4&limit=50",
    "/api/articles?q=Hamas&limit=50",
    "/api/quotes?speaker=blinken&limit=50",
    "/api/actors?limit=50",
    "/api/places?limit=100",
    "/api/aggregates/timeline?by=quad",
    "/api/aggregates/pairs",
    "/events?actor=IRQ&type=CONSULT",
]
TARGET_MS = 200.0


def build_store(path: Path, events: int, batch: int = 100) -> None:
    articles = -(-events // EVENTS_PER_ARTICLE)
    started = time.perf_counter()
    with Store(path) as store:
        for begin in range(0, articles, batch):
            store.write([synthetic_article(i) for i in range(begin, min(begin + batch, articles))])
        counts = store.counts()
    print(f"built {path}: {counts['articles']} articles, {counts['events']} events, "
          f"{counts['event_actors']} event actors in {time.perf_counter() - started:.1f} s")


def timings(client: httpx.Client, path: str, requests: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        client.get(path).raise_for_status()
    found = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        found.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests for the headline query")
    parser.add_argument("--db", type=Path, help="store to use; built there when absent")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if not db.exists():
            build_store(db, args.events)
        with serving(db) as base:
            with httpx.Client(base_url=base, timeout=60) as client:
                total = client.get("/api/events?limit=1").json()["total"]
                matches = client.get(HEADLINE).json()["total"]
                found = timings(client, HEADLINE, args.requests)
                median = statistics.median(found)
                p95 = statistics.quantiles(found, n=20)[-1]
                verdict = "OK" if median < TARGET_MS else "SLOWER THAN TARGET"
                print(f"store: {total} events; {HEADLINE} matches {matches}")
                print(f"headline: median {median:.1f} ms, p95 {p95:.1f} ms over {args.requests} requests "
                      f"(target < {TARGET_MS:.0f} ms: {verdict})")
                for path in OTHERS:
                    other = timings(client, path, max(10, args.requests // 10), warmup=1)
                    print(f"  {statistics.median(other):7.1f} ms  {path}")


if __name__ == "__main__":
    main()
