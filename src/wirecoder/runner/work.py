"""The work one process does: code a block of articles with a Pipeline it keeps loaded.

Every kind of worker runs this: the main process in a serial run, each process of
a local pool, each Dask worker.  The Pipeline (spaCy, the lexicons, the gazetteer)
is built once per process and kept in a module global, so every later block or
Dask task pays nothing to load it.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wirecoder.model import Article, CodedArticle

PipelineFactory = Callable[[], Any]  # returns an object with code_articles(articles) and timings

_PIPELINES: dict[Any, Any] = {}
_LOCK = threading.Lock()  # one block at a time per process: spaCy and the timings are not shared safely


def default_pipeline() -> Any:
    from wirecoder.pipeline import Pipeline

    return Pipeline()


def get_pipeline(factory: PipelineFactory | None = None) -> Any:
    """The process's Pipeline for this factory, built on first use."""
    factory = factory or default_pipeline
    pipeline = _PIPELINES.get(factory)
    if pipeline is None:
        pipeline = _PIPELINES[factory] = factory()
    return pipeline


@dataclass
class BlockResult:
    coded: list[CodedArticle]
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage spent on this block
    pid: int = 0
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0  # CPU time this process spent coding the block


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def code_block(articles: list[Article], factory: PipelineFactory | None = None) -> BlockResult:
    if not articles:  # a block of copies only: no need to load anything
        return BlockResult([], {}, os.getpid(), peak_rss_mb())
    with _LOCK:
        pipeline = get_pipeline(factory)
        before = dict(pipeline.timings)
        cpu = time.process_time()
        coded = list(pipeline.code_articles(articles))
        cpu = time.process_time() - cpu
        spent = {stage: seconds - before.get(stage, 0.0) for stage, seconds in pipeline.timings.items()}
    return BlockResult(coded, spent, os.getpid(), peak_rss_mb(), cpu)


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to kill this worker when its parent dies, so a killed run leaves no stray workers.

    A parent killed while the worker was still starting is gone before the request
    is made; then the worker, given the parent's pid, leaves at once.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
        except OSError:
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def init_worker(factory: PipelineFactory | None = None, parent: int | None = None) -> None:
    """Pool initializer: load the Pipeline before the first block arrives."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        get_pipeline(factory)
    except Exception:  # noqa: BLE001 - raised again, with its message, by the first code_block
        pass
