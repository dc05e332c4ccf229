"""Code files as they arrive in a folder, by polling.

Each round lists the folder (as ingest walks it), takes the files that are new or
changed since the last round and have not changed for ``settle`` seconds (a file
still being written is left for a later round), and codes them.  The store is
opened only while a round has something to code, so readers (the web UI,
``wirecoder events``) get in between; a worker pool, if any, stays up between
rounds.  Already-stored articles are skipped as in any run, so restarting the
watcher (or touching a file) costs reading, not coding.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.ingest import read_paths
from wirecoder.runner.inputs import walk
from wirecoder.runner.local import Runner
from wirecoder.runner.stats import RunStats

Stamp = tuple[int, int]  # (size, mtime in ns)


def changed_files(directory: Path, seen: dict[Path, Stamp], settle: float, now: float | None = None) -> list[Path]:
    """Files new or changed since ``seen`` and quiet for ``settle`` seconds."""
    now = time.time() if now is None else now
    ready = []
    for path in walk(directory):
        try:
            info = path.stat()
        except OSError:
            continue  # gone between listing and looking
        stamp = (info.st_size, info.st_mtime_ns)
        if seen.get(path) != stamp and now - info.st_mtime >= settle:
            ready.append(path)
    return ready


def watch(directory: str | Path, db: str | Path, *, interval: float = 2.0, settle: float = 1.0,
          once: bool = False, timeout: float | None = None, warn: Callable[[str], None] | None = None,
          on_round: Callable[[list[Path], RunStats], None] | None = None, **options) -> RunStats:
    """Poll ``directory`` every ``interval`` seconds and code what arrives into ``db``.

    Stops after the first round with ``once``, after ``timeout`` seconds, or on Ctrl-C
    (KeyboardInterrupt: the round in progress has stored whole blocks; the rest is
    coded next time).  ``options`` go to ``Runner`` (processes, batch, dedup, ...).
    Returns the totals over all rounds.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"No such directory: {directory}")
    seen: dict[Path, Stamp] = {}
    total = RunStats()
    deadline = None if timeout is None else time.monotonic() + timeout
    with Runner(db, **options) as runner:
        while True:
            files = changed_files(directory, seen, 0.0 if once else settle)
            if files:
                stamps = {}
                for f in files:
                    try:
                        stamps[f] = (f.stat().st_size, f.stat().st_mtime_ns)
                    except OSError:
                        pass
                try:
                    stats = runner.run(read_paths(files, warn=warn))
                except InputError as exc:  # nothing readable in this round's files: say so, keep watching
                    if warn is not None:
                        warn(str(exc))
                    stats = RunStats()
                seen.update(stamps)
                total.add(stats)
                if on_round is not None:
                    on_round(files, stats)
            if once or (deadline is not None and time.monotonic() >= deadline):
                return total
            pause = interval if deadline is None else max(0.0, min(interval, deadline - time.monotonic()))
            time.sleep(pause)
