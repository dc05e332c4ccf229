"""Event search for the workbench: filters, server-side sorting, provenance and facet counts.

``EventQuery`` is the store's ``EventFilter`` plus what an analyst narrows by: place, words
in the sentence, quad class, minimum confidence, the event's own location country (apart from
"any participant's country"), the article's source, the date's precision, and events that
have no PLOVER type (``type="none"``).  Country filters take codes or the names and aliases
the country lexicon knows ("UK", "Syria"); date bounds take "last month" or "past 7 days"
(see ``dates``).  Every value is a bound parameter; sort keys and facets are chosen from
the registries here, never taken from the caller as SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import duckdb

from wirecoder.errors import StoreError

from . import queries as store_queries
from .countries import resolve_country
from .dates import date_bound
from .exports import FLAT_EVENTS_SQL

EVENT_ORDER = "a.reference_date ASC NULLS LAST, e.article_id, e.start, e.id, e.position"
NO_TYPE = "none"  # the type filter's value for events the coder gave no PLOVER type
ARTICLE_DATE = "article date"  # the precision facet's value for events dated by their article only


def like(text: str) -> str:
    """An ILIKE pattern that finds ``text`` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


ILIKE = "ILIKE ? ESCAPE '\\'"


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


@dataclass
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


@dataclass
class EventQuery:
    """What an event list, download, chart or facet is restricted to; None means "any"."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None  # a PLOVER type, or NO_TYPE
    cameo_root: str | None = None
    since: str | None = None  # as the user wrote it: "2024-12", "last month"
    until: str | None = None
    country: str | None = None  # the location's or any participant's
    participant_country: str | None = None  # any actor's or recipient's only
    location_country: str | None = None  # the event location's only
    article_id: str | None = None
    place: str | None = None  # a piece of the location's name or its text as written
    geonameid: int | None = None
    q: str | None = None  # a piece of the event's sentence
    quad: int | None = None
    min_confidence: float | None = None
    source: str | None = None  # the article's outlet, exactly
    precision: str | None = None  # the date's granularity ("day", "month"), or ARTICLE_DATE
    actor_name: str | None = None  # exact canonical names (actor profiles, network edges)
    recipient_name: str | None = None
    actor_dyad: str | None = None  # an actor's country and sector code, "USA GOV", "--- REB" (network dyads)
    recipient_dyad: str | None = None

    def store_filter(self) -> store_queries.EventFilter:
        """The part the store's own filter handles, with date bounds resolved and checked."""
        return store_queries.EventFilter(
            actor=self.actor, recipient=self.recipient, type=None if self.type == NO_TYPE else self.type,
            since=date_bound("since", self.since), until=date_bound("until", self.until),
            cameo_root=self.cameo_root, country=None, article_id=self.article_id)

    def params(self) -> dict[str, Any]:
        """The filters that are set, as URL query parameters."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")}

    def check(self) -> None:
        """Raise ``StoreError`` with one plain sentence for a bound or country no row could match."""
        self.store_filter()
        for value in (self.country, self.participant_country, self.location_country):
            if value:
                resolve_country(value)


# A participant as its country/sector code: "USA GOV", "--- REB", "IRQ".
DYAD = "coalesce({p}.country, '---') || coalesce(' ' || {p}.sector, '')"


def _country_clause(column: str) -> str:
    return f"upper({column}) IN (SELECT unnest(?::VARCHAR[]))"


def event_where(query: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause over ``events e`` for a query, with its parameters."""
    base, params = store_queries.event_where(query.store_filter())
    clauses = [base.removeprefix(" WHERE ")] if base else []
    if query.type == NO_TYPE:
        clauses.append("(e.event IS NULL OR e.event = '')")
    if query.country:
        codes = resolve_country(query.country)
        clauses.append(f"({_country_clause('e.location_country')} OR EXISTS (SELECT 1 FROM event_actors c "
                       f"WHERE c.article_id = e.article_id AND c.event_id = e.id AND {_country_clause('c.country')}))")
        params += [codes, codes]
    if query.participant_country:
        clauses.append("EXISTS (SELECT 1 FROM event_actors c WHERE c.article_id = e.article_id AND c.event_id = e.id "
                       f"AND {_country_clause('c.country')})")
        params.append(resolve_country(query.participant_country))
    if query.location_country:
        clauses.append(_country_clause("e.location_country"))
        params.append(resolve_country(query.location_country))
    if query.place:
        clauses.append(f"(e.location_name {ILIKE} OR e.location_text {ILIKE})")
        params += [like(query.place.strip())] * 2
    if query.geonameid is not None:
        clauses.append("e.location_geonameid = ?")
        params.append(query.geonameid)
    if query.q:
        clauses.append(f"e.sentence {ILIKE}")
        params.append(like(query.q.strip()))
    if query.quad is not None:
        clauses.append("e.quad_class = ?")
        params.append(query.quad)
    if query.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(query.min_confidence)
    if query.source:
        clauses.append("e.article_id IN (SELECT id FROM articles WHERE source = ?)")
        params.append(query.source)
    if query.precision:
        if query.precision == ARTICLE_DATE:
            clauses.append("e.date_granularity IS NULL")
        else:
            clauses.append("e.date_granularity = ?")
            params.append(query.precision)
    for role, name in (("actor", query.actor_name), ("recipient", query.recipient_name)):
        if name:
            clauses.append("EXISTS (SELECT 1 FROM event_actors n WHERE n.article_id = e.article_id "
                           "AND n.event_id = e.id AND n.role = ? AND n.name = ?)")
            params += [role, name]
    for role, code in (("actor", query.actor_dyad), ("recipient", query.recipient_dyad)):
        if code:
            clauses.append("EXISTS (SELECT 1 FROM event_actors d WHERE d.article_id = e.article_id "
                           f"AND d.event_id = e.id AND d.role = ? AND {DYAD.format(p='d')} = ?)")
            params += [role, " ".join(code.split())]
    return _where(clauses), params


# ---- provenance: how many articles and outlets report each event -----------------------

# Per coded event, the GDELT-style counts of the real-world event it belongs to (merged_events).
_PROVENANCE = """
SELECT k.coded_article_id AS article_id, k.event_id, count(*) AS num_mentions,
       count(DISTINCT m.article_id) AS num_articles, count(DISTINCT coalesce(m.source, '')) AS num_sources
FROM event_mentions k JOIN event_mentions m ON m.event_key = k.event_key
WHERE NOT k.copied{where}
GROUP BY k.coded_article_id, k.event_id
"""


def provenance(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(article_id, event_id) -> article title, source, url, date and the merged event's report counts."""
    if not keys:
        return {}
    ids = sorted({eid for _, eid in keys})
    counts = {(r[0], r[1]): r[2:] for r in con.execute(
        _PROVENANCE.format(where=" AND k.event_id IN (SELECT unnest(?::VARCHAR[]))"), [ids]).fetchall()}
    articles = {r[0]: r[1:] for r in con.execute(
        "SELECT id, title, source, url, reference_date FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted({aid for aid, _ in keys})]).fetchall()}
    found = {}
    for key in keys:
        title, source, url, reference_date = articles.get(key[0], (None, None, None, None))
        mentions, n_articles, n_sources = counts.get(key, (1, 1, 1))
        found[key] = {"article_title": title, "source": source, "url": url, "reference_date": reference_date,
                      "num_mentions": mentions,
                      "num_articles": n_articles, "num_sources": n_sources}
    return found


# ---- sorting -------------------------------------------------------------------------

# Sort key -> the SQL it orders by (over events e, articles a, provenance p); ties fall back to EVENT_ORDER.
_FIRST_NAME = ("(SELECT min(x.name) FROM event_actors x WHERE x.article_id = e.article_id AND x.event_id = e.id "
               "AND x.role = '{role}')")
SORTS: dict[str, str] = {
    "date": "e.date_key",
    "actor": _FIRST_NAME.format(role="actor"),
    "type": "e.event",
    "recipient": _FIRST_NAME.format(role="recipient"),
    "place": "coalesce(e.location_name, e.location_text)",
    "confidence": "e.confidence",
    "title": "a.title",
    "source": "a.source",
    "articles": "p.num_articles",
    "sources": "p.num_sources",
    "quad": "e.quad_class",
}
NEEDS_PROVENANCE = {"articles", "sources"}


def sort_order(sort: str | None) -> tuple[str, bool]:
    """The ORDER BY for a sort key ("confidence", "-confidence"), and whether it needs the report counts."""
    if not sort:
        return EVENT_ORDER, False
    key = sort.strip().lstrip("-")
    if key not in SORTS:
        raise StoreError("sort must be one of " + ", ".join(SORTS) + " (with '-' in front for descending), got "
                         + repr(sort))
    direction = "DESC" if sort.strip().startswith("-") else "ASC"
    return f"{SORTS[key]} {direction} NULLS LAST, {EVENT_ORDER}", key in NEEDS_PROVENANCE


def count_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> int:
    where, params = event_where(query)
    return con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]


def event_keys(con: duckdb.DuckDBPyConnection, query: EventQuery, limit: int, offset: int,
               sort: str | None = None) -> tuple[list[tuple[str, str]], int]:
    """One page of (article_id, event_id) in the sort's order, and the total that match."""
    where, params = event_where(query)
    order, with_counts = sort_order(sort)
    join = ""
    if with_counts:
        join = f" LEFT JOIN ({_PROVENANCE.format(where='')}) p ON p.article_id = e.article_id AND p.event_id = e.id"
    found = con.execute(
        f"SELECT e.article_id, e.id, count(*) OVER () AS total FROM events e JOIN articles a "
        f"ON a.id = e.article_id{join}{where} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    total = found[0][2] if found else (count_events(con, query) if offset else 0)
    return [(aid, eid) for aid, eid, _ in found], total


def event_page(con: duckdb.DuckDBPyConnection, query: EventQuery, limit: int, offset: int,
               sort: str | None = None, with_provenance: bool = False) -> Page:
    """One page of matching events (``Event.to_dict()`` shapes), in the store's order or the sort's.

    ``with_provenance`` adds a ``provenance`` dict to each: article title, source, url and how many
    mentions, articles and sources report the real-world event.
    """
    keys, total = event_keys(con, query, limit, offset, sort)
    items = hydrate_events(con, query, keys)
    if with_provenance:
        found = provenance(con, keys)
        for item in items:
            item["provenance"] = found.get((item["article_id"], item["id"]))
    return Page(total, limit, offset, items)


def hydrate_events(con: duckdb.DuckDBPyConnection, query: EventQuery,
                   keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Full event dicts for (article_id, event_id) keys, in the keys' order."""
    if not keys:
        return []
    article_ids = sorted({aid for aid, _ in keys})
    found = {(e["article_id"], e["id"]): e
             for e in store_queries.events(con, store_queries.EventFilter(), article_ids=article_ids)}
    return [found[key] for key in keys if key in found]


def flat_events_sql(query: EventQuery) -> tuple[str, list[Any]]:
    """The rows of the CLI's CSV export (one per event, same columns), restricted to a query."""
    where, params = event_where(query)
    sql = (f"SELECT f.* FROM ({FLAT_EVENTS_SQL}) f "
           f"JOIN (SELECT e.article_id, e.id FROM events e{where}) k ON k.article_id = f.article_id "
           "AND k.id = f.event_id ORDER BY f.reference_date ASC NULLS LAST, f.article_id, f.start, f.event_id")
    return sql, params


# ---- facets --------------------------------------------------------------------------

# Facet -> (the filter a click sets, SQL giving (value, events) over the matching events "ev").
FACETS: dict[str, tuple[str, str]] = {
    "type": ("type", f"SELECT coalesce(nullif(e.event, ''), '{NO_TYPE}') AS value, count(*) AS n FROM ev e GROUP BY 1"),
    "quad": ("quad", "SELECT CAST(e.quad_class AS VARCHAR) AS value, count(*) AS n FROM ev e "
                     "WHERE e.quad_class IS NOT NULL GROUP BY 1"),
    "participant country": ("participant_country", "SELECT upper(x.country) AS value, count(DISTINCT (e.article_id, e.id)) AS n "
                                       "FROM ev e JOIN event_actors x ON x.article_id = e.article_id "
                                       "AND x.event_id = e.id WHERE x.country IS NOT NULL GROUP BY 1"),
    "event location": ("location_country", "SELECT upper(e.location_country) AS value, count(*) AS n FROM ev e "
                                           "WHERE e.location_country IS NOT NULL GROUP BY 1"),
    "source": ("source", "SELECT a.source AS value, count(*) AS n FROM ev e JOIN articles a ON a.id = e.article_id "
                         "WHERE a.source IS NOT NULL GROUP BY 1"),
    "date precision": ("precision", f"SELECT coalesce(e.date_granularity, '{ARTICLE_DATE}') AS value, count(*) AS n "
                                    "FROM ev e GROUP BY 1"),
}
FACET_SIZE = 10


def facets(con: duckdb.DuckDBPyConnection, query: EventQuery, size: int = FACET_SIZE) -> list[dict[str, Any]]:
    """Counts of the matching events by each facet's values, most first, as Datasette shows them.

    Each facet: ``{"name", "param", "values": [{"value", "count"}], "more": values left out}``.
    """
    where, params = event_where(query)
    found = []
    for name, (param, sql) in FACETS.items():
        rows = con.execute(f"WITH ev AS (SELECT e.* FROM events e{where}), f AS ({sql}) "
                           "SELECT value, n, count(*) OVER () FROM f ORDER BY n DESC, value LIMIT ?",
                           [*params, size]).fetchall()
        found.append({"name": name, "param": param, "values": [{"value": v, "count": n} for v, n, _ in rows],
                      "more": max(0, (rows[0][2] if rows else 0) - len(rows))})
    return found
