"""A reader (serve, or any read-only Store) and a writer (run) on one store at once: no errors, no torn reads.

The rules under test are in ``wirecoder.store.sharing``: the writer holds the lock file for its
run but the database file only per batch; whoever finds the file taken waits and retries;
readers hold back while a writer says it wants the file.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from test_runner import CLI, dump, write_corpus
from wirecoder.errors import StoreError
from wirecoder.store import Store
from wirecoder.store.sharing import WriteLock, writer_waiting
from wirecoder.store.synthetic import synthetic_article

SRC = Path(__file__).resolve().parents[1] / "src"
ARTICLES = 20
BATCH = "2"  # ten write batches for twenty articles: many chances to read between them


def articles_in(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return store.counts()["articles"]


def hold_read_only(db: Path, seconds: float) -> subprocess.Popen:
    """Another process that opens the store read-only, says 'ready' and keeps it for ``seconds``."""
    script = (f"import sys, time; sys.path.insert(0, {str(SRC)!r}); from wirecoder.store import Store\n"
              f"with Store({str(db)!r}, read_only=True) as s:\n"
              f"    s.counts(); print('ready', flush=True); time.sleep({seconds})\n")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    return holder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shared.duckdb"
    with Store(path) as store:
        store.write([synthetic_article(i, events=3) for i in range(3)])
    return path


# ---- the rules, one at a time ----------------------------------------------------------

def test_a_writer_lets_the_file_go_after_each_batch(db: Path) -> None:
    with Store(db) as writer:
        writer.write([synthetic_article(10, events=3)])
        with Store(db, read_only=True, wait=0) as reader:  # no waiting needed: the file is free
            assert reader.counts()["articles"] == 4
        with pytest.raises(StoreError, match="being written by another process"):
            Store(db)  # the write lock is still the first writer's
        writer.write([synthetic_article(11, events=3)])
        assert writer.counts()["articles"] == 5  # a query takes the file again


def test_a_writer_waits_for_a_reader_in_another_process(db: Path) -> None:
    holder = hold_read_only(db, 0.6)
    try:
        with pytest.raises(StoreError, match=r"open in process \d+") as caught:
            Store(db, wait=0.1)  # a writer opens the file at once, to check the schema
        assert "\n" not in str(caught.value)
        assert not writer_waiting(db)  # and, giving up, lets readers in again
    finally:
        holder.wait(timeout=30)
    holder = hold_read_only(db, 0.4)
    try:
        began = time.perf_counter()
        with Store(db, wait=10) as patient:
            assert patient.write([synthetic_article(10)]).articles == 1
        assert 0.1 < time.perf_counter() - began < 5
    finally:
        holder.wait(timeout=30)
    assert articles_in(db) == 4


def test_readers_hold_back_while_a_writer_waits_for_the_file(db: Path) -> None:
    """Writers go first: once a writer says it wants the file, a new reader waits for its batch
    (and sees it) rather than joining the readers that keep the writer out."""
    with Store(db, wait=10) as writer:
        writer.release()  # the write lock, not the file
        holder = hold_read_only(db, 0.8)
        done = threading.Event()
        thread = threading.Thread(target=lambda: (writer.write([synthetic_article(10)]), done.set()))
        thread.start()
        try:
            deadline = time.monotonic() + 5
            while not writer_waiting(db) and time.monotonic() < deadline:
                time.sleep(0.005)
            assert writer_waiting(db) and not done.is_set()  # kept out by the other process
            seen = articles_in(db)  # a new reader, while the writer waits
            assert seen == 4  # without writers first it would have read the 3 before the batch
        finally:
            thread.join(timeout=30)
            holder.wait(timeout=30)
    assert not writer_waiting(db)


def test_a_writer_with_batches_back_to_back_still_lets_readers_in(db: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(SRC)!r})
        from wirecoder.store import Store
        from wirecoder.store.synthetic import synthetic_article
        with Store({str(db)!r}) as store:
            print("ready", flush=True)
            i, until = 100, time.monotonic() + 2
            while time.monotonic() < until:  # no pause between batches at all
                store.write([synthetic_article(i, events=3)])
                i += 1
    """)
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = []
        while writer.poll() is None:
            with Store(db, read_only=True, wait=1) as reader:  # StoreError if kept out for a second
                seen.append(reader.counts()["articles"])
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == 0
    # it read between batches: a writer that took the file straight back would keep it out past its
    # 1 s wait (StoreError above) and let it see one or two counts at most
    assert seen == sorted(seen) and len(set(seen)) >= 3, seen


def test_a_dead_writers_busy_signal_does_not_hold_readers(db: Path) -> None:
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(SRC)!r})
        from wirecoder.store import Store
        store = Store({str(db)!r})
        store.connection  # has the file and says so
        os._exit(9)  # killed: no release, no close
    """)
    assert subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 9
    assert Path(f"{db}.lock").read_bytes().startswith(b"busy")
    assert not writer_waiting(db)  # the lock went with the process
    began = time.perf_counter()
    assert articles_in(db) == 3
    assert time.perf_counter() - began < 1
    with Store(db, wait=0) as writer:  # and the next writer starts at once
        writer.write([synthetic_article(10)])


def test_the_write_lock_says_idle_between_batches_and_nothing_after(db: Path) -> None:
    lock_file = Path(f"{db}.lock")
    with Store(db) as writer:
        assert lock_file.read_bytes().startswith(b"busy")  # it opened the file to check the schema
        writer.write([synthetic_article(10)])
        assert lock_file.read_bytes().startswith(f"idle {os.getpid()}".encode())
    assert lock_file.read_bytes() == b""
    with WriteLock(db), pytest.raises(StoreError, match="being written by another process"):
        Store(db)


def test_the_wait_comes_from_the_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRECODER_STORE_WAIT", "0.25")
    with Store(db, read_only=True) as store:
        assert store.wait == 0.25
    with Store(db, read_only=True, wait=3) as store:
        assert store.wait == 3
    monkeypatch.setenv("WIRECODER_STORE_WAIT", "soon")
    with pytest.raises(StoreError, match="WIRECODER_STORE_WAIT must be a number"):
        Store(db, read_only=True)


# ---- a real run and a real server --------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_run(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, "run", str(corpus), "--db", str(db), "--batch", BATCH],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_run(run: subprocess.Popen) -> None:
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert "error" not in err.lower() and "Traceback" not in err, err


class Server:
    """``wirecoder serve`` in a subprocess on a free loopback port."""

    def __init__(self, db: Path) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--db", str(db), "--port",
                                         self.url.rsplit(":", 1)[1]], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.client = httpx.Client(base_url=self.url, timeout=30)
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, self.process.communicate()[1]
            try:
                if self.client.get("/api/summary").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()


class Poller:
    """Reads /api/events and /api/articles back to back in a thread, keeping what it saw."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.errors: list[str] = []
        self.snapshots: list[tuple[str, int, Counter]] = []  # (endpoint, total, events per article)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            for endpoint in ("events", "articles"):
                try:
                    answer = self.server.client.get(f"/api/{endpoint}", params={"limit": 1000})
                except httpx.HTTPError as exc:
                    self.errors.append(f"{endpoint}: {exc!r}")
                    continue
                if answer.status_code != 200:
                    self.errors.append(f"{endpoint}: {answer.status_code} {answer.text[:200]}")
                    continue
                page = answer.json()
                assert len(page["items"]) == page["total"]  # one page holds everything here
                if endpoint == "events":
                    per_article = Counter(e["article_id"] for e in page["items"])
                else:
                    per_article = Counter({a["id"]: a["events"] for a in page["items"]})
                self.snapshots.append((endpoint, page["total"], per_article))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def final_events_per_article(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT a.id, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id GROUP BY a.id"
        ).fetchall()
    return dict(rows)


def assert_consistent(poller: Poller, db: Path) -> None:
    """No errors; totals never go down; every article seen has all its final events, never some."""
    assert poller.errors == []
    final = final_events_per_article(db)
    for endpoint in ("events", "articles"):
        totals = [total for name, total, _ in poller.snapshots if name == endpoint]
        assert totals and totals == sorted(totals), (endpoint, totals)
        assert totals[-1] == (sum(final.values()) if endpoint == "events" else len(final))
    for endpoint, _, per_article in poller.snapshots:
        for article_id, events in per_article.items():
            assert events == final[article_id], (endpoint, article_id, events, final[article_id])


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The corpus and the store a run gives with nobody reading."""
    folder = tmp_path_factory.mktemp("concurrency")
    corpus = folder / "corpus"
    write_corpus(corpus, ARTICLES)
    db = folder / "alone.duckdb"
    finish_run(start_run(corpus, db))
    return corpus, dump(db)


def test_serve_first_then_run(clean_run: tuple[Path, dict], tmp_path: Path) -> None:
    corpus, alone = clean_run
    db = tmp_path / "shared.duckdb"
    Store(db).close()  # an empty store to serve
    server = Server(db)
    try:
        poller = Poller(server)
        began = time.perf_counter()
        run = start_run(corpus, db)
        finish_run(run)
        run_seconds = time.perf_counter() - began
        time.sleep(0.3)  # a few reads of the finished store
        poller.stop()
    finally:
        server.stop()
    assert_consistent(poller, db)
    seen = {total for name, total, _ in poller.snapshots if name == "articles"}
    assert len(seen) >= 3, (seen, run_seconds)  # it did read while the run wrote: empty, partial, whole
    assert dump(db) == alone


def test_run_first_then_serve(clean_run: tuple[Path, dict], tmp_path: Path) -> None:
    corpus, alone = clean_run
    db = tmp_path / "shared.duckdb"
    run = start_run(corpus, db)
    try:
        deadline = time.monotonic() + 60
        while not db.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the run has opened its store: now start the server
        server = Server(db)
        try:
            poller = Poller(server)
            running_when_served = run.poll() is None
            finish_run(run)
            time.sleep(0.3)
            poller.stop()
        finally:
            server.stop()
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert running_when_served  # the server came up in the middle of the run (its start takes a second)
    assert_consistent(poller, db)
    assert dump(db) == alone
