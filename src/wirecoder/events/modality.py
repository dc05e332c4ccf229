"""How an event is told: intended, future, conditional, obliged, reported, negated or hypothetical."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.grammar import (
    CONDITION_MARKS,
    CONDITIONAL_AUX,
    FUTURE_AUX,
    OBLIGATION_AUX,
    UNCERTAIN_AUX,
    UNREALISED_MARKS,
)


class Modality:
    """A part of ``EventCoder`` (coder.py): it uses the coder's lexicon (``self.verbs``) and its other parts."""

    def _intent_governor(self, tok: Token) -> Token | None:
        """ "ready to invest", "willingness to help", "committed to opening": what makes the act an intent."""
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ in ("xcomp", "acl") and self._intent_word(head):
            return head
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and self._intent_word(head.head):
            return head.head
        return None

    def _intent_word(self, tok: Token) -> bool:
        return tok.lemma_ in self.verbs.intent_predicates or tok.lower_ in self.verbs.intent_predicates

    def _is_future(self, tok: Token) -> bool:
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if aux & FUTURE_AUX:
            return True
        if aux & CONDITIONAL_AUX and self._speech_governor(tok) is not None:
            return True
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.head.lemma_ == "go" and \
            tok.dep_ == "xcomp"  # "is going to"

    @staticmethod
    def _conditional(tok: Token) -> bool:
        """ "would ... if the Kremlin kept its base", "will withdraw ... unless": a conditional act, as threats
        are put."""
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        marks = {m.lower_ for c in tok.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"}
        return bool((aux & CONDITIONAL_AUX and marks & CONDITION_MARKS) or (aux & FUTURE_AUX and "unless" in marks))

    @staticmethod
    def _obligation(tok: Token) -> str | None:
        """ "must" is a demand, "should" an appeal: the table for reported obligations."""
        for child in tok.children:
            if child.dep_ == "aux" and child.lower_ in OBLIGATION_AUX:
                return OBLIGATION_AUX[child.lower_]
        return None

    def _speech_governor(self, tok: Token) -> Token | None:
        """The speech verb whose reported content `tok` is ("Russia said Sudan must ...")."""
        current = tok
        for _ in range(3):
            if current.dep_ == "ccomp" and current.head.lemma_ in self.verbs.speech_verbs:
                return current.head
            if current.dep_ != "conj" or current.head.i == current.i:
                return None
            current = current.head
        return None

    @staticmethod
    def _negated(tok: Token) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children) or any(
            c.dep_ == "neg" for c in tok.head.children if tok.dep_ == "xcomp")

    def _hypothetical(self, tok: Token, intent_by: Token | None) -> bool:
        if any(c.dep_ == "aux" and (c.lower_ in UNCERTAIN_AUX | CONDITIONAL_AUX or c.lower_ in OBLIGATION_AUX)
               for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in UNREALISED_MARKS for c in tok.children):
            return True  # "unless Baghdad accepted", "before they demobilize"
        if tok.dep_ == "pcomp" and tok.head.lower_ in UNREALISED_MARKS:
            return True  # "before allowing aid convoys"
        if tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True  # a purpose: "will visit Mauritania to mediate"
        governor = tok.head if tok.dep_ == "xcomp" else None
        if governor is not None and intent_by is None and governor.lemma_ in self.verbs.hypothetical_governors:
            return True
        return False
