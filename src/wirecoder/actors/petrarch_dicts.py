"""Readers for the PETRARCH/TABARI dictionaries: actors, agents, verbs (synsets, patterns) and discards.

The formats are those of the PETRARCH 1 validation dictionaries and the TABARI manual:

- comments: ``<!-- ... -->`` (may span lines), ``#`` at a line start or after a blank
  (or a ``]``), and the legacy KEDS/TABARI ``;``;
- a phrase is words joined by ``_`` (the words must be adjacent) or blanks (other
  words may come between); a final ``_`` means the last word is matched whole,
  without it TABARI matches the last word as a stem (``ARGENTIN`` -> Argentina);
- actors: ``NAME [CODE]``, ``+SYNONYM`` lines, then indented code lines, with date
  restrictions ``[CODE <date]``, ``[CODE >date]``, ``[CODE date-date]`` (YYMMDD or
  YYYYMMDD, both ends inclusive; YY 00-30 is 20YY).  ``[A/B]`` codes a compound actor;
- agents: ``PHRASE {PLURALS} [~CODE]`` (code after the actor's) or ``[CODE~]`` (before
  it); ``{}`` means no plural, no braces a regular one; ``!MARK! = A, B`` defines a
  substitution used as ``CONGRESS!PERSON!``;
- verbs: ``--- NAME [CODE] ---`` opens a block; verb lines (``SAY {SAID}``, own
  ``[CODE]``, ``+`` marking the verb word of a multi-word verb: ``WIRE_+TAP``);
  ``- PATTERN [CODE]`` lines, where ``*`` is the verb, ``$`` the source, ``+`` the
  target, ``%`` a compound actor (both), ``^`` skips a noun phrase, ``&NAME`` a
  synset; ``[AAA:BBB]`` codes AAA source->target and BBB target->source;
- synsets: ``&NAME`` then ``+MEMBER`` lines; regular plurals are added unless the
  label or the member ends with ``_``;
- discards: one phrase a line, ``+`` for a whole-story discard.

PETRARCH2's verbs (the Phoenix ``CAMEO.2.0.txt``) describe the verb's parse instead: ``{MOD HEAD}`` noun
phrases, ``(PREP NOUNS)`` prepositional phrases and ``~`` verb transformations (petrarch2_patterns); a verbs
file using them is read the PETRARCH2 way throughout (``VerbDictionary.style``).  The readers live in
petrarch_text (shared pieces) and petrarch_verbs (verbs); this module reads actors, agents and discards
and finds and loads the files.

``load_dictionaries`` finds the files in a folder, a PETRARCH records file's
``<Environment>`` block or a mapping, and reads them.

Lines that cannot be read are skipped with a logged warning (as PETRARCH does);
the messages are also kept in ``problems`` lists.  Combine rules of agent files
(``<Combine ...>``) are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from wirecoder.actors.petrarch_text import (  # noqa: F401  (re-exported: the readers' shared pieces)
    NULL_CODE,
    Phrase,
    _as_date,
    _bracket,
    _note,
    clean_lines,
    logger,
    parse_dictionary_date,
    parse_phrase,
    plural_of,
    plural_phrase,
)
from wirecoder.actors.petrarch_verbs import (  # noqa: F401  (re-exported: the verb dictionary reader)
    PatternElement,
    VerbBlock,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
    flat_elements,
    parse_pattern_elements,
    parse_verbs,
    verb_forms,
)
from wirecoder.errors import LexiconError


_RESTRICTION = re.compile(
    r"^(?P<code>[^\s<>\[\]]+)\s*(?:(?P<op>[<>]?)\s*(?P<day>\d{6,})|(?P<first>\d{6,})\s*-\s*(?P<last>\d{6,}))?$")


# ---------------------------------------------------------------- actors


@dataclass
class DateRestriction:
    """A code that applies from start to end, both inclusive; None is open."""

    code: str
    start: date | None = None
    end: date | None = None

    def applies(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass
class ActorEntry:
    """One actor record: its phrases (primary first, then synonyms) and codes."""

    code: str | None  # the unrestricted code; None when the entry has only dated codes
    phrases: list[Phrase] = field(default_factory=list)
    date_ranges: list[DateRestriction] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [p.text for p in self.phrases]

    def code_on(self, day: date | str | None = None) -> str | None:
        """The code on a day: the first restriction that applies, else the unrestricted code."""
        when = _as_date(day)
        if when is not None:
            for restriction in self.date_ranges:
                if restriction.applies(when):
                    return restriction.code
        return self.code


def split_code(code: str | None) -> list[str]:
    """``"ELR/GAL"`` -> ["ELR", "GAL"]: the actors a compound code names."""
    return [c.strip() for c in (code or "").split("/") if c.strip()]


def _restriction(content: str) -> DateRestriction | str | None:
    """A DateRestriction, a plain code (str) or None when the bracket cannot be read."""
    match = _RESTRICTION.match(content.strip())
    if not match:
        return None
    code = match.group("code")
    if match.group("day"):  # a bare date ("[MNEGOV 20121204]") is read as the day the code starts
        day = parse_dictionary_date(match.group("day"))
        return DateRestriction(code, None, day) if match.group("op") == "<" else DateRestriction(code, day, None)
    if match.group("first"):
        # an interval that ends before it starts is kept: as in PETRARCH, it never applies
        return DateRestriction(code, parse_dictionary_date(match.group("first")),
                               parse_dictionary_date(match.group("last")))
    return code


def parse_actors(text: str, source: str = "actors", problems: list[str] | None = None) -> list[ActorEntry]:
    """The entries of a TABARI/PETRARCH ``.actors`` dictionary."""
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None

    def add_code(entry: ActorEntry, content: str, number: int) -> None:
        try:
            parsed = _restriction(content)
        except ValueError as exc:
            _note(problems, source, number, f"bad date restriction [{content}]: {exc}; skipped")
            return
        if parsed is None:
            _note(problems, source, number, f"cannot read code [{content}]; skipped")
        elif isinstance(parsed, DateRestriction):
            if parsed.start and parsed.end and parsed.end < parsed.start:
                _note(problems, source, number, f"date restriction [{content}] ends before it starts; kept, it "
                                                "never applies (as in PETRARCH)")
            entry.date_ranges.append(parsed)
        elif entry.code is None:  # the first unrestricted code is the default
            entry.code = parsed

    for number, line in clean_lines(text):
        if "---STOP---" in line:
            break
        stripped = line.strip()
        if stripped.startswith("["):
            if current is None:
                _note(problems, source, number, "code line before any actor; skipped")
                continue
            _, content, _ = _bracket(stripped)
            if content is not None:
                add_code(current, content, number)
            continue
        synonym = stripped.startswith("+")
        name, content, _ = _bracket(stripped[1:] if synonym else stripped)
        phrase = parse_phrase(name)
        if not phrase.words:
            _note(problems, source, number, "no phrase; skipped")
            continue
        if synonym:
            if current is None:
                _note(problems, source, number, "synonym before any actor; skipped")
                continue
            current.phrases.append(phrase)
        else:
            current = ActorEntry(code=None, phrases=[phrase])
            entries.append(current)
        if content is not None:
            add_code(current, content, number)
    return entries


# ---------------------------------------------------------------- agents


@dataclass
class AgentEntry:
    """An agent phrase ("FOREIGN MINISTER") and the code it adds to an actor's."""

    phrase: Phrase
    code: str  # without the "~"
    prefix: bool = False  # "[NGO~]": the code goes before the actor code; "[~GOV]": after
    plurals: list[Phrase] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.phrase.text] + [p.text for p in self.plurals]


def parse_agents(text: str, source: str = "agents", problems: list[str] | None = None) -> list[AgentEntry]:
    """The entries of a PETRARCH ``.agents`` dictionary, substitution markers expanded."""
    markers: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for number, line in clean_lines(text):
        stripped = line.strip()
        marker = re.match(r"^!([^!\s]+)!\s*=\s*(.*)$", stripped)
        if marker:
            markers[marker.group(1).upper()] = [v.strip().upper() for v in marker.group(2).split(",") if v.strip()]
            continue
        name, content, _ = _bracket(stripped)
        if content is None:
            _note(problems, source, number, "agent without a [code]; skipped")
            continue
        code = content.replace(" ", "")
        prefix = code.endswith("~") and not code.startswith("~")
        code = code.strip("~")
        if not code:
            _note(problems, source, number, "empty agent code; skipped")
            continue
        plurals_given = None
        if "{" in name:
            if "}" not in name:
                _note(problems, source, number, "missing '}'; skipped")
                continue
            plurals_given = name[name.find("{") + 1:name.find("}")].split()
            name = name[:name.find("{")]
        name = name.strip()
        used = re.search(r"!([^!\s]+)!", name)
        if used:
            values = markers.get(used.group(1).upper())
            if values is None:
                _note(problems, source, number, f"substitution marker !{used.group(1)}! not defined; skipped")
                continue
            # every value is spelled out, so no plural is formed
            for value in values:
                phrase = parse_phrase(name[:used.start()] + value + name[used.end():])
                entries.append(AgentEntry(phrase, code, prefix, []))
            continue
        phrase = parse_phrase(name)
        if not phrase.words:
            _note(problems, source, number, "no phrase; skipped")
            continue
        if plurals_given is not None:
            plurals = [parse_phrase(p) for p in plurals_given]
        else:
            regular = plural_phrase(phrase)
            plurals = [regular] if regular else []
        entries.append(AgentEntry(phrase, code, prefix, plurals))
    return entries


# ---------------------------------------------------------------- discards


@dataclass
class DiscardEntry:
    """A phrase whose presence stops coding of the sentence (or, with story, of the whole story)."""

    phrase: str
    story: bool = False
    whole_word: bool = False  # written with a final "_": no stem match


def parse_discards(text: str, source: str = "discards", problems: list[str] | None = None) -> list[DiscardEntry]:
    entries: list[DiscardEntry] = []
    for _, line in clean_lines(text):
        stripped = line.strip()
        story = stripped.startswith("+")
        phrase = parse_phrase(stripped[1:] if story else stripped)
        if phrase.words:
            entries.append(DiscardEntry(phrase.text, story, phrase.whole_word))
    return entries


# ---------------------------------------------------------------- files


@dataclass
class PetrarchLexicon:
    """The dictionaries a PETRARCH-style coding run uses."""

    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    discards: list[DiscardEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        verbs = self.verbs.verbs
        return {
            "actors": len(self.actors),
            "actor_phrases": sum(len(a.phrases) for a in self.actors),
            "actors_date_restricted": sum(1 for a in self.actors if a.date_ranges),
            "agents": len(self.agents),
            "agent_phrases": sum(len(a.names) for a in self.agents),
            "verb_blocks": len(self.verbs.blocks),
            "verbs": len(verbs),
            "verb_forms": sum(len(v.forms) for v in verbs),
            "verb_patterns": len(self.verbs.patterns),
            "synsets": len(self.verbs.synsets),
            "synset_members": sum(len(m) for m in self.verbs.synsets.values()),
            "discards": len(self.discards),
            "problems": len(self.problems),
        }


def _read(path: str | Path) -> str:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise LexiconError(f"cannot read dictionary {path}: {exc}") from exc


def _paths(value: str | Path | Iterable[str | Path] | None) -> list[Path]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [Path(value)]
    return [Path(v) for v in value]


def load_petrarch_lexicon(verbs: str | Path | None = None,
                          actors: str | Path | Iterable[str | Path] | None = None,
                          agents: str | Path | None = None,
                          discards: str | Path | None = None) -> PetrarchLexicon:
    """Read the named dictionary files (any may be left out; several actor files are joined)."""
    lexicon = PetrarchLexicon()
    for path in _paths(actors):
        lexicon.actors.extend(parse_actors(_read(path), path.name, lexicon.problems))
    for path in _paths(agents):
        lexicon.agents.extend(parse_agents(_read(path), path.name, lexicon.problems))
    for path in _paths(verbs):
        lexicon.verbs = parse_verbs(_read(path), path.name, lexicon.problems)
    for path in _paths(discards):
        lexicon.discards.extend(parse_discards(_read(path), path.name, lexicon.problems))
    return lexicon


DICTIONARY_KINDS = ("verbs", "actors", "agents", "discards")


_VERB_BLOCK = re.compile(r"^---\s+\S.*\[[^\]]*\]\s*---\s*$", re.MULTILINE)


def _has_verb_blocks(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(400_000)
    except OSError:
        return False
    return len(_VERB_BLOCK.findall(head)) >= 2


def find_dictionaries(location: str | Path | dict[str, Any]) -> dict[str, list[Path]]:
    """Dictionary files by kind from a folder (names holding "verbs", "actors", "agents", "discards"),
    a PETRARCH validation file (its <Environment> block) or a mapping kind -> path(s)."""
    if isinstance(location, dict):
        found = {}
        for kind, value in location.items():
            if kind not in DICTIONARY_KINDS:
                raise LexiconError(f"unknown dictionary kind {kind!r}; use one of {', '.join(DICTIONARY_KINDS)}")
            if value:
                found[kind] = [Path(v) for v in ([value] if isinstance(value, (str, Path)) else value)]
        return found
    path = Path(location)
    if path.is_dir():
        found = {}
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        for file in files:
            name = file.name.lower()
            for kind in DICTIONARY_KINDS:
                if kind in name or kind.rstrip("s") + "." in name:
                    found.setdefault(kind, []).append(file)
                    break
        if "verbs" not in found:  # PETRARCH2 names its verbs after CAMEO ("CAMEO.2.0.txt"): know it by its blocks
            verbs = [f for f in files if f not in {p for ps in found.values() for p in ps} and _has_verb_blocks(f)]
            if verbs:
                found["verbs"] = verbs[:1]
        if "verbs" not in found:
            raise LexiconError(f"no verb dictionary (a file named *verbs*, or one of '--- NAME [CODE] ---' "
                               f"blocks) in {path}")
        return found
    if path.suffix.lower() == ".xml":
        from wirecoder.evaluate.petrarch import read_records

        dictionaries, _ = read_records(path, limit=1)
        return dictionaries
    raise LexiconError(f"not a dictionary folder, records file or mapping: {location}")


def load_dictionaries(location: str | Path | dict[str, Any]) -> PetrarchLexicon:
    """The dictionaries at `location` (see find_dictionaries), read."""
    found = find_dictionaries(location)
    first = {kind: (paths[0] if paths else None) for kind, paths in found.items() if kind != "actors"}
    return load_petrarch_lexicon(actors=found.get("actors"), **first)
