"""Which coded events are facts the sentence reports, and which one is its own.

Some constructions name an act that did not happen, or that only says what another act was for:
1. a purpose of another event ("staged a sit-in to demand pay", "fired shots to disperse the crowd",
   "rallied by lining the road with tractors to demand ..."): the act in the purpose clause is no event of
   its own; when both are acts of force the purpose is the same act told again (a purpose or a content,
   rule 2, lends its recipients to an act that names none);
2. the content of an act of force ("rioted, calling for the governor's removal", "marched, accusing the
   council of theft"): a statement, demand or accusation in a participle of such an act (or of its
   object or place, or of a participle of it that codes nothing more than words) is what the act said,
   not a second event; so is a demand in a clause joined to a protest with no subject of its own
   ("marched and demanded ...");
3. the matter of a rejection or a denial ("vetoed a resolution calling for a ceasefire", "denied plans to
   attack"): what was rejected is no event;
4. a capability or a possibility under a condition ("is capable of striking", "may attack if provoked"), a
   wish ("the militia wants to seize the port"; wanting someone else to act is an appeal, coded as one),
   and what a "whether" leaves open ("unknown whether a ransom was demanded");
5. the means of another event ("closed the road by burning tyres", "executed him by stoning"): the means
   is how the other act was done;
6. a statement, appeal, demand or accusation told in the passive with nobody making it ("were accused of
   spying", "a ransom was demanded"): a verbal act needs its speaker;
7. a movement that is a step of an act of force ("entered the house and shot him"): not a deployment;
8. the act a condition names ("will retaliate if the army advances", "unless the rebels disarm"): it has not
   happened, it is what another act depends on; so is the aim of an attempt ("in an attempt to capture").
Such events are dropped.  Of the events left, each sentence's first in its main clause that is realised
(not negated, not hypothetical) is its ``primary`` event; the others are ``primary=False``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.events.grammar import CONDITION_MARKS, UNCERTAIN_AUX
from wirecoder.model import Event

FORCE = "14"  # roots 14-20: acts of force and protest
CLAIM_CODE = "015"  # claim responsibility
ATTEMPT_NOUNS = frozenset({"attempt", "bid", "effort", "try"})
PROTEST_ROOT = "14"
STEP_ROOTS = ("17", "18", "19", "20")  # coercion, assault, fighting, mass violence
VERBAL_QUADS = (1, 3)  # verbal cooperation and conflict: statements, appeals, demands, accusations, threats
REJECTION_CODES = ("12", "016")  # reject, veto, refuse; deny
CAPABILITY_WORDS = frozenset({"capable", "able", "capability", "ability", "unable", "incapable"})


def _to_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _purpose_of(tok: Token, coded: dict[int, Event]) -> Event | None:
    """The coded event `tok` says the purpose of ("... to demand"), if it is one."""
    if tok.dep_ in ("advcl", "xcomp") and _to_infinitive(tok):
        head = coded.get(tok.head.i)
        means = tok.head
        if head is None and means.dep_ == "pcomp" and means.head.lower_ == "by" and means.i != means.head.i:
            # "marched by lining the road with tractors to demand ...": the purpose of the act the means serves
            head = coded.get(means.head.head.i)
        if head is not None and tok.dep_ == "xcomp" and head.cameo == CLAIM_CODE:
            return None  # "claimed to have retaken the base": what was claimed, not what the claim was for
        return head
    if tok.dep_ == "acl" and _to_infinitive(tok) and tok.head.dep_ == "dobj":
        # "staged a sit-in to press their demands": the purpose of the protest its object names
        head = coded.get(tok.head.head.i)
        if head is not None and head.cameo[:2] == PROTEST_ROOT:
            return head
    return None


def _content_of(tok: Token, coded: dict[int, Event]) -> Event | None:
    """The act of force whose words a participle reports ("rioted, demanding ...", "staged a sit-in outside
    the ministry demanding ..."), or the protest whose demand a clause joined to it states ("marched and
    demanded ...", "blocked the road as they demanded ...")."""
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp", "conj"):
        current = tok.head
        for _ in range(6):  # through the nouns of the act's phrase (its object, its place: "in front of the
            # ministry building demanding ...") and a participle that codes nothing ("blocked roads using
            # burning tyres and demanding ...")
            head = coded.get(current.i)
            if head is not None and head.cameo[:2] >= FORCE:
                return head
            # a participle that codes nothing, or only more words ("demanding X and calling for Y")
            participle = current.tag_ == "VBG" and current.dep_ in ("advcl", "conj") and (
                head is None or head.quad_class in VERBAL_QUADS)
            if head is not None and not participle:
                return None
            if (current.pos_ not in ("NOUN", "PROPN", "ADP") and not participle) or current.head.i == current.i:
                return None
            current = current.head
        return None
    if tok.dep_ in ("conj", "advcl") and tok.head.i != tok.i:
        head = coded.get(tok.head.i)
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in tok.children)
        if head is not None and head.cameo[:2] == PROTEST_ROOT and not own_subject:
            return head
    return None


def _step_of(tok: Token, event: Event, coded: dict[int, Event]) -> Event | None:
    """The act of force a movement is a step of ("entered the house and shot him", "stormed in, seizing
    hostages"): going there is how the act was done, not a deployment of its own."""
    if event.event != "MOBILIZE":
        return None
    neighbours = [c for c in tok.children if c.dep_ in ("conj", "advcl", "xcomp")]
    if tok.dep_ in ("conj", "advcl") and tok.head.i != tok.i:
        neighbours.append(tok.head)
    for other in neighbours:
        act = coded.get(other.i)
        if act is not None and act.cameo[:2] in STEP_ROOTS:
            return act
    return None


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


def _conditional_clause(tok: Token) -> bool:
    """The verb heads an "if" or "unless" clause, or is coordinated inside one, or says what an attempt
    was for ("in a bid to seize the port")."""
    if tok.dep_ == "acl" and tok.head.lemma_ in ATTEMPT_NOUNS and _to_infinitive(tok):
        return True
    current = tok
    for _ in range(3):
        if current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in current.children):
            return True
        if current.dep_ != "conj" or current.head.i == current.i:
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


def _lend_recipients(dropped: Event, kept: Event) -> None:
    """Whom a dropped purpose or content was aimed at is whom the act was aimed at, where it names nobody:
    "went on hunger strike to protest the governor's decree" is a protest against the governor."""
    if not kept.recipient and dropped.recipient:
        names = {a.name for a in kept.actor}
        kept.recipient = [r for r in dropped.recipient if r.name not in names]


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
                _lend_recipients(event, purpose)
                continue
            content = _content_of(tok, coded)
            if content is not None and event.quad_class in VERBAL_QUADS:
                _lend_recipients(event, content)
                continue
            means = _means_of(tok, coded)
            if means is not None and means is not event:
                continue
            if _step_of(tok, event, coded) is not None:
                continue
            if _rejected(tok, coded) or _possible_only(tok) or _left_open(tok) or _conditional_clause(tok):
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
