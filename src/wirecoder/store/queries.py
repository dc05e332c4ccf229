"""Read the store back as the model's ``to_dict()`` shapes.

Every value a caller passes is a bound parameter; the only text put into SQL
is fixed fragments chosen here.  Articles are listed in (reference_date,
article_id) order, events within an article by (start, id), other records in
the order the pipeline produced them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from wirecoder.errors import StoreError

from .schema import TABLES

ARTICLE_ORDER = "a.reference_date ASC NULLS LAST, a.id"

_DATE_FILTER = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def _paging(limit: int | None, offset: int) -> tuple[str, list[Any]]:
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise StoreError(f"{name} must be a whole number >= 0, got {value!r}")
    sql, params = "", []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    if offset:
        sql += " OFFSET ?"
        params.append(offset)
    return sql, params


def _article_filter(alias: str, article_id: str | None) -> tuple[str, list[Any]]:
    if article_id is None:
        return "", []
    return f" WHERE {alias}.article_id = ?", [article_id]


# ---- articles -----------------------------------------------------------------

def articles(con: duckdb.DuckDBPyConnection, ids: list[str] | None = None,
             limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    where, params = "", []
    if ids is not None:
        where, params = " WHERE a.id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    page, page_params = _paging(limit, offset)
    cursor = con.execute(
        "SELECT id, title, source, url, reference_date, reference_date_origin, captions, text "
        f"FROM articles a{where} ORDER BY {ARTICLE_ORDER}{page}",
        params + page_params,
    )
    found = _dicts(cursor)
    for art in found:
        art["captions"] = list(art["captions"] or [])
    return found


def article_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}


def has_article(con: duckdb.DuckDBPyConnection, article_id: str) -> bool:
    return con.execute("SELECT count(*) FROM articles WHERE id = ?", [article_id]).fetchone()[0] > 0


# ---- events -------------------------------------------------------------------

@dataclass
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: str | dt.date | None = None
    until: str | dt.date | None = None
    cameo_root: str | None = None
    country: str | None = None
    article_id: str | None = None


def country_codes(code: str) -> list[str]:
    """Both ISO forms of a country code, so "IQ" and "IRQ" find the same events.

    Actors carry alpha-3 codes and places alpha-2, so either spelling has to
    reach both.
    """
    code = code.strip().upper()
    codes = {code}
    if code.isalpha() and len(code) in (2, 3):
        import pycountry  # loaded only when a country filter is used

        found = (pycountry.countries.get(alpha_2=code) if len(code) == 2
                 else pycountry.countries.get(alpha_3=code))
        if found is not None:
            codes.update({found.alpha_2, found.alpha_3})
    return sorted(codes)


def _is_country_code(value: str) -> bool:
    """An upper-case ISO code ("USA", "IQ") is taken as a code only, not also as a name fragment.

    Otherwise "US" would match every "Russia" and "Australia" by substring.
    """
    return value.isupper() and value.isalpha() and len(value) in (2, 3) and len(country_codes(value)) > 1


def _participant_clause(role: str, value: str) -> tuple[str, list[Any]]:
    value = value.strip()
    if _is_country_code(value):
        match, params = "(lower(x.name) = lower(?) OR upper(x.country) IN (SELECT unnest(?::VARCHAR[])))", \
            [value, country_codes(value)]
    else:
        match, params = "(contains(lower(x.name), lower(?)) OR upper(x.country) = upper(?))", [value, value]
    sql = ("EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = e.article_id AND x.event_id = e.id "
           f"AND x.role = ? AND {match})")
    return sql, [role, *params]


def _date_bound(name: str, value: str | dt.date) -> str:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()[:10]
    text = str(value).strip()
    if not _DATE_FILTER.fullmatch(text):
        raise StoreError(f"{name} must be an ISO date or prefix (2024, 2024-12, 2024-12-13), got {value!r}")
    return text


def _cameo_root(value: str) -> str:
    root = str(value).strip()
    return root.zfill(2) if root.isdigit() and len(root) == 1 else root


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause for an event filter, with its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.article_id is not None:
        clauses.append("e.article_id = ?")
        params.append(f.article_id)
    for role, value in (("actor", f.actor), ("recipient", f.recipient)):
        if value:
            sql, more = _participant_clause(role, value)
            clauses.append(sql)
            params += more
    if f.type:
        clauses.append("upper(e.event) = upper(?)")
        params.append(f.type.strip())
    if f.cameo_root:
        clauses.append("starts_with(e.cameo, ?)")
        params.append(_cameo_root(f.cameo_root))
    if f.country:
        codes = country_codes(f.country)
        clauses.append(
            "(upper(e.location_country) IN (SELECT unnest(?::VARCHAR[])) OR EXISTS (SELECT 1 FROM event_actors c "
            "WHERE c.article_id = e.article_id AND c.event_id = e.id AND upper(c.country) IN "
            "(SELECT unnest(?::VARCHAR[]))))"
        )
        params += [codes, codes]
    # date_key and the bound may differ in precision: compare on the shorter of the two,
    # so "2024-12" is inside since="2024-12-10" and inside until="2024-12-01".
    if f.since is not None:
        clauses.append("e.date_key >= left(?, length(e.date_key))")
        params.append(_date_bound("since", f.since))
    if f.until is not None:
        bound = _date_bound("until", f.until)
        clauses.append("left(e.date_key, length(?)) <= ?")
        params += [bound, bound]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_EVENT_SELECT = (
    "SELECT e.* FROM events e JOIN articles a ON a.id = e.article_id{where} "
    "ORDER BY " + ARTICLE_ORDER.replace("a.id", "e.article_id") + ", e.start, e.id, e.position{page}"
)


def _actor_lists(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> dict[tuple, list[dict]]:
    """Actors and recipients of the given event rows, keyed by (article_id, event_id, role)."""
    found: dict[tuple, list[dict]] = {}
    if not rows:
        return found
    cursor = con.execute(
        'SELECT article_id, event_id, role, text, name, country, sector, code, country_source, start, "end" '
        "FROM event_actors WHERE event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, event_id, role, "
        "position",
        [sorted({r["id"] for r in rows})],
    )
    for aid, eid, role, text, name, country, sector, code, country_source, start, end in cursor.fetchall():
        found.setdefault((aid, eid, role), []).append(
            {"text": text, "name": name, "country": country, "sector": sector, "code": code,
             "country_source": country_source, "start": start, "end": end})
    return found


def _event_dict(r: dict[str, Any], actors: dict[tuple, list[dict]]) -> dict[str, Any]:
    date = None
    if r["date_value"] is not None or r["date_text"] is not None:
        date = {"text": r["date_text"], "value": r["date_value"], "granularity": r["date_granularity"],
                "type": r["date_type"], "start": r["date_start"], "end": r["date_end"],
                "from_reference": r["date_from_reference"]}
    location = None
    if r["location_name"] is not None or r["location_text"] is not None:
        location = {"text": r["location_text"], "name": r["location_name"], "country": r["location_country"],
                    "lat": r["location_lat"], "lon": r["location_lon"], "geonameid": r["location_geonameid"],
                    "feature": r["location_feature"], "start": r["location_start"], "end": r["location_end"],
                    "article_id": r["article_id"], "precision": r["location_precision"]}
    key = (r["article_id"], r["id"])
    return {
        "id": r["id"],
        "article_id": r["article_id"],
        "sentence": r["sentence"],
        "start": r["start"],
        "end": r["end"],
        "event": r["event"],
        "mode": r["mode"],
        "context": r["context"],
        "cameo": r["cameo"],
        "quad_class": r["quad_class"],
        "goldstein": r["goldstein"],
        "actor": actors.get((*key, "actor"), []),
        "recipient": actors.get((*key, "recipient"), []),
        "date": date,
        "location": location,
        "negated": r["negated"],
        "hypothetical": r["hypothetical"],
        "confidence": None if r["confidence"] is None else round(r["confidence"], 3),
        "trigger": r["trigger"],
        "trigger_start": r["trigger_start"],
        "trigger_end": r["trigger_end"],
        "primary": r["primary"],
    }


def events(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int | None = None,
           offset: int = 0, article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    where, params = event_where(f)
    if article_ids is not None:
        where += (" AND " if where else " WHERE ") + "e.article_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(article_ids)
    page, page_params = _paging(limit, offset)
    rows = _dicts(con.execute(_EVENT_SELECT.format(where=where, page=page), params + page_params))
    actors = _actor_lists(con, rows)
    return [_event_dict(r, actors) for r in rows]


# ---- quotes, places, times, sentences ----------------------------------------------

def _child_rows(con: duckdb.DuckDBPyConnection, table: str, columns: str, article_id: str | None,
                article_ids: list[str] | None, order: str = "t.position") -> list[dict[str, Any]]:
    where, params = _article_filter("t", article_id)
    if article_ids is not None:
        where += (" AND " if where else " WHERE ") + "t.article_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(article_ids)
    sql = (f"SELECT {columns} FROM {table} t JOIN articles a ON a.id = t.article_id{where} "
           f"ORDER BY {ARTICLE_ORDER}, {order}")
    return _dicts(con.execute(sql, params))


def quotes(con: duckdb.DuckDBPyConnection, article_id: str | None = None,
           article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    rows = _child_rows(con, "quotes", "t.*", article_id, article_ids)
    return [{
        "id": r["id"],
        "article_id": r["article_id"],
        "text": r["text"],
        "kind": r["kind"],
        "speaker": {"text": r["speaker_text"], "name": r["speaker_name"], "country": r["speaker_country"],
                    "sector": r["speaker_sector"], "code": r["speaker_code"],
                    "country_source": r["speaker_country_source"], "start": r["speaker_start"],
                    "end": r["speaker_end"]}
        if r["has_speaker"] else None,
        "cue": r["cue"],
        "cue_start": r["cue_start"],
        "cue_end": r["cue_end"],
        "start": r["start"],
        "end": r["end"],
    } for r in rows]


def places(con: duckdb.DuckDBPyConnection, article_id: str | None = None,
           article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    return _child_rows(con, "places", 't.text, t.name, t.country, t.lat, t.lon, t.geonameid, t.feature, '
                       't.start, t."end", t.article_id, t.precision', article_id, article_ids)


def times(con: duckdb.DuckDBPyConnection, article_id: str | None = None,
          article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """``TimeRef.to_dict()`` shapes plus the ``article_id`` they belong to."""
    return _child_rows(con, "times", 't.text, t.value, t.granularity, t.type, t.start, t."end", '
                       't.from_reference, t.article_id', article_id, article_ids)


def sentences(con: duckdb.DuckDBPyConnection, article_id: str | None = None,
              article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    return _child_rows(con, "sentences", 't.article_id, t."index", t.start, t."end", t.text',
                       article_id, article_ids, order='t."index"')


# ---- entities -----------------------------------------------------------------

_ENTITY_COLUMNS = "t.name, t.label, t.role, t.country, t.sector, t.mentions, t.aliases, t.article_id"


def entities_by_article(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[dict[str, Any]]:
    """One dict per stored row, shaped like ``Entity.to_dict()`` with that one article id."""
    rows = _child_rows(con, "entities", _ENTITY_COLUMNS, None, article_ids)
    for r in rows:
        r["article_ids"] = [r.pop("article_id")]
        r["aliases"] = list(r["aliases"] or [])
    return rows


def entities(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Entities merged across articles by name: mentions summed, article ids and aliases united.

    Label, role, country and sector come from the earliest article that has
    them.  Most-mentioned first, then by name.
    """
    merged: dict[str, dict[str, Any]] = {}
    for r in _child_rows(con, "entities", _ENTITY_COLUMNS, None, None):
        entity = merged.get(r["name"])
        if entity is None:
            entity = merged[r["name"]] = {
                "name": r["name"], "label": r["label"], "role": r["role"], "country": r["country"],
                "sector": r["sector"], "mentions": 0, "article_ids": [], "aliases": [],
            }
        for key in ("label", "role", "country", "sector"):
            if entity[key] is None:
                entity[key] = r[key]
        entity["mentions"] += r["mentions"] or 0
        if r["article_id"] not in entity["article_ids"]:
            entity["article_ids"].append(r["article_id"])
        for alias in r["aliases"] or []:
            if alias not in entity["aliases"]:
                entity["aliases"].append(alias)
    return sorted(merged.values(), key=lambda e: (-e["mentions"], e["name"]))


# ---- totals -------------------------------------------------------------------

def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Totals for a summary table: articles, events by PLOVER type, quotes, entities, places, dates."""
    n_articles, n_sources, first, last = con.execute(
        "SELECT count(*), count(DISTINCT source), min(reference_date), max(reference_date) FROM articles"
    ).fetchone()
    by_type = con.execute(
        "SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY n DESC, event").fetchall()
    by_kind = con.execute(
        "SELECT kind, count(*) AS n FROM quotes GROUP BY kind ORDER BY n DESC, kind").fetchall()
    return {
        "articles": n_articles,
        "sources": n_sources,
        "first_date": first,
        "last_date": last,
        "events": sum(n for _, n in by_type),
        "events_by_type": dict(by_type),
        "quotes": sum(n for _, n in by_kind),
        "quotes_by_kind": dict(by_kind),
        "entities": con.execute("SELECT count(DISTINCT name) FROM entities").fetchone()[0],
        "places": con.execute("SELECT count(*) FROM places").fetchone()[0],
        "event_actors": con.execute("SELECT count(*) FROM event_actors").fetchone()[0],
    }


# ---- duplicates and mentions -----------------------------------------------------

def similar(con: duckdb.DuckDBPyConnection, keys: list[int]) -> dict[str, Any]:
    """Stored originals sharing any of these MinHash band keys: article id -> signature (uint32 array)."""
    import numpy as np

    if not keys:
        return {}
    cursor = con.execute(
        "SELECT s.article_id, s.signature FROM minhash_signatures s WHERE s.article_id IN ("
        "SELECT b.article_id FROM minhash_bands b WHERE b.key IN (SELECT unnest(?::UBIGINT[])))", [keys])
    return {aid: np.asarray(sig, dtype=np.uint32) for aid, sig in cursor.fetchall()}


def merged_events(con: duckdb.DuckDBPyConnection, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Real-world events with their GDELT-style counts, most mentioned first."""
    page, params = _paging(limit, offset)
    return _dicts(con.execute(
        "SELECT * FROM merged_events ORDER BY num_mentions DESC, date_key NULLS LAST, event_key" + page, params))


def mentions(con: duckdb.DuckDBPyConnection, event_key: str | None = None,
             article_id: str | None = None) -> list[dict[str, Any]]:
    clauses, params = [], []
    if event_key is not None:
        clauses.append("m.event_key = ?")
        params.append(event_key)
    if article_id is not None:
        clauses.append("m.article_id = ?")
        params.append(article_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return _dicts(con.execute(f"SELECT m.* FROM event_mentions m{where} ORDER BY m.article_id, m.position", params))


def duplicates(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con.execute("SELECT * FROM duplicates ORDER BY original_id, article_id"))
