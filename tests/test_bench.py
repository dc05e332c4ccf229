"""`wirecoder bench`: the sample, the interleaved schedule, the arithmetic of its report, the store-size mode
and the --json line.  Timings themselves are never asserted: the measurements are replaced by fakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_runner import CLI, write_corpus
from wirecoder.bench import (Spread, after_spacy_shares, load_sample, prefill_store, run_bench, run_scale,
                             summarise)
from wirecoder.store import Store


def test_sample_takes_an_equal_share_from_each_path(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 5)
    write_corpus(tmp_path / "b", 5, start=5)
    sample = load_sample([tmp_path / "a", tmp_path / "b"], limit=4)
    assert [a.title.rsplit(" ", 1)[1] for a in sample.articles] == ["0", "1", "5", "6"]
    assert sample.ingest_seconds >= 0
    assert len(load_sample([tmp_path / "a"], limit=None).articles) == 5


def test_spread_is_the_median_and_the_range() -> None:
    spread = Spread.of([0.9, 0.7, 0.8, 1.2])
    assert (spread.median, spread.low, spread.high) == (pytest.approx(0.85), 0.7, 1.2)
    assert Spread.of([0.5]).median == 0.5
    with pytest.raises(ValueError):
        Spread.of([])


def test_stage_shares_are_of_the_parse() -> None:
    shares = after_spacy_shares({"nlp": 10.0, "events": 0.5, "where": 0.25, "store": 0.25, "unknown": 9.0})
    assert shares["events"] == pytest.approx(0.05) and shares["where"] == pytest.approx(0.025)
    assert shares["quotes"] == 0.0
    assert shares["after_spacy"] == pytest.approx(0.1)  # stages not in STAGE_ORDER are not counted
    assert after_spacy_shares({"events": 1.0}) == {}  # no parse timed: no shares


def _run(seconds: float, nlp: float, rss: float = 300.0) -> dict:
    return {"seconds": seconds, "cpu_seconds": seconds, "timings": {"nlp": nlp, "events": nlp / 10},
            "worker_rss_mb": [rss], "peak_rss_mb": rss, "events": 7}


def _floor(seconds: float) -> dict:
    return {"aps": 10 / seconds, "seconds": seconds, "cpu_seconds": seconds, "peak_rss_mb": 250.0}


def test_summary_takes_pairwise_ratios_and_their_median() -> None:
    # 10 articles; pairs at different machine loads: the ratio of each pair is what is kept
    runs = {1: [(_floor(1.0), _run(2.0, 1.0)), (_floor(2.0), _run(2.5, 2.0)), (_floor(4.0), _run(5.0, 4.0))],
            2: [(_floor(0.5), _run(1.0, 0.9, rss=320.0))] * 3}
    result = summarise(runs, 10, ingest_seconds=0.0)
    assert (result.ratio.median, result.ratio.low, result.ratio.high) == (0.8, 0.5, 0.8)
    assert result.repeats == 3
    two = result.scaling[1]
    assert two["ratio"]["median"] == 0.5
    assert two["speedup"] == pytest.approx(10.0 / (10 / 2.5), rel=1e-3)  # median rates: 10 vs 4 art/s
    assert result.peak_rss_mb == 320.0
    assert result.stages["events"] == pytest.approx(0.1) and result.seconds["nlp"] == 2.0
    assert json.loads(json.dumps(result.to_dict()))["ratio_range"] == [0.5, 0.8]


def test_bench_interleaves_spacy_alone_and_pipeline(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 4)
    order = []

    def floor(texts, k):
        order.append(("spacy", k))
        return _floor(1.0)

    def whole(articles, k):
        order.append(("pipeline", k))
        return _run(1.25, 1.0)

    lines = []
    result = run_bench([tmp_path / "in"], limit=4, processes=2, repeats=2, floor=floor, whole=whole,
                       report=lines.append)
    assert order == [("spacy", 1), ("pipeline", 1), ("spacy", 2), ("pipeline", 2)] * 2
    assert len([line for line in lines if line.startswith("round")]) == 4
    assert [row["processes"] for row in result.scaling] == [1, 2] and result.articles == 4


def test_prefilled_store_holds_the_articles_and_their_signatures(tmp_path: Path) -> None:
    prefill_store(tmp_path / "s.duckdb", 3, block=2)
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        counts = store.counts()
    assert counts["articles"] == 3 and counts["minhash_signatures"] == 3


def test_scale_runs_every_size_each_round_on_a_fresh_copy(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    seen = []

    def whole(articles, processes, db):
        with Store(db, read_only=True) as store:
            seen.append(store.counts()["articles"])
        return {"seconds": 0.1 * (1 + len(seen) % 2), "timings": {"store": 0.01, "dedup": 0.01}}

    rows = run_scale([tmp_path / "in"], limit=2, sizes=(3, 0), repeats=2, whole=whole)
    assert seen == [0, 3, 0, 3]  # smallest first, both sizes in every round, the prefilled count each time
    assert [row["stored"] for row in rows] == [0, 3]
    assert rows[0]["vs_smallest"] == 1.0
    assert rows[1]["store_dedup_ms"]["median"] == pytest.approx(10.0)


def test_bench_rejects_bad_sizes(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    done = subprocess.run([sys.executable, "-c", CLI, "bench", str(tmp_path / "in"), "--scale", "--sizes", "a,b"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr and "--sizes" in done.stderr


@pytest.mark.slow
def test_bench_json_line(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 6)
    done = subprocess.run([sys.executable, "-c", CLI, "bench", str(tmp_path / "in"), "--limit", "6",
                           "--processes", "1", "--repeats", "1", "--json"], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"pipeline_aps", "spacy_aps", "ratio", "ratio_range", "peak_rss_mb", "stages", "scaling"} <= result.keys()
    assert result["articles"] == 6 and result["pipeline_aps"] > 0 and result["spacy_aps"] > 0
    assert result["ratio"] == pytest.approx(result["pipeline_aps"] / result["spacy_aps"], rel=0.01)
    assert 0 < result["cpu_ratio"] < 2
    assert 100 < result["peak_rss_mb"] < 4000
    assert {"ingest", "events", "where", "quotes", "store", "after_spacy"} <= result["stages"].keys()
    assert result["stages"]["after_spacy"] == pytest.approx(
        sum(v for k, v in result["stages"].items() if k != "after_spacy"), abs=0.01)
    assert [row["processes"] for row in result["scaling"]] == [1]
