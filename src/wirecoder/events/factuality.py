"""Which coded events are facts the sentence reports, and which one is its own.

Some constructions name an act that did not happen, or that only says what another act was for:
1. a purpose of another event ("staged a sit-in to demand pay", "fired shots to disperse the crowd"): the
   act in the purpose clause is no event of its own; when both are acts of force the purpose is the same
   act told again;
2. the content of an act of force ("rioted, calling for the governor's removal", "marched, accusing the
   council of theft"): a statement, demand or accusation in a participle of such an act is what the act
   said, not a second event;
3. the matter of a rejection or a denial ("vetoed a resolution calling for a ceasefire", "denied plans to
   attack"): what was rejected is no event;
4. a capability or a possibility under a condition ("is capable of striking", "may attack if provoked"), a
   wish ("the militia wants to seize the port"; wanting someone else to act is an appeal, coded as one),
   and what a "whether" leaves open ("unknown whether a ransom was demanded");
5. the means of another event ("closed the road by burning tyres", "executed him by stoning"): the means
   is how the other act was done;
6. a statement, appeal, demand or accusation told in the passive with nobody making it ("were accused of
   spying", "a ransom was demanded"): a verbal act needs its speaker.
Such events are dropped.  Of the events left, each sentence's first in its main clause that is realised
(not negated, not hypothetical) is its ``primary`` event; the others are ``primary=False``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.events.grammar import CONDITION_MARKS, UNCERTAIN_AUX
from wirecoder.model import Event

FORCE = "14"  # roots 14-20: acts of force and protest
VERBAL_QUADS = (1, 3)  # verbal cooperation and conflict: statements, appeals, demands, accusations, threats
REJECTION_CODES = ("12", "016")  # reject, veto, refuse; deny
CAPABILITY_WORDS = frozenset({"capable", "able", "capability", "ability", "unable", "incapable"})


def _to_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _purpose_of(tok: Token, coded: dict[int, Event]) -> Event | None:
    """The coded event `tok` says the purpose of ("... to demand"), if it is one."""
    if tok.dep_ in ("advcl", "xcomp") and _to_infinitive(tok):
        return coded.get(tok.head.i)
    return None


def _content_of(tok: Token, coded: dict[int, Event]) -> Event | None:
    """The act of force whose words a participle reports ("rioted, demanding ...")."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "acl", "xcomp", "conj"):
        return None
    head = coded.get(tok.head.i)
    return head if head is not None and head.cameo[:2] >= FORCE else None


def _rejected(tok: Token, coded: dict[int, Event]) -> bool:
    """Inside the object or complement of a rejection or a denial."""
    current = tok
    for _ in range(6):
        if current.head.i == current.i:
            return False
        current = current.head
        event = coded.get(current.i)
        if event is not None and event.cameo.startswith(REJECTION_CODES):
            return True
    return False


def _means_of(tok: Token, coded: dict[int, Event]) -> Event | None:
    """The coded event `tok` is the means of ("... by burning tyres")."""
    if tok.dep_ == "pcomp" and tok.head.lower_ == "by" and tok.head.dep_ == "prep":
        return coded.get(tok.head.head.i)
    return None


def _left_open(tok: Token) -> bool:
    """Under a "whether" or an "if" that asks ("unknown whether ...", "asked if ...")."""
    current = tok
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in current.children):
            return True
        if current.dep_ not in ("conj", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def _passive_without_agent(tok: Token) -> bool:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
    return passive and not any(c.dep_ == "agent" for c in tok.children)


def _possible_only(tok: Token) -> bool:
    """ "is capable of striking", "able to attack", "may attack if provoked"."""
    if tok.dep_ in ("pcomp", "xcomp") and (tok.head.lower_ in CAPABILITY_WORDS or (
            tok.head.dep_ == "prep" and tok.head.head.lower_ in CAPABILITY_WORDS)):
        return True
    uncertain = any(c.dep_ == "aux" and c.lower_ in UNCERTAIN_AUX for c in tok.children)
    conditioned = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children)
                      for c in tok.children)
    return uncertain and conditioned


def facts(doc: Doc, events: list[Event], main_clause, desire_verbs: frozenset[str] = frozenset()) -> list[Event]:
    """The events that are facts (rules above), with each sentence's primary event marked.

    `main_clause(token)` says whether a trigger carries its sentence (the coder's own test); `desire_verbs`
    are the verbs of wishing (verbs.yaml).
    """
    tokens: dict[int, Token] = {}
    for event in events:
        if event.trigger_start is not None:
            span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
            if span is not None and len(span):
                tokens[id(event)] = span[0]
    coded = {tokens[id(e)].i: e for e in events if id(e) in tokens}
    kept = []
    for event in events:
        tok = tokens.get(id(event))
        if tok is not None:
            purpose = _purpose_of(tok, coded)
            if purpose is not None and purpose is not event:
                continue
            content = _content_of(tok, coded)
            if content is not None and event.quad_class in VERBAL_QUADS:
                continue
            means = _means_of(tok, coded)
            if means is not None and means is not event:
                continue
            if _rejected(tok, coded) or _possible_only(tok) or _left_open(tok):
                continue
            if tok.dep_ == "xcomp" and tok.head.lemma_ in desire_verbs:
                continue  # "wants to seize the port": a wish
        if event.quad_class in VERBAL_QUADS and not event.actor and tok is not None and _passive_without_agent(tok):
            continue
        kept.append(event)
    primary_of: dict[int, Event] = {}
    for event in kept:
        tok = tokens.get(id(event))
        event.primary = False
        realised = not event.negated and not event.hypothetical and bool(event.event)
        if tok is not None and realised and main_clause(tok) and event.start not in primary_of:
            primary_of[event.start] = event
    for event in primary_of.values():
        event.primary = True
    return kept
