"""What the event coder's parts hand each other: a trigger, and what it means once read."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from wirecoder.events.patterns import VerbPattern


@dataclass
class Trigger:
    token: Token
    pattern: VerbPattern
    is_noun: bool = False


@dataclass
class Coding:
    """What one trigger means once its complements, negation and modality are read."""

    code: str
    embedded: Token | None = None  # the complement verb a control verb governs
    noun: Token | None = None  # the event noun a light verb carries
    noun_pattern: VerbPattern | None = None
    negated: bool = False
    hypothetical: bool = False
    demand_by: Token | None = None  # the speech verb whose subject demands this ("X said Y must go")
    own_recipient: bool = True  # the recipient sits on the trigger itself, not in what it governs
    by_class: bool = False  # the code comes from the kind of participant, which needs no recipient
