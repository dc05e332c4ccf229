"""The Phoenix (OEDA) event TSV that GDELT-era scripts read: one row per source-target pair, CAMEO codes.

A PLOVER-style event with several actors or recipients becomes one row for each pair, as CAMEO coders
wrote them; EventID is the store's event id, "_" and the pair's number. Actor codes are CAMEO's
country-plus-sector codes ("IRQGOV", "---REB"); the entity is the country part, the role the sector.
Date is YYYYMMDD when the event's day is known (Year and Month as far as they are). CountryCode is ISO
alpha-3. SentenceID is the article id, "_" and the sentence's number in the article.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from .cells import cell
from .codes import iso3_of

COLUMNS = ["EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity", "SourceActorRole",
           "SourceActorAttribute", "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
           "EventCode", "EventRootCode", "QuadClass", "GoldsteinScore", "Issues", "Lat", "Lon", "LocationName",
           "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources"]


def _actor(party: dict | None) -> list[object]:
    if party is None or not party["code"]:
        return [None, None, None, None]
    return [party["code"], party["country"] or "---", party["sector"], None]


def _date(key: str | None) -> list[object]:
    parts = (key or "").split("-")
    year, month, day = (parts + [None, None, None])[:3]
    return [key.replace("-", "") if day else None, year or None, month, day]


def phoenix_rows(r: dict) -> Iterator[list[str]]:
    """The Phoenix rows of one event record (records.py): one per actor-recipient pair."""
    sources = r["actors"] or [None]
    targets = r["recipients"] or [None]
    sentence = f"{r['article_id']}_{r['sentence_index']}" if r["sentence_index"] is not None else r["article_id"]
    state = r["location_name"] if r["location_precision"] == "admin1" else None
    for number, (source, target) in enumerate(product(sources, targets), start=1):
        yield [cell(v) for v in (
            f"{r['id']}_{number}", *_date(r["date_key"]), *_actor(source), *_actor(target), r["cameo"],
            (r["cameo"] or "")[:2] or None, r["quad_class"], r["goldstein"], r["context"], r["location_lat"],
            r["location_lon"], r["location_name"], state, iso3_of(r["location_country"]), sentence, r["url"],
            r["source"])]
