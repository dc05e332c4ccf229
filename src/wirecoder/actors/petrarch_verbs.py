"""The PETRARCH verb dictionary reader: blocks, verbs and their forms, patterns, synsets, transformations.

The format is described in petrarch_dicts; PETRARCH2's grouped patterns in petrarch2_patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wirecoder.actors.petrarch2_patterns import (
    MARKERS as GROUP_MARKERS,
    GroupedPattern,
    VerbTransformation,
    is_grouped,
    parse_grouped,
    parse_transformation,
)
from wirecoder.actors.petrarch_text import (
    _SEPARATOR,
    NULL_CODE,
    _bracket,
    _note,
    clean_lines,
    parse_phrase,
    plural_phrase,
)


_MARKERS = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}




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


def _without_closing_rule(text: str) -> str:
    """``text`` less a closing rule of three or more dashes and the spaces around it ("NAME [code] ---").

    What ``re.sub(r"\\s*-{3,}\\s*$", "", text)`` gives, in linear time: that regex tried every start
    in a long run of spaces or dashes (quadratic; bench/regex_safety.py flagged it).
    """
    core = text.rstrip()
    head = core.rstrip("-")
    if len(core) - len(head) < 3:
        return text
    return head.rstrip()


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
            body = _without_closing_rule(stripped[3:])
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
