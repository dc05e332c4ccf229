"""What a run tells while it works: the one-time place-index build, and progress over the input files.

On a terminal a bar counts the files read out of all of them, with the articles coded and an ETA; when
stderr is not a terminal (a log, CI, ``nohup``) it prints one plain line every ``LINE_EVERY`` articles.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from wirecoder.cli.console import err

LINE_EVERY = 100  # articles between two progress lines when stderr is not a terminal


def place_index_note() -> str | None:
    """The line to print before a run that will build the place index, or None when it is built already."""
    from wirecoder.where.build import default_index_path
    from wirecoder.where.gazetteer import GAZETTEER_ENV

    if os.environ.get(GAZETTEER_ENV) or default_index_path().exists():
        return None
    return "wirecoder: building the place index once (about a minute); later runs load it in under a second"


class RunProgress:
    """A progress display over ``total_files`` input files; ``file_started`` and ``coded`` feed it."""

    def __init__(self, total_files: int, *, terminal: bool | None = None) -> None:
        self.total_files = total_files
        self.files = 0
        self.articles = 0
        self.terminal = err.is_terminal if terminal is None else terminal
        self._started = time.monotonic()
        self._next_line = LINE_EVERY
        self._bar: Progress | None = None
        self._task = None

    def __enter__(self) -> RunProgress:
        if self.terminal:
            self._bar = Progress(SpinnerColumn(), TextColumn("coding"), BarColumn(bar_width=None),
                                 TextColumn("{task.completed}/{task.total} files · {task.fields[articles]} articles"),
                                 TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                                 console=err, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("coding", total=self.total_files or None, articles=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def file_started(self, _path: Path) -> None:
        # A file is counted once reading moves past it: the one being read is not done yet.
        self.files += 1
        if self._bar is not None:
            self._bar.update(self._task, completed=self.files - 1)

    def note(self, message: str) -> None:
        """A progress line (a long file's reading), above the bar on a terminal."""
        if self._bar is not None:
            self._bar.console.print(f"wirecoder: {message}", highlight=False, markup=False)
        else:
            print(f"wirecoder: {message}", file=sys.stderr, flush=True)

    def coded(self, articles: int) -> None:
        """``articles`` coded (or linked as copies) so far."""
        self.articles = articles
        if self._bar is not None:
            self._bar.update(self._task, articles=articles)
        elif articles >= self._next_line:
            print(self.line(), file=sys.stderr, flush=True)
            self._next_line = (articles // LINE_EVERY + 1) * LINE_EVERY

    def line(self) -> str:
        seconds = time.monotonic() - self._started
        rate = self.articles / seconds if seconds > 0 else 0.0
        return (f"wirecoder: {self.articles} articles coded, {max(self.files - 1, 0)}/{self.total_files} files read, "
                f"{rate:.1f} articles/s, {seconds:.0f} s")
