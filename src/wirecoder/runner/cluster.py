"""The Dask engine: the same per-shard work on a Dask distributed cluster.

    run_dask(["feeds/"], "news.duckdb", scheduler="tcp://10.0.0.5:8786", shards="/shared/wirecoder-shards")

A shard is a run of consecutive input files (one file, or small files up to
``shard_bytes`` together).  A task reads its files, skips articles the store
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
from wirecoder.runner.inputs import input_files
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


SHARD_BYTES = 256 * 1024  # about a hundred news articles: tens of seconds of work for one worker


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


def code_shard(paths: list[str], name: str, root: str, known: frozenset[str] | set[str] | None = None,
               factory: PipelineFactory | None = None) -> ShardResult:
    """A Dask task: read the shard's files, code what is new, write it as Parquet."""
    import os

    from wirecoder.ingest import read_file

    warnings: list[str] = []
    articles, seen, skipped = [], set(known or ()), 0
    for path in paths:
        for article in read_file(path, warn=warnings.append):
            if article.id in seen:
                skipped += 1
                continue
            seen.add(article.id)
            articles.append(article)
    result = code_block(articles, factory)
    write_shard(result.coded, root, name)
    coded = {kind: sum(len(getattr(c, kind)) for c in result.coded)
             for kind in ("events", "quotes", "places", "entities")}
    coded["mentions"] = coded["events"]  # a dataset links no copies: each event is its one mention
    return ShardResult(name=name, order=[a.id for a in articles], coded=coded,
                       signatures=[[int(v) for v in signature(a.text)] for a in articles],
                       timings=result.timings, cpu_seconds=result.cpu_seconds, pid=result.pid or os.getpid(),
                       peak_rss_mb=result.peak_rss_mb or peak_rss_mb(), warnings=warnings, already_stored=skipped)


def run_dask(paths: Iterable[str | Path], db: str | Path, scheduler: str, *, shards: str | Path | None = None,
             shard_bytes: int = SHARD_BYTES, dataset: bool = False, dedup: bool = True,
             threshold: float = DEFAULT_THRESHOLD, window: int | None = None, timeout: float = 30.0,
             warn: Callable[[str], None] | None = None, progress: Callable[[RunStats], None] | None = None,
             pipeline_factory: PipelineFactory | None = None) -> RunStats:
    """Code ``paths`` on the Dask cluster at ``scheduler`` into ``db`` (see the module docstring)."""
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
    groups = group_files(files, shard_bytes)
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
        if dataset:
            warnings = _code_all(client, groups, root, None, window, pipeline_factory, stats, progress, None)
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

            warnings = _code_all(client, groups, root, shared_known, window, pipeline_factory, stats, progress, merge)
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


def _code_all(client, groups: list[list[Path]], root: Path, known, window: int, factory, stats: RunStats,
              progress, merge) -> list[str]:
    """Submit shards with at most ``window`` in flight; merge their results in input order."""
    inflight: deque = deque()
    warnings: list[str] = []

    def finish(future) -> None:
        result: ShardResult = future.result()
        warnings.extend(result.warnings)
        stats.already_stored += result.already_stored
        stats.add_timings(result.timings)
        stats.coding_cpu_seconds += result.cpu_seconds
        if result.order:
            stats.worker_rss_mb[result.pid] = max(result.peak_rss_mb, stats.worker_rss_mb.get(result.pid, 0.0))
        if merge is not None:
            with stats.timed("store"):
                merge(result)
        else:  # a dataset: nothing is merged, so the shard's own counts are the run's
            stats.articles += len(result.order)
            for kind, count in result.coded.items():
                setattr(stats, kind, getattr(stats, kind) + count)
        if progress is not None:
            progress(stats)

    for index, group in enumerate(groups):
        name = shard_name(index, group)
        inflight.append(client.submit(code_shard, [str(f) for f in group], name, str(root), known, factory,
                                      key=f"wirecoder-shard-{name}-{time.time_ns()}", pure=False))
        while len(inflight) >= window:
            finish(inflight.popleft())
    while inflight:
        finish(inflight.popleft())
    return warnings


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
