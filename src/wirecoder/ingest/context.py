"""What a reader knows about the file it reads: its path, the limits, and where warnings go."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wirecoder.ingest.settings import IngestSettings
from wirecoder.model import Article, Loss

Warn = Callable[[str], None]


class Skip(Exception):
    """Raised by a reader to give up on the whole file; the message says why, in a few words."""


@dataclass
class FileContext:
    path: Path
    settings: IngestSettings
    sink: Warn
    source: str | None = None  # the user's --source: the outlet of records that do not name theirs (outlet.py)
    on_progress: Warn | None = None  # hears how far a long file has got (progress, not a warning)
    on_loss: Callable[[Loss], None] | None = None  # hears of every article cut or skipped (the run's report)
    pending_cuts: list[tuple[str, str]] = field(default_factory=list, init=False)  # (limit, message) of the next article
    first_warning: str | None = field(default=None, init=False)  # for the "nothing read" error
    suppressed: int = field(default=0, init=False)
    _count: int = field(default=0, init=False)

    def warn(self, message: str) -> None:
        """One line about this file (the path is prepended)."""
        self.sink(f"{self.path}: {message}")

    def warn_record(self, message: str, line: int | None = None) -> None:
        """A line about one record (a bad JSONL line, a non-English article); capped per file.

        With ``line`` it reads "path:12: message", as compilers put it.
        """
        self._count += 1
        self.first_warning = self.first_warning or message
        if self._count > self.settings.max_warnings_per_file:
            self.suppressed += 1
        elif line is None:
            self.warn(message)
        else:
            self.sink(f"{self.path}:{line}: {message}")

    def progress(self, message: str) -> None:
        """A progress line about this file (the path is prepended); the warning sink if no other."""
        (self.on_progress or self.sink)(f"{self.path}: {message}")

    def limit_hit(self, limit: str, message: str) -> None:
        """A limit cut the article being built (the next one a reader yields): warn, and report it with that article."""
        self.warn_record(message)
        self.pending_cuts.append((limit, message))

    def cut(self, article: Article, notes: list[tuple[str, str]]) -> None:
        """Report the article's cuts: those announced while it was built, then ``notes`` (already warned)."""
        for limit, message in [*self.pending_cuts, *notes]:
            self.lost(Loss("cut", limit, message, article.id, article.title[:200], str(self.path)))
        self.pending_cuts.clear()

    def skip(self, article: Article, reason: str, message: str) -> None:
        self.pending_cuts.clear()
        self.lost(Loss("skipped", reason, message, article.id, article.title[:200], str(self.path)))

    def lost(self, loss: Loss) -> None:
        if self.on_loss is not None:
            self.on_loss(loss)

    def finish(self) -> None:
        if self.suppressed:
            self.warn(f"{self.suppressed} more warnings like the above not shown")
            self.suppressed = 0
