"""How processes share one store file: a write lock, a "writer waiting" signal, and patient opening.

DuckDB lets one process hold a database file read-write, *or* any number of
processes hold it read-only, never both.  wirecoder keeps to that rule
explicitly, so that ``wirecoder run`` and ``wirecoder serve`` (or any reader)
work on the same store at once:

- A writer takes an exclusive ``flock`` on the sidecar ``<db>.lock`` for its
  whole run; a second writer is refused at once.  The lock file is left in place
  (deleting it would race with the next writer).
- The writer holds the DuckDB file itself only while it needs it: a batch's
  transaction (then CHECKPOINT and close) or a lookup.  Between batches, while
  articles are being coded (seconds), the file is free for readers.
- Readers open the file read-only for one request or command and close it after.
  Each open sees whole, checkpointed batches only: a batch is one transaction, and
  DuckDB lets no reader in while the writer has the file open.
- Whoever finds the file held by the other side waits and retries with a short,
  growing backoff, for up to ``wait`` seconds (``WIRECODER_STORE_WAIT``, default
  10), instead of failing.
- Writers go first.  Before it opens the file a writer writes ``busy <pid>`` into
  the lock file, and ``idle <pid>`` once it has let the file go.  A reader that
  reads ``busy`` does not start: it waits until the writer is done, so a stream of
  overlapping requests cannot keep a writer out.  A ``busy`` left by a writer that
  died is recognised by the lock itself being free, and ignored.
- Readers are not starved either: a held-back reader looks at the lock file every
  2 ms, and a writer leaves at least 5 ms between letting the file go and taking
  it again, so even a writer with batches back to back lets waiting readers in
  (once a reader has the file open, the writer waits for it).
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import time
from pathlib import Path

import duckdb

from wirecoder.errors import StoreError

DEFAULT_WAIT = 10.0  # seconds a reader or writer waits for the other side before giving up
WAIT_ENV = "WIRECODER_STORE_WAIT"
FIRST_DELAY = 0.005  # first retry of a refused open after 5 ms, doubling up to MAX_DELAY
MAX_DELAY = 0.05
SIGNAL_POLL = 0.002  # a reader held back by a writer looks at the lock file this often (a 20 µs read)
WRITER_GAP = 0.005  # a writer takes the file again no sooner than this after letting it go
RECORD = 32  # bytes of the lock file's one-line state, written in place
ACQUIRE_TRIES = 5  # a reader probing a stale lock holds it for microseconds: try a few times, 10 ms apart


def default_wait() -> float:
    """Seconds to wait for the store file: ``WIRECODER_STORE_WAIT`` when set, else 10."""
    value = os.environ.get(WAIT_ENV, "").strip()
    try:
        return max(0.0, float(value)) if value else DEFAULT_WAIT
    except ValueError:
        raise StoreError(f"{WAIT_ENV} must be a number of seconds, not {value!r}") from None


def lock_path(db: str | Path) -> str:
    return f"{db}.lock"


class WriteLock:
    """The writer's sidecar lock, held for a whole run; its content says whether it wants the file now."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self.path = lock_path(db)
        self._fd: int | None = None
        self._idle_since = 0.0  # when it last let the file go

    def acquire(self) -> None:
        """Take the lock, or raise ``StoreError`` when another writer has it."""
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open store {self.db}: {exc.strerror or exc}") from exc
        for attempt in range(ACQUIRE_TRIES):
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if attempt == ACQUIRE_TRIES - 1:
                    os.close(self._fd)
                    self._fd = None
                    raise StoreError(f"store {self.db} is being written by another process; "
                                     "wait for it to finish") from None
                time.sleep(0.01)
        self.announce(busy=False)

    def announce(self, busy: bool) -> None:
        """Tell readers whether this writer wants (or has) the database file."""
        if self._fd is None:
            return
        if busy:
            gap = self._idle_since + WRITER_GAP - time.monotonic()
            if gap > 0:
                time.sleep(gap)  # readers waiting on the signal get in first
        else:
            self._idle_since = time.monotonic()
        state = f"{'busy' if busy else 'idle'} {os.getpid()}\n".encode()
        os.pwrite(self._fd, state.ljust(RECORD), 0)

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)  # no writer now
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def writer_waiting(db: str | Path) -> bool:
    """True while a live writer wants or holds the database file (readers then hold back)."""
    try:
        fd = os.open(lock_path(db), os.O_RDONLY)
    except OSError:
        return False  # no lock file: no writer has run here
    try:
        if not os.pread(fd, RECORD, 0).startswith(b"busy"):
            return False
        try:  # a "busy" left by a writer that died: its flock went with it
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _held_elsewhere(message: str) -> bool:
    """DuckDB's refusals while another process (or another mode in this process) has the file."""
    return "Could not set lock" in message or "Conflicting lock" in message or "different configuration" in message


class Backoff:
    """Sleeps of 5 ms doubling to 50 ms, jittered, until ``wait`` seconds have passed."""

    def __init__(self, wait: float) -> None:
        self.deadline = time.monotonic() + wait
        self.delay = FIRST_DELAY

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def sleep(self) -> None:
        left = self.deadline - time.monotonic()
        if left > 0:
            time.sleep(min(left, self.delay * random.uniform(0.5, 1.0)))
            self.delay = min(self.delay * 2, MAX_DELAY)


def wait_for_writer(db: str | Path, wait: float) -> None:
    """Hold back (up to ``wait`` seconds) while a writer wants the file."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and writer_waiting(db):
        time.sleep(SIGNAL_POLL)


def open_database(path: str, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Connect to the DuckDB file, waiting up to ``wait`` seconds while another process holds it.

    A reader first lets a writer that wants the file go ahead.  Errors are one-line ``StoreError``s.
    """
    backoff = Backoff(wait)
    while True:
        if read_only:
            wait_for_writer(path, backoff.deadline - time.monotonic())
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            message = _first_line(exc)
            if not _held_elsewhere(message) or backoff.expired:
                raise _open_error(path, message, read_only) from exc
        if not (read_only and writer_waiting(path)):  # a signalled writer is waited for above
            backoff.sleep()


def _open_error(path: str, message: str, read_only: bool) -> StoreError:
    if "not a valid DuckDB database" in message:
        return StoreError(f"{path} is not a DuckDB store (corrupt or another kind of file)")
    if _held_elsewhere(message):
        pid = re.search(r"\(PID (\d+)\)", message)
        holder = f"process {pid.group(1)}" if pid else "another connection"
        doing = "being written by" if read_only else "open in"
        return StoreError(f"store {path} is {doing} {holder}; try again when it finishes")
    return StoreError(f"cannot open store {path}: {message}")
