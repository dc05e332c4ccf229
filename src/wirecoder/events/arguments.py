"""The kinds of things around a trigger, and what they say about the event (noun_classes.yaml).

- A death or a ruin caused by a disaster, an accident or a disease is no attack: "floods killed ten",
  "were killed in a landslide", "a bus overturned, killing twelve" (a harm told with a verb of accident).
- An ordinary crime is marked as one: in a sentence that shows a robbery, a theft or the like ("robbers",
  "stole phones"), events take the context "crime" instead of a political one.
- Damage done by a weapon or in an attack is that attack ("the blast destroyed two cars", "shops were
  burned in the raid", "detonated a mine, destroying the post"): a seizure or destruction of property
  caused so takes the attack's code.
- Who did a harm the text tells without its doer ("two policemen were killed when militants ambushed their
  convoy", "killed by a Taliban-planted bomb", "wounded in an attack by gunmen") is the actor of the act
  that caused it: an act of force the harm's clause governs, or the owner of the weapon or attack it names.
- An act of force needs no named actor to be a fact: "two policemen were killed", "an explosive device
  detonated", "weapons were seized". Such an event is kept with an empty actor list, unless the verb's
  subject is a thing that acts in another sense ("prices hit a record", "the news struck a chord").
"""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.actors.resolve import DocActors
from wirecoder.events.grammar import misparsed_main, misparsed_subject

# The kinds of participant a verb's sense can depend on (verbs.yaml subject_class / object_class): the noun
# classes of noun_classes.yaml, "event" for an event noun, and these groups of actor sectors.
SECTOR_CLASSES = {"MIL": "armed", "REB": "armed", "COP": "police", "SPY": "armed", "GOV": "government",
                  "LEG": "government", "JUD": "government", "IGO": "international", "NGO": "international"}
ARGUMENT_CLASSES = ("armed", "police", "government", "international", "civilians", "peacekeepers", "event",
                    "people", "quantities", "weapon", "hazard", "crime", "goods", "facility", "permit", "report", "body")
# Noun classes that say more than the sector of the actor the phrase may name.
THING_CLASSES = frozenset({"peacekeepers", "body", "weapon", "hazard", "crime", "goods", "facility", "permit", "report"})
# Prepositions that name a cause or the occasion of a harm ("killed in a flood", "injured during the storm").
CAUSE_PREPS = frozenset({"in", "during", "by", "from", "after", "amid", "due", "because", "following"})
FORCE_ROOT = "14"  # roots 14-20: protest, posture, sanctions, coercion, assault, fight, mass violence
# A thing as the subject of an act of force that still carries it: a weapon acts for someone unnamed.
ACTING_THINGS = frozenset({"weapon"})


def active_subject(tok: Token) -> Token | None:
    """The subject of `tok` in the active voice, or None (passives, clauses without one)."""
    if misparsed_main(tok):
        return misparsed_subject(tok)
    return next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)


def causes(tok: Token) -> list[Token]:
    """What the sentence gives as doing or causing `tok`: its active subject, a passive's "by", and the
    nouns of cause prepositions hanging on it."""
    found = []
    subject = active_subject(tok)
    if subject is not None:
        found.append(subject)
    # a cause told once for coordinated harms ("four were killed and two wounded following an attack by X")
    holders = [tok, *(c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    for child in (c for holder in holders for c in holder.children):
        # "following" is often read as a verb ("were wounded following an attack by ..."); a conjunct's own
        # agent is its own ("a man was shot and his killer arrested by police")
        own = child.head.i == tok.i
        if (child.dep_ == "agent" and own) or (child.dep_ in ("prep", "xcomp", "advcl")
                                               and child.lower_ in CAUSE_PREPS and (own or child.lower_ != "by")):
            found.extend(g for g in child.children if g.dep_ == "pobj")
            # "due to floods", "because of the storm"
            found.extend(p for g in child.children if g.dep_ == "pcomp" or g.lower_ in ("to", "of")
                         for p in g.children if p.dep_ == "pobj")
    return found


def caused_by_hazard(tok: Token, actors: DocActors, accident_verbs: frozenset[str] = frozenset()) -> bool:
    """A disaster, an accident or a disease is what does it ("the earthquake killed ten"), or the harm is told
    with a verb of accident ("the bus overturned, killing twelve")."""
    if tok.dep_ in ("advcl", "conj") and tok.head.lemma_ in accident_verbs:
        return True
    if tok.dep_ in ("acl", "advcl") and any(  # "A bus overturned ..., killing twelve" hung on "bus"
            s.i < tok.i and s.pos_ == "VERB" and s.lemma_ in accident_verbs for s in tok.head.children):
        return True
    return any(actors.noun_class(cause) == "hazard" and not _fired_by_someone(cause, actors)
               for cause in causes(tok) if cause.pos_ in ("NOUN", "PROPN"))


def _fired_by_someone(noun: Token, actors: DocActors) -> bool:
    """ "army fire", "the soldiers' fire", "fire from the police": a hazard word whose owner is an actor is the
    actor's shooting, not a blaze."""
    return bool(actors.actors_at(noun))


def shows_crime(sentence, actors: DocActors, crime_verbs: frozenset[str]) -> bool:
    """The sentence tells an ordinary crime: a word of the crime class, or a verb of stealing."""
    return any((t.pos_ in ("NOUN", "PROPN") and actors.noun_class(t) == "crime") or
               (t.pos_ == "VERB" and t.lemma_ in crime_verbs) for t in sentence)


def agentless_fact(tok: Token, code: str, actors: DocActors) -> bool:
    """An act of force the text reports without naming who did it or to whom (rules above)."""
    if code[:2] < FORCE_ROOT or (tok.dep_ in ("acl", "amod") and not misparsed_main(tok)):
        return False  # "the truce signed in March", "the wounded": background, not a report of the act
    subject = active_subject(tok)
    return subject is None or actors.noun_class(subject) in ACTING_THINGS


NOT_AGENT_ENTITIES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})


def unnamed_agent(tok: Token, code: str, actors: DocActors, is_event_noun) -> list:
    """The subject of an act of force that names no actor the lexicon knows, when it is a body of people
    ("a group of Imbonerakure destroyed ...", "a band of Mai-Mai attacked"), as an actor of its own."""
    if code[:2] < FORCE_ROOT:
        return []
    subject = active_subject(tok)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or subject.ent_type_ in NOT_AGENT_ENTITIES:
        return []
    if actors.noun_class(subject) in (*THING_CLASSES, "facility") or is_event_noun(subject):
        return []  # "the attack killed ten": the attack's doer, if any, is found by perpetrators()
    members = [p for prep in subject.children if prep.dep_ == "prep" and prep.lower_ == "of"
               for p in prep.children if p.dep_ == "pobj"]
    if not any(m.pos_ == "PROPN" or m.tag_ in ("NNS", "NNPS") or m.ent_type_ in ("NORP", "ORG") or (
            m.pos_ == "NOUN" and m.text[:1].isupper()) for m in members):
        return []  # only "a group of <people>": "inflation hit a high", "prices hit a record" have no doer
    return [actors.unknown_agent(subject)]


DAMAGE_CODES = ("171",)  # seize or damage property
WEAPON_CODE = "183"  # a bomb, a mine, a device: CAMEO's bombing
ATTACK_ROOTS = ("18", "19", "20")


def attack_code(tok: Token, actors: DocActors, noun_code, trigger_code) -> str | None:
    """The code of the attack that caused the damage `tok` reports, or None when nothing says it was one.

    `noun_code(token)` is the code of an event noun ("attack", "raid") or None; `trigger_code(token)` the
    code of a verb trigger.
    """
    for cause in causes(tok):
        code = noun_code(cause)
        if code is not None and code[:2] in ATTACK_ROOTS:
            return code
        if actors.noun_class(cause) == "weapon":
            return WEAPON_CODE
    if tok.dep_ in ("conj", "advcl") and tok.head.i != tok.i:
        code = trigger_code(tok.head)  # "exploded and destroyed", "detonated a mine, destroying"
        if code is not None and code[:2] in ATTACK_ROOTS:
            return code
    return None


def argument_class(tok: Token, actors: DocActors, is_event_noun) -> str | None:
    """The kind of participant the phrase headed by `tok` is (ARGUMENT_CLASSES), or None."""
    if tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return None
    noun = actors.noun_class(tok)
    if noun in THING_CLASSES:
        return noun
    refs = actors.actors_at(tok, owners=False)
    sector = next((r.sector for r in refs if r.sector), None)
    if sector is not None:
        return SECTOR_CLASSES.get(sector, "civilians")
    if is_event_noun(tok):
        return "event"
    if noun is not None:
        return "civilians" if noun in ("people", "quantities") else noun
    return None


def perpetrators(tok: Token, actors: DocActors, acts: dict[int, list]) -> list:
    """The actors of what caused the harm `tok` reports (rules above), or [].

    `acts` maps the token index of each act of force coded in the sentence to its actors.
    """
    for child in tok.children:  # "were killed when militants ambushed the convoy"
        if child.dep_ in ("advcl", "conj", "xcomp") and acts.get(child.i):
            return acts[child.i]
    if tok.dep_ in ("advcl", "conj") and acts.get(tok.head.i):
        return acts[tok.head.i]  # "militants ambushed the convoy, killing five"
    for cause in causes(tok):
        if cause.i == tok.i or actors.noun_class(cause) in ("hazard",):
            continue
        owner = _owner(cause, actors)
        if owner:
            return owner
    return []


def _owner(noun: Token, actors: DocActors) -> list:
    """Who a weapon or an attack belongs to: "a Taliban-planted bomb", "an attack by gunmen", "the army's
    shelling", "a mine laid by the rebels"."""
    for clause in noun.children:  # "an IED planted by militants", "a bomb carried by the bomber"
        if clause.dep_ == "acl" and clause.tag_ == "VBN":
            for agent in (c for c in clause.children if c.dep_ == "agent"):
                found = [r for p in agent.children if p.dep_ == "pobj" for r in actors.agents_at(p)]
                if found:
                    return found
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = actors.agents_at(pobj)
                    if found:
                        return found
    for word in noun.doc[noun.left_edge.i:noun.i]:
        if word.pos_ in ("PROPN", "NOUN") and word.dep_ in ("compound", "poss", "nmod", "npadvmod", "amod"):
            found = [r for r in actors.actors_at(word, owners=False) if r.sector or r.country]
            if found:
                return found
    return []
