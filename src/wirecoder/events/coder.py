"""The event coder: dependency patterns over one parsed article.

For each trigger (a verb or event noun from verbs.yaml, found with one spaCy Matcher):
1. its CAMEO code, refined by particle, object and preposition ("crack down", "hold talks", "call for");
2. control verbs reshape the event they govern ("pressed Iraq to crack down" -> a REQUEST to Iraq,
   "ready to invest" -> intent to cooperate), and the governed verb is not coded again;
3. the source is the subject, found through passives, relative pronouns, conjoined and embedded clauses;
   the recipient sits where the pattern says (object, dative, a preposition);
4. compound actors become lists; pronouns in reported speech are the speaker;
5. negation and modality set `negated` and `hypothetical`; "will provide aid" is a promise (intent);
6. confidence grows with the evidence: resolved countries, a specific code, an explicit recipient.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from wirecoder.actors.resolve import DocActors
from wirecoder.events import cameo
from wirecoder.events.patterns import VerbLexicon, VerbPattern
from wirecoder.model import ActorRef, Event, content_id

SUBJECT_DEPS = ("nsubj", "csubj")
CLIMB_DEPS = {"xcomp", "conj", "advcl", "pcomp", "prep", "acl", "ccomp", "dep", "acomp", "attr", "oprd"}
FUTURE_AUX = {"will", "shall", "'ll"}
UNCERTAIN_AUX = {"may", "might", "could", "would", "should", "must", "can"}
NEGATORS = {"not", "n't", "never", "no"}
COOPERATIVE_ROOTS = {"04", "05", "06", "07", "08"}
VIOLENT_ROOTS = {"17", "18", "19", "20"}


@dataclass
class Trigger:
    token: Token
    pattern: VerbPattern
    is_noun: bool = False


class EventCoder:
    """Compiled once per process from a verb lexicon; `code(doc, actors, article_id)` per article."""

    def __init__(self, vocab, verbs: VerbLexicon):
        self.verbs = verbs
        self.matcher = Matcher(vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(verbs.verbs)}, "POS": {"IN": ["VERB"]}}]])
        if verbs.nouns:
            self.matcher.add("NOUN", [[{"LEMMA": {"IN": sorted(verbs.nouns)}, "POS": "NOUN"}],
                                      [{"LOWER": {"IN": sorted(verbs.nouns)}, "POS": "NOUN"}]])
        self.verb_id = vocab.strings["VERB"]

    def triggers(self, doc: Doc) -> list[Trigger]:
        headlines = set(doc._.wc_headlines or ())
        found: dict[int, Trigger] = {}
        for match_id, start, _ in self.matcher(doc):
            tok = doc[start]
            if tok.sent.start in headlines or start in found:
                continue
            if match_id == self.verb_id:
                found[start] = Trigger(tok, self.verbs.verbs[tok.lemma_])
            else:
                pattern = self.verbs.nouns.get(tok.lemma_) or self.verbs.nouns.get(tok.lower_)
                if pattern is not None:
                    found[start] = Trigger(tok, pattern, is_noun=True)
        return [found[i] for i in sorted(found)]

    def code(self, doc: Doc, actors: DocActors, article_id: str) -> list[Event]:
        triggers = self.triggers(doc)
        by_token = {t.token.i: t for t in triggers}
        consumed: set[int] = set()
        events = []
        for trig in triggers:
            if trig.token.i in consumed:
                continue
            event = self._code_trigger(trig, by_token, consumed, actors, article_id)
            if event is not None:
                events.append(event)
        return [e for e in events if e.trigger_start is None or e.trigger_start not in
                {doc[i].idx for i in consumed}]

    # --- one trigger --------------------------------------------------------------------------------
    def _code_trigger(self, trig: Trigger, by_token, consumed, actors: DocActors, article_id) -> Event | None:
        tok, pattern = trig.token, trig.pattern
        code = self.base_code(tok, pattern)
        embedded = None
        if not trig.is_noun and pattern.control:
            embedded = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            if embedded is not None and embedded.lemma_ in self.verbs.speech_complements:
                return None  # "declined to comment"
            if embedded is not None:
                inner = by_token.get(embedded.i)
                inner_code = self.base_code(embedded, inner.pattern) if inner else None
                code = self.verbs.reshape(pattern.control, inner_code)
                consumed.add(embedded.i)
        if code is None:
            return None

        intent_by = None
        if not trig.is_noun:
            intent_by = self._intent_governor(tok)
            if intent_by is not None:
                code = self.verbs.reshape("intent", code)
            elif self._is_future(tok) and code[:2] in COOPERATIVE_ROOTS:
                code = self.verbs.reshape("intent", code)  # "Jordan will provide aid" is a promise
            elif self._is_future(tok) and code[:2] in VIOLENT_ROOTS:
                code = self.verbs.reshape("threat", code)

        sources, targets = self._participants(tok, pattern, trig.is_noun, embedded, actors)
        if not sources:
            return None
        try:
            entry = cameo.lookup(code)
        except KeyError:
            return None
        negated = self._negated(tok) or (intent_by is not None and self._negated(intent_by))
        hypothetical = self._hypothetical(tok, intent_by)
        sent = tok.sent
        confidence = self._confidence(code, sources, targets, hypothetical, negated, trig.is_noun)
        return Event(
            id=content_id(article_id, tok.idx, code),
            article_id=article_id,
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            event=entry.plover or "",
            cameo=code,
            mode=entry.mode,
            context=entry.context,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            actor=sources,
            recipient=targets,
            negated=negated,
            hypothetical=hypothetical,
            confidence=confidence,
            trigger=tok.text,
            trigger_start=tok.idx,
            trigger_end=tok.idx + len(tok.text),
        )

    def base_code(self, tok: Token, pattern: VerbPattern) -> str | None:
        """The pattern's code refined by particle, object and preposition, or None if it does not apply."""
        children = list(tok.children)
        code = pattern.code
        for child in children:
            if child.dep_ == "prt" and child.lower_ in pattern.prt:
                return pattern.prt[child.lower_]
        if pattern.prt and pattern.code is None:
            return None
        obj = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None:
            for key in (obj.lemma_, obj.lower_):
                if key in pattern.object:
                    return pattern.object[key]
        elif pattern.requires_object:
            return None
        preps = [c.lower_ for c in children if c.dep_ in ("prep", "dative", "agent")]
        if pattern.requires_prep and not any(p in pattern.requires_prep for p in preps):
            return None
        for prep in preps:
            if prep in pattern.prep:
                return pattern.prep[prep]
        if pattern.object and code is None:
            return None
        return code

    # --- who ----------------------------------------------------------------------------------------
    def _participants(self, tok, pattern, is_noun, embedded, actors):
        if is_noun:
            source_heads = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod")]
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            if by is not None:
                source_heads += [c for c in by.children if c.dep_ == "pobj"]
            sources = self._resolve_all(source_heads, actors)
            targets = self._resolve_all(self._recipient_heads(tok, pattern.recipient), actors)
            return sources, targets

        passive_subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive_subject is not None:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            source_heads = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
            target_heads = [passive_subject]
        else:
            source_heads = self._subject_heads(tok)
            target_heads = self._recipient_heads(tok, pattern.recipient)
            if not target_heads and embedded is not None:
                target_heads = self._recipient_heads(embedded, ("dobj", "with", "to", "in", "on", "against"))
        sources = self._resolve_all(source_heads, actors)
        targets = self._resolve_all(target_heads, actors)
        source_names = {s.name for s in sources}
        targets = [t for t in targets if t.name not in source_names]
        return sources, targets

    def _subject_heads(self, tok: Token) -> list[Token]:
        current = tok
        for _ in range(4):
            subj = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                return subj
            if current.dep_ == "relcl":
                return [current.head]
            if current.dep_ == "xcomp":
                # "asked Sudani to help": the governor's object does the embedded act.
                obj = [c for c in current.head.children if c.dep_ == "dobj"]
                if obj:
                    return obj
            if current.dep_ not in CLIMB_DEPS or current.head is current:
                return []
            current = current.head
        return []

    def _recipient_heads(self, tok: Token, slots) -> list[Token]:
        children = list(tok.children)
        # "held talks with Vietnam": a light verb's preposition hangs on its object.
        children += [g for c in children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]
        for slot in slots:
            if slot in ("dobj", "dative"):
                found = [c for c in children if c.dep_ == slot and c.pos_ != "ADP"]
                if slot == "dobj" and not found:
                    # "help Syria rebuild", "allow Iraq to buy": the object is the subject of the complement.
                    found = [g for c in children if c.dep_ in ("ccomp", "xcomp")
                             for g in c.children if g.dep_ == "nsubj" and g.pos_ != "PRON"]
                if slot == "dative":
                    found += [p for c in children if c.dep_ == "dative" and c.pos_ == "ADP"
                              for p in c.children if p.dep_ == "pobj"]
            else:
                found = [p for c in children if c.dep_ in ("prep", "dative") and c.lower_ == slot
                         for p in c.children if p.dep_ == "pobj"]
            if found:
                return found
        return []

    def _resolve_all(self, heads: list[Token], actors: DocActors) -> list[ActorRef]:
        out: list[ActorRef] = []
        seen = set()
        for head in heads:
            for tok in [head, *_conjuncts(head)]:
                ref = actors.actor_at(tok) or self._owner(tok, actors)
                if ref is not None and (ref.name, ref.country) not in seen:
                    seen.add((ref.name, ref.country))
                    out.append(ref)
        return out

    @staticmethod
    def _owner(tok: Token, actors: DocActors) -> ActorRef | None:
        """ "Syria's energy sector" is no actor, but its owner is: fall back to the possessor or a compound."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in tok.children:
            if child.dep_ in ("poss", "compound"):
                ref = actors.actor_at(child)
                if ref is not None:
                    return ref
        return None

    # --- how ----------------------------------------------------------------------------------------
    def _intent_governor(self, tok: Token) -> Token | None:
        """ "ready to invest", "willingness to help": the predicate that makes the act an intent."""
        head = tok.head
        if tok.dep_ in ("xcomp", "acl") and head is not tok and head.lemma_ in self.verbs.intent_predicates:
            return head
        return None

    @staticmethod
    def _is_future(tok: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in tok.children)

    @staticmethod
    def _negated(tok: Token) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children) or any(
            c.dep_ == "neg" for c in tok.head.children if tok.dep_ == "xcomp")

    def _hypothetical(self, tok: Token, intent_by: Token | None) -> bool:
        if any(c.dep_ == "aux" and c.lower_ in UNCERTAIN_AUX for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            return True
        governor = tok.head if tok.dep_ == "xcomp" else None
        if governor is not None and intent_by is None and governor.lemma_ in self.verbs.hypothetical_governors:
            return True
        return False

    @staticmethod
    def _confidence(code, sources, targets, hypothetical, negated, is_noun) -> float:
        score = 0.45
        if any(s.country for s in sources):
            score += 0.15
        if targets:
            score += 0.1 + (0.05 if any(t.country for t in targets) else 0.0)
        if not code.endswith("0"):
            score += 0.1
        if any(s.name != s.text and s.text.lower() in ("he", "she", "it", "they") for s in sources):
            score -= 0.1
        if hypothetical:
            score -= 0.2
        if negated:
            score -= 0.15
        if is_noun:
            score -= 0.1
        return max(0.05, min(0.99, score))


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    for child in tok.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out
