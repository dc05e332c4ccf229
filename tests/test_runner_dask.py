"""The Dask engine on a real local cluster: a scheduler and two workers, each a separate process on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_runner import dump, story, write_corpus

distributed = pytest.importorskip("distributed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dask_command() -> list[str]:
    script = Path(sys.executable).with_name("dask")
    return [str(script)] if script.exists() else [shutil.which("dask") or "dask"]


def stop(processes: list[subprocess.Popen]) -> None:
    """Workers first (the last started), then the scheduler; kill what does not stop in time."""
    processes = processes[::-1]
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + 15
    for proc in processes:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def cluster(tmp_path: Path):
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded workers; all stopped afterwards."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    started: list[subprocess.Popen] = []
    try:
        started.append(subprocess.Popen(
            [*dask_command(), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "w")))
        for i in range(2):
            started.append(subprocess.Popen(
                [*dask_command(), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                 "--memory-limit", "0", "--death-timeout", "60", "--name", f"w{i}"],
                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{i}.log", "w")))
        client = None
        deadline = time.monotonic() + 60
        while client is None:
            try:
                client = distributed.Client(address, timeout=5)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        try:
            client.wait_for_workers(2, timeout=60)
        finally:
            client.close()
        yield address
    finally:
        stop(started)


@pytest.mark.slow
def test_dask_run_stores_what_a_single_process_run_stores(tmp_path: Path, cluster: str, nlp) -> None:
    from wirecoder.runner import run_dask, run_paths

    corpus = tmp_path / "in"
    write_corpus(corpus, 5)
    # A reprint of story 1 under another headline: a near-duplicate, not the same article.
    (corpus / "z-copy.txt").write_text(story(1).replace("Talks on the", "Reprint: talks on the", 1), encoding="utf-8")
    local = run_paths([corpus], tmp_path / "local.duckdb")
    shards = tmp_path / "shards"
    on_dask = run_dask([corpus], tmp_path / "dask.duckdb", cluster, shards=shards, shard_bytes=1, timeout=30)
    assert on_dask.articles == local.articles == 5 and on_dask.copies == local.copies == 1
    assert len(on_dask.worker_rss_mb) == 2  # both workers coded shards
    on_cluster, here = dump(tmp_path / "dask.duckdb"), dump(tmp_path / "local.duckdb")
    assert [t for t in here if on_cluster[t] != here[t]] == []
    assert len(list((shards / "events").glob("*.parquet"))) == 6  # one shard per file

    again = run_dask([corpus], tmp_path / "dask.duckdb", cluster, shards=shards, timeout=30)
    assert (again.articles, again.copies, again.already_stored) == (0, 0, 6)

    from wirecoder.store import Store

    dataset = run_dask([corpus], tmp_path / "dataset.duckdb", cluster, shards=tmp_path / "dataset", dataset=True,
                       timeout=30)
    with Store(tmp_path / "dataset.duckdb", read_only=True) as store:
        counts = store.counts()
        # The summary's counts are the dataset's: every article coded, copies included (nothing is screened).
        assert (dataset.articles, dataset.copies, dataset.events) == (6, 0, counts["events"])
        assert dataset.in_store == counts and dataset.mentions == counts["event_mentions"]
        assert counts["articles"] == 6 and counts["events"] == local.events + len(store.events(
            article_id=next(a["id"] for a in store.articles() if a["title"].startswith("Reprint"))))
        assert store.check() == []


@pytest.fixture
def tests_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cluster started after this fixture can import the tests' stand-in pipelines."""
    import os

    here = str(Path(__file__).resolve().parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))


@pytest.mark.slow
def test_a_shard_whose_worker_dies_is_retried_without_the_poisoned_article(tmp_path: Path, tests_importable: None,
                                                                           cluster: str) -> None:
    from test_runner_budget import poison
    from wirecoder.runner import run_dask
    from wirecoder.store import Store
    corpus = tmp_path / "in"
    write_corpus(corpus, 3)
    (corpus / "b-killer.txt").write_text("A killer arrives\n\nThis is a worker killer, always. It never ends well.\n"
                                         "\nIt says a little more about it.\n", encoding="utf-8")
    losses = []
    stats = run_dask([corpus], tmp_path / "dask.duckdb", cluster, shard_bytes=10**6, timeout=30,
                     pipeline_factory=poison, on_loss=losses.append)
    assert stats.articles == 3 and stats.failed == {"worker_died": 1}
    assert [x.title for x in losses] == ["A killer arrives"]
    with Store(tmp_path / "dask.duckdb", read_only=True) as store:
        assert store.counts()["articles"] == 3 and store.check() == []


def test_a_small_input_is_cut_into_enough_shards_for_every_worker(tmp_path: Path) -> None:
    from wirecoder.runner.cluster import MIN_SHARD_BYTES, SHARD_BYTES, balanced_shard_bytes, group_files

    files = []
    for i in range(40):
        path = tmp_path / f"{i:03d}.txt"
        path.write_text("x" * 6000, encoding="utf-8")
        files.append(path)
    size = balanced_shard_bytes(files, threads=2)
    assert size == 240_000 // 8  # four shards for each of the two threads
    assert len(group_files(files, size)) == 8
    assert balanced_shard_bytes(files[:2], threads=2) == MIN_SHARD_BYTES  # never below the floor
    big = [tmp_path / "big.txt"]
    big[0].write_text("x" * (40 * SHARD_BYTES), encoding="utf-8")
    assert balanced_shard_bytes(big, threads=2) == SHARD_BYTES  # a large input keeps the default
