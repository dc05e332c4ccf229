"""Keeping one article from stalling or killing a worker: a time limit, an address-space cap, a watchdog.

``Guard`` is entered once per block; ``guard.start(article)`` arms it for the next article:
- the time limit is a real-time interval timer whose SIGALRM raises ``ArticleTimeout`` in the
  coding code (only where coding runs on the process's main thread: signals go there;
  a Dask worker thread gets the watchdog only);
- the memory cap (main thread only, as the timer) lowers the soft RLIMIT_AS to what the process maps now plus the budget, so
  an allocation past it raises MemoryError instead of growing until the OOM killer comes;
  the previous limit is put back when the block is done;
- the watchdog, a thread, names an article still being coded after ``warn_after`` seconds,
  on stderr, while it runs (once per article).
"""

from __future__ import annotations

import resource
import signal
import sys
import threading
import time
from types import FrameType

from wirecoder.model import Article
from wirecoder.runner.settings import Budget


class ArticleTimeout(Exception):
    """An article ran past its time budget."""


def mapped_bytes() -> int | None:
    """The process's virtual memory size now (Linux /proc), or None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


def article_label(article: Article) -> str:
    name = article.title or " ".join(article.text[:200].split())
    return f"{name[:60]!r} ({article.id})"


def stderr_warning(message: str) -> None:
    print(f"Warning: {message}", file=sys.stderr, flush=True)


class Guard:
    def __init__(self, budget: Budget, warn=stderr_warning) -> None:
        self.budget = budget
        self.warn = warn
        self.timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        self._old_handler = None
        self._old_limit: tuple[int, int] | None = None
        self._current: tuple[Article, float] | None = None
        self._warned: str | None = None
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None

    def __enter__(self) -> Guard:
        if self.timed and self.budget.seconds:
            self._old_handler = signal.signal(signal.SIGALRM, self._ring)
        # The cap is process-wide: off the main thread (a Dask worker) it would starve the worker's own threads.
        main = threading.current_thread() is threading.main_thread()
        if self.budget.memory_mb and sys.platform.startswith("linux") and main:
            self._old_limit = resource.getrlimit(resource.RLIMIT_AS)
        if self.budget.warn_after:
            self._watchdog = threading.Thread(target=self._watch, name="wirecoder-watchdog", daemon=True)
            self._watchdog.start()
        return self

    def start(self, article: Article) -> None:
        """The next article begins: rearm the timer and the cap."""
        self._current = (article, time.monotonic())
        if self._old_handler is not None:
            signal.setitimer(signal.ITIMER_REAL, self.budget.seconds)
        if self._old_limit is not None:
            mapped = mapped_bytes()
            if mapped is not None:
                soft, hard = self._old_limit
                cap = mapped + self.budget.memory_mb * 1024 * 1024
                if hard != resource.RLIM_INFINITY:
                    cap = min(cap, hard)
                if soft != resource.RLIM_INFINITY:
                    cap = min(cap, soft)  # never loosen a cap the user set (ulimit -v)
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))

    def pause(self) -> None:
        """Between articles (their results are handled): no timer, the cap lifted."""
        self._current = None
        if self._old_handler is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if self._old_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, self._old_limit)

    def __exit__(self, *exc: object) -> None:
        self.pause()
        self._stop.set()
        if self._old_handler is not None:
            signal.signal(signal.SIGALRM, self._old_handler)
        if self._watchdog is not None:
            self._watchdog.join(timeout=1.0)

    def _ring(self, _signum: int, _frame: FrameType | None) -> None:
        raise ArticleTimeout(f"over the time budget of {self.budget.seconds:g} s")

    def _watch(self) -> None:
        step = min(1.0, self.budget.warn_after / 4)
        while not self._stop.wait(step):
            current = self._current
            if current is None:
                continue
            article, began = current
            running = time.monotonic() - began
            if running >= self.budget.warn_after and self._warned != article.id:
                self._warned = article.id
                self.warn(f"article {article_label(article)} still being coded after {running:.0f} s "
                          f"(skipped at {self.budget.seconds:g} s)")
