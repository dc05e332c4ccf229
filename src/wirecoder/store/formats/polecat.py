"""POLECAT's weekly TSV layout: one event a row, the columns of the POLECAT data files, multi-values ";"-joined.

Each actor column holds one value per actor, position-aligned (an empty slot where one is unknown):
names, ISO alpha-3 countries, COW state codes (data/cow_codes.tsv), sectors, titles (the office the
article gives the actor) and the text as written. wirecoder gives each actor one sector, so "Actor
Sectors" repeats "Primary Actor Sector". Event Intensity comes from data/plover_intensity.tsv. The
location's City, District or Province is its name when it is a town, a second- or a first-order
division. Events with no PLOVER type (CAMEO 01 statements) are left out. See docs/fields.md for every
column.
"""

from __future__ import annotations

from collections.abc import Iterator

from .cells import cell, contexts, day_of, joined
from .codes import coder, cow_code, intensity, iso3_of, split_feature

PARTY = ("Name", "Country", "COW", "Primary {} Sector", "{} Sectors", "Title", "Name Raw")


def _party_columns(role: str) -> list[str]:
    return [part.format(role) if "{}" in part else f"{role} {part}" for part in PARTY]


COLUMNS = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
           *_party_columns("Actor"), *_party_columns("Recipient"),
           "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
           "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
           "Story Locations", "Language", "Version"]


def _party(parties: list[dict]) -> list[str]:
    return [joined(p["name"] for p in parties), joined(p["country"] for p in parties),
            joined(cow_code(p["country"]) for p in parties), joined(p["sector"] for p in parties),
            joined(p["sector"] for p in parties), joined(p["title"] for p in parties),
            joined(p["text"] for p in parties)]


def _place(r: dict) -> list[object]:
    name, precision = r["location_name"], r["location_precision"]
    klass, code = split_feature(r["location_feature"])
    return [name, name if klass == "P" else None, name if precision == "admin2" else None,
            name if precision == "admin1" else None, iso3_of(r["location_country"]), r["location_lat"],
            r["location_lon"], r["location_geonameid"], r["location_text"], code]


def polecat_rows(r: dict) -> Iterator[list[str]]:
    """The POLECAT row of one event record (records.py); none for an event with no PLOVER type (CAMEO 01)."""
    if not r["event"]:
        return
    yield [cell(v) for v in (
        r["id"], day_of(r), r["event"], r["mode"], intensity(r["event"], r["mode"]), r["quad_class"],
        contexts(r))] + _party(r["actors"]) + _party(r["recipients"]) + [cell(v) for v in (
        *_place(r), r["source"], r["reference_date"], r["story_people"], r["story_organizations"],
        r["story_locations"], "en", coder())]
