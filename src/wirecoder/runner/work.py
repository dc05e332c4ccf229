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

from wirecoder.model import Article, CodedArticle, Loss
from wirecoder.runner.guard import ArticleTimeout, Guard, article_label
from wirecoder.runner.settings import DEFAULT_BUDGET, Budget

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
    losses: list[Loss] = field(default_factory=list)  # articles of the block skipped or failed, and why

    def add(self, other: BlockResult) -> None:
        """Another part of the same block (coded again elsewhere after a worker died)."""
        self.coded.extend(other.coded)
        self.losses.extend(other.losses)
        for stage, seconds in other.timings.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        self.cpu_seconds += other.cpu_seconds
        if other.coded or not self.pid:
            self.pid, self.peak_rss_mb = other.pid, max(self.peak_rss_mb, other.peak_rss_mb)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def code_block(articles: list[Article], factory: PipelineFactory | None = None,
               budget: Budget | None = None) -> BlockResult:
    """Code a block; an article over its ``budget`` or one the pipeline fails on is left out (in ``losses``)."""
    if not articles:  # a block of copies only: no need to load anything
        return BlockResult([], {}, os.getpid(), peak_rss_mb())
    with _LOCK:
        pipeline = get_pipeline(factory)
        before = dict(pipeline.timings)
        cpu = time.process_time()
        coded, losses = code_guarded(pipeline, articles, budget or DEFAULT_BUDGET)
        cpu = time.process_time() - cpu
        spent = {stage: seconds - before.get(stage, 0.0) for stage, seconds in pipeline.timings.items()}
    return BlockResult(coded, spent, os.getpid(), peak_rss_mb(), cpu, losses)


def code_guarded(pipeline: Any, articles: list[Article], budget: Budget) -> tuple[list[CodedArticle], list[Loss]]:
    """The articles coded in spaCy batches while all goes well; after a failure the rest one at a
    time, so the article that fails alone is the one left out, and every other one is coded."""
    coded: list[CodedArticle] = []
    losses: list[Loss] = []
    done = 0
    alone = False
    with Guard(budget) as guard:
        while done < len(articles):
            part = articles[done:done + 1] if alone else _batch(articles, done)
            before = done
            try:
                guard.start(part[0])
                for result in pipeline.code_articles(part):
                    guard.pause()
                    coded.append(result)
                    done += 1
                    if done < len(articles):
                        guard.start(articles[done])
                if done == before:  # a pipeline that gave nothing back for it
                    raise RuntimeError("the pipeline returned no result")
            except Exception as exc:  # noqa: BLE001 - one article (a timeout, MemoryError, a bug), not the run
                guard.pause()
                if not alone and len(part) > 1:
                    alone = True  # which one of the spaCy batch was it? code them singly to find out
                    continue
                losses.append(_loss(articles[done], exc, budget))
                done += 1
            finally:
                guard.pause()
    return coded, losses


# An article this long is coded alone, so if it runs over its budget no spaCy batch of ordinary
# ones (all far shorter: the longest in ../shared/corpus has 25,450) waits for it and is coded again.
ALONE_CHARS = 50_000


def _batch(articles: list[Article], start: int) -> list[Article]:
    """From ``start``: the ordinary articles up to the next long one, or the long one alone."""
    if len(articles[start].text) >= ALONE_CHARS:
        return articles[start:start + 1]
    end = start
    while end < len(articles) and len(articles[end].text) < ALONE_CHARS:
        end += 1
    return articles[start:end]


def _loss(article: Article, exc: BaseException, budget: Budget) -> Loss:
    label = article_label(article)
    if isinstance(exc, ArticleTimeout):
        return Loss("skipped", "time_budget", f"article {label} took over {budget.seconds:g} s; skipped",
                    article.id, article.title)
    if isinstance(exc, MemoryError):
        return Loss("skipped", "memory_budget", f"article {label} needed more than {budget.memory_mb:,} MB "
                    "of memory; skipped", article.id, article.title)
    detail = " ".join(str(exc).split())[:200]
    return Loss("failed", "error", f"article {label} could not be coded ({type(exc).__name__}: {detail}); "
                "skipped", article.id, article.title)


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
