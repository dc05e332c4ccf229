"""Where blocks are coded: in this process, or in a pool of worker processes.

Both hand back something with ``result()``; the runner keeps at most ``window`` blocks
in flight and writes them in input order, so memory stays bounded by
window x block size however long the input.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from wirecoder.model import Article, Loss
from wirecoder.runner.guard import article_label
from wirecoder.runner.settings import DEFAULT_BUDGET, Budget
from wirecoder.runner.work import BlockResult, PipelineFactory, code_block, init_worker


class Later:
    """A block coded when its result is asked for (serial runs)."""

    def __init__(self, articles: list[Article], factory: PipelineFactory | None, budget: Budget = DEFAULT_BUDGET):
        self.articles, self.factory, self.budget = articles, factory, budget

    def result(self) -> BlockResult:
        return code_block(self.articles, self.factory, self.budget)


class SerialCoder:
    """Code in this process; the Pipeline loads on the first block that needs it."""

    window = 1

    def __init__(self, factory: PipelineFactory | None = None, budget: Budget = DEFAULT_BUDGET):
        self.factory = factory
        self.budget = budget

    def submit(self, articles: list[Article]) -> Later:
        return Later(articles, self.factory, self.budget)

    def warm(self) -> set[int]:
        import os

        from wirecoder.runner.work import get_pipeline

        get_pipeline(self.factory)
        return {os.getpid()}

    def close(self) -> None:
        pass


class PoolResult:
    """A block sent to a worker. If the worker dies (SIGKILL, the OOM killer), the pool is
    replaced and the block's articles are coded again one per task: the one that kills its
    worker again is left out (a "worker_died" loss), every other one comes back once."""

    def __init__(self, coder: PoolCoder, pool: ProcessPoolExecutor, articles: list[Article]):
        self.coder, self.pool, self.articles = coder, pool, articles
        try:
            self.future: Future = pool.submit(code_block, articles, coder.factory, coder.budget)
        except BrokenProcessPool:  # a worker of an earlier block died: this one goes to a fresh pool
            coder.replace(pool)
            self.pool = coder._start()
            self.future = self.pool.submit(code_block, articles, coder.factory, coder.budget)

    def result(self) -> BlockResult:
        try:
            return self.future.result()
        except BrokenProcessPool:
            self.coder.replace(self.pool)
        merged = BlockResult([], {}, 0, 0.0)
        for article in self.articles:
            pool = self.coder._start()
            try:
                merged.add(pool.submit(code_block, [article], self.coder.factory, self.coder.budget).result())
            except BrokenProcessPool:
                self.coder.replace(pool)
                merged.losses.append(Loss("failed", "worker_died", f"article {article_label(article)} killed the "
                                          "worker coding it (out of memory, or killed); skipped",
                                          article.id, article.title))
        return merged


class PoolCoder:
    """Code in ``processes`` spawned workers, each with its own Pipeline, started on first use."""

    def __init__(self, processes: int, factory: PipelineFactory | None = None, window: int | None = None,
                 budget: Budget = DEFAULT_BUDGET):
        self.processes = processes
        self.factory = factory
        self.budget = budget
        self.window = window or 2 * processes
        self._pool: ProcessPoolExecutor | None = None
        self.replaced = 0  # pools replaced after a worker died

    def submit(self, articles: list[Article]) -> PoolResult | Later:
        if not articles:
            return Later([], self.factory)  # nothing to code: no need to wake a worker
        return PoolResult(self, self._start(), articles)

    def replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop a pool whose worker died (once, however many blocks find it broken)."""
        if self._pool is broken:
            self._pool = None
            self.replaced += 1
            broken.shutdown(wait=False, cancel_futures=True)

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.processes,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=init_worker, initargs=(self.factory, os.getpid()))
        return self._pool

    def warm(self, timeout: float = 300.0) -> set[int]:
        """Start the workers and wait until every one has loaded its Pipeline (benchmarks time only coding)."""
        import time

        pool = self._start()
        pids: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(pids) < self.processes and time.monotonic() < deadline:
            # a worker answers only after its initializer (the Pipeline load) has run
            pids |= {f.result() for f in [pool.submit(_pid_after, 0.2) for _ in range(2 * self.processes)]}
        return pids

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _pid_after(seconds: float) -> int:
    import os
    import time

    time.sleep(seconds)
    return os.getpid()


def make_coder(processes: int, factory: PipelineFactory | None = None,
               budget: Budget = DEFAULT_BUDGET) -> SerialCoder | PoolCoder:
    return SerialCoder(factory, budget) if processes <= 1 else PoolCoder(processes, factory, budget=budget)
