"""Where N processes lose against one: the costs a parallel run adds, measured one by one.

    python bench/parallel_costs.py ../shared/corpus/bbc/business ../shared/corpus/bbc/politics --limit 400
    python bench/parallel_costs.py ... --limit 400 --dask      # also Dask (2 local workers) vs --processes 2

1. start-up: what a worker pays before its first article (model, lexicons, gazetteer), and its RSS;
2. per block (``DEFAULT_BATCH`` articles, coded here with ``code_block``): coding time, the size and
   time of pickling the ``BlockResult`` a worker sends back (dumps + loads), the single writer's
   ``Store.write`` time, and the duplicate screen's;
3. what those mean on K workers: the main process's serial share (reading, screening, unpickling,
   writing) against the coding it has to keep up with, and the makespan of the block schedule the
   runner uses (in order, ``2K`` blocks in flight) against a perfect split (batch imbalance);
4. with ``--dask``: the same files through ``run_dask`` on a 2-worker ``LocalCluster`` against
   ``run_paths(processes=2)``, workers warmed first in both, interleaved.
Figures are seconds of one run on whatever machine this is: compare them with each other.
"""

from __future__ import annotations

import argparse
import heapq
import json
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path


def startup() -> dict:
    from wirecoder.runner.work import peak_rss_mb

    t0 = time.perf_counter()
    from wirecoder.nlp import load_nlp

    nlp = load_nlp()
    t1 = time.perf_counter()
    from wirecoder.actors import load_lexicon
    from wirecoder.events import load_verb_lexicon

    load_lexicon(), load_verb_lexicon()
    t2 = time.perf_counter()
    from wirecoder import where

    where.Gazetteer.load()
    t3 = time.perf_counter()
    from wirecoder.pipeline import Pipeline

    Pipeline(nlp=nlp)
    t4 = time.perf_counter()
    return {"imports_and_model_s": round(t1 - t0, 2), "lexicons_s": round(t2 - t1, 2),
            "gazetteer_s": round(t3 - t2, 2), "pipeline_rest_s": round(t4 - t3, 2),
            "total_s": round(t4 - t0, 2), "rss_mb": round(peak_rss_mb(), 1)}


def schedule(block_seconds: list[float], workers: int, window: int) -> float:
    """Makespan of blocks handed out in order to the first free worker, at most ``window`` in flight
    beyond the oldest unwritten one (writes assumed instant)."""
    free = [0.0] * workers
    done: list[float] = []
    for i, seconds in enumerate(block_seconds):
        start = heapq.heappop(free)
        if i >= window:  # the block ``window`` back must be written (so finished) first
            start = max(start, max(done[: i - window + 1]))
        end = start + seconds
        done.append(end)
        heapq.heappush(free, end)
    return max(done) if done else 0.0


def blocks(paths: list[str], limit: int) -> dict:
    from wirecoder.bench import load_sample
    from wirecoder.dedup import Deduplicator
    from wirecoder.runner.settings import DEFAULT_BATCH
    from wirecoder.runner.work import code_block, get_pipeline
    from wirecoder.store import Store

    articles = load_sample(paths, 4).articles
    get_pipeline()
    code_block(articles[:2])  # warm
    t = time.perf_counter()
    articles = load_sample(paths, limit).articles
    ingest = time.perf_counter() - t
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.duckdb") as store:
        screen = Deduplicator(store.similar)
        for begin in range(0, len(articles), DEFAULT_BATCH):
            block = articles[begin:begin + DEFAULT_BATCH]
            t = time.perf_counter()
            verdicts = screen.screen(block)
            dedup = time.perf_counter() - t
            originals = [v.article for v in verdicts if v.copy is None]
            t = time.perf_counter()
            result = code_block(originals)
            coding = time.perf_counter() - t
            t = time.perf_counter()
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            dumps = time.perf_counter() - t
            t = time.perf_counter()
            pickle.loads(data)
            loads = time.perf_counter() - t
            signatures = {v.article.id: v.signature for v in verdicts if v.copy is None}
            t = time.perf_counter()
            store.write(result.coded, signatures=signatures, copies=[v.copy for v in verdicts if v.copy])
            write = time.perf_counter() - t
            screen.written(signatures)
            rows.append({"articles": len(block), "coding": coding, "dedup": dedup, "dumps": dumps, "loads": loads,
                         "bytes": len(data), "write": write})
    n = len(articles)
    total = {k: sum(r[k] for r in rows) for k in ("coding", "dedup", "dumps", "loads", "write", "bytes")}
    per_article_ms = {k: round(1000 * total[k] / n, 2) for k in ("coding", "dedup", "dumps", "loads", "write")}
    per_article_ms["ingest"] = round(1000 * ingest / n, 2)
    coding = [r["coding"] for r in rows]
    main_serial = ingest + total["dedup"] + total["loads"] + total["write"]
    out = {"articles": n, "blocks": len(rows), "per_article_ms": per_article_ms,
           "pickle_kb_per_article": round(total["bytes"] / n / 1024, 1),
           "block_coding_s": {"median": round(statistics.median(coding), 2), "min": round(min(coding), 2),
                              "max": round(max(coding), 2)},
           "main_process_serial_s": round(main_serial, 2), "coding_s": round(total["coding"], 2)}
    for k in (2, 4):
        ideal = total["coding"] / k
        makespan = schedule(coding, k, 2 * k)
        out[f"workers_{k}"] = {
            "imbalance_loss": round(1 - ideal / makespan, 3) if makespan else 0.0,
            # on a machine with only k cores the main process's work takes CPU from the workers
            "main_share_of_cpu": round(main_serial / (main_serial + total["coding"] + total["dumps"]), 3),
            "main_busy_vs_coding_wall": round(main_serial / ideal, 3) if ideal else 0.0}
    return out


def dask_vs_processes(files: list[str], repeats: int) -> dict:
    from distributed import Client, LocalCluster

    from wirecoder.runner import run_dask
    from wirecoder.runner.local import Runner
    from wirecoder.runner.work import get_pipeline
    from wirecoder.ingest import read_paths

    found: dict[str, list[float]] = {"processes_2": [], "dask_2": [], "dask_2_small_shards": []}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        t = time.perf_counter()
        client.run(get_pipeline)  # the Pipeline each worker keeps; the first shard then pays nothing
        dask_warm = time.perf_counter() - t
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as tmp:
                with Runner(Path(tmp) / "p.duckdb", processes=2) as runner:
                    t = time.perf_counter()
                    runner.coder.warm()
                    warm = time.perf_counter() - t
                    t = time.perf_counter()
                    runner.run(read_paths(files))
                    found["processes_2"].append(time.perf_counter() - t)
            for key, shard_bytes in (("dask_2", None), ("dask_2_small_shards", 32 * 1024)):
                with tempfile.TemporaryDirectory() as tmp:
                    options = {"shard_bytes": shard_bytes} if shard_bytes else {}
                    t = time.perf_counter()
                    run_dask(files, Path(tmp) / "d.duckdb", cluster.scheduler_address, shards=Path(tmp) / "shards",
                             **options)
                    found[key].append(time.perf_counter() - t)
            print("dask round:", {k: round(v[-1], 1) for k, v in found.items()}, file=sys.stderr, flush=True)
    medians = {k: round(statistics.median(v), 2) for k, v in found.items()}
    return {"seconds": medians, "dask_vs_processes": round(medians["processes_2"] / medians["dask_2"], 3),
            "dask_small_shards_vs_processes": round(medians["processes_2"] / medians["dask_2_small_shards"], 3),
            "pool_warm_s": round(warm, 2), "dask_warm_s": round(dask_warm, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--dask", action="store_true")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    report = {"startup": startup(), "blocks": blocks(args.paths, args.limit)}
    print(json.dumps(report, indent=1), flush=True)
    if args.dask:
        share = -(-args.limit // len(args.paths))
        files = [str(f) for p in args.paths for f in sorted(Path(p).iterdir())[:share] if f.is_file()]
        print(json.dumps({"dask": dask_vs_processes(files[:args.limit], args.repeats)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
