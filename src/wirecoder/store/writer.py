"""Turn coded articles into column batches and write them in one transaction.

Ids are content hashes, so writing is idempotent: an article already stored
with the same id and the same coding (its ``fingerprint``) is skipped; one
stored with the same id but a different coding is re-coded, and all its rows
are deleted and inserted again inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

import duckdb

from wirecoder.errors import StoreError
from wirecoder.model import CodedArticle, content_id

from .schema import CHILD_TABLES, TABLES, insert_statement


@dataclass
class WriteStats:
    """What one ``Store.write`` did. ``articles`` includes the ``replaced`` (re-coded) ones."""

    articles: int = 0
    events: int = 0
    quotes: int = 0
    entities: int = 0
    places: int = 0
    skipped: int = 0
    replaced: int = 0

    def __add__(self, other: WriteStats) -> WriteStats:
        return WriteStats(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


_ISO_PREFIX = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|T)")
_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_YEAR_THEN_PART = re.compile(r"(\d{4})-")  # 2024-Q4, 2024-SU, 2024-H1: at least the year is known


def iso_prefix(value: str | None) -> str | None:
    """The ISO calendar prefix a date value names: "2024", "2024-12" or "2024-12-13".

    Weeks become their Monday; quarters, seasons and halves their year;
    durations, sets and references ("P2W", "PRESENT_REF") give None.
    """
    if not value:
        return None
    match = _ISO_PREFIX.match(value)
    if match:
        return match.group(0)
    match = _ISO_WEEK.match(value)
    if match:
        try:
            return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1).isoformat()
        except ValueError:
            return match.group(1)
    match = _YEAR_THEN_PART.match(value)
    return match.group(1) if match else None


def as_day(prefix: str | None) -> dt.date | None:
    if prefix is None or len(prefix) != 10:
        return None
    try:
        return dt.date.fromisoformat(prefix)
    except ValueError:
        return None


def _unique_by_id(items: list[Any]) -> list[Any]:
    """Drop repeated ids within one article so an id names one row."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            kept.append(item)
    return kept


def article_rows(coded: CodedArticle) -> dict[str, list[tuple]]:
    """One article's rows: table -> tuples in schema column order.

    The article row ends with its fingerprint, a hash of all the other rows,
    which tells a re-run (same coding: skip) from a re-code (replace).
    """
    rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
    art = coded.article
    aid = art.id
    reference_key = iso_prefix(art.reference_date)
    rows["articles"].append((
        aid, art.title, art.source, art.url, art.reference_date, as_day(reference_key),
        art.reference_date_origin, [{"text": c.text, "credit": c.credit} for c in art.captions],
        [list(p) for p in art.paragraphs], art.text,
    ))
    rows["sentences"].extend((aid, s.index, s.start, s.end, s.text) for s in coded.sentences)
    rows["entities"].extend(
        (aid, i, e.name, e.label, e.role, e.country, e.sector, e.mentions, list(e.aliases), [list(s) for s in e.spans])
        for i, e in enumerate(coded.entities)
    )
    actors = rows["event_actors"]
    for i, ev in enumerate(_unique_by_id(coded.events)):
        d, loc = ev.date, ev.location
        key = (iso_prefix(d.value) if d else None) or reference_key
        rows["events"].append((
            aid, i, ev.id, ev.sentence, ev.start, ev.end, ev.event, ev.mode, ev.context, ev.cameo,
            ev.quad_class, ev.goldstein, ev.negated, ev.hypothetical, ev.confidence,
            ev.trigger, ev.trigger_start, ev.trigger_end,
            *((d.text, d.value, d.granularity, d.type, d.start, d.end, d.from_reference) if d else (None,) * 7),
            key, as_day(key),
            *((loc.text, loc.name, loc.country, loc.lat, loc.lon, loc.geonameid, loc.feature, loc.start, loc.end)
              if loc else (None,) * 9),
        ))
        for role, refs in (("actor", ev.actor), ("recipient", ev.recipient)):
            actors.extend((aid, ev.id, role, j, a.text, a.name, a.country, a.sector, a.start, a.end)
                          for j, a in enumerate(refs))
    for i, q in enumerate(_unique_by_id(coded.quotes)):
        s = q.speaker
        rows["quotes"].append((
            aid, i, q.id, q.text, q.kind, q.start, q.end, q.cue, q.cue_start, q.cue_end, s is not None,
            *((s.text, s.name, s.country, s.sector, s.start, s.end) if s else (None,) * 6),
        ))
    rows["places"].extend(
        (aid, i, p.text, p.name, p.country, p.lat, p.lon, p.geonameid, p.feature, p.start, p.end)
        for i, p in enumerate(coded.places)
    )
    rows["times"].extend(
        (aid, i, t.text, t.value, t.granularity, t.type, t.start, t.end, t.from_reference)
        for i, t in enumerate(coded.times)
    )
    print_ = content_id(repr(rows), length=32)
    rows["articles"][0] += (print_,)
    return rows


def insert_table(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert a table's rows with one statement, passing one list per column."""
    if not rows:
        return
    column_lists = [list(col) for col in zip(*rows, strict=False)]
    con.execute(insert_statement(table), column_lists)


def stored_fingerprints(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    found = con.execute(
        "SELECT id, fingerprint FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    ).fetchall()
    return dict(found)


def write_batch(con: duckdb.DuckDBPyConnection, batch: Iterable[CodedArticle], where: str) -> WriteStats:
    """Write a batch in one transaction: all of it or, on any error, none of it."""
    stats = WriteStats()
    latest: dict[str, dict[str, list[tuple]]] = {}
    for coded in batch:
        if coded.article.id in latest:
            stats.skipped += 1  # the same article twice in one batch: the later coding wins
        latest[coded.article.id] = article_rows(coded)
    stored = stored_fingerprints(con, list(latest))

    rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
    replaced: list[str] = []
    for aid, own_rows in latest.items():
        if aid in stored:
            if stored[aid] == own_rows["articles"][0][-1]:
                stats.skipped += 1
                continue
            replaced.append(aid)
        for table, table_rows in own_rows.items():
            rows[table].extend(table_rows)
    if not rows["articles"]:
        return stats

    try:
        con.execute("BEGIN TRANSACTION")
        if replaced:
            for table in CHILD_TABLES:
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
            con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
        for table in TABLES:
            insert_table(con, table, rows[table])
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the transaction is already gone
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"cannot write to store {where}: {str(exc).splitlines()[0]}") from exc
        raise

    stats.articles = len(rows["articles"])
    stats.replaced = len(replaced)
    stats.events = len(rows["events"])
    stats.quotes = len(rows["quotes"])
    stats.entities = len(rows["entities"])
    stats.places = len(rows["places"])
    return stats
