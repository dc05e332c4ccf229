"""A run killed with SIGKILL at random points, then resumed, ends with exactly the rows of a clean run.

Most kills hit a runner script that codes with a quick stand-in pipeline (tens of
transactions a second, serial and with two worker processes), so twenty-odd kills
fit in seconds; a few hit the real `wirecoder run` with the real pipeline.  The
corpus includes copies under another source name, so duplicate links and copied
mentions are resumed too.  Every resumed store is compared table by table with the
clean one and checked (`Store.check`, and the `wirecoder check` command on the last).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_runner import CLI, dump, story, write_corpus
from wirecoder.errors import StoreError
from wirecoder.store import Store

SCRIPT = '''
import sys
import time

from wirecoder.model import CodedArticle, Event, Place, Sentence
from wirecoder.runner import run_paths


class QuickPipeline:
    """One event per sentence and a place per capitalised city; a little sleep so kills land mid-run."""

    def __init__(self):
        self.timings = {"nlp": 0.0}

    def code_articles(self, articles):
        for article in articles:
            time.sleep(0.02)
            text, pos = article.text, 0
            sentences, events, places = [], [], []
            for i, part in enumerate(text.split(". ")):
                start = text.index(part, pos)
                end = pos = start + len(part)
                sentences.append(Sentence(article.id, i, start, end, part))
                words = part.split()
                events.append(Event(id=f"{article.id}-{i}", article_id=article.id, sentence=part, start=start,
                                    end=end, event="CONSULT", cameo="040", trigger=words[0], trigger_start=start,
                                    trigger_end=start + len(words[0])))
                places.append(Place(text=words[0], name=words[0], country=None, lat=1.0, lon=2.0, geonameid=i,
                                    start=start, end=start + len(words[0]), article_id=article.id))
            yield CodedArticle(article=article, sentences=sentences, events=events, places=places)


def quick():
    return QuickPipeline()


if __name__ == "__main__":
    folder, db, processes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    run_paths([folder], db, processes=processes, batch=2, pipeline_factory=quick)
'''


def make_corpus(folder: Path, n: int) -> None:
    write_corpus(folder / "wire", n)
    copies = folder / "reprints"  # every third article again, under another source (folder and file name)
    copies.mkdir(parents=True)
    for i in range(0, n, 3):
        (copies / f"r{i:03d}.txt").write_text(story(i), encoding="utf-8")


def started(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(command: list[str], timeout: float = 120) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]


def children(pid: int) -> list[int]:
    """Descendants of a process, from /proc (Linux)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *children(kid)]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def kill_at(command: list[str], delay: float, watch_children: bool = False) -> list[int]:
    """Start the run, SIGKILL it after ``delay`` seconds; return the pids of its workers at that moment."""
    proc = started(command)
    time.sleep(delay)
    workers = children(proc.pid) if watch_children else []
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return workers


def assert_gone(pids: list[int], within: float = 10) -> None:
    deadline = time.monotonic() + within
    left = pids
    while left and time.monotonic() < deadline:
        left = [p for p in left if alive(p)]
        time.sleep(0.1)
    assert not left, f"workers outlived their killed parent: {left}"


def stored(db: Path) -> int:
    """Articles a killed run left behind (0 when it died before its first commit)."""
    try:
        with Store(db, read_only=True) as store:
            return store.counts()["articles"]
    except StoreError:  # killed before the store existed, or before its schema was committed
        return 0


def assert_same_and_sound(db: Path, clean: Path, with_cli: bool = False) -> None:
    assert dump(db) == dump(clean)
    if not with_cli:
        with Store(db, read_only=True) as store:
            assert store.check() == []
        return
    check = subprocess.run([sys.executable, "-c", CLI, "check", "--db", str(db)], capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    finish(command)
    return time.perf_counter() - start


@pytest.mark.parametrize("processes, repetitions", [(1, 12), (2, 8)])
def test_killed_quick_runs_resume_to_the_clean_result(tmp_path: Path, processes: int, repetitions: int) -> None:
    script = tmp_path / "run_quick.py"
    script.write_text(SCRIPT, encoding="utf-8")
    make_corpus(tmp_path / "in", 24)
    total = 24 + 8  # articles and their reprints

    def command(db: Path) -> list[str]:
        return [sys.executable, str(script), str(tmp_path / "in"), str(db), str(processes)]

    clean = tmp_path / "clean.duckdb"
    duration = timed(command(clean))
    rng = random.Random(1000 + processes)
    partial = 0
    for rep in range(repetitions):
        db = tmp_path / f"killed-{rep}.duckdb"
        low = 0.25 if processes == 1 else 0.5  # workers take a while to start: aim at the writing that follows
        workers = kill_at(command(db), rng.uniform(low, 1.0) * duration, watch_children=processes > 1)
        assert_gone(workers)
        partial += 0 < stored(db) < total
        finish(command(db))
        assert_same_and_sound(db, clean, with_cli=rep == repetitions - 1)
    assert partial >= repetitions // 3  # the kills did land part-way through writing


@pytest.mark.slow
def test_killed_wirecoder_run_resumes_to_the_clean_result(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 12)
    wirecoder = [sys.executable, "-c", CLI, "run", str(tmp_path / "in"), "--batch", "1", "--db"]
    clean = tmp_path / "clean.duckdb"
    duration = timed([*wirecoder, str(clean)])
    rng = random.Random(7)
    for rep in range(3):  # most of a real run is loading the model: aim at its last quarter, where it writes
        db = tmp_path / f"killed-{rep}.duckdb"
        kill_at([*wirecoder, str(db)], rng.uniform(0.75, 1.0) * duration)
        finish([*wirecoder, str(db)])
        assert_same_and_sound(db, clean, with_cli=rep == 2)
