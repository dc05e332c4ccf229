"""What the JSON API answers, for /openapi.json: the 200 bodies and the one error shape.

These models document; the handlers return the store's own dicts (``Event.to_dict()`` and
friends), so a model lists the fields a client can rely on and allows the rest.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    """Every refusal: a 4xx or 5xx status with one plain sentence."""

    error: str = Field(description="what was wrong, in one sentence",
                       examples=["since must be a date such as 2024-12-01, a month (2024-12), a year, or "
                                 "'last month' or 'past 7 days', got 'soon'"])


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "The store refused a parameter"},
    404: {"model": Error, "description": "No such record"},
    422: {"model": Error, "description": "A parameter is malformed or names nothing (a date, a country, a sort)"},
    503: {"model": Error, "description": "The store is being written or cannot be read; retry after Retry-After"},
}


class ActorRef(Open):
    text: str | None = None
    name: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    sector: str | None = None


class Provenance(Open):
    article_title: str | None = None
    source: str | None = None
    url: str | None = None
    reference_date: str | None = Field(None, description="the article's date")
    num_mentions: int = Field(description="sentences reporting the real-world event, copies included")
    num_articles: int
    num_sources: int


class Event(Open):
    id: str
    article_id: str
    sentence: str | None = None
    event: str | None = Field(None, description="PLOVER type; empty when the coder gave none")
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float | None = None
    actor: list[ActorRef] = []
    recipient: list[ActorRef] = []
    date: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    provenance: Provenance | None = Field(None, description="only with provenance=true")


class Article(Open):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    reference_date: str | None = None


class Quote(Open):
    id: str
    article_id: str
    text: str
    kind: str | None = None
    speaker: ActorRef | None = None


class Actor(Open):
    name: str
    label: str | None = None
    country: str | None = None
    mentions: int = 0
    articles: int = 0


class Place(Open):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = None
    mentions: int = 0
    events: int = 0


class _Page(Open):
    total: int = Field(description="records matching, over all pages")
    limit: int
    offset: int


class EventPage(_Page):
    items: list[Event]


class ArticlePage(_Page):
    items: list[Article]


class QuotePage(_Page):
    items: list[Quote]


class ActorPage(_Page):
    items: list[Actor]


class PlacePage(_Page):
    items: list[Place]


class FacetValue(BaseModel):
    value: str
    count: int


class Facet(BaseModel):
    name: str
    param: str = Field(description="the filter a value sets")
    values: list[FacetValue]
    more: int = Field(description="values left out")


class Facets(BaseModel):
    facets: list[Facet]


class TimelinePoint(BaseModel):
    period: str
    key: str
    count: int


class Timeline(Open):
    by: str
    interval: str
    keys: list[str] = Field(description="the series, at most 8, in legend order")
    series: list[TimelinePoint]
    undated: int
    earlier: int
    later: int
    total: int


class Pair(Open):
    actor: str
    recipient: str
    count: int
    cooperation: int
    conflict: int


class Pairs(Open):
    items: list[Pair]
    limit: int
    min_count: int


class ArticleRecord(Open):
    article: Article
    sentences: list[dict[str, Any]]
    events: list[Event]
    quotes: list[Quote]
    places: list[dict[str, Any]]
    times: list[dict[str, Any]]
    entities: list[dict[str, Any]]


def documented(model: type[BaseModel]) -> dict[str, Any]:
    """Route keyword arguments: document ``model`` as the 200 body and the error shape, validate nothing."""
    return {"response_model": None, "responses": {200: {"model": model}, **ERRORS}}
