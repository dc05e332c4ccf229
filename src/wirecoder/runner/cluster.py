"""The Dask engine: the same per-shard work on a Dask distributed cluster.

    run_dask(["feeds/"], "news.duckdb", scheduler="tcp://10.0.0.5:8786", shards="/shared/wirecoder-shards")

A shard is a run of consecutive input files (one file, or small files up to
``shard_bytes`` together: by default 256 KB, less for an input too small to give each
worker thread four shards).  A task reads its files, skips articles the store
already had when the run began, codes the rest with the Pipeline its worker keeps
loaded (a per-process global, see work.py) and writes the coded rows as Parquet
under ``shards/<table>/<shard>.parquet``; ``shards`` must be a folder the workers
and the client both see (the same machine, or a shared file system).  The client
merges shards into the store in input order, one transaction per shard
(the database file is open only for that, so readers share it during the run),
screening for near-duplicates as a local run does, so the store ends the same
as a single-process run's.  Copies are coded on the workers all the same (only
the client sees every shard) and then dropped.

With ``dataset=True`` nothing is merged: the shards stay as a Parquet dataset and
``db`` becomes a small DuckDB file of views that read them in place (no
duplicate screening then).  Start a cluster with, for example:

    dask scheduler --host 0.0.0.0 --port 8786
    dask worker tcp://HOST:8786 --nworkers 8 --nthreads 1 --memory-limit 2GB
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wirecoder.dedup import Deduplicator, signature
from wirecoder.dedup.screen import DEFAULT_THRESHOLD
from wirecoder.errors import InputError, WirecoderError
from wirecoder.model import Loss
from wirecoder.runner.guard import article_label
from wirecoder.runner.inputs import input_files
from wirecoder.runner.settings import DEFAULT_BUDGET, Budget
from wirecoder.runner.stats import RunStats
from wirecoder.runner.work import PipelineFactory, code_block, peak_rss_mb
from wirecoder.store import Store
from wirecoder.store.shards import dataset_store, merge_shard, shard_articles, write_shard


@dataclass
class ShardResult:
    name: str
    order: list[str]  # ids of the articles coded, in input order
    signatures: list[list[int]]  # their MinHash signatures, same order
    timings: dict[str, float] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    pid: int = 0
    peak_rss_mb: float = 0.0
    warnings: list[str] = field(default_factory=list)
    already_stored: int = 0
    coded: dict[str, int] = field(default_factory=dict)  # events, quotes ... coded, for a dataset run's summary
    losses: list[Loss] = field(default_factory=list)  # articles left out (over budget, failed), and why


SHARD_BYTES = 256 * 1024  # about a hundred news articles: tens of seconds of work for one worker
MIN_SHARD_BYTES = 16 * 1024
SHARDS_PER_THREAD = 4  # a small input is cut finer, so that every worker has work until the end


def balanced_shard_bytes(files: list[Path], threads: int) -> int:
    """SHARD_BYTES, or less for an input too small to give every worker thread a few shards."""
    total = sum(f.stat().st_size for f in files)
    return max(MIN_SHARD_BYTES, min(SHARD_BYTES, total // (SHARDS_PER_THREAD * max(threads, 1))))


def group_files(files: list[Path], shard_bytes: int = SHARD_BYTES) -> list[list[Path]]:
    """Consecutive files grouped until each group reaches ``shard_bytes`` (a big file is a group alone)."""
    groups: list[list[Path]] = []
    group: list[Path] = []
    size = 0
    for file in files:
        group.append(file)
        size += file.stat().st_size
        if size >= shard_bytes:
            groups.append(group)
            group, size = [], 0
    if group:
        groups.append(group)
    return groups


def shard_name(index: int, files: list[Path]) -> str:
    digest = hashlib.sha256("\n".join(str(f.resolve()) for f in files).encode("utf-8")).hexdigest()[:10]
    return f"{index:06d}-{digest}"


def shard_input(paths: list[str], known: frozenset[str] | set[str] | None, warn) -> tuple[list, int]:
    """The shard's articles not yet stored, each once, in input order; and how many were stored already."""
    from wirecoder.ingest import read_file

    articles, seen, skipped = [], set(known or ()), 0
    for path in paths:
        for article in read_file(path, warn=warn):
            if article.id in seen:
                skipped += 1
                continue
            seen.add(article.id)
            articles.append(article)
    return articles, skipped


def code_shard(paths: list[str], name: str, root: str, known: frozenset[str] | set[str] | None = None,
               factory: PipelineFactory | None = None, budget: Budget = DEFAULT_BUDGET,
               only: int | None = None) -> ShardResult:
    """A Dask task: read the shard's files, code what is new, write it as Parquet.

    ``only``: code just the shard's article at this position (a shard retried after a worker died on it).
    """
    import os

    warnings: list[str] = []
    articles, skipped = shard_input(paths, known, warnings.append)
    if only is not None:
        articles, skipped, warnings = articles[only:only + 1], 0, []  # the shard's own task told the rest
    result = code_block(articles, factory, budget)
    articles = [c.article for c in result.coded]
    write_shard(result.coded, root, name)
    coded = {kind: sum(len(getattr(c, kind)) for c in result.coded)
             for kind in ("events", "quotes", "places", "entities")}
    coded["mentions"] = coded["events"]  # a dataset links no copies: each event is its one mention
    return ShardResult(name=name, order=[a.id for a in articles], coded=coded,
                       signatures=[[int(v) for v in signature(a.text)] for a in articles],
                       timings=result.timings, cpu_seconds=result.cpu_seconds, pid=result.pid or os.getpid(),
                       peak_rss_mb=result.peak_rss_mb or peak_rss_mb(), warnings=warnings, already_stored=skipped,
                       losses=result.losses)


def run_dask(paths: Iterable[str | Path], db: str | Path, scheduler: str, *, shards: str | Path | None = None,
             shard_bytes: int | None = None, dataset: bool = False, dedup: bool = True,
             threshold: float = DEFAULT_THRESHOLD, window: int | None = None, timeout: float = 30.0,
             warn: Callable[[str], None] | None = None, progress: Callable[[RunStats], None] | None = None,
             pipeline_factory: PipelineFactory | None = None, budget: Budget = DEFAULT_BUDGET,
             on_loss: Callable[[Loss], None] | None = None) -> RunStats:
    """Code ``paths`` on the Dask cluster at ``scheduler`` into ``db`` (see the module docstring).

    An article the pipeline fails on (a MemoryError, a bug) is left out and ``on_loss`` hears of it.
    Dask codes on worker threads, where the budget's timer and memory cap do not reach (the
    watchdog still names a slow article in the worker's log); a worker's ``--memory-limit`` has
    its nanny restart it instead, and a shard whose worker dies (KilledWorker) is coded again one
    article per task, leaving out the one that kills a worker again."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise WirecoderError('the Dask engine needs dask.distributed: pip install "dask[distributed]"') from exc

    paths = list(paths)
    files = input_files(paths)
    if not files:
        raise InputError(f"No files found in: {', '.join(map(str, paths))}")
    if dataset and shards is None:
        raise WirecoderError("a Parquet dataset needs a --shards folder to live in")
    stats = RunStats()
    started = time.perf_counter()
    try:
        client = Client(scheduler, timeout=timeout)
    except OSError as exc:
        raise WirecoderError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    own_root = shards is None  # a temp folder serves a cluster on this machine only
    root = Path(shards) if shards is not None else Path(tempfile.mkdtemp(prefix="wirecoder-shards-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        threads = max(1, sum(client.nthreads().values()))
        window = window or 2 * threads
        groups = group_files(files, shard_bytes or balanced_shard_bytes(files, threads))
        if dataset:
            coding = Coding(client, root, None, pipeline_factory, budget, stats, progress, None, on_loss)
            warnings = coding.all(groups, window)
            dataset_store(db, root)
            with Store(db, read_only=True) as store:
                stats.in_store = store.counts()
            _warn_all(warnings, warn)
            return stats
        with Store(db) as store:
            known = store.article_ids()
            shared_known = client.scatter(frozenset(known), broadcast=True) if known else None
            screen = Deduplicator(store.similar, threshold) if dedup else None
            store.release()  # the file is free for readers while shards are coded; merges take it again

            def merge(result: ShardResult) -> None:
                _merge(store, root, result, known, screen, stats)

            coding = Coding(client, root, shared_known, pipeline_factory, budget, stats, progress, merge, on_loss,
                            known_ids=frozenset(known))
            warnings = coding.all(groups, window)
            stats.in_store = store.counts()
        _warn_all(warnings, warn)
        if stats.articles == 0 and stats.copies == 0 and stats.already_stored == 0:
            raise InputError(f"No articles could be read from: {', '.join(map(str, paths))} (see the warnings)")
        return stats
    finally:
        client.close()
        if own_root:
            shutil.rmtree(root, ignore_errors=True)
        stats.seconds = time.perf_counter() - started


def _warn_all(warnings: list[str], warn: Callable[[str], None] | None) -> None:
    if warn is not None:
        for message in warnings:
            warn(message)


@dataclass
class Coding:
    """Shards submitted with at most ``window`` in flight; their results merged in input order."""

    client: object
    root: Path
    known: object  # the scattered ids stored before the run (or None)
    factory: PipelineFactory | None
    budget: Budget
    stats: RunStats
    progress: Callable[[RunStats], None] | None
    merge: Callable[[ShardResult], None] | None
    on_loss: Callable[[Loss], None] | None
    known_ids: set[str] | None = None
    warnings: list[str] = field(default_factory=list)

    def all(self, groups: list[list[Path]], window: int) -> list[str]:
        inflight: deque = deque()
        for index, group in enumerate(groups):
            name = shard_name(index, group)
            paths = [str(f) for f in group]
            inflight.append((paths, name, self._submit(paths, name)))
            while len(inflight) >= window:
                self._finish(*inflight.popleft())
        while inflight:
            self._finish(*inflight.popleft())
        return self.warnings

    def _submit(self, paths: list[str], name: str, only: int | None = None):
        return self.client.submit(code_shard, paths, name, str(self.root), self.known, self.factory, self.budget,
                                  only, key=f"wirecoder-shard-{name}-{time.time_ns()}", pure=False)

    def _finish(self, paths: list[str], name: str, future) -> None:
        from distributed import KilledWorker

        try:
            results = [future.result()]
        except KilledWorker:
            results = self._one_by_one(paths, name)
        for result in results:
            self._take(result)

    def _one_by_one(self, paths: list[str], name: str) -> list[ShardResult]:
        """The shard again, one article per task (read here to know them): only a killer is lost."""
        articles, skipped = shard_input(paths, self.known_ids, self.warnings.append)
        self.stats.already_stored += skipped
        self.stats.workers_replaced += 1
        futures = [self._submit(paths, f"{name}-{i:05d}", only=i) for i in range(len(articles))]
        results = []
        for article, future in zip(articles, futures, strict=True):
            from distributed import KilledWorker

            try:
                results.append(future.result())
            except KilledWorker:
                self._lost(Loss("failed", "worker_died", f"article {article_label(article)} killed the Dask "
                                "workers coding it (out of memory, or killed); skipped", article.id, article.title))
        return results

    def _lost(self, loss: Loss) -> None:
        self.stats.count_loss(loss.kind, loss.reason)
        if self.on_loss is not None:
            self.on_loss(loss)

    def _take(self, result: ShardResult) -> None:
        stats = self.stats
        self.warnings.extend(result.warnings)
        for loss in result.losses:
            self._lost(loss)
        stats.already_stored += result.already_stored
        stats.add_timings(result.timings)
        stats.coding_cpu_seconds += result.cpu_seconds
        if result.order:
            stats.worker_rss_mb[result.pid] = max(result.peak_rss_mb, stats.worker_rss_mb.get(result.pid, 0.0))
        if self.merge is not None:
            with stats.timed("store"):
                self.merge(result)
        else:  # a dataset: nothing is merged, so the shard's own counts are the run's
            stats.articles += len(result.order)
            for kind, count in result.coded.items():
                setattr(stats, kind, getattr(stats, kind) + count)
        if self.progress is not None:
            self.progress(stats)


def _merge(store: Store, root: Path, result: ShardResult, known: set[str], screen: Deduplicator | None,
           stats: RunStats) -> None:
    import numpy as np

    by_id = shard_articles(root, result.name)
    articles, sigs = [], []
    for aid, sig in zip(result.order, result.signatures, strict=True):
        if aid in known or aid not in by_id:
            stats.already_stored += aid in known
            continue
        known.add(aid)
        articles.append(by_id[aid])
        sigs.append(np.asarray(sig, dtype=np.uint32))
    if screen is not None:
        with stats.timed("dedup"):
            verdicts = screen.screen(articles, sigs)
        originals = [v.article.id for v in verdicts if v.copy is None]
        copies = [v.copy for v in verdicts if v.copy is not None]
        signatures = {v.article.id: v.signature for v in verdicts if v.copy is None}
    else:  # as a local run without screening: every article an original, no MinHash rows
        originals, copies, signatures = [a.id for a in articles], [], {}
    mentions = merge_shard(store, root, result.name, originals, signatures, copies)
    if screen is not None:
        screen.written(originals)
    counts = store.connection.execute(
        "SELECT (SELECT count(*) FROM events WHERE article_id IN (SELECT unnest($1::VARCHAR[]))), "
        "(SELECT count(*) FROM quotes WHERE article_id IN (SELECT unnest($1::VARCHAR[]))), "
        "(SELECT count(*) FROM places WHERE article_id IN (SELECT unnest($1::VARCHAR[]))), "
        "(SELECT count(*) FROM entities WHERE article_id IN (SELECT unnest($1::VARCHAR[]))), "
        "(SELECT count(*) FROM event_mentions WHERE article_id IN (SELECT unnest($1::VARCHAR[])))",
        [originals]).fetchone()
    store.release()  # merged and checkpointed: readers get the file until the next shard
    stats.articles += len(originals)
    stats.copies += len(copies)
    stats.events += counts[0]
    stats.quotes += counts[1]
    stats.places += counts[2]
    stats.entities += counts[3]
    stats.mentions += counts[4] + mentions
