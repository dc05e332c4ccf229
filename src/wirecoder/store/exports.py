"""Export a store: its own JSON Lines, flat events (CSV, Parquet), and the field's exchange formats.

- ``jsonl``: one line per *article*, ``{"article": {...}, "events": [...], "quotes": [...],
  "entities": [...], "places": [...], "times": [...]}``, each record in its ``to_dict()`` shape
  (entities per article, with that one article id). A line is self-contained, so the file can be
  split or streamed. Returns the number of articles (lines).
- ``csv``: one row per event, flattened (formats/flat.py): lists ";"-joined, position-aligned.
- ``parquet``: to a file named ``*.parquet``, the same flat events with their types (DATE days, lists).
  To anything else, a folder (created if needed) of one ``<table>.parquet`` per stored table, as
  stored, and ``merged_events.parquet``. Returns the rows written (summed over files).
- ``polecat``: POLECAT's weekly TSV layout (formats/polecat.py), one row per event with a PLOVER type.
- ``plover``: PLOVER's JSON exchange format (formats/plover.py), one event with a PLOVER type a line.
- ``phoenix``: the Phoenix/GDELT-style TSV (formats/phoenix.py), one row per actor-recipient pair.

docs/fields.md documents every column of every format. ``out="-"`` writes the text formats to standard
output. Files are written to a temporary name and moved into place, so an interrupted export leaves no
half-written file behind.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from wirecoder.errors import StoreError

from . import queries
from .formats import flat, phoenix, polecat
from .formats.plover import plover_event
from .formats.records import iter_records, records_sql
from .schema import TABLES, quote

if TYPE_CHECKING:
    from .database import Store

JSONL_CHUNK = 500  # articles read per round of queries
FLAT_CSV_SQL = records_sql(flat.csv_select())
FLAT_PARQUET_SQL = records_sql(flat.parquet_select())
FLAT_EVENTS_SQL = FLAT_CSV_SQL  # the web's CSV download gives the same rows as `export --format csv`

# How each table is ordered in a per-table Parquet export.
TABLE_ORDER = {
    "articles": ["reference_date", "id"],
    "sentences": ["article_id", "index"],
    "event_actors": ["article_id", "event_id", "role", "position"],
    "duplicates": ["original_id", "article_id"],
    "minhash_signatures": ["article_id"],
    "minhash_bands": ["article_id", "band"],
    "merged_events": ["event_key"],
}
# Views written beside the tables in a per-table Parquet export.
VIEWS = ("merged_events",)


def export(store: Store, fmt: str, out: str | Path) -> int:
    """Write the store to ``out`` as ``fmt`` (one of ``FORMATS``); return rows written.

    See the module docstring for what a row is in each format.
    """
    name = str(fmt).strip().lower()
    if name not in EXPORTERS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return EXPORTERS[name](store, str(out))


@contextmanager
def _text_output(out: str, newline: str | None = None) -> Iterator[IO[str]]:
    """Standard output for "-", else a temporary file renamed to ``out`` on success."""
    if out == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(out)
    if target.is_dir():
        raise StoreError(f"cannot export to {out}: it is a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        os.replace(partial, target)
    except OSError as exc:
        raise StoreError(f"cannot export to {out}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)


def _export_jsonl(store: Store, out: str) -> int:
    con = store.connection
    ids = [row[0] for row in con.execute(
        f"SELECT a.id FROM articles a ORDER BY {queries.ARTICLE_ORDER}").fetchall()]
    written = 0
    with _text_output(out) as handle:
        for begin in range(0, len(ids), JSONL_CHUNK):
            chunk = ids[begin:begin + JSONL_CHUNK]
            parts = {
                "events": queries.events(con, queries.EventFilter(), article_ids=chunk),
                "quotes": queries.quotes(con, article_ids=chunk),
                "entities": queries.entities_by_article(con, chunk),
                "places": queries.places(con, article_ids=chunk),
                "times": queries.times(con, article_ids=chunk),
            }
            grouped: dict[str, dict[str, list]] = {aid: {key: [] for key in parts} for aid in chunk}
            for key, records in parts.items():
                for record in records:
                    owner = record["article_id"] if "article_id" in record else record["article_ids"][0]
                    grouped[owner][key].append(record)
            for article in queries.articles(con, ids=chunk):
                line = {"article": article, **grouped[article["id"]]}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                written += 1
    return written


def _write_rows(out: str, header: list[str], rows: Iterable[Iterable[object]], delimiter: str = ",") -> int:
    written = 0
    with _text_output(out, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            written += 1
    return written


def _export_csv(store: Store, out: str) -> int:
    cursor = store.connection.execute(FLAT_CSV_SQL)
    header = [d[0] for d in cursor.description]

    def rows() -> Iterator[tuple]:
        while chunk := cursor.fetchmany(5000):
            yield from chunk

    return _write_rows(out, header, rows())


def _tsv_export(columns: list[str], make_rows: Callable[[dict], Iterable[list[str]]]):
    """An exporter of one tab-separated exchange format: a header, then each event record's rows."""
    def write(store: Store, out: str) -> int:
        rows = (row for record in iter_records(store.connection) for row in make_rows(record))
        return _write_rows(out, columns, rows, delimiter="\t")

    return write


def _export_plover(store: Store, out: str) -> int:
    written = 0
    with _text_output(out) as handle:
        for record in iter_records(store.connection):
            if record["event"]:  # CAMEO 01 statements have no PLOVER type: not PLOVER events
                handle.write(json.dumps(plover_event(record), ensure_ascii=False, default=str) + "\n")
                written += 1
    return written


def _copy_parquet(store: Store, select_sql: str, target: Path) -> int:
    partial = target.with_name(target.name + ".partial")
    try:
        count = store.connection.execute(f"COPY ({select_sql}) TO ? (FORMAT parquet)", [str(partial)]).fetchone()
        os.replace(partial, target)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"cannot export to {target}: {str(exc).splitlines()[0]}") from exc
    return int(count[0]) if count else 0


def _export_parquet(store: Store, out: str) -> int:
    if out == "-":
        raise StoreError("parquet cannot be written to standard output; give a file or directory")
    target = Path(out)
    if out.lower().endswith(".parquet") and not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        return _copy_parquet(store, FLAT_PARQUET_SQL, target)
    if target.exists() and not target.is_dir():
        raise StoreError(f"cannot export to {out}: a file is there; per-table Parquet goes into a folder")
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for table in (*TABLES, *VIEWS):
        order = TABLE_ORDER.get(table, ["article_id", "position"])
        select = f"SELECT * FROM {table} ORDER BY {', '.join(quote(c) for c in order)}"
        written += _copy_parquet(store, select, target / f"{table}.parquet")
    return written


# The registry: a format is one line here and its module in formats/.
EXPORTERS: dict[str, Callable[[Store, str], int]] = {
    "jsonl": _export_jsonl,
    "csv": _export_csv,
    "parquet": _export_parquet,
    "polecat": _tsv_export(polecat.COLUMNS, polecat.polecat_rows),
    "plover": _export_plover,
    "phoenix": _tsv_export(phoenix.COLUMNS, phoenix.phoenix_rows),
}
FORMATS = tuple(EXPORTERS)
