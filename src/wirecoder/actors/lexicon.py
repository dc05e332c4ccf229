"""The actor lexicon: countries, named actors and agents, loaded once and compiled into lookups.

The data files live in ``wirecoder/lexicon`` (countries.yaml, actors.yaml, agents.yaml) and are documented
at their tops.  Everything here is keyed by a normalised phrase (see ``phrase_key``) so that a whole noun
phrase, a single token or a span's text all look up the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wirecoder.errors import LexiconError
from wirecoder.lexicon_files import LEXICON_DIR, read_yaml

_STRIP = re.compile(r"[.\u2019'`]")
_SPACE = re.compile(r"[\s\-]+")
LEADING_ARTICLES = ("the ", "a ", "an ")


@lru_cache(maxsize=65536)  # the same words are keyed again and again (every noun phrase, every lookup)
def phrase_key(text: str) -> str:
    """Case-, dot- and hyphen-insensitive key: "U.S." -> "us", "al-Sudani" -> "al sudani"."""
    return _SPACE.sub(" ", _STRIP.sub("", text.lower())).strip()


def surname_key(name: str) -> str:
    """The key a bare surname is written with: "Mohammed Shia al-Sudani" -> "sudani"."""
    last = phrase_key(name).split(" ")[-1] if name.strip() else ""
    return last


@dataclass(frozen=True)
class Role:
    role: str
    country: str | None
    sector: str | None
    start: str | None = None  # ISO date, inclusive
    end: str | None = None  # ISO date, exclusive

    def active(self, date: str | None) -> bool:
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True)
class LexiconActor:
    """A known actor: a country, an organisation, a group or a person."""

    name: str
    label: str  # COUNTRY | ORG | PERSON
    country: str | None = None  # ISO alpha-3
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    kind: str = "name"  # name | demonym | capital (a capital acting means its government)

    def on(self, date: str | None) -> tuple[str | None, str | None, str | None]:
        """(role, country, sector) on a given article date, from the office held then."""
        for role in self.roles:
            if role.active(date):
                return role.role, role.country, role.sector
        if self.roles:
            # Out of office on that date: still of that country ("former"), with no sector.
            last = max(self.roles, key=lambda r: r.end or "9999")
            return (last.role, last.country, last.sector) if date is None else (None, last.country, None)
        return None, self.country, self.sector


@dataclass
class ActorLexicon:
    """Compiled lookups over the actor data files."""

    phrases: dict[str, LexiconActor] = field(default_factory=dict)  # phrase_key -> actor
    countries: dict[str, LexiconActor] = field(default_factory=dict)  # alpha-3 -> the country itself
    iso2: dict[str, str] = field(default_factory=dict)  # alpha-3 -> alpha-2
    agents: dict[str, str] = field(default_factory=dict)  # phrase_key of a role noun -> sector
    collective_heads: frozenset[str] = frozenset()  # "group" (of X), "thousands" (of X): the actor is X
    relational_nouns: frozenset[str] = frozenset()  # "its neighbour" is not "it"
    roles_by_title: dict[str, list[LexiconActor]] = field(default_factory=dict)  # "president elect" -> people
    surfaces: set[str] = field(default_factory=set)  # every phrase as written, for the PhraseMatcher
    max_words: int = 1

    def lookup(self, text: str) -> LexiconActor | None:
        key = phrase_key(text)
        found = self.phrases.get(key)
        if found is None and key.startswith(LEADING_ARTICLES):
            found = self.phrases.get(key.split(" ", 1)[1])  # "the United States" is "United States"
        return found

    def agent_sector(self, text: str) -> str | None:
        return self.agents.get(phrase_key(text))

    def holder_of(self, title: str, date: str | None, country: str | None = None) -> LexiconActor | None:
        """The one person who held `title` on `date` (in `country` when given), or None if unknown/ambiguous."""
        found = []
        for person in self.roles_by_title.get(phrase_key(title), []):
            for role in person.roles:
                if phrase_key(role.role) == phrase_key(title) and role.active(date) and (
                    country is None or role.country == country
                ):
                    found.append(person)
                    break
        return found[0] if len(found) == 1 else None

    def add(self, phrase: str, actor: LexiconActor, *, override: bool = True) -> None:
        key = phrase_key(phrase)
        if not key:
            return
        self.surfaces.add(phrase)  # still matched: a lower-priority duplicate resolves to the winning actor
        if not override and key in self.phrases:
            return
        self.phrases[key] = actor
        self.max_words = max(self.max_words, key.count(" ") + 1)


def hand_kept_aliases(entry: dict) -> tuple[list[str], list[str]]:
    """(names, demonyms) from a countries.yaml entry's hand-kept ``aliases``.

    Plain strings are other names of the country ("UK", "Holland"); a ``demonyms:`` item lists the words for
    its people that the generated ``demonyms`` lack ("English", "Britons"): those label NORP and name the
    country an actor comes from, never a place.
    """
    names: list[str] = []
    people: list[str] = []
    for item in entry.get("aliases") or []:
        if isinstance(item, dict):
            people.extend(str(word) for word in item.get("demonyms") or [])
        else:
            names.append(str(item))
    return names, people


def _date(value) -> str | None:
    return None if value in (None, "") else str(value)


def build_lexicon(directory: Path | None = None) -> ActorLexicon:
    """Read countries.yaml, actors.yaml and agents.yaml (from `directory`, else the bundled ones)."""
    lex = ActorLexicon()
    folder = directory if directory is not None else LEXICON_DIR
    countries = read_yaml(folder / "countries.yaml", "the actor lexicon")
    demonyms: dict[str, LexiconActor] = {}
    for iso3, entry in countries.items():
        country = LexiconActor(entry["name"], "COUNTRY", iso3, None)
        lex.countries[iso3] = country
        lex.iso2[iso3] = entry.get("iso2")
        demonyms[iso3] = LexiconActor(entry["name"], "COUNTRY", iso3, None, kind="demonym")
        alias_names, alias_demonyms = hand_kept_aliases(entry)
        # People words first: "Thai" is among Thailand's generated names too, and it is still a demonym.
        for phrase in [*entry.get("demonyms", []), *alias_demonyms]:
            lex.add(phrase, demonyms[iso3], override=False)
        for phrase in [entry["name"], *entry.get("names", []), *alias_names]:
            lex.add(phrase, country, override=False)
        capital = LexiconActor(entry["name"], "COUNTRY", iso3, "GOV", kind="capital")
        for phrase in entry.get("capitals", []):
            lex.add(phrase, capital, override=False)
        for phrase in entry.get("seats", []):
            lex.add(phrase, capital)
    # Hand-kept aliases win over generated names of other countries and over demonyms that
    # several territories share ("French" is France's, not the French Southern Territories').
    for iso3, entry in countries.items():
        alias_names, alias_demonyms = hand_kept_aliases(entry)
        for phrase in alias_names:
            lex.add(phrase, lex.countries[iso3])
        for phrase in alias_demonyms:
            lex.add(phrase, demonyms[iso3])

    for entry in read_yaml(folder / "actors.yaml", "the actor lexicon"):
        try:
            roles = tuple(
                Role(r["role"], r.get("country"), r.get("sector"), _date(r.get("from")), _date(r.get("to")))
                for r in entry.get("roles", [])
            )
            actor = LexiconActor(entry["name"], entry.get("label", "ORG"), entry.get("country"), entry.get("sector"),
                                 roles)
        except (KeyError, TypeError) as exc:
            raise LexiconError(f"actors.yaml: malformed entry {entry!r}") from exc
        for phrase in [entry["name"], *entry.get("aliases", [])]:
            lex.add(phrase, actor)
        for role in roles:
            lex.roles_by_title.setdefault(phrase_key(role.role), []).append(actor)

    agents = read_yaml(folder / "agents.yaml", "the actor lexicon")
    lex.collective_heads = frozenset(phrase_key(str(w)) for w in agents.pop("_collective", None) or [])
    lex.relational_nouns = frozenset(phrase_key(str(w)) for w in agents.pop("_relational", None) or [])
    for sector, words in agents.items():
        for word in words:
            lex.agents.setdefault(phrase_key(str(word)), sector)
    return lex


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> ActorLexicon:
    """The lexicon, built once per process."""
    return build_lexicon(Path(directory) if directory else None)
