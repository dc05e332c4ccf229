"""Ranking a toponym's candidates, alone or beside the other toponyms of its article.

A candidate's score adds a prior (feature class, population, how the name matched) to evidence from
the article: the countries it names (places and demonyms), a "City, ST" qualifier, and support from
each other toponym. Support from another toponym is the best relation the candidate has with any of
that toponym's readings (same second-order division, same first-order division, nearby), discounted
by how much less likely that reading is than the toponym's best one. So "Springfield" beside
"Sangamon County" picks the Springfield of Illinois even though Missouri's is more populous.

An article is resolved in rounds: the first ranks every toponym by its prior and qualifier alone;
each later round ranks every toponym against the previous round's readings of the *other* names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from wirecoder.model import Place
from wirecoder.where.build import (
    MATCH_ALIAS,
    MATCH_ALT,
    MATCH_CODE,
    MATCH_LOOSE,
    MATCH_NAME,
    MATCH_PARTIAL,
    MATCH_VARIANT,
)
from wirecoder.where.gazetteer import Candidate, Gazetteer, clean_toponym
from wirecoder.where.names import is_wide_feature, town_of_facility

EARTH_RADIUS_KM = 6371.0088

# Prior weights, in log10-population units (+1 is worth a tenfold population).
FEATURE_PRIOR = {"A.PCLI": 4.0, "L.CONT": 3.5, "A.ADM1": 1.5, "P.PPLC": 3.0, "L.RGN": 2.0, "A.ADM2": -1.0,
                 "A.ADM3": -1.5, "P.PPL": 0.0}
MATCH_PRIOR = {MATCH_NAME: 0.0, MATCH_ALT: -0.5, MATCH_ALIAS: -2.0, MATCH_CODE: -2.5, MATCH_VARIANT: 6.0,
               MATCH_PARTIAL: -1.0, MATCH_LOOSE: -1.5}
POPULATION_WEIGHT = 1.0
EPONYM_PENALTY = 2.0  # "Baghdad": the city, not the governorate named after it
# A former or other name of a place is unlikely where a place in the same country bears it today:
# "Maryville" is Maryville, Tennessee, not the Texas town once called that.
SHADOWED_ALIAS_PENALTY = 2.0
# Context weights.
COUNTRY_WEIGHT = 5.0  # the article is about the candidate's country
SUPPORT_WEIGHT = 2.5  # per other toponym the candidate relates to
SUPPORT_CAP = 4.5  # summed support beyond this adds nothing
NEAR_SCALE_KM = 150.0
SAME_ADMIN2, SAME_ADMIN1, SAME_COUNTRY = 1.0, 0.6, 0.6  # relation strengths; nearness is exp(-km / scale)
HOME_WEIGHT = 1.5  # the outlet is in the candidate's country (its domain says so): settles close ties only
QUALIFIER_WEIGHT = 8.0  # "Alexandria, La." / "Alexandria, Louisiana"
CONTAINER_WEIGHT = 1.5  # the name is the qualifier of another ("..., Louisiana"): prefer divisions/countries
READING_LIMIT = 25  # readings of another toponym considered as support
ROUNDS = 3
# A toponym the gazetteer lacks stands in at the article's most-named place; nearness in the text adds
# up to this much (one mention's worth is 1), halving at this distance in characters.
STAND_IN_NEARNESS = 2.0
STAND_IN_SCALE_CHARS = 500.0
# A facility's namesake town counts when it lies this near a place the article names.
FACILITY_TOWN_KM = 50.0
PART_OF_KM = 30.0  # "the X area of Y": X's reading lies at most this far from the town Y
LOOSE_NEAR_KM = 100.0  # a town found only by another transliteration lies this near a place named exactly
PART_OF_KM = 30.0  # "the X area of Y": X's reading lies at most this far from the town Y
LOOSE_NEAR_KM = 100.0  # a town found only by another transliteration lies this near a place named exactly
EXACT = (MATCH_NAME, MATCH_ALT, MATCH_VARIANT)  # a name the gazetteer holds as it is written
BROAD = ("A.PCLI", "L.CONT", "L.RGN")  # too large to say anything about proximity
CONTAINERS = ("A.PCLI", "A.ADM1", "A.ADM2")

# "Alexandria, La.", and the bracketed divisions of conflict reports: "Afmadow (Afmadow, Lower Juba)"
# matched at an entity's end, never after a space: the lookbehind keeps a long run of spaces from being tried
# at every split
_QUALIFIER_TAIL = re.compile(r"(?<!\s)(?:\s*[,(]\s*|\s+(?:area|district|neighbou?rhood|suburb|outskirts|quarter|part)s?\s+of\s+)"
                             r"((?:[A-Z][A-Za-z]*\.?)(?:\s?[A-Z][A-Za-z]*\.?){0,2})")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]+\b")


@dataclass
class Reading:
    """Another toponym of the article: its likeliest candidates as arrays, each with a weight in (0, 1]."""

    index: np.ndarray
    admin1: np.ndarray
    admin2: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    country: np.ndarray
    broad: np.ndarray
    weight: np.ndarray  # exp(score - best score): 1 for the best reading

    @classmethod
    def from_ranked(cls, ranked: list[tuple[Candidate, float]]) -> Reading:
        top = ranked[:READING_LIMIT]
        best = top[0][1]
        return cls(index=np.array([c.index for c, _ in top]), admin1=np.array([c.admin1 for c, _ in top]),
                   admin2=np.array([c.admin2 for c, _ in top]), lat=np.array([c.lat for c, _ in top]),
                   lon=np.array([c.lon for c, _ in top]),
                   country=np.array([c.country or "" for c, _ in top], dtype="U2"),
                   broad=np.array([c.feature in BROAD for c, _ in top]),
                   weight=np.exp(np.array([s for _, s in top]) - best))


@dataclass
class ResolveContext:
    """What the rest of an article says about where it is."""

    countries: dict[str, float] = field(default_factory=dict)  # ISO alpha-2 -> weight
    readings: list[Reading] = field(default_factory=list)  # the article's other toponyms
    qualifiers: list[Candidate] = field(default_factory=list)  # containers named right after "Name, "
    is_container: bool = False  # this name qualifies another ("Alexandria, Louisiana" -> Louisiana)
    home_country: str | None = None  # the outlet's country: a fixed, weak bonus

    @classmethod
    def from_names(cls, gazetteer: Gazetteer, names: Iterable[str], *,
                   countries: Iterable[str] = ()) -> ResolveContext:
        """Context from an article's other toponyms (each read by its prior) and countries it names."""
        context = cls()
        for code in countries:
            context.add_country(code, 1.0)
        for name in names:
            ranked = rank(gazetteer.candidates(name), None)
            if ranked:
                context.add(ranked)
        return context

    def add_country(self, code: str, weight: float) -> None:
        self.countries[code] = self.countries.get(code, 0.0) + weight

    def add(self, ranked: list[tuple[Candidate, float]], reading: Reading | None = None) -> None:
        """Another toponym's ranked candidates: its likely countries and its readings (``reading``:
        ``Reading.from_ranked(ranked)``, when the caller has it already)."""
        reading = reading if reading is not None else Reading.from_ranked(ranked)
        shares = reading.weight / reading.weight.sum()
        for (candidate, _), share in zip(ranked, shares):
            if candidate.country and share > 0.05:
                self.add_country(candidate.country, float(share))
        self.readings.append(reading)


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def prior(candidate: Candidate) -> float:
    return (FEATURE_PRIOR.get(candidate.feature, 0.0) + MATCH_PRIOR[candidate.match]
            + POPULATION_WEIGHT * math.log10(candidate.population + 1))


def _contains(container: Candidate, candidate: Candidate) -> bool:
    if container.index in (candidate.admin1, candidate.admin2):
        return True
    return (container.feature == "A.PCLI" and container.country == candidate.country
            and container.index != candidate.index)


def _support(candidates: Sequence[Candidate], readings: list[Reading]) -> np.ndarray:
    """Per candidate: summed over the other toponyms, its best relation with one of their readings."""
    index = np.array([c.index for c in candidates])[:, None]
    admin1 = np.array([c.admin1 for c in candidates])[:, None]
    admin2 = np.array([c.admin2 for c in candidates])[:, None]
    lat = np.array([c.lat for c in candidates])[:, None]
    lon = np.array([c.lon for c in candidates])[:, None]
    broad = np.array([c.feature in BROAD for c in candidates])
    is_country = np.array([c.feature == "A.PCLI" for c in candidates])[:, None]
    country = np.array([c.country or "" for c in candidates], dtype="U2")[:, None]
    total = np.zeros(len(candidates))
    if not readings:
        return total
    # every reading of every other toponym side by side: one pass of array operations, not one per toponym
    other = {name: np.concatenate([getattr(r, name) for r in readings])[None, :]
             for name in ("index", "admin1", "admin2", "lat", "lon", "country", "broad", "weight")}
    starts = np.cumsum([0] + [len(r.index) for r in readings[:-1]])
    near = np.exp(-haversine_km(lat, lon, other["lat"], other["lon"]) / NEAR_SCALE_KM)
    near[broad, :] = 0.0
    near[:, other["broad"][0]] = 0.0
    same2 = ((admin2 >= 0) & (admin2 == other["admin2"])) | (index == other["admin2"]) | (admin2 == other["index"])
    same1 = ((admin1 >= 0) & (admin1 == other["admin1"])) | (index == other["admin1"]) | (admin1 == other["index"])
    # a country is supported by the places named inside it
    inside = is_country & (country == other["country"]) & ~other["broad"]
    relation = np.maximum.reduce([near, SAME_COUNTRY * inside, SAME_ADMIN2 * same2, SAME_ADMIN1 * same1])
    best = np.maximum.reduceat(relation * other["weight"], starts, axis=1)  # per toponym, its best reading
    for column in best.T:  # added toponym by toponym, in order, as the sum always was
        total += column
    return np.minimum(total, SUPPORT_CAP)


def rank(candidates: Sequence[Candidate], context: ResolveContext | None) -> list[tuple[Candidate, float]]:
    """Candidates with their scores, best first."""
    if not candidates:
        return []
    scores = np.array([prior(c) for c in candidates])
    if len(candidates) > 1:
        towns = {parent for c in candidates if c.feature.startswith("P.") for parent in (c.admin1, c.admin2)}
        eponyms = [c.index in towns and not (context and context.is_container) for c in candidates]
        scores -= EPONYM_PENALTY * np.array(eponyms)
        named = {c.country for c in candidates if c.match == MATCH_NAME}
        scores -= SHADOWED_ALIAS_PENALTY * np.array([c.match == MATCH_ALIAS and c.country in named
                                                     for c in candidates])
    if context is not None:
        if context.countries:
            total = sum(context.countries.values())
            scores += COUNTRY_WEIGHT * np.array(
                [min(1.0, 3 * context.countries.get(c.country or "", 0.0) / total) for c in candidates])
        if context.home_country:
            scores += HOME_WEIGHT * np.array([c.country == context.home_country for c in candidates])
        if context.readings:
            scores += SUPPORT_WEIGHT * _support(candidates, context.readings)
        if context.qualifiers:
            scores += QUALIFIER_WEIGHT * np.array(
                [any(_contains(q, c) for q in context.qualifiers) for c in candidates])
        if context.is_container:
            scores += CONTAINER_WEIGHT * np.array([c.feature in CONTAINERS for c in candidates])
    order = np.argsort(-scores, kind="stable")
    return [(candidates[i], float(scores[i])) for i in order]


def best_candidate(gazetteer: Gazetteer, name: str, context: ResolveContext | None = None) -> Candidate | None:
    ranked = rank(gazetteer.candidates(name), context)
    return ranked[0][0] if ranked else None


@dataclass
class _Mention:
    text: str
    key: str  # what mentions of the same name share
    start: int
    end: int
    candidates: list[Candidate]
    qualifiers: list[Candidate] = field(default_factory=list)
    is_container: bool = False
    is_people: bool = False  # a word for a place's people ("Ontarians"): resolved, but no context for others
    qualifier_start: int | None = None  # where its qualifier starts, when the qualifier is itself a span
    level: tuple[str, ...] = ()  # the features the text says it has ("Haveli district")
    part_of: bool = False  # named as part of its qualifier ("the Cannes area of Ajaccio")


def _qualifiers(gazetteer: Gazetteer, text: str, end: int,
                span_starts: dict[int, str]) -> tuple[list[Candidate], int | None]:
    """The containers named right after "Name, " and the start of that name when it is itself a span."""
    match = _QUALIFIER_TAIL.match(text, end)
    if not match:
        return [], None
    start = match.start(1)
    if start in span_starts:
        found = [c for c in gazetteer.candidates(span_starts[start]) if c.feature in CONTAINERS]
        return found, start
    words = match.group(1).split()
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[:size])
        state = gazetteer.state_abbreviation(phrase)
        if state is not None:
            return [state], None
        found = [c for c in gazetteer.candidates(phrase) if c.feature in ("A.PCLI", "A.ADM1")]
        if found:
            return found, None
    return [], None


def demonym_countries(gazetteer: Gazetteer, text: str) -> list[str]:
    """Countries named by demonyms in a text ("Iraqi officials" -> IQ)."""
    found = []
    for word in set(_CAPITALISED_WORD.findall(text)):
        code = gazetteer.demonym_country(word)
        if code:
            found.append(code)
    return found


def resolve_spans(gazetteer: Gazetteer, text: str, spans: Sequence[tuple[int, int]], *,
                  countries: Iterable[str] | None = None, article_id: str = "",
                  demonyms: bool = False, min_score: float | None = None,
                  contextual: bool | Iterable[tuple[int, int]] = False,
                  home_country: str | None = None,
                  marked: Iterable[tuple[int, int]] = (),
                  levels: dict[tuple[int, int], tuple[str, ...]] | None = None) -> list[Place | None]:
    """Resolve every toponym span of one article together; None where nothing fits.

    ``countries`` are countries the article is known to be about (e.g. from NORP entities); by default
    they are read from the demonyms in the text. With ``demonyms``, a span that is a demonym
    ("Iraqi") resolves to its country: for gold spans that annotate them, never for found toponyms.
    A toponym whose best reading scores under ``min_score`` stays unresolved (a doubtful NER span); the
    ``marked`` spans, names a construction says are places ("Jowhar town"), need only some reading.
    With ``contextual`` (True, or the spans it applies to), a toponym with no candidate at all takes the
    place the article itself is about (``contextual_place``) instead of staying unresolved.
    ``home_country`` is the outlet's country (``where.outlet``), a weak hint for every toponym.
    ``levels`` gives spans the features the text says they have ("Haveli district"): the best reading of
    those features in the best reading's country is taken, where the gazetteer has one.
    """
    span_starts = {start: clean_toponym(text[start:end]) for start, end in spans}
    mentions = []
    for start, end in spans:
        surface = text[start:end]
        candidates = [] if gazetteer.is_not_place(surface) else gazetteer.candidates(surface)
        is_people = False
        if demonyms:
            word = clean_toponym(surface)
            country = gazetteer.demonym_country(word)
            entry = gazetteer.country_entry(country) if country else None
            if entry is not None:  # "Canadian": Canada joins Canadian, Texas, and ranking decides
                candidates = [entry, *(c for c in candidates if c.index != entry.index)]
            elif not candidates:
                # "Ontarians", "Scottish", "Europeans": weaker than a name, so they only take a reading
                candidates = gazetteer.demonym_place(word)
                is_people = bool(candidates)
        mentions.append(_Mention(surface, clean_toponym(surface).casefold(), start, end, candidates,
                                 is_people=is_people, level=(levels or {}).get((start, end), ())))
    by_start = {m.start: m for m in mentions}
    for mention in mentions:
        mention.qualifiers, qualifier_start = _qualifiers(gazetteer, text, mention.end, span_starts)
        if qualifier_start is not None:
            by_start[qualifier_start].is_container = True
            mention.qualifier_start = qualifier_start
            mention.part_of = " of" in text[mention.end:qualifier_start]
    hinted = list(countries) if countries is not None else demonym_countries(gazetteer, text)

    # Distinct readings: the same name with the same qualifier is read once.
    groups: dict[tuple, list[_Mention]] = {}
    for mention in mentions:
        if mention.candidates:
            signature = (mention.key, tuple(q.index for q in mention.qualifiers), mention.is_container)
            groups.setdefault(signature, []).append(mention)
    signatures = list(groups)
    ranked = {s: rank(groups[s][0].candidates, ResolveContext(qualifiers=groups[s][0].qualifiers,
                                                              is_container=groups[s][0].is_container))
              for s in signatures}
    for _ in range(ROUNDS - 1):
        previous = ranked
        readings = {s: Reading.from_ranked(previous[s]) for s in signatures}  # once a round, not once a pair
        ranked = {}
        for signature in signatures:
            first = groups[signature][0]
            context = ResolveContext(qualifiers=first.qualifiers, is_container=first.is_container,
                                     home_country=home_country)
            for code in hinted:
                context.add_country(code, 0.5)
            seen_names = {signature[0]}
            for other in signatures:
                if groups[other][0].is_people:
                    continue
                if other[0] not in seen_names:  # each other name once, and never the name itself
                    seen_names.add(other[0])
                    context.add(previous[other], readings[other])
            ranked[signature] = rank(first.candidates, context)

    # containers are trusted when they are countries, or of a country the article names as such, or the
    # reading the qualifier's own span resolved to ("Valencia, Sangre Grande": that division, wherever it is)
    named = {ranked[s][0][0].country for s in signatures if ranked[s][0][0].feature == "A.PCLI"}
    # when the name is known exactly and holds no other container (not "Central", not "Lower Shabelle" read as
    # Ethiopia's Shabelle)
    reading_of = {m.start: ranked[s][0][0].index for s, group in groups.items() for m in group}
    marked = set(marked)
    best = {id(m): _within_container(_at_level(ranked[s], m.level), [q for q in group[0].qualifiers
                                                       if q.feature == "A.PCLI" or q.country in named
                                                       or (len(group[0].qualifiers) == 1 and q.match in EXACT
                                                           and reading_of.get(group[0].qualifier_start) == q.index)])
            for s, group in groups.items() for m in group
            if min_score is None or ranked[s][0][1] >= min_score or (m.start, m.end) in marked}
    # "the Cannes area of Ajaccio": a part of a town lies in it, so a reading far from the town is a namesake
    # and the town is the best point the text gives
    whole_of = {m.start: best[id(m)] for m in mentions if id(m) in best}
    for mention in mentions:
        whole = whole_of.get(mention.qualifier_start) if mention.part_of else None
        if whole is not None and whole.feature.startswith("P.") and id(mention) in best and float(haversine_km(
                best[id(mention)].lat, best[id(mention)].lon, whole.lat, whole.lon)) > PART_OF_KM:
            best[id(mention)] = whole
    # a name found only in another transliteration needs the article's other places to bear it out
    unborne = _unborne_loose_readings(mentions, best, hinted)
    for mention in unborne:
        del best[id(mention)]
    if contextual:
        allowed = None if contextual is True else set(contextual)
        resolved = [(m, best[id(m)]) for m in mentions if id(m) in best]
        for mention in mentions:
            name = clean_toponym(mention.text)
            if (mention.candidates and mention not in unborne) or is_wide_feature(name):
                continue  # a sea or a desert never stands in at a town
            if allowed is None or (mention.start, mention.end) in allowed:
                place = facility_town(gazetteer, name, resolved) or contextual_place(resolved, mention.start)
                if place is not None:
                    best[id(mention)] = place
    return [best[id(m)].to_place(m.text, m.start, m.end, article_id) if id(m) in best else None for m in mentions]


def _at_level(ranked: list[tuple[Candidate, float]], level: tuple[str, ...]) -> Candidate:
    """The best reading, or where the text says what level of division the name is ("Haveli district"), the
    best reading of that level in the best reading's country, when the gazetteer has one."""
    best = ranked[0][0]
    if level and best.feature not in level:
        return next((c for c, _ in ranked if c.feature in level and c.country == best.country), best)
    return best


def _unborne_loose_readings(mentions: list[_Mention], best: dict[int, Candidate],
                            hinted: Sequence[str]) -> list[_Mention]:
    """The mentions read only through a loose key (``MATCH_LOOSE``) that nothing else in the article bears out.
    A division must lie in the country of a place named exactly (or of a demonym), a town within LOOSE_NEAR_KM
    of one; or two loose readings of different names bear each other out (a town inside or near the division).
    So "Thi Qar" beside "Nasiriyah" is Dhi Qar, but "Headington" in an Oxford story is no Scottish Haddington."""
    loose = [m for m in mentions if id(m) in best and best[id(m)].match == MATCH_LOOSE]
    if not loose:
        return []
    exact = [best[id(m)] for m in mentions if id(m) in best and best[id(m)].match != MATCH_LOOSE]
    countries = {c.country for c in exact if c.country} | set(hinted)
    points = [c for c in exact if c.feature not in BROAD]
    unborne = []
    for mention in loose:
        reading = best[id(mention)]
        if reading.feature.startswith("A.") and reading.country in countries or _near_any(reading, points):
            continue
        fellows = [best[id(m)] for m in loose if m.key != mention.key]
        if any(reading.admin1 == f.index or f.admin1 == reading.index for f in fellows) or _near_any(
                reading, [f for f in fellows if f.feature not in BROAD]):
            continue
        unborne.append(mention)
    return unborne


def _near_any(candidate: Candidate, others: Sequence[Candidate]) -> bool:
    if not others or candidate.feature in BROAD:
        return False
    distances = haversine_km(candidate.lat, candidate.lon, [c.lat for c in others], [c.lon for c in others])
    return bool((distances <= LOOSE_NEAR_KM).any())


def _within_container(candidate: Candidate, qualifiers: list[Candidate]) -> Candidate:
    """The reading, or the container the text puts the toponym in ("X, Lower Juba", "the X area of
    Ajaccio") when the reading lies in another country: the gazetteer lacks the local X and found a
    namesake abroad, so the container is the best point the text gives."""
    if not qualifiers or candidate.feature in BROAD:
        return candidate
    if any(_contains(q, candidate) or q.index == candidate.index or q.country == candidate.country
           for q in qualifiers):
        return candidate  # inside, or at least in the same country (a state's centre can lie far from a town)
    return min(qualifiers, key=lambda q: (q.feature == "A.PCLI", -q.population))


def facility_town(gazetteer: Gazetteer, name: str,
                  resolved: Sequence[tuple[_Mention, Candidate]]) -> Candidate | None:
    """The town a facility is named after ("Da Nang International Airport" -> Da Nang), when the article
    bears it out: the town lies near a place the article names, or is the most populous town of that
    name in a country it names. Without such support a town that shares the name is a coincidence
    ("Trafalgar Square" is not in Trafalgar, Spain; "Kennedy Airport" not in a Kennedy Township), and
    in an article naming no other place there is nothing to bear a town out: the facility stays unplaced.
    """
    town = town_of_facility(name)
    towns = [c for c in gazetteer.candidates(town) if c.feature.startswith("P.")] if town else []
    if not towns:
        return None
    places = [c for _, c in resolved if c.feature not in BROAD]
    if places:
        distances = haversine_km(np.array([t.lat for t in towns])[:, None], np.array([t.lon for t in towns])[:, None],
                                 np.array([p.lat for p in places])[None, :], np.array([p.lon for p in places])[None, :])
        nearest = int(np.argmin(distances.min(axis=1)))
        if distances[nearest].min() <= FACILITY_TOWN_KM:
            return towns[nearest]
    countries = {c.country for _, c in resolved if c.feature == "A.PCLI"}
    in_named = [t for t in towns if t.country in countries]
    return max(in_named, key=lambda t: t.population) if in_named else None


def contextual_place(resolved: Sequence[tuple[_Mention, Candidate]], position: int) -> Candidate | None:
    """The article's own place that stands in for a toponym no gazetteer entry fits ("Neches River",
    "Tahrir Square", a street): the town or division the article names most, nearer mentions counting
    a little more; a country only when the article names nothing smaller.

    A local story names its town again and again, and its streets, parks and rivers lie in or near it.
    """
    for pool in ([(m, c) for m, c in resolved if c.feature not in BROAD],
                 [(m, c) for m, c in resolved if c.feature == "A.PCLI"]):
        mentions: dict[int, int] = {}
        nearness: dict[int, float] = {}
        places: dict[int, Candidate] = {}
        for mention, candidate in pool:
            key = candidate.index
            places[key] = candidate
            mentions[key] = mentions.get(key, 0) + 1
            closeness = STAND_IN_NEARNESS / (1.0 + abs(mention.start - position) / STAND_IN_SCALE_CHARS)
            nearness[key] = max(nearness.get(key, 0.0), closeness)
        if places:
            return places[max(places, key=lambda key: mentions[key] + nearness[key])]
    return None
