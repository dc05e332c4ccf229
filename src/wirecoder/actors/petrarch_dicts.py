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

``load_dictionaries`` finds the files in a folder, a PETRARCH records file's
``<Environment>`` block or a mapping, and reads them.

Lines that cannot be read are skipped with a logged warning (as PETRARCH does);
the messages are also kept in ``problems`` lists.  Combine rules of agent files
(``<Combine ...>``) are not read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

from wirecoder.actors.petrarch2_patterns import (
    MARKERS as GROUP_MARKERS,
    GroupedPattern,
    VerbTransformation,
    is_grouped,
    parse_grouped,
    parse_transformation,
)
from wirecoder.errors import LexiconError

logger = logging.getLogger(__name__)

NULL_CODE = "---"

_XML_COMMENT = re.compile(r"<!\s*--.*?-->", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?:^|(?<=[\s\]]))[#;].*$")
_SEPARATOR = re.compile(r"[ _\t]+")
_RESTRICTION = re.compile(
    r"^(?P<code>[^\s<>\[\]]+)\s*(?:(?P<op>[<>]?)\s*(?P<day>\d{6,})|(?P<first>\d{6,})\s*-\s*(?P<last>\d{6,}))?$")
_MARKERS = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}


# ---------------------------------------------------------------- shared pieces


@dataclass(frozen=True)
class Phrase:
    """A dictionary phrase: upper-case words and how each pair is joined."""

    words: tuple[str, ...]
    gaps: tuple[bool, ...] = ()  # gaps[i]: words may come between words[i] and words[i+1] (a blank, not "_")
    whole_word: bool = False  # written with a final "_": no stem match on the last word

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse_phrase(raw: str) -> Phrase:
    """``"MINAS_TIRITH"`` -> Phrase(("MINAS", "TIRITH"), gaps=(False,))."""
    raw = raw.strip()
    whole_word = raw.endswith("_")
    words: list[str] = []
    gaps: list[bool] = []
    pending_gap = None
    for match in re.finditer(r"[ _\t]+|[^ _\t]+", raw.strip(" _\t")):
        piece = match.group()
        if _SEPARATOR.fullmatch(piece):
            pending_gap = piece.strip("_") != ""  # any blank opens a gap; "_" alone joins
            continue
        if words:
            gaps.append(bool(pending_gap))
        words.append(piece.upper())
    return Phrase(tuple(words), tuple(gaps), whole_word)


def plural_of(word: str) -> str | None:
    """A regular English plural of an upper-case word, None when it already ends in a single S."""
    if word.endswith(("SS", "X", "Z", "CH", "SH")):
        return word + "ES"
    if word.endswith("S"):
        return None
    if len(word) > 1 and word.endswith("Y") and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def plural_phrase(phrase: Phrase) -> Phrase | None:
    """The phrase with its last word made plural (None when no regular plural applies)."""
    if not phrase.words or phrase.whole_word:
        return None
    last = plural_of(phrase.words[-1])
    if last is None:
        return None
    return Phrase(phrase.words[:-1] + (last,), phrase.gaps, phrase.whole_word)


def parse_dictionary_date(digits: str) -> date:
    """YYMMDD (YY 00-30 -> 20YY, else 19YY) or YYYYMMDD -> date; ValueError when invalid.  As in PETRARCH,
    eight digits or more are YYYYMMDD and only the first eight count ("201005011" is 2010-05-01)."""
    digits = digits.strip()
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(f"not a dictionary date: {digits!r}")
    if len(digits) <= 7:
        year = int(digits[:2])
        year += 2000 if year <= 30 else 1900
        return date(year, int(digits[2:4]), int(digits[4:6]))
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _as_date(day: date | str | None) -> date | None:
    if day is None or isinstance(day, date):
        return day
    text = str(day).strip().replace("-", "")
    return parse_dictionary_date(text[:8]) if text else None


def clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) with comments removed; blank lines and tag lines (``<...>``) left out."""
    # keep the newlines of multi-line comments so line numbers stay right
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    for number, line in enumerate(text.splitlines(), 1):
        line = _LINE_COMMENT.sub("", line).rstrip()
        if not line.strip() or line.lstrip().startswith("<"):
            continue
        yield number, line


def _note(problems: list[str] | None, source: str, number: int, message: str) -> None:
    text = f"{source}:{number}: {message}"
    logger.warning(text)
    if problems is not None:
        problems.append(text)


def _bracket(text: str) -> tuple[str, str | None, str]:
    """(text before the first [...], its content or None, text after it)."""
    start = text.find("[")
    if start < 0:
        return text, None, ""
    end = text.find("]", start)
    if end < 0:
        end = text.find("}", start)  # "[~LEG}" occurs in the wild
    if end < 0:
        return text[:start], None, ""
    return text[:start], text[start + 1:end].strip(), text[end + 1:]


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


# ---------------------------------------------------------------- verbs


@dataclass(frozen=True)
class PatternElement:
    """One piece of a verb pattern."""

    kind: str  # word | synset | verb (*) | source ($) | target (+) | compound (%) | skip (^)
    value: str  # the word or synset name ("&CURRENCY"); the marker itself otherwise
    joined: bool = False  # attached to the previous element by "_": nothing may come between


@dataclass
class VerbPattern:
    """``- + * IN $ [075]``: words and actor slots around the verb, and the code they give."""

    text: str
    code: str
    reciprocal_code: str | None = None  # "[032:033]": 033 for target -> source
    elements: tuple[PatternElement, ...] = ()
    # PETRARCH2's reading (petrarch2_patterns): set for every pattern of a dictionary written with its groups
    grouped: GroupedPattern | None = None

    @property
    def before(self) -> tuple[PatternElement, ...]:
        """The elements before the verb, in reading order."""
        kinds = [e.kind for e in self.elements]
        return self.elements[:kinds.index("verb")] if "verb" in kinds else self.elements

    @property
    def after(self) -> tuple[PatternElement, ...]:
        kinds = [e.kind for e in self.elements]
        return self.elements[kinds.index("verb") + 1:] if "verb" in kinds else ()

    @property
    def synsets(self) -> list[str]:
        return [e.value for e in self.elements if e.kind == "synset"]


@dataclass
class VerbEntry:
    """A verb (or multi-word verb) of a block: its forms, code and the block's patterns."""

    lemma: str  # "BREAK", "WIRE TAP"
    head: str  # the inflected word: "TAP" in "WIRE_+TAP"
    forms: list[str]  # every written form, lemma first: "BREAK", "BROKE", "BROKEN"
    code: str  # its own code or the block's; "---" codes nothing alone
    block: str
    patterns: list[VerbPattern] = field(default_factory=list)  # shared by the block's verbs
    reciprocal_code: str | None = None  # "[032:033]": 033 for target -> source


@dataclass
class VerbBlock:
    name: str
    code: str
    reciprocal_code: str | None = None
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    blocks: list[VerbBlock] = field(default_factory=list)
    synsets: dict[str, list[str]] = field(default_factory=dict)  # "&CURRENCY" -> member phrases, plurals added
    transformations: list[VerbTransformation] = field(default_factory=list)
    # "petrarch2" when the file uses PETRARCH2's grouped patterns or transformations: every pattern is then
    # read as a description of the verb's parse (GroupedPattern), else as PETRARCH 1's word sequence
    style: str = "petrarch1"

    @property
    def verbs(self) -> list[VerbEntry]:
        return [verb for block in self.blocks for verb in block.verbs]

    @property
    def patterns(self) -> list[VerbPattern]:
        return [pattern for block in self.blocks for pattern in block.patterns]


def verb_forms(verb: str) -> list[str]:
    """A regular verb's forms: base, -s, -ed, -ing (no consonant doubling: spell those out in {...})."""
    forms = [verb]
    vowels = "AEIOU"
    if verb.endswith(("S", "SH", "CH", "X", "Z")):
        forms.append(verb + "ES")
    elif len(verb) > 1 and verb.endswith("Y") and verb[-2] not in vowels:
        forms.append(verb[:-1] + "IES")
    else:
        forms.append(verb + "S")
    if verb.endswith("E"):
        forms.append(verb + "D")
    elif len(verb) > 1 and verb.endswith("Y") and verb[-2] not in vowels:
        forms.append(verb[:-1] + "IED")
    else:
        forms.append(verb + "ED")
    if verb.endswith("E") and not verb.endswith(("EE", "YE", "OE")) and len(verb) > 2:
        forms.append(verb[:-1] + "ING")
    else:
        forms.append(verb + "ING")
    return list(dict.fromkeys(forms))


def _verb_words(raw: str) -> tuple[list[str], int]:
    """Words of a verb phrase and the index of its verb word (marked "+", else the first)."""
    words, head = [], 0
    for piece in _SEPARATOR.split(raw.strip(" _\t")):
        if not piece:
            continue
        if piece.startswith("+"):
            piece = piece[1:]
            head = len(words)
        if piece:
            words.append(piece.upper())
    return words, head


def flat_elements(grouped: GroupedPattern) -> tuple[PatternElement, ...]:
    """A grouped pattern's words in reading order (modifiers, head; preposition, its nouns), the verb
    between the sides: what lists its synsets and what a word-sequence reading would see."""
    def nouns(slots) -> list[PatternElement]:
        out = []
        for slot in slots:
            for word in (*slot.modifiers, slot.head):
                if word in GROUP_MARKERS:
                    out.append(PatternElement(GROUP_MARKERS[word], word))
                else:
                    out.append(PatternElement("synset" if word.startswith("&") else "word", word))
        return out

    def side(noun_slots, prep_slots) -> list[PatternElement]:
        out = nouns(noun_slots)
        for prep in prep_slots:
            out.append(PatternElement("word", prep.preposition))
            out.extend(nouns(prep.nouns))
        return out

    return tuple(side(grouped.upper_nouns, grouped.upper_preps) + [PatternElement("verb", "*")]
                 + side(grouped.lower_nouns, grouped.lower_preps))


def parse_pattern_elements(text: str) -> tuple[PatternElement, ...]:
    """The elements of a pattern's text (without its code)."""
    elements: list[PatternElement] = []
    joined = False
    for match in re.finditer(r"[ _\t]+|[^ _\t]+", text.strip()):
        piece = match.group()
        if _SEPARATOR.fullmatch(piece):
            joined = piece.strip("_") == ""
            continue
        # a marker written against a word ("+HAS") is its own element, joined to what follows
        while len(piece) > 1 and piece[0] in _MARKERS and piece[1] not in _MARKERS:
            elements.append(PatternElement(_MARKERS[piece[0]], piece[0], joined and bool(elements)))
            piece, joined = piece[1:], True
        if piece in _MARKERS or (len(piece) > 1 and set(piece) <= set(_MARKERS)):
            for mark in piece:
                elements.append(PatternElement(_MARKERS[mark], mark, joined and bool(elements)))
                joined = True
        elif piece.startswith("&"):
            elements.append(PatternElement("synset", piece.upper().rstrip("_"), joined and bool(elements)))
        else:
            elements.append(PatternElement("word", piece.upper(), joined and bool(elements)))
        joined = False
    return tuple(elements)


def _codes(content: str) -> tuple[str, str | None]:
    code, _, reciprocal = content.replace(" ", "").partition(":")
    return code or NULL_CODE, reciprocal or None


def parse_verbs(text: str, source: str = "verbs", problems: list[str] | None = None) -> VerbDictionary:
    """Blocks, verbs, patterns, synsets and transformations of a PETRARCH ``.verbs`` dictionary: PETRARCH 1's
    (TABARI-style word sequences) or PETRARCH2's (grouped patterns, ``petrarch2_patterns``)."""
    dictionary = VerbDictionary()
    raw_synsets: dict[str, tuple[bool, list[str]]] = {}
    braced: dict[tuple[int, int], int] = {}  # (block, pattern index) -> line of a pattern with groups
    block: VerbBlock | None = None
    synset: str | None = None  # the label whose "+" members are being read
    for number, line in clean_lines(text):
        stripped = line.strip()
        if stripped.startswith("---"):
            body = re.sub(r"\s*-{3,}\s*$", "", stripped[3:])
            name, content, _ = _bracket(body)
            code, reciprocal = _codes(content) if content else (NULL_CODE, None)
            block = VerbBlock(name.strip().strip("_").upper() or f"BLOCK{number}", code, reciprocal)
            dictionary.blocks.append(block)
            synset = None
        elif stripped.startswith("&"):
            label = stripped.split()[0].upper()
            synset = label.rstrip("_")
            raw_synsets[synset] = (label.endswith("_"), [])
        elif stripped.startswith("+") and synset is not None:
            raw_synsets[synset][1].append(stripped[1:].strip())
        elif stripped.startswith("-"):
            synset = None
            if block is None:
                _note(problems, source, number, "pattern before any verb block; skipped")
                continue
            body, content, _ = _bracket(stripped[1:])
            if content is None:
                _note(problems, source, number, "pattern without a [code]; skipped")
                continue
            if "|" in body:  # PETRARCH skips TABARI's disjunctions "{A | B}" (its docs: use a synset)
                _note(problems, source, number, "TABARI disjunctive pattern; skipped")
                continue
            # "{...}" is a noun phrase to PETRARCH2 and a TABARI disjunction PETRARCH 1 skips: which one is known
            # at the end of the file (below)
            code, reciprocal = _codes(content)
            pattern_text = " ".join(body.split())
            grouped = parse_grouped(body)
            if is_grouped(body):
                if grouped is None:
                    _note(problems, source, number, "grouped pattern without a '*'; skipped")
                    continue
                if "(" in body:  # a prepositional group is PETRARCH2's alone
                    dictionary.style = "petrarch2"
                elements = flat_elements(grouped)
                braced[id(block.patterns), len(block.patterns)] = number
            else:
                elements = parse_pattern_elements(body)
            block.patterns.append(VerbPattern(pattern_text, code, reciprocal, elements, grouped))
        elif stripped.startswith("~"):
            synset = None
            transformation = parse_transformation(stripped)
            if transformation is None:
                _note(problems, source, number, "cannot read verb transformation; skipped")
                continue
            dictionary.style = "petrarch2"
            dictionary.transformations.append(transformation)
        else:
            synset = None
            if block is None:
                _note(problems, source, number, "verb before any '--- NAME [code] ---' block; skipped")
                continue
            name, content, _ = _bracket(stripped)
            forms_given = None
            if "{" in name:
                forms_given = name[name.find("{") + 1:name.find("}") if "}" in name else len(name)].split()
                name = name[:name.find("{")]
            words, head = _verb_words(name)
            if not words:
                _note(problems, source, number, "no verb; skipped")
                continue
            if forms_given is not None:
                forms = [" ".join(words)] + [" ".join(_verb_words(f)[0]) for f in forms_given]
            else:
                forms = [" ".join(words[:head] + [form] + words[head + 1:]) for form in verb_forms(words[head])]
            code, reciprocal = _codes(content) if content else (block.code, block.reciprocal_code)
            block.verbs.append(VerbEntry(" ".join(words), words[head], list(dict.fromkeys(forms)), code,
                                         block.name, block.patterns, reciprocal))
    dictionary.synsets = _resolve_synsets(raw_synsets, source, problems)
    if dictionary.style != "petrarch2":  # PETRARCH 1's reading: word sequences, and "{...}" is TABARI's
        for block in dictionary.blocks:
            kept = []
            for k, pattern in enumerate(block.patterns):
                if (id(block.patterns), k) in braced:
                    _note(problems, source, braced[id(block.patterns), k], "TABARI disjunctive pattern; skipped")
                    continue
                pattern.grouped = None
                kept.append(pattern)
            block.patterns[:] = kept
    for block in dictionary.blocks:
        known = [p for p in block.patterns if all(s in dictionary.synsets for s in p.synsets)]
        for pattern in block.patterns:
            if pattern in known:
                continue
            if dictionary.style == "petrarch2":  # PETRARCH2 keeps it, the name standing for itself
                _note(problems, source, 0, f"pattern '{pattern.text}' uses an undefined synset; kept, it never "
                                           "matches (as in PETRARCH2)")
            else:  # PETRARCH 1 ignores it
                _note(problems, source, 0, f"pattern '{pattern.text}' uses an undefined synset; skipped")
        if dictionary.style != "petrarch2":
            block.patterns[:] = known  # in place: the block's verbs share this list
    return dictionary


def _resolve_synsets(raw: dict[str, tuple[bool, list[str]]], source: str,
                     problems: list[str] | None) -> dict[str, list[str]]:
    """Member phrases of each synset, with regular plurals and embedded synsets spelled out."""

    def members(name: str, seen: tuple[str, ...]) -> list[str]:
        no_plural, items = raw[name]
        out: list[str] = []
        for item in items:
            if item.startswith("&"):
                inner = item.split()[0].upper().rstrip("_")
                if inner in raw and inner not in seen:
                    out.extend(members(inner, seen + (inner,)))
                else:
                    _note(problems, source, 0, f"synset {name} names unknown or circular {inner}; left out")
                continue
            phrase = parse_phrase(item)
            if not phrase.words:
                continue
            out.append(phrase.text)
            plural = None if no_plural else plural_phrase(phrase)
            if plural is not None:
                out.append(plural.text)
        return list(dict.fromkeys(out))

    return {name: members(name, (name,)) for name in raw}


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
