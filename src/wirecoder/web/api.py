"""The JSON API: read-only views of the store, paged, filtered, with one error shape.

Lists answer ``{"total", "limit", "offset", "items"}`` in a stable order, so
paging through them never repeats or skips a record.  Errors answer
``{"error": "..."}`` with a 4xx/5xx status.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from wirecoder.store import SCHEMA_VERSION, Store

from . import queries
from .app import open_store, require_token
from .queries import EventQuery

router = APIRouter(prefix="/api", tags=["api"])

# Filters are strings whose patterns also accept "", so an HTML form's empty fields mean "any".
DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
COUNTRY = r"^([A-Za-z]{2,3})?$"
MAX_PAGE = 1000
EXPORT_CHUNK = 5000

StoreDep = Annotated[Store, Depends(open_store)]
Text = Annotated[str | None, Query(max_length=200)]
DateBound = Annotated[str | None, Query(pattern=DATE, description="ISO date or prefix (2024, 2024-12, 2024-12-13), inclusive")]
Country = Annotated[str | None, Query(pattern=COUNTRY, description="ISO 3166 alpha-2 or alpha-3 code")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="records per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="records to skip")]


def blank_to_none(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def event_query(
    actor: Annotated[str | None, Query(max_length=200, description=(
        "a piece of an actor's name, or a country code (IRQ, IQ)"))] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="as actor, for the recipient")] = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type, e.g. CONSULT")] = None,
    cameo_root: Annotated[str | None, Query(pattern=r"^\d{0,4}$", description="leading CAMEO digits, e.g. 04")] = None,
    since: DateBound = None,
    until: DateBound = None,
    country: Annotated[str | None, Query(pattern=COUNTRY, description=(
        "ISO alpha-2 or alpha-3 code of the location or any participant"))] = None,
    article_id: Annotated[str | None, Query(max_length=64)] = None,
    place: Annotated[str | None, Query(max_length=200, description="a piece of the location's name")] = None,
    geonameid: Annotated[str | None, Query(pattern=r"^\d{0,12}$", description="the location's GeoNames id")] = None,
    q: Annotated[str | None, Query(max_length=200, description="a piece of the event's sentence")] = None,
    quad: Annotated[str | None, Query(pattern=r"^[1-4]?$", description=(
        "quad class: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict"))] = None,
) -> EventQuery:
    """The event filters shared by the event list, downloads, aggregates and the events page."""
    geo, quad_class = blank_to_none(geonameid), blank_to_none(quad)
    return EventQuery(actor=blank_to_none(actor), recipient=blank_to_none(recipient), type=blank_to_none(type),
                      cameo_root=blank_to_none(cameo_root), since=blank_to_none(since), until=blank_to_none(until),
                      country=blank_to_none(country), article_id=blank_to_none(article_id),
                      place=blank_to_none(place), geonameid=int(geo) if geo else None, q=blank_to_none(q),
                      quad=int(quad_class) if quad_class else None)


EventQueryDep = Annotated[EventQuery, Depends(event_query)]


# ---- summary ------------------------------------------------------------------

@router.get("/summary", summary="Totals for the whole store")
def summary(store: StoreDep) -> dict[str, Any]:
    found = store.summary()
    found["event_types"] = queries.event_types(store.connection)
    found["sources_list"] = queries.sources(store.connection)
    return found


# ---- articles -----------------------------------------------------------------

@router.get("/articles", summary="Articles (without their text), by date")
def articles(store: StoreDep, q: Annotated[str | None, Query(max_length=200, description=(
                 "a piece of the title or text"))] = None,
             source: Text = None, since: DateBound = None, until: DateBound = None,
             limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.article_page(store.connection, blank_to_none(q), blank_to_none(source), blank_to_none(since),
                                blank_to_none(until), limit, offset).to_dict()


def article_record(store: Store, article_id: str) -> dict[str, Any]:
    """One article with everything coded in it; 404 when there is none."""
    article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {
        "article": article,
        "sentences": store.sentences(article_id),
        "events": store.events(article_id=article_id),
        "quotes": store.quotes(article_id),
        "places": store.places(article_id),
        "times": store.times(article_id),
        "entities": queries.article_entities(store.connection, article_id),
    }


@router.get("/articles/{article_id}", summary="One article with its sentences, events, quotes, places, times, entities")
def article(store: StoreDep, article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    return article_record(store, article_id)


# ---- events -------------------------------------------------------------------

@router.get("/events", summary="Events matching the filters, in article-date order")
def events(store: StoreDep, query: EventQueryDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.event_page(store.connection, query, limit, offset).to_dict()


@router.get("/events/download", summary="Every event matching the filters, as a CSV or JSON file")
def download_events(request: Request, query: EventQueryDep,
                    format: Annotated[Literal["csv", "json"], Query()] = "csv") -> StreamingResponse:
    # The generator opens its own store: the response outlives the request's dependencies.
    open_store_now = open_store(request)
    store = next(open_store_now)  # raises StoreUnavailable (503) before any byte is sent

    def rows() -> Iterator[str]:
        try:
            if format == "csv":
                yield from _csv_lines(store, query)
            else:
                yield from _json_lines(store, query)
        finally:
            open_store_now.close()

    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    headers = {"Content-Disposition": f'attachment; filename="wirecoder-events.{format}"'}
    return StreamingResponse(rows(), media_type=media, headers=headers)


def _csv_lines(store: Store, query: EventQuery) -> Iterator[str]:
    sql, params = queries.flat_events_sql(query)
    cursor = store.connection.execute(sql, params)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([d[0] for d in cursor.description])
    while True:
        rows = cursor.fetchmany(EXPORT_CHUNK)
        writer.writerows(rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if not rows:
            return


def _json_lines(store: Store, query: EventQuery) -> Iterator[str]:
    """A JSON array of ``Event.to_dict()`` records, produced a chunk at a time."""
    where, params = queries.event_where(query)
    keys = store.connection.execute(
        f"SELECT e.article_id, e.id FROM events e JOIN articles a ON a.id = e.article_id{where} "
        f"ORDER BY {queries.EVENT_ORDER}", params).fetchall()
    yield "["
    first = True
    for begin in range(0, len(keys), EXPORT_CHUNK):
        for event in queries.hydrate_events(store.connection, query, keys[begin:begin + EXPORT_CHUNK]):
            yield ("" if first else ",\n") + json.dumps(event, ensure_ascii=False, default=str)
            first = False
    yield "]\n"


# ---- quotes, actors, places ----------------------------------------------------

@router.get("/quotes", summary="Quotes, by article date")
def quote_list(store: StoreDep, q: Annotated[str | None, Query(max_length=200, description=(
                   "a piece of the quote or its speaker"))] = None,
               speaker: Text = None,
               kind: Annotated[str | None, Query(pattern=r"^(direct|indirect)?$")] = None,
               article_id: Annotated[str | None, Query(max_length=64)] = None,
               limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.quote_page(store.connection, blank_to_none(q), blank_to_none(speaker), blank_to_none(kind),
                              blank_to_none(article_id), limit, offset).to_dict()


@router.get("/actors", summary="Entities merged across articles, most mentioned first")
def actor_list(store: StoreDep, q: Annotated[str | None, Query(max_length=200, description=(
                   "a piece of the name or an alias"))] = None,
               label: Annotated[str | None, Query(max_length=50, description="PERSON, ORG, GPE, ...")] = None,
               country: Country = None,
               limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.actor_page(store.connection, blank_to_none(q), blank_to_none(label), blank_to_none(country),
                              limit, offset).to_dict()


@router.get("/actors/{name:path}", summary="One actor's profile: roles, quotes, events given and received")
def actor(store: StoreDep, name: Annotated[str, Path(max_length=200)],
          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> dict[str, Any]:
    profile = queries.actor_profile(store.connection, name, limit)
    if profile is None:
        raise HTTPException(404, f"no actor named {name!r}")
    return profile


@router.get("/places", summary="Places with mention and event counts")
def place_list(store: StoreDep,
               name: Annotated[str | None, Query(max_length=200, description="a piece of the place's name")] = None,
               country: Country = None,
               article_id: Annotated[str | None, Query(max_length=64, description="only this article")] = None,
               actor: Text = None, recipient: Text = None,
               type: Annotated[str | None, Query(max_length=40)] = None,
               cameo_root: Annotated[str | None, Query(pattern=r"^\d{0,4}$")] = None,
               since: DateBound = None, until: DateBound = None,
               quad: Annotated[str | None, Query(pattern=r"^[1-4]?$")] = None,
               limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Event filters (actor, recipient, type, cameo_root, since, until, quad) restrict the event
    counts and keep only the places where such events happen."""
    article = blank_to_none(article_id)
    quad_class = blank_to_none(quad)
    events = EventQuery(actor=blank_to_none(actor), recipient=blank_to_none(recipient), type=blank_to_none(type),
                        cameo_root=blank_to_none(cameo_root), since=blank_to_none(since), until=blank_to_none(until),
                        quad=int(quad_class) if quad_class else None, article_id=article)
    return queries.place_page(store.connection, blank_to_none(name), blank_to_none(country), article, events,
                              limit, offset).to_dict()


# ---- aggregates ---------------------------------------------------------------

@router.get("/aggregates/timeline", summary="Event counts per period per PLOVER type or quad class")
def timeline(store: StoreDep, query: EventQueryDep,
             by: Annotated[Literal["type", "quad"], Query()] = "type",
             interval: Annotated[Literal["day", "week", "month", "year"], Query()] = "day") -> dict[str, Any]:
    return queries.timeline(store.connection, query, by, interval)


@router.get("/aggregates/pairs", summary="Actor-recipient pairs with event counts (cooperation / conflict)")
def pairs(store: StoreDep, query: EventQueryDep,
          limit: Annotated[int, Query(ge=1, le=5000)] = 200,
          min_count: Annotated[int, Query(ge=1)] = 1) -> dict[str, Any]:
    items = queries.pairs(store.connection, query, limit, min_count)
    return {"items": items, "limit": limit, "min_count": min_count}


# ---- admin (token only) -----------------------------------------------------------

@router.get("/admin/status", summary="Store file and table counts (needs the server's token)",
            dependencies=[Depends(require_token)])
def admin_status(store: StoreDep) -> dict[str, Any]:
    return {"path": store.path, "bytes": os.path.getsize(store.path), "schema_version": SCHEMA_VERSION,
            "counts": store.counts()}
