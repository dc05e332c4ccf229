"""The input files of a run, in the order ``wirecoder.ingest.read_paths`` reads them.

The Dask engine makes one shard per file and the watcher polls them, so both list
files the way ingest walks folders: recursively, sorted, hidden names skipped,
symlinked folders not followed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from wirecoder.errors import InputError


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(f"No such file or directory: {path}")
        files.extend(walk(path) if path.is_dir() else [path])
    return files


def walk(directory: Path) -> list[Path]:
    found: list[Path] = []
    for root, folders, names in os.walk(directory):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found.extend(Path(root) / name for name in names if not name.startswith("."))
    return sorted(p for p in found if p.is_file())
