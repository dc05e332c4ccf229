"""The JSON API: read-only views of the store, paged, filtered, with one error shape.

Lists answer ``{"total", "limit", "offset", "items"}`` in a stable order, so
paging through them never repeats or skips a record.  Errors answer
``{"error": "..."}`` with a 4xx/5xx status.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from wirecoder.errors import StoreError
from wirecoder.store import SCHEMA_VERSION, Store
from wirecoder.store import browse as queries
from wirecoder.store.browse import EventQuery
from wirecoder.store.countries import resolve_country
from wirecoder.store.dates import date_bound
from wirecoder.store.event_search import ARTICLE_DATE, NO_TYPE, SORTS

from . import schemas
from .app import open_store, require_token
from .schemas import documented

router = APIRouter(prefix="/api", tags=["api"], responses=schemas.ERRORS)

# Filters are strings whose patterns also accept "", so an HTML form's empty fields mean "any".
DATE_HELP = ("a date or its prefix (2024-12-13, 2024-12, 2024), or 'today', 'yesterday', 'last week', "
             "'this month', 'last month', 'past 7 days', 'past 3 months'; inclusive")
COUNTRY_HELP = "an ISO 3166 code (IQ, IRQ) or a country's name or alias (Iraq, UK, Britain)"
MAX_PAGE = 1000

StoreDep = Annotated[Store, Depends(open_store)]
Text = Annotated[str | None, Query(max_length=200)]
DateBound = Annotated[str | None, Query(max_length=40, description=DATE_HELP)]
Country = Annotated[str | None, Query(max_length=80, description=COUNTRY_HELP)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="records per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="records to skip")]
Sort = Annotated[str | None, Query(pattern=r"^-?(" + "|".join(SORTS) + ")?$", description=(
    "the column to sort by (" + ", ".join(SORTS) + "); a leading '-' sorts descending"))]


def blank_to_none(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def refuse(message: str) -> HTTPException:
    """A 422 with one plain sentence, for a parameter the store cannot make sense of."""
    return HTTPException(422, message)


def checked_country(value: str | None) -> str | None:
    value = blank_to_none(value)
    if value:
        try:
            resolve_country(value)
        except StoreError as exc:
            raise refuse(str(exc)) from None
    return value


def checked_dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """since and until as given (blank as None), or a 422 saying plainly what a date looks like."""
    since, until = blank_to_none(since), blank_to_none(until)
    try:
        date_bound("since", since)
        date_bound("until", until)
    except StoreError as exc:
        raise refuse(str(exc)) from None
    return since, until


def event_query(
    actor: Annotated[str | None, Query(max_length=200, description=(
        "a piece of an actor's name, or a country code (IRQ, IQ)"))] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="as actor, for the recipient")] = None,
    type: Annotated[str | None, Query(max_length=40, description=(
        f"PLOVER event type, e.g. CONSULT; '{NO_TYPE}' for events with no PLOVER type"))] = None,
    cameo_root: Annotated[str | None, Query(pattern=r"^\d{0,4}$", description="leading CAMEO digits, e.g. 04")] = None,
    since: DateBound = None,
    until: DateBound = None,
    country: Annotated[str | None, Query(max_length=80, description=(
        "the location's or any participant's country: " + COUNTRY_HELP))] = None,
    participant_country: Annotated[str | None, Query(max_length=80, description=(
        "any actor's or recipient's country only: " + COUNTRY_HELP))] = None,
    location_country: Annotated[str | None, Query(max_length=80, description=(
        "the event location's country only: " + COUNTRY_HELP))] = None,
    article_id: Annotated[str | None, Query(max_length=64)] = None,
    place: Annotated[str | None, Query(max_length=200, description="a piece of the location's name")] = None,
    geonameid: Annotated[str | None, Query(pattern=r"^\d{0,12}$", description="the location's GeoNames id")] = None,
    q: Annotated[str | None, Query(max_length=200, description="a piece of the event's sentence")] = None,
    quad: Annotated[str | None, Query(pattern=r"^[1-4]?$", description=(
        "quad class: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict"))] = None,
    min_confidence: Annotated[str | None, Query(pattern=r"^(0(\.\d*)?|1(\.0*)?|\.\d+)?$", description=(
        "only events the coder is at least this sure of, 0 to 1"))] = None,
    source: Annotated[str | None, Query(max_length=200, description="the article's outlet, exactly")] = None,
    precision: Annotated[str | None, Query(max_length=20, description=(
        f"the event date's precision (day, week, month, year, ...), or '{ARTICLE_DATE}' for events dated "
        "by their article only"))] = None,
    actor_name: Annotated[str | None, Query(max_length=200, description="an actor's exact canonical name")] = None,
    recipient_name: Annotated[str | None, Query(max_length=200, description="a recipient's exact name")] = None,
    actor_dyad: Annotated[str | None, Query(max_length=40, description=(
        "an actor's country and sector code, e.g. 'USA GOV' or '--- REB'"))] = None,
    recipient_dyad: Annotated[str | None, Query(max_length=40, description="as actor_dyad, for the recipient")] = None,
) -> EventQuery:
    """The event filters shared by the event list, downloads, aggregates and the events page."""
    geo, quad_class, confidence = blank_to_none(geonameid), blank_to_none(quad), blank_to_none(min_confidence)
    query = EventQuery(actor=blank_to_none(actor), recipient=blank_to_none(recipient), type=blank_to_none(type),
                       cameo_root=blank_to_none(cameo_root), since=blank_to_none(since), until=blank_to_none(until),
                       country=blank_to_none(country), location_country=blank_to_none(location_country),
                       participant_country=blank_to_none(participant_country),
                       article_id=blank_to_none(article_id), place=blank_to_none(place),
                       geonameid=int(geo) if geo else None, q=blank_to_none(q),
                       quad=int(quad_class) if quad_class else None,
                       min_confidence=float(confidence) if confidence else None, source=blank_to_none(source),
                       precision=blank_to_none(precision), actor_name=blank_to_none(actor_name),
                       recipient_name=blank_to_none(recipient_name), actor_dyad=blank_to_none(actor_dyad),
                       recipient_dyad=blank_to_none(recipient_dyad))
    try:
        query.check()
    except StoreError as exc:
        raise refuse(str(exc)) from None
    return query


EventQueryDep = Annotated[EventQuery, Depends(event_query)]


# ---- summary ------------------------------------------------------------------

@router.get("/summary", summary="Totals for the whole store", **documented(schemas.Open))
def summary(store: StoreDep) -> dict[str, Any]:
    found = store.summary()
    found["event_types"] = queries.event_types(store.connection)
    found["sources_list"] = queries.sources(store.connection)
    return found


# ---- articles -----------------------------------------------------------------

@router.get("/articles", summary="Articles (without their text), by date", **documented(schemas.ArticlePage))
def articles(store: StoreDep, q: Annotated[str | None, Query(max_length=200, description=(
                 "a piece of the title or text"))] = None,
             source: Text = None, since: DateBound = None, until: DateBound = None,
             limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.article_page(store.connection, blank_to_none(q), blank_to_none(source),
                                *checked_dates(since, until), limit, offset).to_dict()


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


@router.get("/articles/{article_id}", summary="One article with its sentences, events, quotes, places, times, entities",
            **documented(schemas.ArticleRecord))
def article(store: StoreDep, article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    return article_record(store, article_id)


# ---- events -------------------------------------------------------------------

@router.get("/events", summary="Events matching the filters, in article-date order or sorted",
            **documented(schemas.EventPage))
def events(store: StoreDep, query: EventQueryDep, limit: Limit = 50, offset: Offset = 0, sort: Sort = None,
           provenance: Annotated[bool, Query(description=(
               "add each event's article title, source and how many articles and sources report it"))] = False,
           ) -> dict[str, Any]:
    return queries.event_page(store.connection, query, limit, offset, blank_to_none(sort),
                              with_provenance=provenance).to_dict()


@router.get("/events/facets", summary="Counts of the matching events by type, quad class, country, source, precision",
            **documented(schemas.Facets))
def event_facets(store: StoreDep, query: EventQueryDep,
                 size: Annotated[int, Query(ge=1, le=100, description="values per facet")] = 10) -> dict[str, Any]:
    return {"facets": queries.facets(store.connection, query, size)}


# ---- quotes, actors, places ----------------------------------------------------

@router.get("/quotes", summary="Quotes, by article date", **documented(schemas.QuotePage))
def quote_list(store: StoreDep, q: Annotated[str | None, Query(max_length=200, description=(
                   "a piece of the quote or its speaker"))] = None,
               speaker: Text = None,
               kind: Annotated[str | None, Query(pattern=r"^(direct|indirect)?$")] = None,
               article_id: Annotated[str | None, Query(max_length=64)] = None,
               limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.quote_page(store.connection, blank_to_none(q), blank_to_none(speaker), blank_to_none(kind),
                              blank_to_none(article_id), limit, offset).to_dict()


@router.get("/actors", summary="Entities merged across articles, most mentioned first", **documented(schemas.ActorPage))
def actor_list(store: StoreDep, q: Annotated[str | None, Query(max_length=200, description=(
                   "a piece of the name or an alias"))] = None,
               label: Annotated[str | None, Query(max_length=50, description="PERSON, ORG, GPE, ...")] = None,
               country: Country = None,
               limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.actor_page(store.connection, blank_to_none(q), blank_to_none(label), checked_country(country),
                              limit, offset).to_dict()


@router.get("/actors/{name:path}", summary="One actor's profile: roles, quotes, events given and received",
            **documented(schemas.Open))
def actor(store: StoreDep, name: Annotated[str, Path(max_length=200)],
          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> dict[str, Any]:
    profile = queries.actor_profile(store.connection, name, limit)
    if profile is None:
        raise HTTPException(404, f"no actor named {name!r}")
    return profile


@router.get("/places", summary="Places with mention and event counts", **documented(schemas.PlacePage))
def place_list(store: StoreDep,
               name: Annotated[str | None, Query(max_length=200, description="a piece of the place's name")] = None,
               country: Country = None,
               article_id: Annotated[str | None, Query(max_length=64, description="only this article")] = None,
               actor: Text = None, recipient: Text = None,
               type: Annotated[str | None, Query(max_length=40)] = None,
               cameo_root: Annotated[str | None, Query(pattern=r"^\d{0,4}$")] = None,
               since: DateBound = None, until: DateBound = None,
               quad: Annotated[str | None, Query(pattern=r"^[1-4]?$")] = None,
               location_country: Country = None, participant_country: Country = None,
               min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
               source: Text = None, precision: Annotated[str | None, Query(max_length=20)] = None,
               limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Event filters (actor, recipient, type, cameo_root, since, until, quad, location_country,
    participant_country, min_confidence, source, precision) restrict the event counts and keep
    only the places where such events happen."""
    article = blank_to_none(article_id)
    quad_class = blank_to_none(quad)
    events = EventQuery(actor=blank_to_none(actor), recipient=blank_to_none(recipient), type=blank_to_none(type),
                        cameo_root=blank_to_none(cameo_root), since=blank_to_none(since), until=blank_to_none(until),
                        quad=int(quad_class) if quad_class else None, article_id=article,
                        location_country=blank_to_none(location_country),
                        participant_country=blank_to_none(participant_country), min_confidence=min_confidence,
                        source=blank_to_none(source), precision=blank_to_none(precision))
    try:
        events.check()
    except StoreError as exc:
        raise refuse(str(exc)) from None
    return queries.place_page(store.connection, blank_to_none(name), checked_country(country), article, events,
                              limit, offset).to_dict()


# ---- aggregates ---------------------------------------------------------------

@router.get("/aggregates/timeline", summary="Event counts per period per PLOVER type or quad class",
            **documented(schemas.Timeline))
def timeline(store: StoreDep, query: EventQueryDep,
             by: Annotated[Literal["type", "quad"], Query()] = "type",
             interval: Annotated[Literal["auto", "day", "week", "month", "year"], Query(description=(
                 "the bar width; 'auto' chooses one from the filtered events' date span"))] = "auto",
             ) -> dict[str, Any]:
    return queries.timeline(store.connection, query, by, interval)


@router.get("/aggregates/pairs", summary="Actor-recipient pairs with event counts (cooperation / conflict)",
            **documented(schemas.Pairs))
def pairs(store: StoreDep, query: EventQueryDep,
          limit: Annotated[int, Query(ge=1, le=5000, description="the most pairs, most events first")] = 50,
          min_count: Annotated[int, Query(ge=1)] = 1,
          by: Annotated[Literal["name", "dyad"], Query(description=(
              "pair canonical names, or country/sector dyads such as 'USA GOV'"))] = "name",
          generic: Annotated[bool, Query(description=(
              "include generic or unnamed actors ('government', '60 people')"))] = False) -> dict[str, Any]:
    items = queries.pairs(store.connection, query, limit, min_count, by, generic)
    return {"items": items, "limit": limit, "min_count": min_count, "by": by, "generic": generic}


# ---- admin (token only) -----------------------------------------------------------

@router.get("/admin/status", summary="Store file and table counts (needs the server's token)", **documented(schemas.Open),
            dependencies=[Depends(require_token)])
def admin_status(store: StoreDep) -> dict[str, Any]:
    return {"path": store.path, "bytes": os.path.getsize(store.path), "schema_version": SCHEMA_VERSION,
            "counts": store.counts()}
