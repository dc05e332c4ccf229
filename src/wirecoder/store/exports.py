"""Export a store as JSON Lines, CSV or Parquet.

- ``jsonl``: one line per *article*, ``{"article": {...}, "events": [...],
  "quotes": [...], "entities": [...], "places": [...], "times": [...]}``, each
  record in its ``to_dict()`` shape (entities per article, with that one
  article id).  A line is self-contained, so the file can be split or
  streamed.  Returns the number of articles (lines).
- ``csv``: one row per event, flattened: actor and recipient names, countries
  and sectors each joined with ";" (position-aligned, empty where unknown),
  date text/value/granularity, location name/country/lat/lon.  Returns events.
- ``parquet``: to a file, the same flattened events as CSV.  To a directory
  (an existing one, or a path ending in "/"), one ``<table>.parquet`` per
  stored table, as stored.  Returns the rows written (summed over tables).

``out="-"`` writes jsonl and csv to standard output.  Files are written to a
temporary name and moved into place, so an interrupted export leaves no
half-written file behind.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from wirecoder.errors import StoreError

from . import queries
from .schema import TABLES, quote

if TYPE_CHECKING:
    from .database import Store

FORMATS = ("csv", "jsonl", "parquet")
JSONL_CHUNK = 500  # articles read per round of queries


def _joined(field: str, role: str, alias: str) -> str:
    """One participant field of one role, joined with ";" in position order."""
    return f"string_agg(coalesce({field}, ''), ';' ORDER BY position) FILTER (WHERE role = '{role}') AS {alias}"


FLAT_EVENTS_SQL = f"""
SELECT e.id AS event_id, e.article_id, a.title AS article_title, a.source, a.reference_date,
       e.sentence, e.start, e."end",
       e.event, e.mode, e.context, e.cameo, e.quad_class, e.goldstein,
       p.actor_names, p.actor_countries, p.actor_sectors,
       p.recipient_names, p.recipient_countries, p.recipient_sectors,
       e.date_text, e.date_value, e.date_granularity, e.date_key,
       e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_geonameid,
       e.negated, e.hypothetical, round(e.confidence, 3) AS confidence, e.trigger
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN (
    SELECT article_id, event_id,
           {_joined('name', 'actor', 'actor_names')},
           {_joined('country', 'actor', 'actor_countries')},
           {_joined('sector', 'actor', 'actor_sectors')},
           {_joined('name', 'recipient', 'recipient_names')},
           {_joined('country', 'recipient', 'recipient_countries')},
           {_joined('sector', 'recipient', 'recipient_sectors')}
    FROM event_actors GROUP BY article_id, event_id
) p ON p.article_id = e.article_id AND p.event_id = e.id
ORDER BY a.reference_date ASC NULLS LAST, e.article_id, e.start, e.id, e.position
"""

# How each table is ordered in a per-table Parquet export.
TABLE_ORDER = {
    "articles": ["reference_date", "id"],
    "sentences": ["article_id", "index"],
    "event_actors": ["article_id", "event_id", "role", "position"],
    "duplicates": ["original_id", "article_id"],
    "minhash_signatures": ["article_id"],
    "minhash_bands": ["article_id", "band"],
}


def export(store: Store, fmt: str, out: str | Path) -> int:
    """Write the store to ``out`` as ``fmt`` ("jsonl", "csv" or "parquet"); return rows written.

    See the module docstring for what a row is in each format.
    """
    name = str(fmt).strip().lower()
    writers = {"jsonl": _export_jsonl, "csv": _export_csv, "parquet": _export_parquet}
    if name not in writers:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[name](store, str(out))


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


def _export_csv(store: Store, out: str) -> int:
    cursor = store.connection.execute(FLAT_EVENTS_SQL)
    header = [d[0] for d in cursor.description]
    written = 0
    with _text_output(out, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        while rows := cursor.fetchmany(5000):
            writer.writerows(rows)
            written += len(rows)
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
    target = Path(out)
    if out == "-":
        raise StoreError("parquet cannot be written to standard output; give a file or directory")
    if not (target.is_dir() or out.endswith(("/", os.sep))):
        target.parent.mkdir(parents=True, exist_ok=True)
        return _copy_parquet(store, FLAT_EVENTS_SQL, target)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for table in TABLES:
        order = TABLE_ORDER.get(table, ["article_id", "position"])
        select = f"SELECT * FROM {table} ORDER BY {', '.join(quote(c) for c in order)}"
        written += _copy_parquet(store, select, target / f"{table}.parquet")
    return written
