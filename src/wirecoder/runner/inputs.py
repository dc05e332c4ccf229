"""The input files of a run, in the order ``wirecoder.ingest.read_paths`` reads them.

The Dask engine makes one shard per file and the watcher polls them, so both list
files the way ingest walks folders: recursively, sorted, hidden names skipped,
symlinked folders not followed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.ingest.readers import walk_folder as walk  # the one folder walk ingest uses


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(f"No such file or directory: {path}")
        files.extend(walk(path) if path.is_dir() else [path])
    return files
