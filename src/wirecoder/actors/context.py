"""Countries from context: a generic domestic agent is of the country where its event happens.

"Police fired tear gas", "gunmen attacked a bus", "residents blocked the road": the text names no country
for these actors, but a reader knows they are of the country the event takes place in, and that is how
event datasets code them (ACLED: "a domestic non-state actor's country is the event country").  So,
once events have their places, every actor or recipient without a country ("gunmen", "an unidentified
group", "the Hamza Division") takes:
1. the country of its event's location;
2. else the article's main country: the one its places name most often (ties: the one named first),
   else the one its actors with a known country name most often.
Each such country is marked ``country_source="context"``.  Actors whose country the text or the lexicon
gives keep it ("US forces in Iraq" stay USA), and international sectors (IGO, NGO) never take one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from wirecoder.model import ActorRef, Event, Place

CONTEXT = "context"
# Sectors that are no one country's: a UN agency in Mali is not Malian.
INTERNATIONAL_SECTORS = frozenset({"IGO", "NGO"})


def main_country(places: Iterable[Place], events: Iterable[Event], iso3: dict[str, str]) -> str | None:
    """The article's country, ISO alpha-3: the one its places name most, else its actors do."""
    counts: Counter[str] = Counter()
    for place in places:
        code = iso3.get(place.country or "")
        if code:
            counts[code] += 1
    if not counts:
        for event in events:
            for ref in (*event.actor, *event.recipient):
                if ref.country and ref.country_source != CONTEXT:
                    counts[ref.country] += 1
    if not counts:
        return None
    best = max(counts.values())
    return next(code for code in counts if counts[code] == best)  # Counter keeps first-seen order


def fill_countries(events: list[Event], places: list[Place], iso3: dict[str, str]) -> None:
    """Give each actor without a country its event's country (rules above), in place.

    `iso3` maps the gazetteer's alpha-2 codes to the actors' alpha-3 ones.
    """
    fallback = main_country(places, events, iso3)
    for event in events:
        here = iso3.get(event.location.country or "") if event.location is not None else None
        country = here or fallback
        if country is None:
            continue
        for ref in (*event.actor, *event.recipient):
            if _takes_context(ref):
                ref.country, ref.country_source = country, CONTEXT


def _takes_context(ref: ActorRef) -> bool:
    return ref.country is None and ref.sector not in INTERNATIONAL_SECTORS
