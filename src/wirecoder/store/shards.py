"""Parquet shards: coded articles written by a worker, merged into a store by the client.

A worker codes its shard into a throwaway in-memory store (the same rows, positions and
fingerprints a local run writes) and copies each table to ``<root>/<table>/<name>.parquet``.
The client merges a shard in one transaction, keeping the articles it chose as originals
and adding its copies; or it leaves the shards as a Parquet dataset and makes a small
DuckDB file of views that read them in place (``dataset_store``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from wirecoder.dedup import Copy, Signature
from wirecoder.model import Article, Caption, CodedArticle

from .database import Store
from .schema import SCHEMA_VERSION, TABLES, create_statements, quote
from .sharing import WriteLock
from .writer import copy_rows, in_transaction, insert_table, signature_rows

# What a worker writes: everything coded.  The duplicate tables are the client's to fill.
SHARD_TABLES = [t for t in TABLES if t not in ("duplicates", "minhash_signatures", "minhash_bands")]


def _id_column(table: str) -> str:
    return "id" if table == "articles" else "article_id"


def shard_file(root: str | Path, table: str, name: str) -> Path:
    return Path(root) / table / f"{name}.parquet"


def write_shard(coded: Iterable[CodedArticle], root: str | Path, name: str) -> None:
    """Write coded articles as one Parquet file per table (written aside, then moved into place)."""
    with Store(":memory:") as memory:
        memory.write(coded)
        for table in SHARD_TABLES:
            target = shard_file(root, table, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            memory.connection.execute(f"COPY (SELECT * FROM {table}) TO ? (FORMAT parquet)", [str(partial)])
            os.replace(partial, target)


def shard_articles(root: str | Path, name: str) -> dict[str, Article]:
    """The shard's articles by id, rebuilt from its articles file (for screening and copies)."""
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT id, title, source, url, reference_date, reference_date_origin, captions, paragraphs, text "
            "FROM read_parquet(?)", [str(shard_file(root, "articles", name))]).fetchall()
    finally:
        con.close()
    found = {}
    for aid, title, source, url, ref, origin, captions, paragraphs, text in rows:
        found[aid] = Article(title=title, text=text, source=source, reference_date=ref,
                             reference_date_origin=origin, url=url, id=aid,
                             captions=[Caption(c["text"], c["credit"]) for c in captions or []],
                             paragraphs=[tuple(p) for p in paragraphs or []])
    return found


def merge_shard(store: Store, root: str | Path, name: str, originals: list[str],
                signatures: Mapping[str, Signature], copies: Iterable[Copy]) -> int:
    """Merge one shard in one transaction: the ``originals``' coded rows, their MinHash rows and the
    ``copies``; rows of anything else in the shard are left out.  Returns the copies' mentions."""
    con = store.connection
    copies = list(copies)

    def insert() -> None:
        for table in SHARD_TABLES:
            cols = ", ".join(quote(c) for c, _, _ in TABLES[table])
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?) "
                        f"WHERE {_id_column(table)} IN (SELECT unnest(?::VARCHAR[]))",
                        [str(shard_file(root, table, name)), originals])
        extra: dict[str, list[tuple]] = {t: [] for t in TABLES}
        for aid in originals:
            if aid not in signatures:
                continue
            for table, rows in signature_rows(aid, signatures[aid]).items():
                extra[table].extend(rows)
        for copy in copies:
            for table, rows in copy_rows(copy).items():
                extra[table].extend(rows)
        for table, rows in extra.items():
            insert_table(con, table, rows)

    return in_transaction(con, store.path, insert, [], [c.article.id for c in copies])


def dataset_store(db: str | Path, root: str | Path) -> None:
    """A DuckDB file whose tables are views over the Parquet dataset under ``root`` (read it in place).

    The duplicate tables are left empty: a dataset is not screened for copies.
    """
    root = Path(root).resolve()
    path = Path(db)
    with WriteLock(path) as lock:  # another writer is refused; readers keep the old file until they close
        lock.announce(busy=True)
        if path.exists():
            path.unlink()
        _write_views(path, root)


def _write_views(path: Path, root: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        views = set(SHARD_TABLES)
        for statement in create_statements():
            if not any(statement.startswith(f"CREATE TABLE IF NOT EXISTS {t} (") for t in views):
                if "merged_events" not in statement:
                    con.execute(statement)
        for table in SHARD_TABLES:
            glob = str(root / table / "*.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{glob}')")
        con.execute(next(s for s in create_statements() if "merged_events" in s))
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    finally:
        con.close()
