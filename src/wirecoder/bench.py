"""`wirecoder bench`: how fast the whole pipeline runs against spaCy alone, and where the time goes.

On the same articles it measures, for 1 to K processes:
- the floor (A): ``nlp.pipe`` of the texts through the bare pinned model, none of
  wirecoder's own work (K processes each piping a share of the texts);
- the whole pipeline (B): ingest to store (duplicate screen, coding, writing) into a
  temporary store, with ``processes=k``.
On a shared machine a rate means little alone, so A and B run side by side, A B A B ...,
``repeats`` times, and the ratio of each adjacent pair is what counts: the report gives
the median ratio and its range, each stage's cost as a share of spaCy's parse (1
process), the speed-up of k processes over one and every worker's peak resident memory.
Each measurement runs in a fresh process, models loaded before the clock starts.

``run_scale`` (``bench --scale``) times the pipeline into stores already holding N
articles (synthetic ones, ``wirecoder.store.synthetic``, with duplicate signatures) and
prints the time per article against N: it must stay flat as the store grows.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import statistics
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
# Stages the pipeline times besides the parse ("nlp"), in the order they run.
STAGE_ORDER = ("ingest", "dedup", "actors", "events", "calibrate", "when", "where", "quotes", "store")
SCALE_SIZES = (250, 1000, 2500, 10000)


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


# ---- the arithmetic of repeated, interleaved measurements ---------------------------------------

@dataclass(frozen=True)
class Spread:
    """The median of repeated measurements and their range."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("no measurements")
        return cls(statistics.median(values), min(values), max(values))

    def to_dict(self, digits: int = 3) -> dict[str, float]:
        return {"median": round(self.median, digits), "low": round(self.low, digits),
                "high": round(self.high, digits)}

    def __str__(self) -> str:
        return f"{self.median:.2f} ({self.low:.2f}-{self.high:.2f})"


def after_spacy_shares(timings: dict[str, float]) -> dict[str, float]:
    """Each stage's seconds as a share of the parse's ("nlp"), and their sum as ``after_spacy``."""
    parse = timings.get("nlp", 0.0)
    if parse <= 0:
        return {}
    shares = {stage: timings.get(stage, 0.0) / parse for stage in STAGE_ORDER}
    shares["after_spacy"] = sum(shares.values())
    return shares


def median_shares(runs: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = [k for k in (*STAGE_ORDER, "after_spacy") if any(k in run for run in runs)]
    return {k: round(statistics.median(run.get(k, 0.0) for run in runs), 4) for k in keys}


# ---- measurements, each in its own process -------------------------------------------------

def _spacy_share(texts: list[str], batch_size: int, barrier, results, parent: int) -> None:
    from wirecoder.nlp.model import load_base_model
    from wirecoder.runner.work import die_with_parent, peak_rss_mb

    die_with_parent(parent)
    nlp = load_base_model()
    for _ in nlp.pipe(texts[:4], batch_size=batch_size):  # warm the model
        pass
    barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    results.put({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                 "peak_rss_mb": peak_rss_mb()})


def spacy_alone(texts: list[str], processes: int = 1, batch_size: int = SPACY_BATCH) -> dict[str, Any]:
    """Articles per second of the bare model over ``texts``, split among ``processes``."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [ctx.Process(target=_spacy_share, args=(texts[i::processes], batch_size, barrier, results,
                                                      os.getpid()))
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


def _pipeline_child(articles: list[Article], processes: int, results, parent: int, db: str | None) -> None:
    from wirecoder.runner.local import Runner
    from wirecoder.runner.work import die_with_parent

    die_with_parent(parent)
    with tempfile.TemporaryDirectory() as tmp:
        with Runner(db or Path(tmp) / "bench.duckdb", processes=processes) as runner:
            runner.coder.warm()
            cpu = time.process_time()
            stats = runner.run(articles)
            cpu = time.process_time() - cpu
    # serial: this process did everything; a pool: this process read and wrote, the workers coded
    total_cpu = cpu if processes == 1 else cpu + stats.coding_cpu_seconds
    results.put(stats.to_dict() | {"worker_rss_mb": list(stats.worker_rss_mb.values()), "cpu_seconds": total_cpu})


def pipeline(articles: list[Article], processes: int = 1, db: str | Path | None = None) -> dict[str, Any]:
    """One run of the whole pipeline into ``db`` (default: a temporary store); ``RunStats.to_dict()``
    plus worker RSS."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    child = ctx.Process(target=_pipeline_child,
                        args=(articles, processes, results, os.getpid(), str(db) if db is not None else None))
    child.start()
    found = results.get()
    child.join()
    return found


# ---- the whole benchmark ------------------------------------------------------------------

@dataclass
class BenchResult:
    articles: int
    repeats: int
    ratio: Spread  # pipeline / spaCy alone, 1 process, over the repeated pairs
    pipeline_aps: float  # medians, 1 process
    spacy_aps: float
    cpu_ratio: float  # median ratio of CPU seconds (spaCy alone / pipeline), 1 process
    peak_rss_mb: float  # the largest worker's, over every run
    stages: dict[str, float]  # each stage's seconds as a share of spaCy's parse, 1 process (medians)
    seconds: dict[str, float]  # median seconds per stage, 1 process, "nlp" included
    scaling: list[dict[str, Any]] = field(default_factory=list)  # one row per process count

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "repeats": self.repeats, "ratio": round(self.ratio.median, 3),
                "ratio_range": [round(self.ratio.low, 3), round(self.ratio.high, 3)],
                "pipeline_aps": round(self.pipeline_aps, 3), "spacy_aps": round(self.spacy_aps, 3),
                "cpu_ratio": round(self.cpu_ratio, 3), "peak_rss_mb": round(self.peak_rss_mb, 1),
                "stages": self.stages, "stage_seconds": self.seconds, "scaling": self.scaling,
                "cores": os.cpu_count(), "load_average": _load_average()}


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _plural(k: int) -> str:
    return f"{k} process{'es' if k > 1 else ''}"


def summarise(runs: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]], n: int,
              ingest_seconds: float) -> BenchResult:
    """The report from measured (spaCy alone, pipeline) pairs per process count."""
    scaling = []
    one_aps = None
    for k in sorted(runs):
        pairs = runs[k]
        ratios, aps, floors, cpu_ratios, rss, spacy_rss = [], [], [], [], [], []
        for floor, run in pairs:
            # the sample was read once, up front: its reading time belongs to every run
            seconds = run["seconds"] + ingest_seconds
            aps.append(n / seconds)
            floors.append(floor["aps"])
            ratios.append(aps[-1] / floor["aps"])
            cpu_ratios.append(floor["cpu_seconds"] / (run["cpu_seconds"] + ingest_seconds))
            rss.append(max(run["worker_rss_mb"], default=run["peak_rss_mb"]))
            spacy_rss.append(floor["peak_rss_mb"])
        ratio = Spread.of(ratios)
        row = {"processes": k, "ratio": ratio.to_dict(), "pipeline_aps": round(statistics.median(aps), 3),
               "spacy_aps": round(statistics.median(floors), 3),
               "cpu_ratio": round(statistics.median(cpu_ratios), 3), "peak_rss_mb": round(max(rss), 1),
               "spacy_peak_rss_mb": round(max(spacy_rss), 1), "events": pairs[0][1]["events"]}
        if one_aps is None:
            one_aps = statistics.median(aps)
        row["speedup"] = round(statistics.median(aps) / one_aps, 3)
        scaling.append(row)
    first = min(runs)
    timings = []
    for _, run in runs[first]:
        spent = dict(run["timings"])
        spent["ingest"] = spent.get("ingest", 0.0) + ingest_seconds
        timings.append(spent)
    seconds = {k: round(statistics.median(t.get(k, 0.0) for t in timings), 3) for k in ("nlp", *STAGE_ORDER)}
    one = scaling[0]
    return BenchResult(articles=n, repeats=len(runs[first]), ratio=Spread(**one["ratio"]),
                       pipeline_aps=one["pipeline_aps"], spacy_aps=one["spacy_aps"], cpu_ratio=one["cpu_ratio"],
                       peak_rss_mb=max(r["peak_rss_mb"] for r in scaling),
                       stages=median_shares([after_spacy_shares(t) for t in timings]), seconds=seconds,
                       scaling=scaling)


def _sample(paths: Sequence[str | Path], limit: int | None, warn) -> Sample:
    """The sample, read twice: the first read pays the readers' one-off start-up (detectors, tables), which
    every process pays once, not per article; the second is the ingest time charged to each run."""
    load_sample(paths, min(limit or 4, 4), warn)
    sample = load_sample(paths, limit, warn)
    if not sample.articles:
        from wirecoder.errors import InputError

        raise InputError("nothing to benchmark: no articles read")
    return sample


def run_bench(paths: Sequence[str | Path], limit: int | None = 400, processes: int = 2, repeats: int = 3,
              warn=None, report=None, batch_size: int = SPACY_BATCH, floor=None, whole=None) -> BenchResult:
    """Measure 1..``processes`` processes on the same sample, interleaved and repeated: each round runs,
    for each process count, spaCy alone then the pipeline, so whatever load the machine has at a
    moment falls on both members of a pair alike.  ``report(line)`` hears each measurement;
    ``floor(texts, k)`` and ``whole(articles, k)`` replace the two measurements (tests)."""
    say = report or (lambda line: None)
    floor = floor or (lambda texts, k: spacy_alone(texts, k, batch_size))
    whole = whole or pipeline
    sample = _sample(paths, limit, warn)
    articles = sample.articles
    n = len(articles)
    say(f"{n} articles read in {sample.ingest_seconds:.2f} s")
    texts = [a.text for a in articles]
    runs: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]] = {k: [] for k in range(1, max(1, processes) + 1)}
    for repeat in range(max(1, repeats)):
        for k in runs:
            alone = floor(texts, k)
            run = whole(articles, k)
            aps = n / (run["seconds"] + sample.ingest_seconds)
            say(f"round {repeat + 1}, {_plural(k)}: spaCy alone {alone['aps']:.2f} art/s, pipeline {aps:.2f} art/s,"
                f" ratio {aps / alone['aps']:.3f}")
            runs[k].append((alone, run))
    return summarise(runs, n, sample.ingest_seconds)


# ---- cost against store size ---------------------------------------------------------------

def prefill_store(db: str | Path, size: int, block: int = 250) -> None:
    """Write ``size`` synthetic coded articles, with their duplicate signatures, into ``db``."""
    from wirecoder.dedup.minhash import signature
    from wirecoder.store import Store
    from wirecoder.store.synthetic import synthetic_article

    with Store(db) as store:
        for begin in range(0, size, block):
            coded = [synthetic_article(i) for i in range(begin, min(size, begin + block))]
            store.write(coded, signatures={c.article.id: signature(c.article.text) for c in coded})


def per_article(run: dict[str, Any], n: int) -> dict[str, float]:
    """Milliseconds per article: the whole run, and the part that may grow with the store."""
    timings = run["timings"]
    return {"ms": 1000 * run["seconds"] / n,
            "store_dedup_ms": 1000 * (timings.get("store", 0.0) + timings.get("dedup", 0.0)) / n}


def summarise_scale(measured: dict[int, list[dict[str, float]]]) -> list[dict[str, Any]]:
    rows = []
    base = None
    for size in sorted(measured):
        total = Spread.of([m["ms"] for m in measured[size]])
        growing = Spread.of([m["store_dedup_ms"] for m in measured[size]])
        base = base or total.median
        rows.append({"stored": size, "ms_per_article": total.to_dict(1), "store_dedup_ms": growing.to_dict(2),
                     "vs_smallest": round(total.median / base, 3)})
    return rows


def run_scale(paths: Sequence[str | Path], limit: int | None = 50, sizes: Sequence[int] = SCALE_SIZES,
              repeats: int = 2, warn=None, report=None, whole=None) -> list[dict[str, Any]]:
    """Per-article time of the pipeline (1 process) into stores already holding each of ``sizes``
    articles; the sizes interleaved in every round, each run on a fresh copy of its store.
    ``whole(articles, processes, db)`` replaces the measured run (tests)."""
    say = report or (lambda line: None)
    whole = whole or pipeline
    sample = _sample(paths, limit, warn)
    n = len(sample.articles)
    measured: dict[int, list[dict[str, float]]] = {size: [] for size in sorted(set(sizes))}
    with tempfile.TemporaryDirectory() as tmp:
        filled = {}
        for size in measured:
            start = time.perf_counter()
            filled[size] = Path(tmp) / f"filled-{size}.duckdb"
            prefill_store(filled[size], size)
            say(f"store of {size} synthetic articles written in {time.perf_counter() - start:.1f} s")
        for repeat in range(max(1, repeats)):
            for size in measured:
                db = Path(tmp) / "run.duckdb"
                shutil.copyfile(filled[size], db)
                found = per_article(whole(sample.articles, 1, db), n)
                db.unlink()
                measured[size].append(found)
                say(f"round {repeat + 1}, {size} stored: {found['ms']:.1f} ms/article, "
                    f"store+dedup {found['store_dedup_ms']:.2f} ms/article")
    return summarise_scale(measured)
