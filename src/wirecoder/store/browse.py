"""Read-only queries the workbench (web UI and API) needs beyond the Store's own.

Pages with a total count and full-text search (ILIKE) over articles, quotes,
actors and places; events, facets and the chart aggregates live beside this
in ``event_search`` and ``aggregates`` and are named here too, so the web asks
one module of the store.
Every value a caller passes is a bound parameter; the only text put into SQL
is fixed fragments chosen here.  Event rows are hydrated by the store's own
``queries.events`` so the API returns exactly the ``Event.to_dict()`` shape.
"""

from __future__ import annotations

from typing import Any

import duckdb

from wirecoder.model import place_precision
from . import aggregates
from . import queries as store_queries
from .countries import resolve_country
from .dates import date_bound
from .event_search import (  # noqa: F401 (the workbench's names for the store's event search)
    EVENT_ORDER,
    ILIKE,
    NO_TYPE,
    EventQuery,
    Page,
    _where,
    count_events,
    event_keys,
    event_page,
    event_where,
    facets,
    flat_events_sql,
    hydrate_events,
    like,
)

ARTICLE_ORDER = store_queries.ARTICLE_ORDER

QUAD_CLASSES = aggregates.QUAD_CLASSES


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# ---- articles -----------------------------------------------------------------

def article_page(con: duckdb.DuckDBPyConnection, q: str | None, source: str | None, since: str | None,
                 until: str | None, limit: int, offset: int) -> Page:
    """Articles without their text, with a snippet (around ``q`` when given) and record counts."""
    clauses: list[str] = []
    params: list[Any] = []
    if q:
        clauses.append(f"(a.title {ILIKE} OR a.text {ILIKE})")
        params += [like(q.strip())] * 2
    if source:
        clauses.append("a.source = ?")
        params.append(source)
    since, until = date_bound("since", since), date_bound("until", until)  # "last month" -> 2024-11-01
    # reference_date and the bound may differ in precision: compare on the shorter, as the store does
    if since:
        clauses.append("a.reference_date >= left(?, length(a.reference_date))")
        params.append(since)
    if until:
        clauses.append("left(a.reference_date, length(?)) <= ?")
        params += [until, until]
    where = _where(clauses)
    total = con.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
    needle = (q or "").strip().lower()
    # the page is chosen first, so snippets and counts are computed for its rows only
    rows = _dicts(con.execute(
        f"WITH a AS (SELECT a.id, a.title, a.source, a.url, a.reference_date, a.text FROM articles a{where} "
        f"ORDER BY {ARTICLE_ORDER} LIMIT ? OFFSET ?) "
        "SELECT a.id, a.title, a.source, a.url, a.reference_date, "
        "substr(a.text, greatest(1, strpos(lower(a.text), ?) - 90), 240) AS snippet, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
        "(SELECT count(*) FROM quotes t WHERE t.article_id = a.id) AS quotes "
        f"FROM a ORDER BY {ARTICLE_ORDER}",
        [*params, limit, offset, needle]))
    return Page(total, limit, offset, rows)


def article_entities(con: duckdb.DuckDBPyConnection, article_id: str) -> list[dict[str, Any]]:
    """One article's entities with their mention spans (which the store's readers leave out)."""
    rows = _dicts(con.execute(
        "SELECT name, label, role, country, sector, mentions, aliases, spans FROM entities "
        "WHERE article_id = ? ORDER BY position", [article_id]))
    for r in rows:
        r["aliases"] = list(r["aliases"] or [])
        r["spans"] = [list(s) for s in r["spans"] or [] if s and len(s) == 2]
    return rows


# ---- quotes -------------------------------------------------------------------

# A partial quote inside a longer quote of the same article is listed once, as the longer one.
_NOT_NESTED = ('NOT EXISTS (SELECT 1 FROM quotes o WHERE o.article_id = t.article_id AND o.id <> t.id '
               'AND o.start <= t.start AND t."end" <= o."end" AND (o."end" - o.start > t."end" - t.start '
               'OR (o."end" - o.start = t."end" - t.start AND o.position < t.position)))')


def quote_page(con: duckdb.DuckDBPyConnection, q: str | None, speaker: str | None, kind: str | None,
               article_id: str | None, limit: int, offset: int, speaker_name: str | None = None) -> Page:
    """Quotes in article order, ``Quote.to_dict()`` shaped plus the article's title and date."""
    clauses: list[str] = []
    params: list[Any] = []
    if q:
        clauses.append(f"(t.text {ILIKE} OR t.speaker_name {ILIKE} OR t.speaker_text {ILIKE})")
        params += [like(q.strip())] * 3
    if speaker:
        clauses.append(f"(t.speaker_name {ILIKE} OR t.speaker_text {ILIKE})")
        params += [like(speaker.strip())] * 2
    if speaker_name:
        clauses.append("t.speaker_name = ?")
        params.append(speaker_name)
    if kind:
        clauses.append("t.kind = ?")
        params.append(kind)
    if article_id:
        clauses.append("t.article_id = ?")
        params.append(article_id)
    clauses.append(_NOT_NESTED)
    where = _where(clauses)
    total = con.execute(f"SELECT count(*) FROM quotes t{where}", params).fetchone()[0]
    rows = _dicts(con.execute(
        f"SELECT t.*, a.title AS article_title, a.reference_date FROM quotes t JOIN articles a "
        f"ON a.id = t.article_id{where} ORDER BY {ARTICLE_ORDER}, t.position, t.id LIMIT ? OFFSET ?",
        [*params, limit, offset]))
    return Page(total, limit, offset, [_quote_dict(r) for r in rows])


def _quote_dict(r: dict[str, Any]) -> dict[str, Any]:
    speaker = None
    if r["has_speaker"]:
        speaker = {"text": r["speaker_text"], "name": r["speaker_name"], "country": r["speaker_country"],
                   "sector": r["speaker_sector"], "start": r["speaker_start"], "end": r["speaker_end"]}
    return {"id": r["id"], "article_id": r["article_id"], "text": r["text"], "kind": r["kind"],
            "speaker": speaker, "cue": r["cue"], "cue_start": r["cue_start"], "cue_end": r["cue_end"],
            "start": r["start"], "end": r["end"], "article_title": r["article_title"],
            "reference_date": r["reference_date"]}


# ---- actors -------------------------------------------------------------------

# Entities merged by name: label, role, country and sector from the earliest
# article that has them (as Store.entities does), with how often each name
# acts, receives and speaks.
_ACTOR_SELECT = f"""
WITH merged AS (
    SELECT t.name,
           first(t.label ORDER BY {ARTICLE_ORDER}, t.position) FILTER (WHERE t.label IS NOT NULL) AS label,
           first(t.role ORDER BY {ARTICLE_ORDER}, t.position) FILTER (WHERE t.role IS NOT NULL) AS role,
           first(t.country ORDER BY {ARTICLE_ORDER}, t.position) FILTER (WHERE t.country IS NOT NULL) AS country,
           first(t.sector ORDER BY {ARTICLE_ORDER}, t.position) FILTER (WHERE t.sector IS NOT NULL) AS sector,
           coalesce(sum(t.mentions), 0) AS mentions,
           count(DISTINCT t.article_id) AS articles,
           list_sort(list_distinct(flatten(list(coalesce(t.aliases, []))))) AS aliases
    FROM entities t JOIN articles a ON a.id = t.article_id{{where}}
    GROUP BY t.name
)
SELECT m.*,
       (SELECT count(*) FROM event_actors x WHERE x.name = m.name AND x.role = 'actor') AS acts,
       (SELECT count(*) FROM event_actors x WHERE x.name = m.name AND x.role = 'recipient') AS receives,
       (SELECT count(*) FROM quotes q WHERE q.speaker_name = m.name) AS quotes
FROM merged m
"""


def _actor_where(q: str | None, label: str | None, country: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if q:
        clauses.append(f"t.name IN (SELECT name FROM entities WHERE name {ILIKE} "
                       f"OR array_to_string(aliases, ' | ') {ILIKE})")
        params += [like(q.strip())] * 2
    if label:
        clauses.append("upper(t.label) = upper(?)")
        params.append(label.strip())
    if country:
        clauses.append("upper(t.country) IN (SELECT unnest(?::VARCHAR[]))")
        params.append(resolve_country(country))
    return _where(clauses), params


def actor_page(con: duckdb.DuckDBPyConnection, q: str | None, label: str | None, country: str | None,
               limit: int, offset: int) -> Page:
    """Entities merged across articles, most mentioned first."""
    where, params = _actor_where(q, label, country)
    total = con.execute(f"SELECT count(DISTINCT t.name) FROM entities t{where}", params).fetchone()[0]
    rows = _dicts(con.execute(_ACTOR_SELECT.format(where=where) + " ORDER BY m.mentions DESC, m.name LIMIT ? OFFSET ?",
                              [*params, limit, offset]))
    return Page(total, limit, offset, rows)


def actor_profile(con: duckdb.DuckDBPyConnection, name: str, limit: int = 50) -> dict[str, Any] | None:
    """Everything about one canonical name: as an entity, as an event participant and as a speaker.

    None when the name is in no entity, event or quote.
    """
    entity = _dicts(con.execute(_ACTOR_SELECT.format(where=" WHERE t.name = ?"), [name]))
    roles = _dicts(con.execute(
        "SELECT role, count(*) AS events, mode(country) AS country, mode(sector) AS sector "
        "FROM event_actors WHERE name = ? GROUP BY role ORDER BY role", [name]))
    quotes = quote_page(con, None, None, None, None, limit, 0, speaker_name=name)
    if not entity and not roles and not quotes.total:
        return None
    # Each role with the span of article dates it was seen in: "prime minister, 2024-03-01 to 2024-12-13".
    entity_roles = _dicts(con.execute(
        "SELECT t.role, t.label, count(*) AS articles, CAST(min(a.reference_day) AS VARCHAR) AS first_seen, "
        "CAST(max(a.reference_day) AS VARCHAR) AS last_seen FROM entities t LEFT JOIN articles a ON a.id = t.article_id "
        "WHERE t.name = ? AND (t.role IS NOT NULL OR t.label IS NOT NULL) "
        "GROUP BY t.role, t.label ORDER BY articles DESC, t.role NULLS LAST, t.label", [name]))
    given = event_page(con, EventQuery(actor_name=name), limit, 0)
    received = event_page(con, EventQuery(recipient_name=name), limit, 0)
    partners = _dicts(con.execute(
        "SELECT CASE WHEN x.role = 'actor' THEN 'acts on' ELSE 'acted on by' END AS direction, y.name AS partner, "
        "count(*) AS events FROM event_actors x JOIN event_actors y ON y.article_id = x.article_id "
        "AND y.event_id = x.event_id AND y.role <> x.role "
        "WHERE x.name = ? AND y.name IS NOT NULL GROUP BY direction, partner "
        "ORDER BY events DESC, partner, direction LIMIT 20", [name]))
    profile = entity[0] if entity else {"name": name, "label": None, "role": None, "country": None, "sector": None,
                                        "mentions": 0, "articles": 0, "aliases": [], "acts": 0, "receives": 0,
                                        "quotes": quotes.total}
    if profile["country"] is None or profile["sector"] is None:
        for r in roles:  # participants carry country and sector even when no entity does
            profile["country"] = profile["country"] or r["country"]
            profile["sector"] = profile["sector"] or r["sector"]
    profile.update(entity_roles=entity_roles, participant_roles=roles, partners=partners,
                   events_given=given.to_dict(), events_received=received.to_dict(), quoted=quotes.to_dict())
    return profile


# ---- places -------------------------------------------------------------------

# A place is its GeoNames id when resolved, else its name and country.
_PLACE_KEY = "coalesce('g' || CAST({p}geonameid AS VARCHAR), 'n' || lower(coalesce({p}name, '')) || '|' || coalesce({p}country, ''))"


def place_page(con: duckdb.DuckDBPyConnection, q: str | None, country: str | None, article_id: str | None,
               events: EventQuery, limit: int, offset: int) -> Page:
    """Places with how often they are mentioned and how many (matching) events happen there.

    Places mentioned only as event locations are included too.  Most events, then most mentions first.
    """
    event_clause, event_params = event_where(events)
    mention_clauses: list[str] = []
    mention_params: list[Any] = []
    if article_id:
        mention_clauses.append("p.article_id = ?")
        mention_params.append(article_id)
    outer: list[str] = []
    outer_params: list[Any] = []
    if q:
        outer.append(f"name {ILIKE}")
        outer_params.append(like(q.strip()))
    if country:
        outer.append("upper(country) IN (SELECT unnest(?::VARCHAR[]))")
        outer_params.append(resolve_country(country))
    if set(events.params()) - {"article_id"}:
        outer.append("events > 0")  # an event filter asks where those events are
    sql = f"""
    WITH mentioned AS (
        SELECT {_PLACE_KEY.format(p='p.')} AS key, any_value(p.name) AS name, any_value(p.country) AS country,
               any_value(p.lat) AS lat, any_value(p.lon) AS lon, any_value(p.geonameid) AS geonameid,
               any_value(p.feature) AS feature, count(*) AS mentions, count(DISTINCT p.article_id) AS articles
        FROM places p{_where(mention_clauses)} GROUP BY key
    ), located AS (
        SELECT {_PLACE_KEY.format(p='e.location_')} AS key, any_value(e.location_name) AS name,
               any_value(e.location_country) AS country, any_value(e.location_lat) AS lat,
               any_value(e.location_lon) AS lon, any_value(e.location_geonameid) AS geonameid,
               any_value(e.location_feature) AS feature, count(*) AS events
        FROM events e{event_clause}{' AND ' if event_clause else ' WHERE '}
            (e.location_name IS NOT NULL OR e.location_geonameid IS NOT NULL)
        GROUP BY key
    ), joined AS (
        SELECT coalesce(m.name, l.name) AS name, coalesce(m.country, l.country) AS country,
               coalesce(m.lat, l.lat) AS lat, coalesce(m.lon, l.lon) AS lon,
               coalesce(m.geonameid, l.geonameid) AS geonameid, coalesce(m.feature, l.feature) AS feature,
               coalesce(m.mentions, 0) AS mentions, coalesce(m.articles, 0) AS articles,
               coalesce(l.events, 0) AS events
        FROM mentioned m FULL OUTER JOIN located l ON l.key = m.key
        {'WHERE m.key IS NOT NULL' if article_id else ''}
    )
    SELECT *, count(*) OVER () AS total FROM joined{_where(outer)}
    ORDER BY events DESC, mentions DESC, name, geonameid NULLS LAST LIMIT ? OFFSET ?
    """
    rows = _dicts(con.execute(sql, [*mention_params, *event_params, *outer_params, limit, offset]))
    total = rows[0]["total"] if rows else _count_places(con, sql, [*mention_params, *event_params, *outer_params])
    for r in rows:
        del r["total"]
        r["precision"] = place_precision(r["feature"])  # a country's centre is drawn unlike a town
    return Page(total, limit, offset, rows)


def _count_places(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> int:
    """The total when the page came back empty (an offset past the end)."""
    found = con.execute(sql, [*params, 1, 0]).fetchall()
    return found[0][-1] if found else 0


# ---- aggregates (the store's) ---------------------------------------------------

timeline = aggregates.timeline
pairs = aggregates.pairs


def event_types(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT DISTINCT event FROM events WHERE event IS NOT NULL AND event <> '' ORDER BY event").fetchall()]


def sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source").fetchall()]
