"""Events told by nouns: "Israel's attack on Gaza", "clashes erupted between X and Y"."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from wirecoder.actors.resolve import DocActors
from wirecoder.events.grammar import ARGUMENT_DEPS, DEMAND_ROOTS, clause_subjects

FORCE_ROOT = "14"  # an act of force or protest needs no named actor to have happened
from wirecoder.events.records import Coding, Trigger
from wirecoder.model import Event


class NominalEvents:
    """A part of ``EventCoder`` (coder.py): it uses the coder's lexicon (``self.verbs``) and its other parts."""

    @staticmethod
    def _governed_by_trigger(noun: Token, by_token) -> bool:
        """An event noun inside another trigger's argument ("condemned the attack on Gaza") is that event's
        matter; as a subject ("Israel's attack killed ten") it is an event of its own."""
        current = noun
        for _ in range(4):
            if current.dep_ not in ARGUMENT_DEPS or current.head.i == current.i:
                return False
            current = current.head
            trig = by_token.get(current.i)
            if trig is not None and not trig.is_noun:
                return True
        return False

    def _code_noun(self, trig: Trigger, actors: DocActors, article_id) -> list[Event]:
        """An event noun's event: with an actor of its own ("Israel's attack", "an attack by X"), or, when the
        sentence reports it happening ("clashes erupted between X and Y", "there was an ambush"), with the
        parties it names between them, or none."""
        tok, pattern = trig.token, trig.pattern
        code = self.noun_code(tok, pattern)
        if code is None or actors.noun_class(tok) == "hazard":
            return []  # "a fire destroyed forty homes": a disaster, no attack
        source_heads = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod") and c.i < tok.i]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                source_heads += [c for c in prep.children if c.dep_ == "pobj"]
        sources = self._resolve_all(source_heads, actors, owners=False)
        happened = self._happened(tok)
        if not sources and happened:
            sources, targets = self._between(tok, actors)
            if sources or code[:2] >= FORCE_ROOT:
                coding = Coding(code, negated=any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children))
                mutual = replace(pattern, reciprocal=True) if targets else pattern
                return self._events(tok, coding, mutual, sources, targets, actors, article_id, is_noun=True)
        if not sources:
            return []  # a nominal event told in passing is coded only with an actor of its own
        targets = self._resolve_all(self._recipient_heads(tok, pattern.recipient), actors)
        complement = self._noun_complement(tok) if pattern.control and not targets else None
        if complement is not None and code[:2] in DEMAND_ROOTS:
            # "its demand that Kenya lift the curfew": the clause's subject is the one asked
            targets = self._resolve_all(clause_subjects(complement, pronouns=False), actors)
        targets = self._without(targets, sources)
        if pattern.requires_recipient and not targets:
            return []  # "Mr Howard's proposals" are no offer to anyone
        coding = Coding(code, negated=any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children))
        return self._events(tok, coding, pattern, sources, targets, actors, article_id, is_noun=True)

    def _happened(self, noun: Token) -> bool:
        """The sentence reports the event happening: the noun is the subject of a verb of occurrence ("erupted",
        "broke out", "left five dead") or what "there was" names."""
        head = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            particles = [c.lower_ for c in head.children if c.dep_ == "prt"]
            return head.lemma_ in self.verbs.occurrence_verbs or any(
                f"{head.lemma_} {p}" in self.verbs.occurrence_verbs for p in particles)
        if noun.dep_ == "attr" and head.lemma_ == "be":
            return any(c.dep_ == "expl" for c in head.children)
        return False

    def _between(self, noun: Token, actors: DocActors) -> tuple[list, list]:
        """ "between X and Y", on the noun or on the verb it is the subject of: X acts, Y is acted upon (and the
        event is coded both ways)."""
        for holder in (noun, noun.head):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    heads = [p for p in prep.children if p.dep_ == "pobj"]
                    parties = self._resolve_all(heads, actors, agent=True)
                    if parties:
                        return parties[:1], parties[1:]
        return [], []

    def _claimed(self, events: list[Event], doc, actors: DocActors, article_id) -> list[Event]:
        """ "X claimed responsibility for the attack", "X claimed the bombing": the attack is X's."""
        found = []
        for event in events:
            if event.cameo != "015" or not event.actor or event.trigger_start is None:
                continue
            span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            for obj in span[0].children:
                if obj.dep_ != "dobj":
                    continue
                if obj.lemma_.lower() in ("responsibility", "credit"):
                    nouns = [p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "for"
                             for p in prep.children if p.dep_ == "pobj"]
                else:
                    nouns = [obj]  # the claimed act itself
                for noun in nouns:
                    pattern = self.event_noun(noun)
                    code = self.noun_code(noun, pattern) if pattern is not None else None
                    if code is None or code[:2] < FORCE_ROOT:
                        continue
                    targets = self._without(self._resolve_all(self._recipient_heads(noun, pattern.recipient), actors),
                                            event.actor)
                    found.extend(self._events(noun, Coding(code), pattern, event.actor, targets, actors, article_id,
                                              is_noun=True))
        return found
