"""The kinds of things around a trigger, and what they say about the event (noun_classes.yaml).

- A death or a ruin caused by a disaster, an accident or a disease is no attack: "floods killed ten",
  "two men died when their car hit a lorry", "were killed in a landslide".
- An act of force needs no named actor to be a fact: "two policemen were killed", "an explosive device
  detonated", "weapons were seized". Such an event is kept with an empty actor list, unless the verb's
  subject is a thing that acts in another sense ("prices hit a record", "the news struck a chord").
"""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.actors.resolve import DocActors

# Prepositions that name a cause or the occasion of a harm ("killed in a flood", "injured during the storm").
CAUSE_PREPS = frozenset({"in", "during", "by", "from", "after", "amid", "due", "because", "following"})
FORCE_ROOT = "14"  # roots 14-20: protest, posture, sanctions, coercion, assault, fight, mass violence
# A thing as the subject of an act of force that still carries it: a weapon acts for someone unnamed.
ACTING_THINGS = frozenset({"weapon"})


def active_subject(tok: Token) -> Token | None:
    """The subject of `tok` in the active voice, or None (passives, clauses without one)."""
    return next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)


def causes(tok: Token) -> list[Token]:
    """What the sentence gives as doing or causing `tok`: its active subject, a passive's "by", and the
    nouns of cause prepositions hanging on it."""
    found = []
    subject = active_subject(tok)
    if subject is not None:
        found.append(subject)
    for child in tok.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in CAUSE_PREPS):
            found.extend(g for g in child.children if g.dep_ == "pobj")
            # "due to floods", "because of the storm"
            found.extend(p for g in child.children if g.dep_ == "pcomp" or g.lower_ in ("to", "of")
                         for p in g.children if p.dep_ == "pobj")
    return found


def caused_by_hazard(tok: Token, actors: DocActors) -> bool:
    """A disaster, an accident or a disease is what does it ("the earthquake killed ten")."""
    return any(actors.noun_class(cause) == "hazard" for cause in causes(tok) if cause.pos_ in ("NOUN", "PROPN"))


def agentless_fact(tok: Token, code: str, actors: DocActors) -> bool:
    """An act of force the text reports without naming who did it or to whom (rules above)."""
    if code[:2] < FORCE_ROOT or tok.dep_ in ("acl", "amod"):
        return False  # "the truce signed in March", "the wounded": background, not a report of the act
    subject = active_subject(tok)
    return subject is None or actors.noun_class(subject) in ACTING_THINGS
