"""`wirecoder bench`: the sample, and the --json line with throughput, ratio, stages and memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_runner import CLI, write_corpus
from wirecoder.bench import load_sample


def test_sample_takes_an_equal_share_from_each_path(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 5)
    write_corpus(tmp_path / "b", 5, start=5)
    sample = load_sample([tmp_path / "a", tmp_path / "b"], limit=4)
    assert [a.title.rsplit(" ", 1)[1] for a in sample.articles] == ["0", "1", "5", "6"]
    assert sample.ingest_seconds >= 0
    assert len(load_sample([tmp_path / "a"], limit=None).articles) == 5


@pytest.mark.slow
def test_bench_json_line(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 6)
    done = subprocess.run([sys.executable, "-c", CLI, "bench", str(tmp_path / "in"), "--limit", "6",
                           "--processes", "1", "--json"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"pipeline_aps", "spacy_aps", "ratio", "peak_rss_mb", "stages", "scaling"} <= result.keys()
    assert result["articles"] == 6 and result["pipeline_aps"] > 0 and result["spacy_aps"] > 0
    assert result["ratio"] == pytest.approx(result["pipeline_aps"] / result["spacy_aps"], rel=0.01)
    assert 0 < result["cpu_ratio"] < 2
    assert 100 < result["peak_rss_mb"] < 4000
    assert {"ingest", "nlp", "events", "where", "quotes", "store"} <= result["stages"].keys()
    assert sum(result["stages"].values()) == pytest.approx(1.0, abs=0.02)
    assert [row["processes"] for row in result["scaling"]] == [1]
