"""The code tables the exchange formats translate into: COW state codes, PLOVER intensities, ISO forms.

Both tables are data files in ``store/data/``, documented at their tops.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import wirecoder

# Non-state top-level actor codes of the PLOVER manual: an actor of no country with one of these sectors
# takes it as its code.
NON_STATE_CODES = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC"})
# ISO 3166 codes pycountry does not have (user-assigned ones GeoNames uses).
_EXTRA_ISO3 = {"XK": "XKX"}


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("wirecoder.store").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"))


@lru_cache(maxsize=1)
def cow_codes() -> dict[str, tuple[int, str]]:
    """ISO alpha-3 -> (COW ccode, COW state abbreviation)."""
    return {r["iso3"]: (int(r["cow_code"]), r["cow_abb"]) for r in _rows("cow_codes.tsv")}


def cow_code(iso3: str | None) -> int | None:
    found = cow_codes().get(iso3 or "")
    return found[0] if found else None


@lru_cache(maxsize=1)
def intensities() -> dict[tuple[str, str | None], float]:
    """(PLOVER event, mode or None) -> intensity on the -10..+10 scale."""
    return {(r["event"], r["mode"] or None): float(r["intensity"]) for r in _rows("plover_intensity.tsv")}


def intensity(event: str | None, mode: str | None) -> float | None:
    """The event and mode's intensity, else the event's own; None for an event with no PLOVER type."""
    if not event:
        return None
    table = intensities()
    return table.get((event, mode), table.get((event, None)))


@lru_cache(maxsize=512)
def iso3_of(iso2: str | None) -> str | None:
    """ISO alpha-3 of an alpha-2 code ("IQ" -> "IRQ"); None when unknown."""
    if not iso2:
        return None
    if iso2 in _EXTRA_ISO3:
        return _EXTRA_ISO3[iso2]
    import pycountry

    found = pycountry.countries.get(alpha_2=iso2.upper())
    return found.alpha_3 if found else None


def plover_code(country: str | None, sector: str | None) -> str | None:
    """PLOVER's top-level actor code: the country's alpha-3, else a non-state code (IGO, NGO ...), else None."""
    if country:
        return country
    return sector if sector in NON_STATE_CODES else None


def coder() -> str:
    """The coder's name and version, as the formats' version fields give it."""
    return f"wirecoder {wirecoder.__version__}"


def split_feature(feature: str | None) -> tuple[str | None, str | None]:
    """GeoNames "P.PPLC" -> ("P", "PPLC")."""
    if not feature:
        return None, None
    klass, _, code = feature.partition(".")
    return klass or None, code or None
