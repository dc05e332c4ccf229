"""Downloads: every event, quote, actor or article matching the filters, as CSV or JSON.

The same filters as the lists (``/api/events`` ... ``/api/articles``), no paging: the file
is produced a chunk at a time while it streams, from a store the response opens itself (the
response outlives the request's dependencies).  Declared before the API's ``/{id}`` routes,
so ``/api/actors/download`` is this and not an actor called "download".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from wirecoder.store import Store
from wirecoder.store import browse as queries
from wirecoder.store.browse import EventQuery, Page

from . import schemas
from .api import Country, DateBound, EventQueryDep, Text, blank_to_none, checked_country, checked_dates
from .app import open_store

router = APIRouter(prefix="/api", tags=["downloads"], responses=schemas.ERRORS)

EXPORT_CHUNK = 5000
Format = Annotated[Literal["csv", "json"], Query(description="csv (one flat row per record) or json (an array)")]
FILE = {"description": "The file (Content-Disposition: attachment)",
        "content": {"text/csv": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}


def _streamed(request: Request, name: str, fmt: str, produce: Callable[[Store], Iterator[str]]) -> StreamingResponse:
    open_store_now = open_store(request)
    store = next(open_store_now)  # raises StoreUnavailable (503) before any byte is sent

    def body() -> Iterator[str]:
        try:
            yield from produce(store)
        finally:
            open_store_now.close()

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    headers = {"Content-Disposition": f'attachment; filename="wirecoder-{name}.{fmt}"'}
    return StreamingResponse(body(), media_type=media, headers=headers)


def _csv_chunks(header: list[str], chunks: Iterator[list[list[Any]]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for rows in chunks:
        writer.writerows(rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _json_array(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for record in records:
        yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False, default=str)
        first = False
    yield "]\n"


def _pages(fetch: Callable[[int, int], Page]) -> Iterator[list[dict[str, Any]]]:
    """A list function's pages, in its stable order, until the last."""
    offset = 0
    while True:
        page = fetch(1000, offset)
        if page.items:
            yield page.items
        offset += 1000
        if offset >= page.total:
            return


def _download(request: Request, name: str, fmt: str, columns: dict[str, Callable[[dict], Any]],
              fetch: Callable[[Store, int, int], Page]) -> StreamingResponse:
    def produce(store: Store) -> Iterator[str]:
        pages = _pages(lambda limit, offset: fetch(store, limit, offset))
        if fmt == "csv":
            return _csv_chunks(list(columns), ([[get(r) for get in columns.values()] for r in items] for items in pages))
        return _json_array(r for items in pages for r in items)

    return _streamed(request, name, fmt, produce)


def _joined(values: list | None) -> str:
    return ";".join(str(v) for v in values or [])


# ---- events ---------------------------------------------------------------------------

@router.get("/events/download", summary="Every event matching the filters, as a CSV or JSON file",
            response_model=None, responses={200: FILE})
def download_events(request: Request, query: EventQueryDep, format: Format = "csv") -> StreamingResponse:
    def produce(store: Store) -> Iterator[str]:
        return _event_csv(store, query) if format == "csv" else _event_json(store, query)

    return _streamed(request, "events", format, produce)


def _event_csv(store: Store, query: EventQuery) -> Iterator[str]:
    sql, params = queries.flat_events_sql(query)
    cursor = store.connection.execute(sql, params)

    def chunks() -> Iterator[list]:
        while rows := cursor.fetchmany(EXPORT_CHUNK):
            yield rows

    return _csv_chunks([d[0] for d in cursor.description], chunks())


def _event_json(store: Store, query: EventQuery) -> Iterator[str]:
    """A JSON array of ``Event.to_dict()`` records, produced a chunk at a time."""
    where, params = queries.event_where(query)
    keys = store.connection.execute(
        f"SELECT e.article_id, e.id FROM events e JOIN articles a ON a.id = e.article_id{where} "
        f"ORDER BY {queries.EVENT_ORDER}", params).fetchall()

    def records() -> Iterator[dict[str, Any]]:
        for begin in range(0, len(keys), EXPORT_CHUNK):
            yield from queries.hydrate_events(store.connection, query, keys[begin:begin + EXPORT_CHUNK])

    return _json_array(records())


# ---- quotes, actors, articles -------------------------------------------------------------

QUOTE_COLUMNS: dict[str, Callable[[dict], Any]] = {
    "id": lambda q: q["id"], "article_id": lambda q: q["article_id"], "article_title": lambda q: q["article_title"],
    "reference_date": lambda q: q["reference_date"], "kind": lambda q: q["kind"], "text": lambda q: q["text"],
    "speaker_name": lambda q: (q["speaker"] or {}).get("name"),
    "speaker_country": lambda q: (q["speaker"] or {}).get("country"),
    "speaker_sector": lambda q: (q["speaker"] or {}).get("sector"), "cue": lambda q: q["cue"],
    "start": lambda q: q["start"], "end": lambda q: q["end"],
}
ACTOR_COLUMNS: dict[str, Callable[[dict], Any]] = {
    **{key: (lambda k: lambda a: a[k])(key) for key in ("name", "label", "role", "country", "sector", "mentions",
                                                         "articles", "acts", "receives", "quotes")},
    "aliases": lambda a: _joined(a["aliases"]),
}
ARTICLE_COLUMNS: dict[str, Callable[[dict], Any]] = {
    key: (lambda k: lambda a: a[k])(key) for key in ("id", "title", "source", "url", "reference_date", "events",
                                                      "quotes")}


@router.get("/quotes/download", summary="Every quote matching the filters, as a CSV or JSON file",
            response_model=None, responses={200: FILE})
def download_quotes(request: Request, q: Text = None, speaker: Text = None,
                    kind: Annotated[str | None, Query(pattern=r"^(direct|indirect)?$")] = None,
                    article_id: Annotated[str | None, Query(max_length=64)] = None,
                    format: Format = "csv") -> StreamingResponse:
    args = [blank_to_none(v) for v in (q, speaker, kind, article_id)]
    return _download(request, "quotes", format, QUOTE_COLUMNS,
                     lambda store, limit, offset: queries.quote_page(store.connection, *args, limit, offset))


@router.get("/actors/download", summary="Every actor matching the filters, as a CSV or JSON file",
            response_model=None, responses={200: FILE})
def download_actors(request: Request, q: Text = None, label: Annotated[str | None, Query(max_length=50)] = None,
                    country: Country = None, format: Format = "csv") -> StreamingResponse:
    args = [blank_to_none(q), blank_to_none(label), checked_country(country)]
    return _download(request, "actors", format, ACTOR_COLUMNS,
                     lambda store, limit, offset: queries.actor_page(store.connection, *args, limit, offset))


@router.get("/articles/download", summary="Every article (without its text) matching the filters, as CSV or JSON",
            response_model=None, responses={200: FILE})
def download_articles(request: Request, q: Text = None, source: Text = None, since: DateBound = None,
                      until: DateBound = None, format: Format = "csv") -> StreamingResponse:
    args = [blank_to_none(q), blank_to_none(source), *checked_dates(since, until)]

    def fetch(store: Store, limit: int, offset: int) -> Page:
        page = queries.article_page(store.connection, *args, limit, offset)
        for row in page.items:
            row.pop("snippet", None)
        return page

    return _download(request, "articles", format, ARTICLE_COLUMNS, fetch)
