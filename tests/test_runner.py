"""Local runs: serial and worker processes give the same store; re-runs are incremental; memory is bounded;
`watch` codes files as they arrive; the CLI's `run` and `check`."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from wirecoder.ingest import read_paths
from wirecoder.model import Article, CodedArticle, Event, Sentence
from wirecoder.runner import Runner, run_articles, run_paths
from wirecoder.runner.watch import changed_files, watch
from wirecoder.store import Store

PAIRS = [("Egypt", "Qatar", "Cairo"), ("France", "Germany", "Paris"), ("Japan", "China", "Tokyo"),
         ("Kenya", "Uganda", "Nairobi"), ("Brazil", "Argentina", "Brasilia"), ("India", "Pakistan", "Delhi"),
         ("Chile", "Peru", "Santiago"), ("Spain", "Portugal", "Madrid"), ("Ghana", "Togo", "Accra"),
         ("Norway", "Sweden", "Oslo"), ("Canada", "Mexico", "Ottawa"), ("Italy", "Austria", "Rome"),
         ("Turkey", "Greece", "Ankara"), ("Vietnam", "Laos", "Hanoi")]
WORDS = ["harvest", "railway", "election", "pipeline", "vaccine", "stadium", "reservoir", "satellite", "bridge"]

CLI = ("from wirecoder.cli.main import app, main\n"
       "if 'check' not in {c.name or c.callback.__name__ for c in app.registered_commands}:\n"
       "    from wirecoder.cli import scaling; scaling.register(app)\n"
       "main()\n")


def story(i: int) -> str:
    a, b, city = PAIRS[i % len(PAIRS)]
    word = WORDS[i % len(WORDS)]
    return (f"Talks on the {word} number {i}\n\n"
            f"{a}'s foreign minister met his {b} counterpart in {city} on Tuesday to discuss the {word} project. "
            f"Officials from {a} accused {b} of blocking shipments of grain at the border crossing near {city}. "
            f"\"We will not accept this,\" the minister told reporters after the meeting about the {word}.\n\n"
            f"{b} denied the claim and said it would send a delegation to {city} next week. "
            f"Round {i} of the talks on the {word} is expected to continue in March, according to a statement.\n")


def write_corpus(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(start, start + n):
        path = folder / f"{i:03d}.txt"
        path.write_text(story(i), encoding="utf-8")
        files.append(path)
    return files


def dump(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        con = store.connection
        tables = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in store.counts()}
        tables["merged_events"] = con.execute("SELECT * FROM merged_events ORDER BY ALL").fetchall()
        return tables


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=timeout)


class QuickPipeline:
    """A stand-in for the Pipeline: one event per sentence, no model (tests of the runner's plumbing)."""

    def __init__(self) -> None:
        self.timings = {"nlp": 0.0}

    def code_articles(self, articles):
        for article in articles:
            sentences, events, pos = [], [], 0
            for i, part in enumerate(article.text.split(". ")):
                start = article.text.index(part, pos)
                end = start + len(part)
                pos = end
                sentences.append(Sentence(article.id, i, start, end, part))
                events.append(Event(id=f"{article.id}-{i}", article_id=article.id, sentence=part, start=start,
                                    end=end, event="CONSULT", cameo="040"))
            yield CodedArticle(article=article, sentences=sentences, events=events)


def quick() -> QuickPipeline:
    return QuickPipeline()


@pytest.mark.slow
def test_two_processes_store_exactly_what_one_does(tmp_path: Path, nlp) -> None:
    write_corpus(tmp_path / "in", 10)
    (tmp_path / "in" / "copy.txt").write_text(story(3).replace("Talks on", "Reprint: talks on"), encoding="utf-8")
    one = run_paths([tmp_path / "in"], tmp_path / "one.duckdb", batch=3)
    with Runner(tmp_path / "two.duckdb", batch=3, processes=2) as runner:
        runner.coder.warm()  # both workers loaded, so both get blocks
        two = runner.run(read_paths([tmp_path / "in"]))
    assert one.articles == two.articles == 10 and one.copies == two.copies == 1
    assert one.events > 0 and one.events == two.events
    assert len(two.worker_rss_mb) == 2  # both workers coded something
    assert dump(tmp_path / "one.duckdb") == dump(tmp_path / "two.duckdb")


def test_rerun_codes_only_new_or_changed_articles(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "in", 6)
    db = tmp_path / "s.duckdb"
    first = run_paths([tmp_path / "in"], db, pipeline_factory=quick)
    assert (first.articles, first.already_stored) == (6, 0)
    again = run_paths([tmp_path / "in"], db, pipeline_factory=quick)
    assert (again.articles, again.already_stored) == (0, 6)
    files[2].write_text(story(2).replace("Tuesday", "Wednesday"), encoding="utf-8")
    write_corpus(tmp_path / "in", 1, start=6)
    third = run_paths([tmp_path / "in"], db, pipeline_factory=quick)
    # the new file is coded; the changed one is a light edit of what is stored: linked to it, not coded again
    assert (third.articles, third.copies, third.already_stored) == (1, 1, 5)
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 8 and store.check() == []


def test_memory_stays_bounded_by_blocks_in_flight(tmp_path: Path) -> None:
    pulled = 0
    ahead: list[int] = []

    def stream():
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield Article(title=f"n{i}", text=f"Item {i} of the stream. It says a little more about {i}.",
                          source="feed")

    def seen(stats) -> None:
        ahead.append(pulled - stats.articles - stats.copies)

    stats = run_articles(stream(), tmp_path / "s.duckdb", batch=5, pipeline_factory=quick, progress=seen)
    assert stats.articles + stats.copies == 200 and len(ahead) == 40  # one transaction per block
    assert max(ahead) <= 5  # serial: one block read ahead at most, never the whole input


def test_runner_keeps_its_workers_between_runs(tmp_path: Path) -> None:
    with Runner(tmp_path / "s.duckdb", processes=2, batch=2, pipeline_factory=quick) as runner:
        first = runner.run([Article(title="a", text=story(0), source="x"), Article(title="b", text=story(1),
                                                                                    source="x")])
        second = runner.run([Article(title="c", text=story(2), source="x")])
        assert (first.articles, second.articles) == (2, 1)
        assert set(second.worker_rss_mb) <= set(first.worker_rss_mb) | set(second.worker_rss_mb)
        pids = runner.coder.warm()
        assert len(pids) == 2


def test_watch_codes_files_as_they_arrive(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_corpus(inbox, 2)
    db = tmp_path / "s.duckdb"
    assert watch(inbox, db, once=True, pipeline_factory=quick).articles == 2

    def arrive() -> None:
        time.sleep(0.4)
        write_corpus(inbox, 2, start=2)

    writer = threading.Thread(target=arrive)
    writer.start()
    rounds: list[int] = []
    total = watch(inbox, db, interval=0.1, settle=0.2, timeout=2.5, pipeline_factory=quick,
                  on_round=lambda files, stats: rounds.append(stats.articles))
    writer.join()
    assert total.articles == 2 and total.already_stored == 2  # the first two were stored by the first watch
    assert sum(rounds) == 2
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 4


def test_changed_files_waits_for_a_file_to_settle(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, 1)[0]
    now = path.stat().st_mtime
    assert changed_files(tmp_path, {}, settle=5, now=now + 1) == []
    assert changed_files(tmp_path, {}, settle=5, now=now + 6) == [path]
    info = path.stat()
    assert changed_files(tmp_path, {path: (info.st_size, info.st_mtime_ns)}, settle=0) == []


@pytest.mark.slow
def test_cli_run_then_check(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 4)
    db = tmp_path / "s.duckdb"
    done = cli("run", str(tmp_path / "in"), "--db", str(db), "--batch", "1")
    assert done.returncode == 0, done.stderr
    assert "duplicates linked" in done.stdout
    ok = cli("check", "--db", str(db))
    assert ok.returncode == 0 and "ok:" in ok.stdout, ok.stderr
    with Store(db) as store:
        store.connection.execute("INSERT INTO event_actors (article_id, event_id, role) VALUES ('x', 'y', 'actor')")
    bad = cli("check", "--db", str(db))
    assert bad.returncode == 1 and "event_actors" in bad.stderr


def test_a_block_is_coded_in_slices_of_screened_articles_without_its_copies() -> None:
    from wirecoder.dedup.screen import Copy, Verdict
    from wirecoder.runner.local import slices

    articles = [Article(title=f"s{i}", text=f"Slice story {i}.", source="x") for i in range(7)]
    verdicts = [Verdict(a, None, Copy(a, "original", 0.9) if i in (1, 5) else None) for i, a in enumerate(articles)]
    parts = [[a.title for a in part] for part in slices(verdicts, 3)]
    assert parts == [["s0", "s2"], ["s3", "s4"], ["s6"]]  # the slices of 3 screened articles a plain block would be


def test_a_pool_keeps_about_as_many_articles_in_flight_whatever_the_block() -> None:
    class Pool:
        def __init__(self, window: int) -> None:
            self.window = window

    def window(coder_window: int, batch: int) -> int:
        runner = Runner.__new__(Runner)
        runner.coder, runner.batch = Pool(coder_window), batch
        return runner._window()

    assert window(1, 128) == 1  # serial: one block at a time
    assert window(4, 32) == 4 and window(4, 5) == 4  # blocks of 32 or fewer: the coder's own window
    assert window(4, 128) == 2  # two processes: one block written while the next is coded
    assert window(32, 128) == 8  # sixteen: 1,024 articles, as with blocks of 32
