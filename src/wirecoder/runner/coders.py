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

from wirecoder.errors import WirecoderError
from wirecoder.model import Article
from wirecoder.runner.work import BlockResult, PipelineFactory, code_block, init_worker


class Later:
    """A block coded when its result is asked for (serial runs)."""

    def __init__(self, articles: list[Article], factory: PipelineFactory | None):
        self.articles, self.factory = articles, factory

    def result(self) -> BlockResult:
        return code_block(self.articles, self.factory)


class SerialCoder:
    """Code in this process; the Pipeline loads on the first block that needs it."""

    window = 1

    def __init__(self, factory: PipelineFactory | None = None):
        self.factory = factory

    def submit(self, articles: list[Article]) -> Later:
        return Later(articles, self.factory)

    def warm(self) -> set[int]:
        import os

        from wirecoder.runner.work import get_pipeline

        get_pipeline(self.factory)
        return {os.getpid()}

    def close(self) -> None:
        pass


class PoolResult:
    def __init__(self, future: Future):
        self.future = future

    def result(self) -> BlockResult:
        try:
            return self.future.result()
        except BrokenProcessPool as exc:
            raise WirecoderError("a worker process died (out of memory, or killed); "
                                 "run again to resume where it stopped") from exc


class PoolCoder:
    """Code in ``processes`` spawned workers, each with its own Pipeline, started on first use."""

    def __init__(self, processes: int, factory: PipelineFactory | None = None, window: int | None = None):
        self.processes = processes
        self.factory = factory
        self.window = window or 2 * processes
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, articles: list[Article]) -> PoolResult | Later:
        if not articles:
            return Later([], self.factory)  # nothing to code: no need to wake a worker
        return PoolResult(self._start().submit(code_block, articles, self.factory))

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


def make_coder(processes: int, factory: PipelineFactory | None = None) -> SerialCoder | PoolCoder:
    return SerialCoder(factory) if processes <= 1 else PoolCoder(processes, factory)
