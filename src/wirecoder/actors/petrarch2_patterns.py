"""PETRARCH2's grouped verb patterns and verb transformations, as its reader (PETRreader.read_verb_dictionary)
takes them apart.

A PETRARCH2 pattern (the Phoenix ``CAMEO.2.0.txt`` verbs) is no word sequence but a description of the
verb's parse, in four parts::

    - NOUNS (PREP NOUNS) * NOUNS (PREP NOUNS)  [CODE]

- a bare word is the *head* of a noun phrase ("- * SANCTIONS": a phrase headed by "sanctions");
- ``{A B HEAD}`` is a longer noun phrase: the last word the head, the others its modifiers;
- ``(PREP ...)`` is a prepositional phrase: the preposition, then the noun(s) it governs ("(TO BORDER)"),
  or none ("(TO)");
- ``&SYNSET`` stands for any member (each with its plural unless the label or member ends in ``_``);
  a member of several words is a noun phrase of its own ("+ARMS SHIPMENT" -> ``{ARMS SHIPMENT}``);
- ``$`` source, ``+`` target, ``%`` a compound actor (both roles), ``^`` any noun phrase;
- before ``*`` the subject side, after it the verb's own phrase;
- a code ``[---]`` is a *negative* pattern: when it matches, the verb codes nothing; ``[A:B]`` codes A
  source -> target and B back, ``[:B]`` only B back.

A word joined by ``_`` ("DEBT_RELIEF") is read as a noun phrase of those words, as PETRARCH2 reads a
synset member written that way.  Verb transformations, ``~ a (a b ATTACK) SAY = a b 015``, rewrite an
event reported inside another: here "a says a attacked b" becomes "a b 015".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKERS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}


@dataclass(frozen=True)
class NounSlot:
    """A noun phrase of a pattern: its head (a word, an ``&SYNSET`` or a marker) and modifier words."""

    head: str
    modifiers: tuple[str, ...] = ()

    @property
    def role(self) -> str | None:
        """source / target / compound / skip for a marker, None for a word or synset."""
        return MARKERS.get(self.head)


@dataclass(frozen=True)
class PrepSlot:
    """A prepositional phrase: the preposition and the noun phrases it governs (none: any)."""

    preposition: str
    nouns: tuple[NounSlot, ...] = ()


@dataclass(frozen=True)
class GroupedPattern:
    """The four parts of a PETRARCH2 pattern."""

    upper_nouns: tuple[NounSlot, ...] = ()
    upper_preps: tuple[PrepSlot, ...] = ()
    lower_nouns: tuple[NounSlot, ...] = ()
    lower_preps: tuple[PrepSlot, ...] = ()

    @property
    def slots(self) -> int:
        """How much the pattern asks of a sentence: each noun, modifier and preposition counts one."""
        def noun(n: NounSlot) -> int:
            return 1 + len(n.modifiers)

        return (sum(noun(n) for n in self.upper_nouns + self.lower_nouns)
                + sum(1 + sum(noun(n) for n in p.nouns) for p in self.upper_preps + self.lower_preps))

    @property
    def synsets(self) -> list[str]:
        names = []
        for n in self.nouns():
            names += [w for w in (n.head, *n.modifiers) if w.startswith("&")]
        return names

    def nouns(self) -> list[NounSlot]:
        return [*self.upper_nouns, *self.lower_nouns,
                *(n for p in self.upper_preps + self.lower_preps for n in p.nouns)]


def is_grouped(body: str) -> bool:
    """A pattern written with PETRARCH2's groups (``{...}`` noun phrases, ``(...)`` prepositions)."""
    return "{" in body or "(" in body


def _noun(word: str, modifiers: tuple[str, ...] = ()) -> NounSlot:
    word = word.upper()
    if "_" in word.strip("_") and not word.startswith("&"):
        parts = [p for p in word.split("_") if p]
        return NounSlot(parts[-1], tuple(m.upper() for m in modifiers) + tuple(parts[:-1]))
    return NounSlot(word.rstrip("_") if word.startswith("&") else word.strip("_"), tuple(m.upper() for m in modifiers))


def _side(tokens: list[str]) -> tuple[tuple[NounSlot, ...], tuple[PrepSlot, ...]]:
    """Nouns and prepositional phrases of one side of the verb (PETRARCH2's resolve_patseg)."""
    nouns: list[NounSlot] = []
    preps: list[PrepSlot] = []
    prep: list | None = None  # [preposition, nouns] while inside "( ... )"
    phrase: list[str] | None = None  # words while inside "{ ... }"
    for raw in tokens:
        token = raw
        opens_prep = token.startswith("(")
        token = token.lstrip("(")
        closes = len(raw) - len(raw.rstrip(")"))
        token = token.rstrip(")")
        opens_phrase = token.startswith("{")
        token = token.lstrip("{")
        closes_phrase = token.endswith("}")
        token = token.rstrip("}")
        target = prep[1] if prep is not None else nouns
        if opens_prep:
            prep = [token.upper(), []] if token else ["", []]
            if closes:
                preps.append(PrepSlot(prep[0], ()))
                prep = None
            continue
        if prep is not None and not prep[0]:
            prep[0] = token.upper()
        elif opens_phrase:
            phrase = [token]
            if closes_phrase:
                target.append(_noun(phrase[-1], tuple(phrase[:-1])))
                phrase = None
        elif phrase is not None:
            phrase.append(token)
            if closes_phrase:
                target.append(_noun(phrase[-1], tuple(phrase[:-1])))
                phrase = None
        elif token:
            target.append(_noun(token))
        if closes and prep is not None:
            preps.append(PrepSlot(prep[0], tuple(prep[1])))
            prep = None
    if prep is not None:
        preps.append(PrepSlot(prep[0], tuple(prep[1])))
    return tuple(nouns), tuple(preps)


def parse_grouped(body: str) -> GroupedPattern | None:
    """The groups of a pattern's text (between "-" and its code); None when it has no ``*``."""
    before, star, after = body.partition("*")
    if not star:
        return None
    upper_nouns, upper_preps = _side(before.split())
    lower_nouns, lower_preps = _side(after.split())
    return GroupedPattern(upper_nouns, upper_preps, lower_nouns, lower_preps)


@dataclass(frozen=True)
class VerbTransformation:
    """``~ a (a b ATTACK) SAY = a b 015``: an event of verb `inner` by `inner_source` on `inner_target`,
    reported by a `outer` verb of `outer_source`, becomes `result_source` -> `result_target` `code`.
    Letters are variables, ``_`` any actor, ``.`` none, ``Q`` any event (its code kept)."""

    text: str
    outer_source: str
    inner_source: str
    inner_target: str
    inner: str  # the inner verb ("ATTACK", "Q")
    outer: str  # the reporting verb ("SAY")
    result_source: str
    result_target: str
    code: str


_TRANSFORMATION = re.compile(
    r"^~\s*(?P<a>\S+)\s*\(\s*(?P<b>\S+)\s+(?P<c>\S+)\s+(?P<inner>\S+?)\s*\)\s*(?P<outer>\S+)\s*=\s*"
    r"(?P<x>\S+)\s+(?P<y>\S+)\s+(?P<code>\S+)\s*$")


def parse_transformation(line: str) -> VerbTransformation | None:
    """A ``~`` line, None when it is not of PETRARCH2's form."""
    m = _TRANSFORMATION.match(line.strip())
    if m is None:
        return None
    return VerbTransformation(" ".join(line.split()), m["a"], m["b"], m["c"], m["inner"].upper(), m["outer"].upper(),
                              m["x"], m["y"], m["code"].upper())
