"""``Store``: one DuckDB file of coded articles, opened for writing or reading.

DuckDB allows one writing process per file, or any number of read-only ones
(see sharing.py for how wirecoder keeps to that).  A writing ``Store`` holds the
sidecar write lock from opening to ``close()``, but the database file itself
only while it works: it opens the file on demand (a query, a write) and lets it
go after each ``write()`` (committed and checkpointed) or ``release()``, so
readers get in between batches.  A read-only ``Store`` holds the file from
opening to ``close()``: open one per request or command, not per server.
Both wait up to ``wait`` seconds for the file when the other side has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from wirecoder.dedup import Copy, Signature
from wirecoder.errors import StoreError
from wirecoder.model import CodedArticle

from . import queries
from .schema import SCHEMA_VERSION, TABLES, create_statements
from .sharing import WriteLock, default_wait, open_database, wait_for_writer
from .writer import WriteStats, write_batch, write_error

MEMORY = ":memory:"


def damaged(path: str, exc: BaseException) -> StoreError:
    detail = " ".join(str(exc).split())[:200]
    return StoreError(f"store {path} cannot be read: it looks truncated or corrupt ({detail}); "
                      "it was left as it is: restore a copy, or run into a new --db path")


class Store:
    """A wirecoder DuckDB store; use as ``with Store(path) as store: ...``.

    ``Store(":memory:")`` gives a throwaway in-memory store.  ``wait``: seconds to
    wait for the file while another process holds it (default ``WIRECODER_STORE_WAIT``
    or 10); then a one-line ``StoreError`` says who holds it.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, wait: float | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.wait = default_wait() if wait is None else max(0.0, wait)
        self._lock: WriteLock | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        if self.path == MEMORY:
            if read_only:
                raise StoreError("an in-memory store cannot be opened read-only")
            self._con = duckdb.connect(MEMORY)
            self._create_schema()
            return
        try:
            if read_only:
                self._open_reader()
            else:
                self._open_writer()
        except BaseException:
            self._abandon()  # no checkpoint: the error that stopped the opening is the one to tell
            raise

    # ---- opening --------------------------------------------------------------

    def _open_reader(self) -> None:
        file = Path(self.path)
        if not file.is_file() or file.stat().st_size == 0:
            wait_for_writer(self.path, self.wait)  # a first run may be creating it right now
            if not file.is_file() or file.stat().st_size == 0:
                raise StoreError(f"no store at {self.path}; create one with `wirecoder run PATH... --db {self.path}`")
        self._con = open_database(self.path, read_only=True, wait=self.wait)
        try:
            self._check_schema()
        except duckdb.Error as exc:
            raise damaged(self.path, exc) from exc

    def _open_writer(self) -> None:
        file = Path(self.path)
        if file.is_dir():
            raise StoreError(f"cannot open store {self.path}: it is a directory")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc.strerror or exc}") from exc
        self._lock = WriteLock(self.path)
        self._lock.acquire()
        if file.is_file() and file.stat().st_size == 0:
            file.unlink()  # an empty placeholder (e.g. a fresh temp file) is no store yet
        try:
            if self._is_foreign():
                raise StoreError(f"{self.path} is a DuckDB database but not a wirecoder store; use another --db path")
            if "meta" in self._table_names():
                self._check_version()  # before anything is written: an older store is left as it was
            self._create_schema()
            self._check_schema()
        except duckdb.Error as exc:  # a truncated file opens, then fails on its first real read
            raise damaged(self.path, exc) from exc

    def _take_file(self) -> duckdb.DuckDBPyConnection:
        """A writer (re)opens the database file: readers are told to hold back, those inside are waited for."""
        assert self._lock is not None
        self._lock.announce(busy=True)
        try:
            self._con = open_database(self.path, read_only=False, wait=self.wait)
        except BaseException:
            self._lock.announce(busy=False)
            raise
        return self._con

    def _table_names(self) -> set[str]:
        return {row[0] for row in self.connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}

    def _is_foreign(self) -> bool:
        names = self._table_names()
        return bool(names) and "meta" not in names

    def _create_schema(self) -> None:
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        for statement in create_statements():
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")

    def _check_schema(self) -> None:
        names = self._table_names()
        if "meta" not in names:
            raise StoreError(f"{self.path} is a DuckDB database but not a wirecoder store")
        self._check_version()
        missing = set(TABLES) - names
        if missing:
            raise StoreError(f"store {self.path} is missing tables: {', '.join(sorted(missing))}")

    def _check_version(self) -> None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else None
        if version != SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {version}, this wirecoder reads "
                             f"{SCHEMA_VERSION}; re-run into a new --db path")

    # ---- lifetime -------------------------------------------------------------

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for ad-hoc SQL (bind your parameters).

        A writer opens the file again if it had let it go; don't keep the connection
        across ``write()`` or ``release()``, which close it.
        """
        if self._con is None:
            if self._lock is None:
                raise StoreError(f"store {self.path} is closed")
            return self._take_file()
        return self._con

    def release(self) -> None:
        """A writer lets the database file go (checkpointed) but keeps the write lock; readers get in.

        The next query or write takes the file again.  Call it before long work
        (coding a batch); ``write()`` calls it itself.  Nothing to do for readers.
        """
        if self._lock is None or self._con is None:
            return
        try:
            # The batch is committed; the checkpoint moves it from the WAL into the file, so
            # readers open a clean file instead of replaying the log each time.
            self._con.execute("CHECKPOINT")
        except (duckdb.Error, OSError) as exc:
            raise write_error(self.path, exc) from exc
        finally:
            self._let_go()

    def _let_go(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            finally:
                self._con = None
                if self._lock is not None:
                    self._lock.announce(busy=False)

    def _abandon(self) -> None:
        try:
            if self._con is not None:
                self._con.close()
        except duckdb.Error:
            pass
        finally:
            self._con = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def close(self) -> None:
        try:
            self.release()
        finally:
            self._let_go()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        state = ", closed" if self._con is None and self._lock is None else ""
        return f"Store({self.path!r}, {mode}{state})"

    # ---- writing --------------------------------------------------------------

    def write(self, batch: Iterable[CodedArticle], *, signatures: Mapping[str, Signature] | None = None,
              copies: Iterable[Copy] = (), release: bool = True) -> WriteStats:
        """Write a batch in one transaction (all or nothing); already stored articles are skipped.

        An article stored under the same id with a different coding is replaced:
        its old rows are deleted and the new ones inserted in the same transaction.
        Each call opens the file, commits once, checkpoints and lets the file go
        (~60 ms together), so pass batches of 20 or more articles: about 3 ms per
        article then; readers get the file between batches.

        ``signatures`` (article id -> MinHash signature) index coded articles so later
        runs find their copies; ``copies`` (``wirecoder.dedup.Copy``) are near-duplicates,
        stored with a link to their original and its events' mentions, not coded.
        ``release=False`` keeps the file after the commit, for a caller with more to do in it
        before it lets the file go (the runner screens its next block first): one open and one
        checkpoint a block instead of two.
        """
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            stats = write_batch(self.connection, batch, self.path, signatures=signatures, copies=copies)
        except BaseException:
            if self._lock is not None:
                self._let_go()  # rolled back: nothing to checkpoint
            raise
        if release:
            self.release()  # committed: the file is free until the next batch
        return stats

    # ---- reading --------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return queries.has_article(self.connection, article_id)

    def article_ids(self) -> set[str]:
        return queries.article_ids(self.connection)

    def events(self, actor: str | None = None, recipient: str | None = None, type: str | None = None,
               since: str | dt.date | None = None, until: str | dt.date | None = None,
               cameo_root: str | None = None, country: str | None = None, limit: int | None = None,
               offset: int = 0, article_id: str | None = None) -> list[dict[str, Any]]:
        """Events as ``Event.to_dict()`` dicts, in (reference_date, article_id, start, id) order.

        ``actor``/``recipient``: a case-insensitive piece of any actor's (recipient's) name,
        or a country code (an upper-case ISO code such as "IRQ" or "IQ" matches codes only).
        ``type``: PLOVER type. ``cameo_root``: leading CAMEO digits ("04").
        ``country``: ISO alpha-2 or alpha-3, matched against the location and all participants.
        ``since``/``until``: ISO dates or prefixes, inclusive, compared with the event's date
        value (its ISO prefix), or the article's reference date when the event has none.
        """
        f = queries.EventFilter(actor=actor, recipient=recipient, type=type, since=since, until=until,
                                cameo_root=cameo_root, country=country, article_id=article_id)
        return queries.events(self.connection, f, limit=limit, offset=offset)

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Articles as ``Article.to_dict()`` dicts, by reference date then id."""
        return queries.articles(self.connection, limit=limit, offset=offset)

    def article(self, article_id: str) -> dict[str, Any] | None:
        found = queries.articles(self.connection, ids=[article_id])
        return found[0] if found else None

    def quotes(self, article_id: str | None = None) -> list[dict[str, Any]]:
        return queries.quotes(self.connection, article_id)

    def entities(self) -> list[dict[str, Any]]:
        """Entities merged across articles by name (``Entity.to_dict()`` shape)."""
        return queries.entities(self.connection)

    def places(self, article_id: str | None = None) -> list[dict[str, Any]]:
        return queries.places(self.connection, article_id)

    def times(self, article_id: str | None = None) -> list[dict[str, Any]]:
        return queries.times(self.connection, article_id)

    def sentences(self, article_id: str | None = None) -> list[dict[str, Any]]:
        return queries.sentences(self.connection, article_id)

    def similar(self, band_keys: list[int]) -> dict[str, Signature]:
        """Stored originals sharing any of these MinHash band keys (the duplicate screen's lookup)."""
        return queries.similar(self.connection, band_keys)

    def merged_events(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """One row per real-world event: event_key, num_mentions, num_articles, num_sources, ..."""
        return queries.merged_events(self.connection, limit=limit, offset=offset)

    def mentions(self, event_key: str | None = None, article_id: str | None = None) -> list[dict[str, Any]]:
        return queries.mentions(self.connection, event_key=event_key, article_id=article_id)

    def duplicates(self) -> list[dict[str, Any]]:
        """Near-duplicate links: article_id, original_id, similarity."""
        return queries.duplicates(self.connection)

    def check(self) -> list[str]:
        """Integrity problems (orphan rows, offsets outside the text, repeated ids); empty when sound."""
        from .integrity import problems

        return problems(self.connection)

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        return queries.counts(self.connection)

    def summary(self) -> dict[str, Any]:
        return queries.summary(self.connection)
