"""`wirecoder bench`: how fast the whole pipeline runs against spaCy alone, and where the time goes.

On the same articles it measures, for 1 to K processes:
- the floor: ``nlp.pipe`` of the texts through the bare pinned model, the same spaCy
  components the pipeline runs, none of wirecoder's own work (K processes each
  piping a share of the texts);
- the whole pipeline: ingest to store (duplicate screen, coding, writing) into a
  temporary store, with ``processes=k`` (1 is the default serial run);
in articles per second, their ratio, each stage's share of the single-process
time, and every worker's peak resident memory.  Each measurement runs in a fresh
process, models loaded before the clock starts, so one does not warm or bloat the
next.  With ``--json`` the last line printed is one JSON object.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from wirecoder.ingest import read_paths
from wirecoder.model import Article

SPACY_BATCH = 16  # the Pipeline's nlp.pipe batch size


@dataclass
class Sample:
    articles: list[Article]
    ingest_seconds: float


def load_sample(paths: Sequence[str | Path], limit: int | None, warn=None) -> Sample:
    """Up to ``limit`` articles, an equal share from each path (timed: that is the ingest stage)."""
    start = time.perf_counter()
    if limit is None:
        articles = list(read_paths(paths, warn=warn))
    else:
        share = math.ceil(limit / max(len(paths), 1))
        articles = []
        for path in paths:
            articles += islice(read_paths([path], warn=warn), share)
        articles = articles[:limit]
    return Sample(articles, time.perf_counter() - start)


# ---- measurements, each in its own process -------------------------------------------------

def _spacy_share(texts: list[str], barrier, results, parent: int) -> None:
    from wirecoder.nlp.model import load_base_model
    from wirecoder.runner.work import die_with_parent, peak_rss_mb

    die_with_parent(parent)
    nlp = load_base_model()
    for _ in nlp.pipe(texts[:4], batch_size=SPACY_BATCH):  # warm the model
        pass
    barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=SPACY_BATCH):
        pass
    results.put({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                 "peak_rss_mb": peak_rss_mb()})


def spacy_alone(texts: list[str], processes: int = 1) -> dict[str, Any]:
    """Articles per second of the bare model over ``texts``, split among ``processes``."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [ctx.Process(target=_spacy_share, args=(texts[i::processes], barrier, results, os.getpid()))
               for i in range(processes)]
    for w in workers:
        w.start()
    shares = [results.get() for _ in workers]
    for w in workers:
        w.join()
    seconds = max(s["seconds"] for s in shares)
    cpu = sum(s["cpu_seconds"] for s in shares)
    return {"aps": len(texts) / seconds, "seconds": seconds, "cpu_seconds": cpu,
            "peak_rss_mb": max(s["peak_rss_mb"] for s in shares)}


def _pipeline_child(articles: list[Article], processes: int, results, parent: int) -> None:
    from wirecoder.runner.local import Runner
    from wirecoder.runner.work import die_with_parent

    die_with_parent(parent)
    with tempfile.TemporaryDirectory() as tmp:
        with Runner(Path(tmp) / "bench.duckdb", processes=processes) as runner:
            runner.coder.warm()
            cpu = time.process_time()
            stats = runner.run(articles)
            cpu = time.process_time() - cpu
    # serial: this process did everything; a pool: this process read and wrote, the workers coded
    total_cpu = cpu if processes == 1 else cpu + stats.coding_cpu_seconds
    results.put(stats.to_dict() | {"worker_rss_mb": list(stats.worker_rss_mb.values()), "cpu_seconds": total_cpu})


def pipeline(articles: list[Article], processes: int = 1) -> dict[str, Any]:
    """One run of the whole pipeline into a temporary store (``RunStats.to_dict()`` plus worker RSS)."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    child = ctx.Process(target=_pipeline_child, args=(articles, processes, results, os.getpid()))
    child.start()
    found = results.get()
    child.join()
    return found


# ---- the whole benchmark ------------------------------------------------------------------

@dataclass
class BenchResult:
    articles: int
    pipeline_aps: float
    spacy_aps: float
    ratio: float
    cpu_ratio: float  # the ratio of CPU seconds per article (spaCy alone / pipeline), 1 process
    peak_rss_mb: float
    stages: dict[str, float]  # share of the single-process time, ingest and store included
    seconds: dict[str, float]  # the same, in seconds
    scaling: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "pipeline_aps": round(self.pipeline_aps, 3),
                "spacy_aps": round(self.spacy_aps, 3), "ratio": round(self.ratio, 3),
                "cpu_ratio": round(self.cpu_ratio, 3),
                "peak_rss_mb": round(self.peak_rss_mb, 1), "stages": self.stages, "stage_seconds": self.seconds,
                "scaling": self.scaling}


STAGE_ORDER = ("ingest", "nlp", "actors", "events", "calibrate", "when", "where", "quotes", "dedup", "store")


def run_bench(paths: Sequence[str | Path], limit: int | None = 400, processes: int = 2, warn=None,
              report=None) -> BenchResult:
    """Measure 1..``processes`` processes on the same sample; ``report(line)`` hears progress."""
    say = report or (lambda line: None)
    sample = load_sample(paths, limit, warn)
    articles = sample.articles
    n = len(articles)
    if n == 0:
        from wirecoder.errors import InputError

        raise InputError("nothing to benchmark: no articles read")
    say(f"{n} articles read in {sample.ingest_seconds:.2f} s")
    texts = [a.text for a in articles]
    scaling = []
    first: dict[str, Any] = {}
    for k in range(1, max(1, processes) + 1):
        floor = spacy_alone(texts, k)
        say(f"spaCy alone, {k} process{'es' if k > 1 else ''}: {floor['aps']:.2f} articles/s")
        run = pipeline(articles, k)
        # the sample was read once, up front: its reading time belongs to every run
        seconds = run["seconds"] + sample.ingest_seconds
        aps = n / seconds
        rss = max(run["worker_rss_mb"], default=run["peak_rss_mb"])
        say(f"pipeline, {k} process{'es' if k > 1 else ''}: {aps:.2f} articles/s, peak RSS {rss:.0f} MB per worker")
        # CPU seconds per article, summed over processes: the same comparison, blind to other load
        cpu_ratio = floor["cpu_seconds"] / (run["cpu_seconds"] + sample.ingest_seconds)
        row = {"processes": k, "pipeline_aps": round(aps, 3), "spacy_aps": round(floor["aps"], 3),
               "ratio": round(aps / floor["aps"], 3), "cpu_ratio": round(cpu_ratio, 3),
               "pipeline_cpu_s": round(run["cpu_seconds"] + sample.ingest_seconds, 2),
               "spacy_cpu_s": round(floor["cpu_seconds"], 2), "peak_rss_mb": round(rss, 1),
               "spacy_peak_rss_mb": round(floor["peak_rss_mb"], 1), "events": run["events"]}
        if k == 1:
            first = run | {"aps": aps, "spacy_aps": floor["aps"], "rss": rss, "wall": seconds,
                           "cpu_ratio": cpu_ratio}
            row["speedup"] = 1.0
        else:
            row["speedup"] = round(aps / scaling[0]["pipeline_aps"], 3)
        scaling.append(row)

    timings = dict(first["timings"])
    timings["ingest"] = timings.get("ingest", 0.0) + sample.ingest_seconds
    wall = first["wall"]
    spent = {stage: round(timings.get(stage, 0.0), 3) for stage in STAGE_ORDER}
    spent["other"] = round(max(0.0, wall - sum(spent.values())), 3)
    shares = {stage: round(sec / wall, 4) for stage, sec in spent.items()}
    return BenchResult(articles=n, pipeline_aps=first["aps"], spacy_aps=first["spacy_aps"],
                       ratio=first["aps"] / first["spacy_aps"], cpu_ratio=first["cpu_ratio"],
                       peak_rss_mb=max(r["peak_rss_mb"] for r in scaling), stages=shares, seconds=spent,
                       scaling=scaling)
