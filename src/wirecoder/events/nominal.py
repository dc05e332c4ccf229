"""Events told by nouns: "Israel's attack on Gaza", "clashes erupted between X and Y"."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.actors.resolve import DocActors
from wirecoder.events.grammar import ARGUMENT_DEPS
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
            if current.dep_ not in ARGUMENT_DEPS or current.head is current:
                return False
            current = current.head
            trig = by_token.get(current.i)
            if trig is not None and not trig.is_noun:
                return True
        return False

    def _code_noun(self, trig: Trigger, actors: DocActors, article_id) -> list[Event]:
        tok, pattern = trig.token, trig.pattern
        code = self.noun_code(tok, pattern)
        if code is None:
            return []
        source_heads = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod") and c.i < tok.i]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                source_heads += [c for c in prep.children if c.dep_ == "pobj"]
        sources = self._resolve_all(source_heads, actors, owners=False)
        if not sources:
            return []  # a nominal event is coded only with an actor of its own
        targets = self._resolve_all(self._recipient_heads(tok, pattern.recipient), actors)
        targets = self._without(targets, sources)
        if pattern.requires_recipient and not targets:
            return []  # "Mr Howard's proposals" are no offer to anyone
        coding = Coding(code, negated=any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children))
        return self._events(tok, coding, pattern, sources, targets, actors, article_id, is_noun=True)
