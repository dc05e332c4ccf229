"""The event coder: dependency patterns over one parsed article.

For each trigger (a verb or event noun from verbs.yaml, found over the token arrays: trigger_index.py):
1. its CAMEO code, refined by particle, object and preposition ("crack down", "call for"); a light verb takes
   the code of its event-noun object ("held talks", "launched an attack"), and a verb with a `table` reshapes
   it ("rejected the offer of talks" -> 125);
2. control verbs reshape the event they govern ("pressed Iraq to crack down" -> a REQUEST to Iraq,
   "ready to invest" -> intent to cooperate), and the governed verb is not coded again;
3. negation and modality: a refused or negated cooperation is a rejection ("will not lift the embargo"),
   a future cooperation a promise, a future use of force a threat, "X said Y must do Z" a demand of X on Y;
   what stays uncertain is `hypothetical`, what stays denied `negated`;
4. the source is the subject, found through passives, relative pronouns, conjoined and embedded clauses; the
   recipient sits where the pattern says (object, dative, a preposition); lists become lists, and reciprocal
   events ("met", "held talks with", "X and Y agreed") are coded both ways;
5. confidence grows with the evidence: resolved countries, a specific code, an explicit recipient, a main
   clause; it drops for nominal, hypothetical, negated and pronoun-sourced events.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from spacy.tokens import Doc, Token

from wirecoder.nlp.text import doc_text
from wirecoder.actors.resolve import DocActors
from wirecoder.events import cameo
from wirecoder.events.arguments import (
    DAMAGE_CODES,
    FORCE_ROOT,
    agentless_fact,
    argument_class,
    attack_code,
    caused_by_hazard,
    perpetrators,
    shows_crime,
    unnamed_agent,
)
from wirecoder.events.factuality import facts
from wirecoder.events.grammar import (
    COOPERATIVE_ROOTS,
    MODIFIER_DEPS,
    MUTUAL_ROOTS,
    NOMINAL_EVENT_DEPS,
    NOUN_DEPS,
    OBLIGATION_AUX,
    PRONOUN_WORDS,
    REFLEXIVES,
    SUBJECT_DEPS,
    SUBORDINATE_DEPS,
    THREAT_ROOTS,
    headline_harm,
    headline_passive,
    misparsed_main,
)
from wirecoder.events.modality import Modality
from wirecoder.events.nominal import NominalEvents
from wirecoder.events.participants import Participants
from wirecoder.events.patterns import VerbLexicon, VerbPattern
from wirecoder.events.records import Coding, Trigger
from wirecoder.events.trigger_index import DocScan, TriggerIndex
from wirecoder.model import ActorRef, Event, content_id


def _tells_of_another(verb: Token, clause: Token) -> bool:
    """The that-clause of `verb` has a subject of its own that is not the speaker ("claimed that the army had
    shelled"), rather than a pronoun or the speaker's own people ("claimed that its fighters had attacked")."""
    if clause.dep_ != "ccomp":
        return False
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)  # a passive tells of a harm, not a doer
    if subject is None or subject.pos_ == "PRON":
        return False
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children):
        return False  # "its fighters": the speaker's own
    speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return speaker is None or speaker.lemma_.lower() != subject.lemma_.lower()


class EventCoder(NominalEvents, Participants, Modality):
    """Compiled once per process from a verb lexicon; `code(doc, actors, article_id)` per article."""

    def __init__(self, vocab, verbs: VerbLexicon):
        self.verbs = verbs
        # the trigger patterns as numpy tests over token arrays (trigger_index: far cheaper than a Matcher)
        self.index = TriggerIndex(vocab, verbs.verb_heads, verbs.inflections, verbs.noun_heads if verbs.nouns else (),
                                  OBLIGATION_AUX)  # "Russia said Sudan must return ...": a demand (_code)
        self._doc_actors: DocActors | None = None

    def triggers(self, doc: Doc, scan: DocScan | None = None) -> list[Trigger]:
        scan = scan or self.index.scan(doc)
        headlines = set(doc._.wc_headlines or ())
        sentence_start = scan.sentence_starts().tolist()
        found: dict[int, Trigger] = {}
        for start in scan.verbs():
            if sentence_start[start] in headlines:
                continue
            tok = doc[start]
            if tok.tag_ in ("VBN", "VBD") and any(c.dep_ == "det" for c in tok.children):
                continue  # "evacuated the wounded": a participle used as a noun
            particles = [c.lower_ for c in tok.children if c.dep_ == "prt"]
            lemma = tok.lemma_ if tok.lemma_ in self.verbs.verb_heads else self.verbs.inflections.get(tok.lower_)
            pattern = self.verbs.verb_pattern(lemma, particles) if lemma else None
            if pattern is not None:
                found[start] = Trigger(tok, pattern)
        for start in scan.nouns():  # a noun and a verb pattern never match one token (POS)
            if sentence_start[start] in headlines:
                continue
            tok = doc[start]
            pattern = self.event_noun(tok)
            if pattern is not None:
                found[start] = Trigger(tok, pattern, is_noun=True)
        return [found[i] for i in sorted(found)]

    def event_noun(self, tok: Token) -> VerbPattern | None:
        if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "ADJ" and tok.dep_ in NOUN_DEPS):
            return None
        if tok.ent_type_ in ("DATE", "TIME"):
            return None  # "on 20 March": a month, not a protest march
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
            # "cease-fire", "cyber-attacks": a hyphenated compound the tokenizer split
            found = self.verbs.nouns.get(f"{doc[tok.i - 2].lower_}-{tok.lemma_.lower()}") or self.verbs.nouns.get(
                f"{doc[tok.i - 2].lower_}-{tok.lower_}")
            if found is not None:
                return found
        modifier = next((c.lower_ for c in tok.lefts if c.dep_ in ("compound", "amod") and c.i == tok.i - 1), None)
        return self.verbs.noun_pattern(tok.lower_, tok.lemma_.lower(), modifier)

    def _noun_trigger_code(self, tok: Token) -> str | None:
        """The code of the event noun `tok` is, or None."""
        pattern = self.event_noun(tok) if tok.pos_ in ("NOUN", "PROPN") else None
        return self.noun_code(tok, pattern) if pattern is not None else None

    def _verb_trigger_code(self, by_token, tok: Token) -> str | None:
        """The plain code of the verb trigger `tok` is, or None."""
        trig = by_token.get(tok.i)
        if trig is None or trig.is_noun:
            return None
        coding = self.base_code(tok, trig.pattern)
        return coding.code if coding is not None else None

    @staticmethod
    def noun_code(noun: Token, pattern: VerbPattern) -> str | None:
        """An event noun's code, refined by its own preposition ("a strike on Gaza" is military)."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in pattern.prep:
                return pattern.prep[child.lower_]
        return pattern.code

    def code(self, doc: Doc, actors: DocActors, article_id: str) -> list[Event]:
        self._doc_actors = actors  # the participants' kinds choose senses (base_code)
        try:
            return self._code(doc, actors, article_id)
        finally:
            self._doc_actors = None

    def _code(self, doc: Doc, actors: DocActors, article_id: str) -> list[Event]:
        scan = self.index.scan(doc)
        triggers = self.triggers(doc, scan)
        by_token = {t.token.i: t for t in triggers}
        consumed: set[int] = set()
        for trig in triggers:
            if trig.is_noun and trig.pattern.control:
                complement = self._noun_complement(trig.token)
                if complement is not None:
                    consumed.add(complement.i)  # "its demand that Israel ease ...": the demand's matter
        events: list[Event] = []
        verbs = [t for t in triggers if not t.is_noun]
        nouns = [t for t in triggers if t.is_noun]
        for trig in verbs:
            if trig.token.i in consumed or trig.token.dep_ in MODIFIER_DEPS or self._alleged(trig.token):
                continue  # "a long-planned speech", "the detained journalist": modifiers, not events
            events.extend(self._code_verb(trig, by_token, consumed, actors, article_id))
        for trig in nouns:
            if trig.token.i in consumed or trig.token.dep_ not in NOMINAL_EVENT_DEPS or self._governed_by_trigger(
                    trig.token, by_token):
                continue
            events.extend(self._code_noun(trig, actors, article_id))
        headlines = set(doc._.wc_headlines or ())
        for start in scan.obligations():
            verb = doc[start].head
            if verb.i not in by_token and verb.i not in consumed and verb.sent.start not in headlines:
                events.extend(self._code_demand(verb, OBLIGATION_AUX[doc[start].lower_], actors, article_id))
        claimed = self._claimed(events, doc, actors, article_id)
        # a claimed act is an event of its own even where the claim's table read its noun ("claimed the bombing")
        consumed_starts = {doc[i].idx for i in consumed} - {e.trigger_start for e in claimed}
        events.extend(claimed)
        self._give_harms_their_doers(events, doc, actors)
        told = facts(doc, _without_bare_repeats([e for e in events if e.trigger_start not in consumed_starts]),
                     self._in_main_clause, self.verbs.desire_verbs)
        crimes = {}
        for event in told:
            if event.start not in crimes:
                span = doc.char_span(event.start, event.end, alignment_mode="expand")
                crimes[event.start] = span is not None and shows_crime(span, actors, self.verbs.crime_verbs)
            if crimes[event.start]:
                event.context = "crime"  # an ordinary crime, not political coercion
        return told

    @staticmethod
    def _give_harms_their_doers(events: list[Event], doc: Doc, actors: DocActors) -> None:
        """An act of force coded without its actor takes the actor of what caused it (arguments.perpetrators)."""
        tokens = {}
        for event in events:
            span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand") \
                if event.trigger_start is not None else None
            if span is not None and len(span):
                tokens[id(event)] = span[-1]
        for _ in range(2):  # a second pass: "were killed when their car was hit by a Taliban bomb"
            acts: dict[int, list] = {}
            for event in events:
                if event.quad_class == 4 and event.actor and id(event) in tokens:
                    acts.setdefault(tokens[id(event)].i, event.actor)
            for event in events:
                tok = tokens.get(id(event))
                if event.actor or event.quad_class != 4 or tok is None:
                    continue
                found = perpetrators(tok, actors, acts)
                names = {r.name for r in event.recipient}
                event.actor = [replace(a) for a in found if a.name not in names]

    # --- one verb -----------------------------------------------------------------------------------
    def _code_verb(self, trig: Trigger, by_token, consumed, actors: DocActors, article_id) -> list[Event]:
        tok, pattern = trig.token, trig.pattern
        coding = self._read(tok, pattern, by_token, consumed)
        if coding is None:
            return []
        passive_participle = tok.dep_ == "acl" and tok.tag_ == "VBN" and not misparsed_main(tok)
        if passive_participle and coding.code[:2] < "14" and not any(c.dep_ == "agent" for c in tok.children):
            return []  # "two men sought in the killing", "officials accused of ...": no act is reported
        sources, targets = self._participants(tok, pattern, coding, actors)
        if coding.demand_by is not None:
            # "Russia said Sudan must return the helicopter": Russia demands it of Sudan.
            targets = sources
            sources = self._sources(coding.demand_by, actors)
        headline = headline_harm(tok, self.verbs.transitive_harms)  # "5 killed in an ambush": the subject is harmed
        if not sources and coding.demand_by is None and not headline:
            sources = unnamed_agent(tok, coding.code, actors, lambda t: self.event_noun(t) is not None)
        if not sources and not targets and not (headline or agentless_fact(tok, coding.code, actors)):
            return []
        if coding.code[:2] >= "14" and caused_by_hazard(tok, actors, self.verbs.accident_verbs):
            return []  # "floods destroyed forty homes" is no attack
        if coding.code in DAMAGE_CODES:
            coding.code = attack_code(tok, actors, self._noun_trigger_code, partial(self._verb_trigger_code, by_token)
                                      ) or coding.code
        if pattern.requires_recipient and not targets and not coding.by_class:
            return []
        if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in tok.children):
            return []  # "hanged himself" is done to no one else
        return self._events(tok, coding, pattern, sources, targets, actors, article_id)

    def _code_demand(self, verb: Token, table: str, actors: DocActors, article_id) -> list[Event]:
        """ "Human Rights Watch said Sudan must ensure security": the speaker's demand of the clause's subject."""
        speech = self._speech_governor(verb)
        if speech is None or self._negated(verb) or verb.lemma_ in self.verbs.stative_verbs:
            return []  # "X must have the opportunity" is no demand on X
        sources = self._sources(speech, actors)
        if not sources:
            return []
        targets = self._without(self._resolve_all([c for c in verb.children if c.dep_ in SUBJECT_DEPS], actors),
                                sources)
        coding = Coding(self.verbs.reshape(table, None) or "100", demand_by=speech)
        pattern = VerbPattern(lemma=verb.lemma_, code=coding.code)
        return self._events(verb, coding, pattern, sources, targets, actors, article_id)

    def _read(self, tok: Token, pattern: VerbPattern, by_token, consumed) -> Coding | None:
        """The trigger's code after complements, negation and modality."""
        coding = self.base_code(tok, pattern)
        embedded = self._complement(tok, pattern)
        own_act = False
        if pattern.control and embedded is not None:
            if embedded.lemma_ in self.verbs.speech_complements:
                if pattern.control != "reject":
                    return None
                coding = Coding("011")  # "declined to comment" is a comment, not a rejection
            else:
                inner = by_token.get(embedded.i) or next(
                    (by_token[c.i] for c in embedded.conjuncts if c.i in by_token and not by_token[c.i].is_noun), None)
                inner_coding = self.base_code(embedded, inner.pattern) if inner else None
                inner_code = inner_coding.code if inner_coding else None
                if inner_coding is not None and self._negated(embedded) and inner_code[:2] in COOPERATIVE_ROOTS:
                    inner_code = self.verbs.reshape("reject", inner_code)  # "urged X not to cooperate"
                code = self.verbs.reshape(pattern.control, inner_code)
                another = pattern.control == "claim" and _tells_of_another(tok, embedded)
                if another and pattern.speech:
                    code = pattern.speech  # "X claimed that Y had shelled the town": an accusation
                if inner_code is None and embedded.dep_ == "ccomp" and isinstance(pattern.that_clause, str):
                    code = pattern.that_clause  # "agree with X that ...": an opinion shared
                if code is None:
                    consumed.add(embedded.i)  # "failed to renew the embargo" renews nothing
                    return None
                coding = Coding(code, embedded=embedded,
                                noun=inner_coding.noun if inner_coding else None,
                                noun_pattern=inner_coding.noun_pattern if inner_coding else None)
                own_act = pattern.control == "claim" and not another and inner_code is not None \
                    and inner_code[:2] >= FORCE_ROOT
                if own_act:
                    # "X claimed to have retaken the base": the claim, and X's act it tells, coded on its own
                    coding = Coding(code)
            if not own_act:
                consumed.add(embedded.i)
                consumed.update(c.i for c in embedded.conjuncts if c.i in by_token)
        if coding is None:
            return None
        if coding.noun is not None:
            consumed.add(coding.noun.i)
        if coding.embedded is not None:
            consumed.add(coding.embedded.i)

        negated = self._negated(tok)
        intent_by = self._intent_governor(tok)
        if intent_by is not None:
            negated = negated or self._negated(intent_by)
        future = self._is_future(tok) or (intent_by is not None and self._is_future(intent_by))
        root = coding.code[:2]
        spoken = coding.code  # a promise, threat or demand made is no hypothesis, whatever it promises
        if negated and (root in COOPERATIVE_ROOTS or intent_by is not None) and pattern.control != "reject":
            # "will not lift the embargo", "is not ready to talk": a refusal, which did happen.
            coding.code = self.verbs.reshape("reject", coding.code) or coding.code
            negated = False
        elif intent_by is not None:
            coding.code = self.verbs.reshape("intent", coding.code) or coding.code
        elif self._conditional(tok) and not negated and (root in THREAT_ROOTS or root == "08"):
            coding.code = self.verbs.reshape("threat", coding.code) or coding.code  # "will withdraw unless"
        elif future and root in COOPERATIVE_ROOTS and not pattern.control:
            coding.code = self.verbs.reshape("intent", coding.code) or coding.code  # "Jordan will provide aid"
        elif future and root in THREAT_ROOTS and not negated:
            coding.code = self.verbs.reshape("threat", coding.code) or coding.code  # "will boycott"
        elif self._obligation(tok) and not negated:
            speech = self._speech_governor(tok)
            if speech is not None:
                coding.code = self.verbs.reshape(self._obligation(tok), coding.code) or coding.code
                coding.demand_by = speech
        coding.negated = negated
        coding.hypothetical = self._hypothetical(tok, intent_by) and coding.code == spoken
        return coding

    def base_code(self, tok: Token, pattern: VerbPattern) -> Coding | None:
        """The pattern's code refined by particle, object and preposition, or None if it does not apply."""
        children = list(tok.children)
        for child in children:
            if child.dep_ == "prt" and child.lower_ in pattern.prt:
                code = pattern.prt[child.lower_]
                carried = self._carried_noun(tok, pattern, children)
                return carried or (Coding(code) if code else None)
        if pattern.speech and any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") for c in children):
            return Coding(pattern.speech)  # "protested that the vote was rigged": words, not a march
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
        if pattern.passive_prep and passive:  # "were armed with rifles", "militants armed with pistols"
            for child in children:
                if child.dep_ == "prep" and child.lower_ in pattern.passive_prep:
                    code = pattern.passive_prep[child.lower_]  # "were armed with rifles": a state, not an act
                    return Coding(code) if code else None
        # the object, or a predicative complement ("pleaded not guilty")
        obj = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None) or next(
            (c for c in children if c.dep_ in ("acomp", "oprd") and c.lemma_.lower() in pattern.object), None)
        for child in children:  # "set the house ablaze", "set the house on fire"
            if child.dep_ in ("acomp", "oprd", "advmod", "ccomp") and child.lemma_.lower() in pattern.object:
                code = pattern.object[child.lemma_.lower()]
                return Coding(code) if code else None
            if child.dep_ == "prep":
                for pobj in child.children:
                    key = f"{child.lower_} {pobj.lemma_.lower()}"
                    if pobj.dep_ == "pobj" and key in pattern.object:
                        code = pattern.object[key]
                        return Coding(code) if code else None
        if obj is not None:
            modifier = next((c.lower_ for c in obj.lefts if c.dep_ in ("compound", "amod")), None)
            for key in ((f"{modifier} {obj.lemma_}" if modifier else None), obj.lemma_.lower(), obj.lower_):
                if key and key in pattern.object:
                    code = pattern.object[key]
                    return Coding(code, noun=obj, noun_pattern=self.event_noun(obj)) if code else None
        sense = self._class_sense(tok, pattern, obj)
        if sense is not None:
            return sense or None
        carried = self._carried_noun(tok, pattern, children)
        if carried is not None:
            return carried
        if obj is None and pattern.requires_object:
            return None
        preps = [c.lower_ for c in children if c.dep_ in ("prep", "dative", "agent")]
        if pattern.requires_prep and not any(p in pattern.requires_prep for p in preps):
            return None
        for prep in preps:
            if prep in pattern.prep:
                code = pattern.prep[prep]
                return Coding(code) if code else None
        if pattern.code is None:
            return None
        return Coding(pattern.code)

    def _class_sense(self, tok: Token, pattern: VerbPattern, obj: Token | None) -> Coding | bool | None:
        """The sense the kind of object or subject selects ("troops arrived" -> deployment), False when that
        kind makes it no event ("the economy exploded"), None when the pattern says nothing about it."""
        if not (pattern.subject_class or pattern.object_class) or self._doc_actors is None:
            return None
        if obj is None or obj.dep_ != "dobj":
            # "allowed traders to reopen": the object of an object-control verb is its complement's subject
            obj = next((g for c in tok.children if c.dep_ in ("ccomp", "xcomp") for g in c.children
                        if g.dep_ == "nsubj"), None)
            if obj is None:  # "bombs were exploded by ...": a passive's subject is what was acted on
                obj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        slots = [(pattern.object_class, obj)] if obj is not None else []
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is None:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subject = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        slots.append((pattern.subject_class, subject))
        for senses, head in slots:
            if senses and head is not None:
                kind = argument_class(head, self._doc_actors, lambda t: self.event_noun(t) is not None)
                if kind in senses:
                    code = senses[kind]
                    return Coding(code, by_class=True) if code else False
        return None

    def _carried_noun(self, tok: Token, pattern: VerbPattern, children) -> Coding | None:
        """The code of an event noun the verb carries: a light verb's object ("launched an attack"), or one a
        table reshapes ("rejected the proposal for talks")."""
        if pattern.table is None and pattern.lemma not in self.verbs.light_verbs:
            return None
        candidates = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i != tok.i:
            candidates.append(tok.head)  # "the abuses committed by the police": the participle's noun is its object
        candidates += [p for c in children if c.dep_ == "prep" and c.lower_ in ("on", "for", "to", "in")
                       for p in c.children if p.dep_ == "pobj"]
        candidates += [conj for c in candidates for conj in c.conjuncts]  # "launched air and artillery strikes"
        # "began a new round of exercises", "announced $33 million in assistance": the noun inside
        candidates += [p for c in candidates if c.lemma_.lower() in self.verbs.partitive_nouns or c.pos_ == "NUM"
                       for prep in c.children if prep.dep_ == "prep" and prep.lower_ in ("of", "in")
                       for p in prep.children if p.dep_ == "pobj"]
        for noun in candidates:
            noun_pattern = self.event_noun(noun)
            code = self.noun_code(noun, noun_pattern) if noun_pattern is not None else None
            if code is None:
                continue
            if pattern.table is not None:
                code = self.verbs.reshape(pattern.table, code)
                if code is None:
                    return None
            complement = self._noun_complement(noun) if noun_pattern.control else None
            if complement is not None and pattern.table is None:
                # "made an offer to host talks" (intent + 04 -> 036), "issued a demand that X withdraw"
                inner_pattern = self.verbs.verb_pattern(complement.lemma_, [c.lower_ for c in complement.children
                                                                            if c.dep_ == "prt"])
                inner = self.base_code(complement, inner_pattern) if inner_pattern else None
                code = self.verbs.reshape(noun_pattern.control, inner.code if inner else None) or code
            return Coding(code, noun=noun, noun_pattern=noun_pattern, embedded=complement)
        return None

    @staticmethod
    def _noun_complement(noun: Token) -> Token | None:
        """The verb an event noun governs: "an offer to host talks", "its demand that Israel ease ...", "its call
        for Kenya to lift ..." (parsed as an adverbial clause)."""
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp", "advcl") and child.pos_ in ("VERB", "AUX") and any(
                    g.dep_ in ("aux", "mark") and g.lower_ in ("to", "that") for g in child.children):
                return child
        return None

    def _complement(self, tok: Token, pattern: VerbPattern) -> Token | None:
        """The embedded verb a control verb governs: "pressed Iraq to crack down", "rejected holding talks",
        "demanded that Sudan return"; through a verb of phase ("prepared to resume shelling")."""
        embedded = self._direct_complement(tok, pattern)
        if embedded is not None and embedded.lemma_ in self.verbs.aspect_verbs:
            inner = next((c for c in embedded.children if c.dep_ in ("xcomp", "dobj") and c.pos_ == "VERB"), None)
            return inner or embedded
        return embedded

    def _direct_complement(self, tok: Token, pattern: VerbPattern) -> Token | None:
        if not pattern.control:
            return None
        if pattern.object_control:
            # "wants the US to lift sanctions" appeals to the US; "wants to seize the port" is a wish of one's own
            return next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")
                         and any(g.dep_ == "nsubj" for g in c.children)), None)
        for child in tok.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                return child
        for child in tok.children:
            if child.dep_ == "advcl" and child.i > tok.i and any(
                    g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
                return child  # "have sworn to fight" parsed as a purpose clause
        for child in tok.children:
            if child.dep_ in ("dobj", "pcomp") and child.pos_ == "VERB" and child.tag_ == "VBG":
                return child  # a gerund: "rejected holding talks", "considering sending aid"
            if child.dep_ == "prep" and child.lower_ in ("for", "on", "to"):
                for grand in child.children:
                    if grand.dep_ == "pcomp" and grand.pos_ == "VERB":
                        return grand
        if pattern.that_clause:
            for child in tok.children:
                if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX") and not any(
                        g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in child.children):
                    return child  # "demanded that Sudan return the helicopter", "agreed that they should"
        return None

    def _alleged(self, tok: Token) -> bool:
        """ "accused the US of violating", "arrested for collaborating": the matter of an allegation."""
        current = tok
        for _ in range(3):
            if current.dep_ not in ("pcomp", "advcl", "conj", "acl", "xcomp") or current.head.i == current.i:
                return False  # through "xcomp": "accused X of failing to pay"
            head = current.head
            if head.dep_ == "prep" and head.lower_ in ("of", "for", "with", "over"):
                return head.head.lemma_ in self.verbs.allegation_governors
            current = head
        return False

    # --- the events ---------------------------------------------------------------------------------
    def _events(self, tok: Token, coding: Coding, pattern: VerbPattern, sources, targets, actors, article_id,
                is_noun: bool = False) -> list[Event]:
        try:
            entry = cameo.lookup(coding.code)
        except KeyError:
            return []
        reciprocal = pattern.reciprocal or bool(coding.noun_pattern and coding.noun_pattern.reciprocal)
        main = self._in_main_clause(tok)
        directions = [(sources, targets, False)]
        known_targets = [t for t in targets if t.country or t.sector]
        if reciprocal and sources and known_targets and coding.own_recipient:
            directions.append((known_targets, sources, True))  # "A met B": B met A too
        elif reciprocal and len(sources) > 1 and not targets and coding.code[:2] in MUTUAL_ROOTS:
            # "Qatar and Jordan held talks": each with the other, the pair as written.
            pair = _joint_span(tok.doc, sources)
            directions = [([replace(s, **pair)], [replace(o, **pair) for o in sources if o is not s], i > 0)
                          for i, s in enumerate(sources)]
        events = []
        sent = tok.sent
        sent_start = sent.start_char
        # a slice of the article text is sent.text without joining its tokens again; the paragraph break
        # after a sentence is not part of it
        sent_text = doc_text(tok.doc)[sent_start:sent.end_char].rstrip()
        first = _hyphenated_start(tok)
        reverse = (coding.noun_pattern.reverse_code if coding.noun_pattern else None) or pattern.reverse_code
        for actor, recipient, mirrored in directions:
            code = reverse if mirrored and reverse and coding.code == pattern.code else coding.code
            entry = cameo.lookup(code)
            confidence = self._confidence(coding, actor, recipient, is_noun, main, mirrored)
            events.append(Event(
                id=content_id(article_id, tok.idx, code, mirrored and actor[0].name),
                article_id=article_id,
                sentence=sent_text,
                start=sent_start,
                end=sent_start + len(sent_text),
                event=entry.plover or "",
                cameo=code,
                mode=entry.mode,
                context=entry.context,
                quad_class=entry.quad_class,
                goldstein=entry.goldstein,
                actor=[replace(a) for a in actor],
                recipient=[replace(r) for r in recipient],
                negated=coding.negated,
                hypothetical=coding.hypothetical,
                confidence=confidence,
                trigger=doc_text(tok.doc)[first.idx:tok.idx + len(tok.text)],
                trigger_start=first.idx,
                trigger_end=tok.idx + len(tok.text),
            ))
        return events

    def _in_main_clause(self, tok: Token) -> bool:
        """The trigger carries its sentence: the root, conjoined with it, its complement, or the content of a
        reporting verb ("X said it would ...")."""
        current = tok
        for _ in range(4):
            if current.dep_ == "ROOT" or misparsed_main(current) or headline_passive(current):
                return True
            if current.dep_ in SUBORDINATE_DEPS:
                return False
            if current.dep_ == "ccomp" and current.head.lemma_ not in self.verbs.speech_verbs:
                return False
            current = current.head
        return False

    @staticmethod
    def _confidence(coding: Coding, sources, targets, is_noun: bool, main: bool, mirrored: bool) -> float:
        score = 0.4
        if sources:
            score += 0.05 + (0.15 if any(s.country for s in sources) else 0.0)
        if targets:
            score += 0.08 + (0.05 if any(t.country for t in targets) else 0.0)
        if not coding.code.endswith("0"):
            score += 0.05
        score += 0.1 if main else -0.1
        if any(s.text.lower() in PRONOUN_WORDS for s in sources):
            score -= 0.05
        if coding.hypothetical:
            score -= 0.2
        if coding.negated:
            score -= 0.15
        if is_noun:
            score -= 0.1
        if mirrored:
            score -= 0.05
        return max(0.05, min(0.99, round(score, 3)))


def _hyphenated_start(tok: Token) -> Token:
    """The first word of a hyphenated compound the tokenizer split ("shoot-out" ends in "out")."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and not doc[tok.i - 2].whitespace_:
        return doc[tok.i - 2]
    return tok


def _without_bare_repeats(events: list[Event]) -> list[Event]:
    """An event with neither actor nor recipient that its sentence also tells with them is the same act told
    twice ("a bomb exploded, killing two soldiers"): keep the telling that names who."""
    told = {(e.start, e.event) for e in events if e.actor or e.recipient}
    return [e for e in events if e.actor or e.recipient or (e.start, e.event) not in told]


def _joint_span(doc: Doc, refs: list[ActorRef]) -> dict:
    """The coordinated phrase that names several actors together ("India and Pakistan")."""
    starts = [r.start for r in refs if r.start is not None]
    ends = [r.end for r in refs if r.end is not None]
    if not starts or not ends:
        return {}
    start, end = min(starts), max(ends)
    return {"text": doc_text(doc)[start:end], "start": start, "end": end}
