"""What a run lost, article by article: the end-of-run counts and the ``--report`` JSONL file.

Ingest reports the articles its limits cut or that it skipped (``read_paths(on_loss=...)``, already
warned about); the runner those left out while coding (over budget, failed, their worker died),
which ``coding`` warns about. Each loss is one JSON line in the report file, written and flushed as
it happens, so a run that is killed still leaves the lines of what it met before.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.model import Loss

KINDS = ("cut", "skipped", "failed")


class LossReport:
    def __init__(self, path: Path | None = None, warn: Callable[[str], None] | None = None) -> None:
        self.warn = warn
        self.by_reason: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
        self._articles: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self._file = None
        if path is not None:
            try:
                self._file = path.open("w", encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write the report {path}: {exc.strerror or exc}") from None

    def ingest(self, loss: Loss) -> None:
        """A loss ingest met (and warned about)."""
        self.record(loss)

    def coding(self, loss: Loss) -> None:
        """A loss the runner met: warned here."""
        if self.warn is not None:
            self.warn(loss.message)
        self.record(loss)

    def record(self, loss: Loss) -> None:
        self.by_reason[loss.kind][loss.reason] += 1
        self._articles[loss.kind].add(loss.article_id or f"#{sum(self.by_reason[loss.kind].values())}")
        if self._file is not None:
            self._file.write(json.dumps(loss.to_dict(), ensure_ascii=False) + "\n")
            self._file.flush()

    def articles(self, kind: str) -> int:
        """Articles with at least one loss of this kind (an article cut by two limits counts once)."""
        return len(self._articles[kind])

    def rows(self) -> list[tuple[str, str]]:
        """(label, "count (reason count, ...)") for the run's summary table, one per kind."""
        rows = []
        for kind in KINDS:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.by_reason[kind].items()))
            rows.append((f"articles {kind}", f"{self.articles(kind)}" + (f" ({reasons})" if reasons else "")))
        return rows

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> LossReport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
