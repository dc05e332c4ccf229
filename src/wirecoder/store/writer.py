"""Turn coded articles into column batches and write them in one transaction.

Ids are content hashes, so writing is idempotent: an article already stored
with the same id and the same coding (its ``fingerprint``) is skipped; one
stored with the same id but a different coding is re-coded, and all its rows
are deleted and inserted again inside the same transaction.

Near-duplicate articles (``wirecoder.dedup.Copy``) are written beside coded ones:
the copy's article row, its link to the original, and one mention per event of
the original found in the copy's text.  Those mentions are read back from the
original's stored rows inside the same transaction, so a copy gets the same
rows whether its original was written in this batch, an earlier one or an
earlier run; and when an original is re-coded, its copies' mentions follow.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import duckdb
import numpy as np

from wirecoder.dedup import Copy, Signature, band_keys, event_key, locate_mentions
from wirecoder.errors import StoreError
from wirecoder.model import CodedArticle, content_id

from .schema import CHILD_TABLES, FLAT_TABLES, TABLES, insert_statement, scan_insert_statement


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
    copies: int = 0  # near-duplicates stored as links, not coded
    mentions: int = field(default=0, compare=False)  # event mentions, the coded events' own and the copies'

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


def _article_row(art) -> tuple:
    """The articles row without its fingerprint."""
    return (art.id, art.title, art.source, art.url, art.reference_date, as_day(iso_prefix(art.reference_date)),
            art.reference_date_origin, [{"text": c.text, "credit": c.credit} for c in art.captions],
            [list(p) for p in art.paragraphs], art.text)


def signature_rows(article_id: str, signature: Signature) -> dict[str, list[tuple]]:
    return {"minhash_signatures": [(article_id, [int(v) for v in signature])],
            "minhash_bands": [(article_id, band, key) for band, key in enumerate(band_keys(signature))]}


def article_rows(coded: CodedArticle, signature: Signature | None = None) -> dict[str, list[tuple]]:
    """One article's rows: table -> tuples in schema column order.

    The article row ends with its fingerprint, a hash of all the other rows,
    which tells a re-run (same coding: skip) from a re-code (replace).  The
    MinHash rows (when a ``signature`` is given) follow from the text and stay
    out of the fingerprint.
    """
    rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
    art = coded.article
    aid = art.id
    reference_key = iso_prefix(art.reference_date)
    rows["articles"].append(_article_row(art))
    rows["sentences"].extend((aid, s.index, s.start, s.end, s.text) for s in coded.sentences)
    rows["entities"].extend(
        (aid, i, e.name, e.label, e.role, e.country, e.sector, e.mentions, list(e.aliases), [list(s) for s in e.spans])
        for i, e in enumerate(coded.entities)
    )
    actors = rows["event_actors"]
    for i, ev in enumerate(_unique_by_id(coded.events)):
        d, loc = ev.date, ev.location
        key = (iso_prefix(d.value) if d else None) or reference_key
        rows["event_mentions"].append((
            aid, i, event_key(ev, key), ev.id, aid, False, art.source, ev.sentence, ev.start, ev.end,
            ev.trigger_start, ev.trigger_end, key,
        ))
        rows["events"].append((
            aid, i, ev.id, ev.sentence, ev.start, ev.end, ev.event, ev.mode, ev.context, ev.cameo,
            ev.quad_class, ev.goldstein, ev.negated, ev.hypothetical, ev.confidence,
            ev.trigger, ev.trigger_start, ev.trigger_end, ev.primary,
            *((d.text, d.value, d.granularity, d.type, d.start, d.end, d.from_reference) if d else (None,) * 7),
            key, as_day(key),
            *((loc.text, loc.name, loc.country, loc.lat, loc.lon, loc.geonameid, loc.feature, loc.precision,
               loc.start, loc.end) if loc else (None,) * 10),
        ))
        for role, refs in (("actor", ev.actor), ("recipient", ev.recipient)):
            actors.extend((aid, ev.id, role, j, a.text, a.name, a.country, a.sector, a.code, a.country_source,
                           a.start, a.end)
                          for j, a in enumerate(refs))
    for i, q in enumerate(_unique_by_id(coded.quotes)):
        s = q.speaker
        rows["quotes"].append((
            aid, i, q.id, q.text, q.kind, q.start, q.end, q.cue, q.cue_start, q.cue_end, s is not None,
            *((s.text, s.name, s.country, s.sector, s.code, s.country_source, s.start, s.end) if s else (None,) * 8),
        ))
    rows["places"].extend(
        (aid, i, p.text, p.name, p.country, p.lat, p.lon, p.geonameid, p.feature, p.precision, p.start, p.end)
        for i, p in enumerate(coded.places)
    )
    rows["times"].extend(
        (aid, i, t.text, t.value, t.granularity, t.type, t.start, t.end, t.from_reference)
        for i, t in enumerate(coded.times)
    )
    print_ = content_id(repr(rows), length=32)
    rows["articles"][0] += (print_,)
    if signature is not None:
        rows.update(signature_rows(aid, signature))
    return rows


def copy_rows(copy: Copy) -> dict[str, list[tuple]]:
    """A near-duplicate's own rows: its article and its link (its mentions come from the original)."""
    rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
    aid = copy.article.id
    rows["duplicates"].append((aid, copy.original_id, copy.similarity))
    rows["articles"].append(_article_row(copy.article) + (content_id("copy", copy.original_id, copy.similarity,
                                                                        length=32),))
    return rows


_BATCH_VIEW = "wirecoder_batch_rows"


def insert_table(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert a table's rows with one statement.

    A table of plain columns is scanned from one NumPy object array per column (DuckDB reads those in C++,
    about twice as fast as list parameters); one with lists or structs passes one list per column."""
    if not rows:
        return
    if table in FLAT_TABLES:
        arrays = {f"c{i}": np.array(col, dtype=object) for i, col in enumerate(zip(*rows, strict=True))}
        con.register(_BATCH_VIEW, arrays)
        try:
            con.execute(scan_insert_statement(table, _BATCH_VIEW))
        finally:
            con.unregister(_BATCH_VIEW)
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


_DISK_FULL = ("No space left on device", "Disk quota exceeded", "ENOSPC")
_READ_ONLY = ("Read-only file system", "Permission denied")


def write_error(where: str, exc: BaseException) -> StoreError:
    """One line for a failed write, naming the usual causes: a full disk, a read-only file or folder."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    errno_ = getattr(exc, "errno", None)
    if errno_ in (errno.ENOSPC, errno.EDQUOT) or any(s in text for s in _DISK_FULL):
        return StoreError(f"cannot write to store {where}: disk full (no space left on device); the store keeps "
                          "every batch committed before it (a batch is all or nothing); free some space and run again")
    if errno_ in (errno.EROFS, errno.EACCES, errno.EPERM) or any(s in text for s in _READ_ONLY):
        return StoreError(f"cannot write to store {where}: the file or its folder is read-only; "
                          "use another --db path or fix its permissions")
    return StoreError(f"cannot write to store {where}: {text[:300]}")


def write_batch(con: duckdb.DuckDBPyConnection, batch: Iterable[CodedArticle], where: str, *,
                signatures: Mapping[str, Signature] | None = None, copies: Iterable[Copy] = ()) -> WriteStats:
    """Write a batch in one transaction: all of it or, on any error, none of it.

    ``signatures`` (article id -> MinHash) index coded articles for later duplicate
    screening; ``copies`` are near-duplicates to store as links with mentions.
    """
    stats = WriteStats()
    signatures = signatures or {}
    latest: dict[str, dict[str, list[tuple]]] = {}
    for coded in batch:
        if coded.article.id in latest:
            stats.skipped += 1  # the same article twice in one batch: the later coding wins
        latest[coded.article.id] = article_rows(coded, signatures.get(coded.article.id))
    copy_list = [c for c in copies if c.article.id not in latest]
    stored = stored_fingerprints(con, list(latest) + [c.article.id for c in copy_list])

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
    new_copies: dict[str, Copy] = {}
    for copy in copy_list:
        if copy.article.id in stored or copy.article.id in new_copies:
            stats.skipped += 1  # stored already (as a copy or as an original): nothing to add
            continue
        new_copies[copy.article.id] = copy
        for table, table_rows in copy_rows(copy).items():
            rows[table].extend(table_rows)
    if not rows["articles"]:
        return stats

    def insert_all() -> None:
        for table in TABLES:
            insert_table(con, table, rows[table])

    mentions = in_transaction(con, where, insert_all, replaced, list(new_copies))
    stats.articles = len(rows["articles"]) - len(new_copies)
    stats.copies = len(new_copies)
    stats.replaced = len(replaced)
    stats.events = len(rows["events"])
    stats.quotes = len(rows["quotes"])
    stats.entities = len(rows["entities"])
    stats.places = len(rows["places"])
    stats.mentions = len(rows["event_mentions"]) + mentions
    return stats


def in_transaction(con: duckdb.DuckDBPyConnection, where: str, insert, replaced: list[str],
                   copy_ids: list[str]) -> int:
    """Delete the replaced articles, ``insert()``, add the copies' mentions, commit; all or nothing.

    Returns the number of copy mentions written.
    """
    try:
        con.execute("BEGIN TRANSACTION")
        if replaced:
            for table in CHILD_TABLES:
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
            con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
        insert()
        # Copies of re-coded originals take their mentions from the new coding.
        stale = con.execute(
            "SELECT article_id FROM duplicates WHERE original_id IN (SELECT unnest(?::VARCHAR[]))", [replaced]
        ).fetchall() if replaced else []
        refresh = [r[0] for r in stale]
        if refresh:
            con.execute("DELETE FROM event_mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [refresh])
        mentions = insert_copy_mentions(con, sorted(set(copy_ids) | set(refresh)))
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the transaction is already gone
        if isinstance(exc, (duckdb.Error, OSError)):
            raise write_error(where, exc) from exc
        raise
    return mentions


def insert_copy_mentions(con: duckdb.DuckDBPyConnection, copy_ids: list[str]) -> int:
    """Mentions for stored copies, from their originals' coded mentions (within the caller's transaction)."""
    if not copy_ids:
        return 0
    copies = con.execute(
        "SELECT d.article_id, d.original_id, c.text, c.source, o.text FROM duplicates d "
        "JOIN articles c ON c.id = d.article_id JOIN articles o ON o.id = d.original_id "
        "WHERE d.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY d.article_id", [copy_ids]).fetchall()
    originals = sorted({row[1] for row in copies})
    coded: dict[str, list[dict]] = {}
    cursor = con.execute(
        'SELECT article_id, event_key, event_id, start, "end", trigger_start, trigger_end, date_key '
        "FROM event_mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND NOT copied "
        "ORDER BY article_id, position", [originals])
    for aid, key, eid, start, end, ts, te, date_key in cursor.fetchall():
        coded.setdefault(aid, []).append({"event_key": key, "event_id": eid, "start": start, "end": end,
                                          "trigger_start": ts, "trigger_end": te, "date_key": date_key})
    rows: list[tuple] = []
    for copy_id, original_id, copy_text, source, original_text in copies:
        mentions = coded.get(original_id, [])
        position = 0
        for m, span in zip(mentions, locate_mentions(mentions, original_text, copy_text), strict=True):
            if span is None:
                continue
            rows.append((copy_id, position, m["event_key"], m["event_id"], original_id, True, source,
                         span.sentence(copy_text), span.start, span.end, span.trigger_start, span.trigger_end,
                         m["date_key"]))
            position += 1
    insert_table(con, "event_mentions", rows)
    return len(rows)
