"""The HTML pages: Jinja2 templates, HTMX fragments under /fragments, charts drawn by static JS.

Pages never embed script: the charts fetch the JSON API, and the Content
Security Policy allows scripts from this server only.  Filter forms send the
same parameter names as the API, so a page's query string works on both.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from wirecoder.store import Store
from wirecoder.store import browse as queries
from wirecoder.store.browse import EventQuery, Page
from wirecoder.store.countries import country_name
from wirecoder.store.event_search import SORTS

from . import highlight
from .api import (
    DateBound,
    EventQueryDep,
    Limit,
    Offset,
    Sort,
    StoreDep,
    Text,
    article_record,
    blank_to_none,
    checked_dates,
)

router = APIRouter(include_in_schema=False)

SEARCH_LIMIT = 8  # results per section of the one-box search


def url(path: str, params: dict[str, Any] | None = None, **more: Any) -> str:
    """``path?query`` from the parameters that are set (None and "" are left out)."""
    merged = {**(params or {}), **more}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


DEFAULT_LIMIT = 50


def pager(page: Page, path: str, fragment: str, params: dict[str, Any]) -> dict[str, Any]:
    """Links to the previous and next pages, for a page (href) and for HTMX (fragment)."""
    params = {**params, "limit": page.limit if page.limit != DEFAULT_LIMIT else None}

    def link(offset: int) -> dict[str, str]:
        return {"href": url(path, params, offset=offset or None), "hx": url(fragment, params, offset=offset or None)}

    return {
        "first": page.offset + 1 if page.items else 0,
        "last": page.offset + len(page.items),
        "total": page.total,
        "prev": link(max(0, page.offset - page.limit)) if page.offset > 0 else None,
        "next": link(page.offset + page.limit) if page.offset + page.limit < page.total else None,
        "self": url(path, params, offset=page.offset or None),
    }


def downloads(kind: str, params: dict[str, Any]) -> dict[str, str]:
    """The CSV and JSON download links for a list under its filters."""
    return {fmt: url(f"/api/{kind}/download", params, format=fmt) for fmt in ("csv", "json")}


def filter_options(store: Store) -> dict[str, Any]:
    return {"event_types": queries.event_types(store.connection), "sources": queries.sources(store.connection)}


# ---- search (home) -------------------------------------------------------------

def search_results(store: Store, q: str | None) -> dict[str, Page] | None:
    if not q:
        return None
    con = store.connection
    return {
        "articles": queries.article_page(con, q, None, None, None, SEARCH_LIMIT, 0),
        "actors": queries.actor_page(con, q, None, None, SEARCH_LIMIT, 0),
        "quotes": queries.quote_page(con, q, None, None, None, SEARCH_LIMIT, 0),
        "events": queries.event_page(con, EventQuery(q=q), SEARCH_LIMIT, 0),
    }


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, q: Text = None) -> HTMLResponse:
    q = blank_to_none(q)
    return render(request, "home.html", page="search", summary=store.summary(), q=q or "",
                  results=search_results(store, q))


@router.get("/fragments/search", response_class=HTMLResponse)
def search_fragment(request: Request, store: StoreDep, q: Text = None) -> HTMLResponse:
    q = blank_to_none(q)
    return render(request, "_search.html", q=q or "", results=search_results(store, q))


# ---- articles ------------------------------------------------------------------

def _article_list(store: Store, q: str | None, source: str | None, since: str | None, until: str | None,
                  limit: int, offset: int) -> dict[str, Any]:
    since, until = checked_dates(since, until)
    params = {"q": blank_to_none(q), "source": blank_to_none(source), "since": since, "until": until}
    page = queries.article_page(store.connection, *params.values(), limit, offset)
    return {"articles": page, "filters": params, "pager": pager(page, "/articles", "/fragments/articles", params),
            "downloads": downloads("articles", params)}


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, store: StoreDep, q: Text = None, source: Text = None, since: DateBound = None,
             until: DateBound = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> HTMLResponse:
    return render(request, "articles.html", page="articles", **filter_options(store),
                  **_article_list(store, q, source, since, until, limit, offset))


@router.get("/fragments/articles", response_class=HTMLResponse)
def articles_fragment(request: Request, store: StoreDep, q: Text = None, source: Text = None,
                      since: DateBound = None, until: DateBound = None, limit: Limit = DEFAULT_LIMIT,
                      offset: Offset = 0) -> HTMLResponse:
    return render(request, "_articles_table.html", **_article_list(store, q, source, since, until, limit, offset))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, store: StoreDep, article_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    record = article_record(store, article_id)
    text, sentence_of = highlight.article_html(record["article"], record["sentences"], record["events"],
                                               record["quotes"], record["places"], record["times"],
                                               record["entities"])
    record = {**record, "quotes": highlight.outermost_quotes(record["quotes"])}
    return render(request, "article.html", page="articles", marked_text=text, sentence_of=sentence_of, **record)


# ---- events --------------------------------------------------------------------

FACET_LABELS = {"type": "type", "quad": "quad class", "country": "country", "location_country": "event in", "participant_country": "participant",
                "source": "source", "precision": "date precision", "actor": "actor", "recipient": "recipient",
                "cameo_root": "CAMEO root", "since": "since", "until": "until", "min_confidence": "min. confidence",
                "place": "place", "q": "text", "geonameid": "place id", "article_id": "article",
                "actor_name": "actor", "recipient_name": "recipient"}
# Numbers read best largest first; names and dates from the start.
DESCENDING_FIRST = {"confidence", "articles", "sources"}


def _facet_value_label(param: str, value: Any) -> str:
    if param == "quad":
        return f"{value} {queries.QUAD_CLASSES.get(int(value), '')}".strip()
    if param == "type" and value == queries.NO_TYPE:
        return "no PLOVER type"
    if param in ("country", "location_country", "participant_country"):
        name = country_name(str(value))
        return f"{value} {name}" if name else str(value)
    return str(value)


def _links(path: str, fragment: str, params: dict[str, Any]) -> dict[str, str]:
    return {"href": url(path, params), "hx": url(fragment, params)}


def event_facets(store: Store, query: EventQuery, params: dict[str, Any]) -> dict[str, Any]:
    """The facets beside the events table: each value a link that adds (or, chosen, removes) its filter."""
    groups = queries.facets(store.connection, query)
    for group in groups:
        for v in group["values"]:
            chosen = str(params.get(group["param"], "")) == str(v["value"])
            link = {**params, group["param"]: None if chosen else v["value"]}
            v.update(label=_facet_value_label(group["param"], v["value"]), selected=chosen,
                     **_links("/events", "/fragments/events", link))
    active = [{"label": FACET_LABELS.get(k, k), "value": _facet_value_label(k, v),
               **_links("/events", "/fragments/events", {**params, k: None})}
              for k, v in params.items() if k != "sort"]
    return {"groups": groups, "active": active}


def _sorting(params: dict[str, Any], sort: str | None) -> dict[str, Any]:
    key = (sort or "").lstrip("-") or None
    descending = bool(sort and sort.startswith("-"))
    links = {}
    for column in SORTS:
        if column == key:
            target = column if descending else "-" + column
        else:
            target = "-" + column if column in DESCENDING_FIRST else column
        links[column] = _links("/events", "/fragments/events", {**params, "sort": target})
    return {"key": key, "descending": descending, "links": links}


def _event_list(store: Store, query: EventQuery, limit: int, offset: int, sort: str | None,
                with_facets: bool = True) -> dict[str, Any]:
    sort = blank_to_none(sort)
    page = queries.event_page(store.connection, query, limit, offset, sort, with_provenance=True)
    params = {**query.params(), "sort": sort}
    filters = query.params()
    return {"events": page, "filters": filters, "sort": sort,
            "pager": pager(page, "/events", "/fragments/events", params),
            "sorting": _sorting({k: v for k, v in params.items() if k != "sort"}, sort),
            "facets": event_facets(store, query, params) if with_facets else None,
            "downloads": downloads("events", filters)}


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, store: StoreDep, query: EventQueryDep, limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0, sort: Sort = None) -> HTMLResponse:
    return render(request, "events.html", page="events", **filter_options(store),
                  **_event_list(store, query, limit, offset, sort))


@router.get("/fragments/events", response_class=HTMLResponse)
def events_fragment(request: Request, store: StoreDep, query: EventQueryDep, limit: Limit = DEFAULT_LIMIT,
                    offset: Offset = 0, sort: Sort = None, facets: bool = True) -> HTMLResponse:
    """The table (and, unless ``facets=false``, as the chart pages ask, its facets)."""
    return render(request, "_events_table.html", **_event_list(store, query, limit, offset, sort, facets))


# ---- quotes --------------------------------------------------------------------

def _quote_list(store: Store, q: str | None, speaker: str | None, kind: str | None, limit: int,
                offset: int) -> dict[str, Any]:
    params = {"q": blank_to_none(q), "speaker": blank_to_none(speaker), "kind": blank_to_none(kind)}
    page = queries.quote_page(store.connection, params["q"], params["speaker"], params["kind"], None, limit, offset)
    return {"quotes": page, "filters": params, "pager": pager(page, "/quotes", "/fragments/quotes", params),
            "downloads": downloads("quotes", params)}


Kind = Annotated[str | None, Query(pattern=r"^(direct|indirect)?$")]


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, store: StoreDep, q: Text = None, speaker: Text = None, kind: Kind = None,
           limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> HTMLResponse:
    return render(request, "quotes.html", page="quotes", **_quote_list(store, q, speaker, kind, limit, offset))


@router.get("/fragments/quotes", response_class=HTMLResponse)
def quotes_fragment(request: Request, store: StoreDep, q: Text = None, speaker: Text = None, kind: Kind = None,
                    limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> HTMLResponse:
    return render(request, "_quotes_table.html", **_quote_list(store, q, speaker, kind, limit, offset))


# ---- actors --------------------------------------------------------------------

def _actor_list(store: Store, q: str | None, label: str | None, limit: int, offset: int) -> dict[str, Any]:
    params = {"q": blank_to_none(q), "label": blank_to_none(label)}
    page = queries.actor_page(store.connection, params["q"], params["label"], None, limit, offset)
    return {"actors": page, "filters": params, "pager": pager(page, "/actors", "/fragments/actors", params),
            "downloads": downloads("actors", params)}


Label = Annotated[str | None, Query(max_length=50)]


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, store: StoreDep, q: Text = None, label: Label = None, limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0) -> HTMLResponse:
    return render(request, "actors.html", page="actors", **_actor_list(store, q, label, limit, offset))


@router.get("/fragments/actors", response_class=HTMLResponse)
def actors_fragment(request: Request, store: StoreDep, q: Text = None, label: Label = None, limit: Limit = DEFAULT_LIMIT,
                    offset: Offset = 0) -> HTMLResponse:
    return render(request, "_actors_table.html", **_actor_list(store, q, label, limit, offset))


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor(request: Request, store: StoreDep, name: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    profile = queries.actor_profile(store.connection, name)
    if profile is None:
        raise HTTPException(404, f"no actor named {name!r}")
    return render(request, "actor.html", page="actors", actor=profile)


# ---- charts --------------------------------------------------------------------

# Each chart's own settings, read back from the URL so a shared link shows the same view.
Choice = Annotated[str | None, Query(max_length=200)]


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, store: StoreDep, query: EventQueryDep,
             by: Annotated[Literal["type", "quad"], Query()] = "type",
             interval: Annotated[Literal["auto", "day", "week", "month", "year"], Query()] = "auto") -> HTMLResponse:
    return render(request, "timeline.html", page="timeline", filters=query.params(),
                  chart={"by": by, "interval": interval}, **filter_options(store))


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, store: StoreDep, query: EventQueryDep,
            min_count: Annotated[int, Query(ge=1)] = 1,
            limit: Annotated[int, Query(ge=1, le=5000)] = 50,
            by: Annotated[Literal["name", "dyad"], Query()] = "name",
            generic: bool = False, edge_from: Annotated[Choice, Query(alias="from")] = None,
            edge_to: Annotated[Choice, Query(alias="to")] = None, find: Choice = None) -> HTMLResponse:
    chart = {"min_count": min_count, "limit": limit, "by": by, "generic": generic,
             "from": blank_to_none(edge_from), "to": blank_to_none(edge_to), "find": blank_to_none(find)}
    return render(request, "network.html", page="network", filters=query.params(), chart=chart,
                  **filter_options(store))


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request, store: StoreDep, query: EventQueryDep,
              size: Annotated[Literal["events", "mentions"], Query()] = "events",
              at: Annotated[str | None, Query(max_length=200, description="the selected place")] = None) -> HTMLResponse:
    filters = query.params()
    return render(request, "map.html", page="map", filters=filters, chart={"size": size, "at": blank_to_none(at)},
                  **filter_options(store))
