"""Runs on this machine: serial (the default) or over a pool of worker processes.

    with Runner("news.duckdb", processes=4) as runner:
        stats = runner.run(read_paths(["feeds/"]))

The main process reads articles lazily, skips those already stored (ids are
content hashes), screens the rest for near-duplicates in blocks, and hands each
block's originals to the coder, one task per slice of ``CODING_BLOCK`` articles
(so workers share a block, and spaCy sees the same batches whatever the block
size).  Blocks come back and are written in input order, one transaction each,
with at most ``coder.window`` blocks in flight:
memory stays flat however long the input, and a run killed at any point has
stored a prefix of whole blocks; run again, it skips them and finishes with
exactly the rows a clean run gives.

The run holds the store's write lock throughout but the database file only
while it writes a block, reads the next one and looks up its duplicates (one
open and one checkpoint a block; see ``wirecoder.store.sharing``): while blocks
are coded the file is free, and readers see whole blocks only.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wirecoder.dedup import Deduplicator
from wirecoder.dedup.screen import DEFAULT_THRESHOLD, Verdict
from wirecoder.ingest import read_paths
from wirecoder.model import Article, Loss
from wirecoder.runner.coders import make_coder
from wirecoder.runner.settings import CODING_BLOCK, DEFAULT_BATCH, DEFAULT_BUDGET, Budget
from wirecoder.runner.stats import RunStats
from wirecoder.runner.work import PipelineFactory
from wirecoder.store import Store

logger = logging.getLogger("wirecoder.runner")

Progress = Callable[[RunStats], None]


@dataclass
class Job:
    verdicts: list[Verdict]
    codings: list  # one per slice of the block, each has result() -> BlockResult


def new_articles(articles: Iterable[Article], known: set[str], stats: RunStats) -> Iterator[Article]:
    """Articles not in the store yet, each once (``known`` grows as they pass)."""
    for article in articles:
        if article.id in known:
            stats.already_stored += 1
            continue
        known.add(article.id)
        yield article


def slices(verdicts: list[Verdict], size: int = CODING_BLOCK) -> Iterator[list[Article]]:
    """The originals of each run of ``size`` screened articles: the coding tasks of a block.

    A block of 128 is sliced as four blocks of 32 were, so its articles reach spaCy in the same batches."""
    for begin in range(0, len(verdicts), size):
        yield [v.article for v in verdicts[begin:begin + size] if v.copy is None]


def blocks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    block: list[Article] = []
    for article in articles:
        block.append(article)
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block


class Runner:
    """Codes articles into one store; keeps its worker pool (if any) between runs."""

    def __init__(self, db: str | Path, *, processes: int = 1, batch: int = DEFAULT_BATCH, dedup: bool = True,
                 threshold: float = DEFAULT_THRESHOLD, pipeline_factory: PipelineFactory | None = None,
                 budget: Budget = DEFAULT_BUDGET, on_loss: Callable[[Loss], None] | None = None):
        """``budget``: what one article may cost (settings.Budget); one over it is left out, and
        ``on_loss`` hears of it (default: a logged warning), as of one the pipeline failed on."""
        self.db = db
        self.on_loss = on_loss or (lambda loss: logger.warning(loss.message))
        self.processes = max(1, processes)
        self.batch = max(1, batch)
        self.dedup = dedup
        self.threshold = threshold
        self.coder = make_coder(self.processes, pipeline_factory, budget)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.coder.close()

    def run(self, articles: Iterable[Article], progress: Progress | None = None) -> RunStats:
        """Code the articles not yet stored; the store's write lock is held only during this call.

        The database file itself is open only for the duplicate lookups and each
        block's write, so readers (``wirecoder serve``) share it during the run.
        """
        stats = RunStats()
        started = time.perf_counter()
        replaced = getattr(self.coder, "replaced", 0)
        with Store(self.db) as store:
            known = store.article_ids()
            screen = Deduplicator(store.similar, self.threshold) if self.dedup else None
            inflight: deque[Job] = deque()
            fresh = new_articles(stats.timed_iter(articles, "ingest"), known, stats)
            for block in blocks(fresh, self.batch):
                with stats.timed("dedup"):
                    verdicts = screen.screen(block) if screen is not None else [Verdict(a, None) for a in block]
                with stats.timed("store"):
                    store.release()  # readers get the file while the block is read and coded
                inflight.append(Job(verdicts, [self.coder.submit(part) for part in slices(verdicts)]))
                while len(inflight) >= self._window():
                    self._write(store, inflight.popleft(), screen, stats, progress)
            while inflight:
                self._write(store, inflight.popleft(), screen, stats, progress)
            stats.in_store = store.counts()
        stats.workers_replaced = getattr(self.coder, "replaced", 0) - replaced
        stats.seconds = time.perf_counter() - started
        return stats

    def _window(self) -> int:
        """Blocks in flight: the coder's window of blocks of ``CODING_BLOCK`` articles, in blocks of ``batch``
        (at least two for a pool, so one block is written while the next is coded), never more blocks than
        the coder's window: about as many articles in flight as a pool always kept."""
        window = self.coder.window
        if window <= 1:
            return 1
        return min(window, max(2, -(-window * CODING_BLOCK // self.batch)))

    def _write(self, store: Store, job: Job, screen: Deduplicator | None, stats: RunStats,
               progress: Progress | None) -> None:
        with stats.timed("store"):
            store.release()  # when the last write kept the file: readers get it while this block is coded
        results = [coding.result() for coding in job.codings]
        coded = [c for result in results for c in result.coded]
        signatures = {v.article.id: v.signature for v in job.verdicts if v.copy is None and v.signature is not None}
        copies = [v.copy for v in job.verdicts if v.copy is not None]
        with stats.timed("store"):
            # the file stays open for the next block's duplicate lookup, which lets it go (one open a block)
            written = store.write(coded, signatures=signatures, copies=copies, release=False)
        if screen is not None:
            screen.written(signatures)
        for result in results:
            stats.add_timings(result.timings)
            stats.coding_cpu_seconds += result.cpu_seconds
            if result.coded:
                stats.worker_rss_mb[result.pid] = max(result.peak_rss_mb, stats.worker_rss_mb.get(result.pid, 0.0))
        stats.articles += len(coded)
        stats.copies += written.copies
        for c in coded:
            stats.events += len(c.events)
            stats.quotes += len(c.quotes)
            stats.places += len(c.places)
            stats.entities += len(c.entities)
        stats.mentions += written.mentions
        for loss in (loss for result in results for loss in result.losses):
            stats.count_loss(loss.kind, loss.reason)
            self.on_loss(loss)
        if progress is not None:
            progress(stats)


def run_articles(articles: Iterable[Article], db: str | Path, *, progress: Progress | None = None,
                 **options) -> RunStats:
    """Code articles into ``db`` (options as for ``Runner``)."""
    with Runner(db, **options) as runner:
        return runner.run(articles, progress)


def run_paths(paths: Iterable[str | Path], db: str | Path, *, warn: Callable[[str], None] | None = None,
              progress: Progress | None = None, **options) -> RunStats:
    """Read files and folders (see ``wirecoder.ingest.read_paths``) and code them into ``db``."""
    return run_articles(read_paths(list(paths), warn=warn), db, progress=progress, **options)
