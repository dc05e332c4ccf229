"""The store against what a user (or a machine) can do to it: a second `run`, a full disk, a
read-only file or folder, a truncated or corrupt file, a store from an older schema.  Each gives
one clear line (no traceback), never overwrites the file, and leaves a valid store behind.

`serve` reading while `run` writes is tests/test_concurrency.py."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from wirecoder.errors import StoreError
from wirecoder.store import Store, writer
from wirecoder.store.synthetic import synthetic_article

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "wirecoder.cli.main", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("faults") / "good.duckdb"
    with Store(db) as store:
        store.write([synthetic_article(i) for i in range(30)])
    return db


def contents(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        assert store.check() == []
        return {t: store.connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in store.counts()}


@pytest.mark.parametrize("failure", [
    OSError(errno.ENOSPC, "No space left on device"),
    duckdb.IOException('IO Error: Could not write file "s.duckdb.wal": No space left on device')])
def test_a_full_disk_mid_batch_rolls_the_batch_back_and_says_disk_full(tmp_path: Path, store_file: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       failure: Exception) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(store_file, db)
    before = contents(db)
    real_insert = writer.insert_table
    inserted: list[str] = []

    def full_after_first_table(con, table, rows):
        if inserted:
            raise failure
        inserted.append(table)
        real_insert(con, table, rows)

    monkeypatch.setattr(writer, "insert_table", full_after_first_table)
    with Store(db) as store, pytest.raises(StoreError) as caught:
        store.write([synthetic_article(100 + i) for i in range(5)])
    assert "disk full" in str(caught.value) and "\n" not in str(caught.value)
    assert inserted == ["articles"]  # the batch had begun when the disk filled
    assert contents(db) == before  # rolled back whole; the store checks clean


def test_a_second_run_on_one_store_is_refused_with_one_line(tmp_path: Path, store_file: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(store_file, db)
    (tmp_path / "a.txt").write_text("Talks resume\n\nOfficials said the talks would resume next week.\n",
                                    encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(SRC)!r}); from wirecoder.store import Store\n"
         f"with Store({str(db)!r}):\n    print('ready', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        line = one_line_error(cli("run", str(tmp_path / "a.txt"), "--db", str(db)))
        assert "being written by another process" in line
    finally:
        holder.communicate("\n", timeout=30)
    assert contents(db) == contents(store_file)


@pytest.mark.parametrize("cut", ["half", "page", "head"])
def test_a_truncated_store_is_one_line_and_never_overwritten(tmp_path: Path, store_file: Path, cut: str) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(store_file, db)
    os.truncate(db, {"half": db.stat().st_size // 2, "page": 4096, "head": 100}[cut])
    damaged = db.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            with Store(db, read_only=read_only) as store:
                store.counts()
        assert "\n" not in str(caught.value) and str(db) in str(caught.value)
    for args in (["check", "--db", str(db)], ["events", "--db", str(db)]):
        one_line_error(cli(*args))
    assert db.read_bytes() == damaged


def test_a_store_with_flipped_bytes_is_one_line(tmp_path: Path, store_file: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(store_file, db)
    data = bytearray(db.read_bytes())
    for at in range(len(data) // 3, len(data), 4096):  # a stripe of garbage through the data blocks
        data[at:at + 64] = os.urandom(64)
    db.write_bytes(bytes(data))
    one_line_error(cli("check", "--db", str(db)))
    assert db.read_bytes() == bytes(data)


def test_a_store_of_an_older_schema_says_so(tmp_path: Path, store_file: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(store_file, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    kept = db.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="schema version 2, this wirecoder reads 3"):
            Store(db, read_only=read_only)
    line = one_line_error(cli("events", "--db", str(db)))
    assert "schema version 2" in line and "new --db path" in line
    assert db.read_bytes() == kept


def test_writing_a_store_on_a_read_only_file_system_says_read_only(tmp_path: Path, store_file: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # As root (CI containers) permissions do not bite; the error the file system gives is injected.
    db = tmp_path / "s.duckdb"
    shutil.copy(store_file, db)

    def read_only_fs(con, table, rows):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(writer, "insert_table", read_only_fs)
    with Store(db) as store, pytest.raises(StoreError, match="read-only") as caught:
        store.write([synthetic_article(200)])
    assert "\n" not in str(caught.value)


def cli_here(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> subprocess.CompletedProcess:
    """The CLI in this process (so what the test injects applies), as a finished process."""
    from wirecoder.cli.main import main

    monkeypatch.setattr(sys, "argv", ["wirecoder", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main()
    out, err = capsys.readouterr()
    code = done.value.code if isinstance(done.value.code, int) else 0 if done.value.code is None else 1
    return subprocess.CompletedProcess(args, code, out, err)


def deny_writes_under(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the OS answers a non-root user for a 0555 folder holding 0444 files, injected where
    wirecoder opens files for writing: os.open (the writer's lock file) and DuckDB's connect
    (the store itself). Reading is left alone."""
    real_open, real_connect = os.open, duckdb.connect
    inside = str(folder.resolve()) + os.sep
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def os_open(path, flags, *args, **kwargs):
        if flags & writing and os.path.abspath(os.fspath(path)).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    def connect(database=":memory:", read_only=False, *args, **kwargs):
        if not read_only and os.path.abspath(os.fspath(database)).startswith(inside):
            raise duckdb.IOException(f'IO Error: Cannot open file "{database}": Permission denied')
        return real_connect(database, read_only, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(duckdb, "connect", connect)


def test_a_read_only_store_file_and_folder(tmp_path: Path, store_file: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "s.duckdb"
    shutil.copy(store_file, db)
    (tmp_path / "a.txt").write_text("Talks resume\n\nOfficials said the talks would resume next week.\n",
                                    encoding="utf-8")
    db.chmod(0o444)
    folder.chmod(0o555)
    if ROOT:  # root ignores file permissions: the OS's refusal is injected at the open calls
        deny_writes_under(folder, monkeypatch)
    try:
        assert len(cli_here(monkeypatch, capsys, "events", "--db", str(db), "--limit", "1").stdout) > 0  # reading works
        line = one_line_error(cli_here(monkeypatch, capsys, "run", str(tmp_path / "a.txt"), "--db", str(db)))
        assert str(db) in line and "Permission denied" in line
        new = folder / "new.duckdb"
        assert "Permission denied" in one_line_error(
            cli_here(monkeypatch, capsys, "run", str(tmp_path / "a.txt"), "--db", str(new)))
        assert not new.exists()
    finally:
        monkeypatch.undo()
        folder.chmod(0o755)
        db.chmod(0o644)
    assert sorted(p.name for p in folder.iterdir()) == ["s.duckdb"]  # no lock, no WAL left behind
    assert contents(db) == contents(store_file)
