"""The plain records every stage passes forward.

One article travels one way: ``Article`` (ingest) -> spaCy ``Doc`` (nlp) ->
``Mention``/``Actor`` (actors) -> ``Event`` (events) -> ``TimeRef``/``Place``
(when/where) -> ``Quote`` (quotes) -> store.  The field names of the records
below are an interface: the JSON output, the store's columns and the
evaluation scripts read them, so rename nothing without changing all three.

Offsets (``start``/``end``) are always character offsets into ``Article.text``,
the cleaned body.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id from content, so re-running the same input never duplicates rows."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass
class Caption:
    text: str
    credit: str | None = None


@dataclass
class Article:
    """A clean article: what ingest hands to the pipeline."""

    title: str
    text: str  # the cleaned body; every offset points into this
    source: str | None = None
    reference_date: str | None = None  # ISO date, e.g. "2024-12-13"
    reference_date_origin: str | None = None  # "metadata" | "dateline" | "caption" | "option" (--date) | None
    captions: list[Caption] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # (start, end) into text
    url: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.source, self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "reference_date": self.reference_date,
            "reference_date_origin": self.reference_date_origin,
            "captions": [asdict(c) for c in self.captions],
            "text": self.text,
        }


@dataclass
class ActorRef:
    """An actor or recipient of an event, or a quote's speaker."""

    text: str  # as written in the sentence
    name: str  # canonical name ("Antony Blinken", "Iraq")
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV, MIL, REB, OPP, JUD, LEG, CVL, BUS, MED, IGO, ...
    start: int | None = None
    end: int | None = None
    # How the country is known: "explicit" (named, or by nationality, in the text), "lexicon" (a known person,
    # office, organisation or armed group), "context" (a generic domestic agent takes the country where its event
    # happens, else the article's main country); None when there is no country.
    country_source: str | None = None

    @property
    def code(self) -> str | None:
        """The CAMEO-style actor code: country and sector ("IRQGOV", "---REB", "USA"); None when neither is known."""
        return actor_code(self.country, self.sector)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector,
                "code": self.code, "country_source": self.country_source, "start": self.start, "end": self.end}


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO's actor code of a country (ISO alpha-3) and a sector: "IRQ" + "GOV", "---" for no country."""
    if not country and not sector:
        return None
    return (country or "---") + (sector or "")


@dataclass
class TimeRef:
    """A temporal expression normalised against the article's reference date (TIMEX3 terms)."""

    text: str
    value: str  # "2024-12-13", "2024-11", "2024-W48", "P2W", "PRESENT_REF", ...
    granularity: str  # "day" | "week" | "month" | "quarter" | "year" | "decade" | "time" | "duration" | "set" | "ref"
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    start: int | None = None
    end: int | None = None
    from_reference: bool = False  # True when the event had no expression and took the article date

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Place:
    """A toponym resolved to a GeoNames entry."""

    text: str
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str | None = None  # GeoNames feature class/code, e.g. "P.PPLC", "A.PCLI"
    start: int | None = None
    end: int | None = None
    article_id: str = ""

    @property
    def precision(self) -> str | None:
        """How exact the point is: "point" (a town, a facility), "admin2", "admin1", "country" or "region" (wider
        than a country: a continent)."""
        return place_precision(self.feature)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision}


# GeoNames feature codes of areas, by the precision a point for them has; every other feature is a point.
AREA_PRECISION = {"A.ADM1": "admin1", "A.ADM1H": "admin1", "L.RGN": "admin1", "A.ADM2": "admin2",
                  "A.ADM2H": "admin2", "A.ADM3": "admin2", "A.ADM4": "admin2", "A.ADMD": "admin2"}


def place_precision(feature: str | None) -> str | None:
    if not feature:
        return None
    if feature.startswith("A.PCL") or feature == "A.TERR":
        return "country"
    if feature == "L.CONT":
        return "region"
    return AREA_PRECISION.get(feature, "point")


@dataclass
class Event:
    id: str
    article_id: str
    sentence: str
    start: int  # sentence span in the article text
    end: int
    event: str  # PLOVER type
    cameo: str  # CAMEO code string, e.g. "042"
    mode: str | None = None
    context: str | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float | None = None
    actor: list[ActorRef] = field(default_factory=list)
    recipient: list[ActorRef] = field(default_factory=list)
    date: TimeRef | None = None
    location: Place | None = None
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.5
    trigger: str = ""  # the verb or noun that carries the event, as written
    trigger_start: int | None = None
    trigger_end: int | None = None
    # The sentence's own fact: a realised event of its main clause, not reported background, a purpose or a
    # condition.  Keeping only primary events gives about one event per sentence.
    primary: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "event": self.event,
            "mode": self.mode,
            "context": self.context,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "primary": self.primary,
        }


@dataclass
class Quote:
    id: str
    article_id: str
    text: str  # the quoted content
    kind: str  # "direct" | "indirect"
    start: int  # content span in the article text
    end: int
    speaker: ActorRef | None = None
    cue: str | None = None  # the cue verb as written ("said")
    cue_start: int | None = None
    cue_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Entity:
    """One real-world person, organisation or place named in an article."""

    name: str
    label: str  # PERSON | ORG | GPE | LOC | NORP | FAC
    role: str | None = None
    country: str | None = None  # ISO alpha-3
    sector: str | None = None
    mentions: int = 0
    article_ids: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each mention

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "role": self.role,
            "country": self.country,
            "sector": self.sector,
            "mentions": self.mentions,
            "article_ids": list(self.article_ids),
            "aliases": list(self.aliases),
        }


@dataclass
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class CodedArticle:
    """Everything the pipeline found in one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)


@dataclass(frozen=True)
class Loss:
    """An article cut, skipped or failed on its way to the store, and why: a line of the run's report."""

    kind: str  # "cut" (coded, but not all of it), "skipped" (left out on purpose) or "failed" (it broke something)
    reason: str  # the limit or the cause: "max_article_chars", "not_english", "time_budget", "worker_died", ...
    message: str
    article_id: str | None = None
    title: str | None = None
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
