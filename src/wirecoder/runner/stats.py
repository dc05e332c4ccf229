"""What a run did, and where its time went."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

COUNTED = ("articles", "copies", "events", "quotes", "places", "entities", "mentions")


@dataclass
class RunStats:
    """Counts for this run (``articles`` coded, ``copies`` linked, ``already_stored`` skipped), the
    store's row counts after it, seconds per stage (summed over workers), and each worker's peak RSS."""

    articles: int = 0
    copies: int = 0
    events: int = 0
    quotes: int = 0
    places: int = 0
    entities: int = 0
    mentions: int = 0
    already_stored: int = 0
    seconds: float = 0.0
    coding_cpu_seconds: float = 0.0  # CPU time spent coding, summed over the processes that coded
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    worker_rss_mb: dict[int, float] = field(default_factory=dict)
    in_store: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # articles left out by coding, per reason (time_budget ...)
    failed: dict[str, int] = field(default_factory=dict)  # articles the pipeline or a worker died on, per reason
    workers_replaced: int = 0

    def count_loss(self, kind: str, reason: str) -> None:
        counts = self.failed if kind == "failed" else self.skipped
        counts[reason] = counts.get(reason, 0) + 1

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start

    def timed_iter(self, items: Iterable[T], stage: str) -> Iterator[T]:
        """Yield from ``items``, counting the time spent producing each one as ``stage``."""
        iterator = iter(items)
        while True:
            with self.timed(stage):
                item = next(iterator, _END)
            if item is _END:
                return
            yield item

    def add_timings(self, timings: dict[str, float]) -> None:
        for stage, seconds in timings.items():
            self.timings[stage] += seconds

    def add(self, other: RunStats) -> None:
        for name in (*COUNTED, "already_stored", "seconds", "coding_cpu_seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.add_timings(other.timings)
        for pid, mb in other.worker_rss_mb.items():
            self.worker_rss_mb[pid] = max(mb, self.worker_rss_mb.get(pid, 0.0))
        self.in_store = other.in_store or self.in_store
        for mine, theirs in ((self.skipped, other.skipped), (self.failed, other.failed)):
            for reason, count in theirs.items():
                mine[reason] = mine.get(reason, 0) + count
        self.workers_replaced += other.workers_replaced

    @property
    def peak_rss_mb(self) -> float:
        return max(self.worker_rss_mb.values(), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in (*COUNTED, "already_stored")},
                "seconds": round(self.seconds, 3), "coding_cpu_seconds": round(self.coding_cpu_seconds, 3),
                "timings": {k: round(v, 3) for k, v in self.timings.items()},
                "peak_rss_mb": round(self.peak_rss_mb, 1), "in_store": dict(self.in_store),
                "skipped": dict(self.skipped), "failed": dict(self.failed), "workers_replaced": self.workers_replaced}


_END: Any = object()
