"""Dask against local worker processes on the same articles, interleaved (A B A B) and repeated.

A local Dask cluster of N single-threaded worker processes (started once, outside the timing, as a
long-lived cluster is) codes the same files as ``run --processes N``, each into a fresh store; both
timings include the workers' first load of the model and lexicons. Prints each run's rate, the median
ratio dask / processes with its range, and one line of JSON at the end.

    .venv/bin/python bench/dask_vs_processes.py ../shared/corpus/bbc/business ../shared/corpus/bbc/politics \
        --limit 400 --workers 2 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from wirecoder.runner.inputs import input_files


def _files(paths: list[str], limit: int) -> list[Path]:
    """An equal share of each path's files, ``limit`` in all (as ``wirecoder bench`` samples)."""
    share = -(-limit // len(paths))
    files: list[Path] = []
    for path in paths:
        files += sorted(input_files([path]))[:share]
    return files[:limit]


def _timed(run, files: list[Path], **options) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        stats = run([str(f) for f in files], Path(folder) / "bench.duckdb", **options)
        return time.perf_counter() - start, stats.articles


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    from distributed import LocalCluster

    from wirecoder.runner import run_dask, run_paths

    files = _files(args.paths, args.limit)
    total = sum(f.stat().st_size for f in files)
    shard_bytes = max(4096, total // (8 * args.workers))  # enough shards to keep every worker busy
    ratios, rows = [], []
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        for round_ in range(args.repeats):
            local_s, local_n = _timed(run_paths, files, processes=args.workers)
            dask_s, dask_n = _timed(run_dask, files, scheduler=cluster.scheduler_address, shard_bytes=shard_bytes)
            ratio = (dask_n / dask_s) / (local_n / local_s)
            ratios.append(ratio)
            rows.append({"round": round_ + 1, "processes_rate": local_n / local_s, "dask_rate": dask_n / dask_s,
                         "ratio": ratio})
            print(f"round {round_ + 1}: --processes {args.workers} {local_n / local_s:.1f} articles/s, "
                  f"dask {args.workers} workers {dask_n / dask_s:.1f} articles/s, ratio {ratio:.2f}", flush=True)
    median = statistics.median(ratios)
    print(f"dask / processes: median {median:.2f} (range {min(ratios):.2f}-{max(ratios):.2f}) on {len(files)} "
          f"articles, {args.workers} workers")
    print(json.dumps({"bench": "dask_vs_processes", "articles": len(files), "workers": args.workers,
                      "median_ratio": round(median, 3), "min_ratio": round(min(ratios), 3),
                      "max_ratio": round(max(ratios), 3), "rounds": rows}))


if __name__ == "__main__":
    sys.exit(main())
