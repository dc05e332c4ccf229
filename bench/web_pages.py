"""Server time of every workbench page and chart query on a store of 2,000 varied articles.

    .venv/bin/python bench/web_pages.py                      # build the store in a temp dir, serve, time
    .venv/bin/python bench/web_pages.py --db /tmp/wb.duckdb  # reuse (or create) a store there
    .venv/bin/python bench/web_pages.py --articles 5000

Builds the store with ``synthetic.build_workbench_store`` (5 events an article, no spaCy),
serves it with uvicorn on a free loopback port, and requests each path several times.  The
figure is the server's own time (its ``Server-Timing: app;dur=`` header), median and worst,
so the client and the network are left out; the target is under 1,000 ms for every page.
Exits non-zero when a page's worst time is over the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import httpx

from wirecoder.store.synthetic import build_workbench_store
from wirecoder.web.localserver import serving

PATHS = [
    "/", "/?q=Damascus", "/events", "/events?sort=-sources", "/events?sort=-confidence&country=UK",
    "/events?type=none&source=Gulf+Daily", "/events?location_country=Syria&precision=month&offset=200",
    "/events?since=2024-03&until=2024-05&min_confidence=0.6&sort=place", "/fragments/events?sort=actor",
    "/articles", "/quotes", "/actors", "/timeline", "/network", "/map",
    "/api/events/facets", "/api/aggregates/timeline", "/api/aggregates/timeline?by=quad&interval=day",
    "/api/aggregates/pairs", "/api/aggregates/pairs?by=dyad&generic=true&limit=500",
    "/api/places?limit=1000", "/api/events?provenance=true&sort=-articles&limit=200",
    "/api/quotes/download", "/api/actors/download?format=json",
]
TARGET_MS = 1000.0


def server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "app;dur=nan")
    return float(timing.split("dur=")[1].split(";")[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "workbench.duckdb"
        if not db.exists():
            events = build_workbench_store(db, articles=args.articles)
            print(f"built {db}: {args.articles} articles, {events} events")
        worst_all = 0.0
        with serving(db) as base, httpx.Client(base_url=base, timeout=60) as client:
            print(f"{'path':70} {'median ms':>10} {'worst ms':>9}")
            for path in PATHS:
                times = []
                for _ in range(args.repeat + 1):
                    response = client.get(path)
                    response.raise_for_status()
                    times.append(server_ms(response))
                times = times[1:]  # the first warms the store's caches
                worst = max(times)
                worst_all = max(worst_all, worst)
                print(f"{path:70} {statistics.median(times):10.1f} {worst:9.1f}")
        print(f"slowest page: {worst_all:.0f} ms server time (target < {TARGET_MS:.0f} ms)")
        if worst_all > TARGET_MS:
            sys.exit(1)


if __name__ == "__main__":
    main()
