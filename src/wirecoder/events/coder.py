"""The event coder: dependency patterns over one parsed article.

For each trigger (a verb or event noun from verbs.yaml, found with one spaCy Matcher):
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

from dataclasses import dataclass, replace

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from wirecoder.actors.resolve import DocActors
from wirecoder.events import cameo
from wirecoder.events.patterns import VerbLexicon, VerbPattern
from wirecoder.model import ActorRef, Event, content_id

SUBJECT_DEPS = ("nsubj", "csubj")
CLIMB_DEPS = {"xcomp", "conj", "advcl", "pcomp", "prep", "acl", "ccomp", "dep", "acomp", "attr", "oprd"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}  # "wo" is the "won" of "won't"
CONDITIONAL_AUX = {"would", "'d"}  # the future of reported speech ("said they would meet")
UNCERTAIN_AUX = {"may", "might", "could", "can"}
OBLIGATION_AUX = {"must": "request", "should": "appeal", "ought": "appeal"}
CONDITION_MARKS = {"if", "unless"}
UNREALISED_MARKS = {"if", "unless", "before", "until", "once", "lest"}  # clauses not (yet) realised
REFLEXIVES = {"himself", "herself", "itself", "themselves", "oneself"}
# Controls whose verb's object does what the to-infinitive says ("asked Sudani to help").
OBJECT_CONTROL = {"request", "appeal", "order", "intent"}
ARGUMENT_DEPS = {"dobj", "pobj", "prep", "conj", "appos", "nsubjpass", "attr", "dative", "pcomp"}
MODIFIER_DEPS = {"amod", "compound", "nmod"}
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
THREAT_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}  # "will ... " of these is a threat
# Where a nominal event stands as a fact of its own ("Israel's attack on Gaza killed ..."), not as background
# ("since last month's US invasion").
NOMINAL_EVENT_DEPS = {"nsubj", "nsubjpass", "ROOT", "dobj", "conj", "appos", "attr"}
NOUN_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}  # where a mis-tagged "offensive" is still a noun
# "X and Y met", "X and Y signed an agreement", "X and Y clashed": each did it to the other
MUTUAL_ROOTS = {"03", "04", "05", "06", "19"}
SUBORDINATE_DEPS = {"advcl", "relcl", "acl", "pcomp", "pobj", "csubj", "amod", "npadvmod"}
RECIPIENT_FALLBACK = ("in",)  # "lifted a curfew in Montenegro": the place acted upon
INNER_RECIPIENT = ("dobj", "with", "to", "in", "on", "against")  # an embedded verb's recipient slots
PRONOUN_WORDS = {"he", "she", "it", "they", "him", "her", "them", "its", "their", "his", "who", "which", "that"}


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


class EventCoder:
    """Compiled once per process from a verb lexicon; `code(doc, actors, article_id)` per article."""

    def __init__(self, vocab, verbs: VerbLexicon):
        self.verbs = verbs
        self.matcher = Matcher(vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(verbs.verb_heads)}, "POS": {"IN": ["VERB"]}}]])
        if verbs.nouns:
            heads = sorted(verbs.noun_heads)
            self.matcher.add("NOUN", [[{"LEMMA": {"IN": heads}, "POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}],
                                      [{"LOWER": {"IN": heads}, "POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}]])
        self.verb_id = vocab.strings["VERB"]
        # "Russia said Sudan must return the helicopter": a demand even when "return" were no trigger
        self.obligations = Matcher(vocab)
        self.obligations.add("MUST", [[{"LOWER": {"IN": sorted(OBLIGATION_AUX)}, "DEP": "aux"}]])

    def triggers(self, doc: Doc) -> list[Trigger]:
        headlines = set(doc._.wc_headlines or ())
        found: dict[int, Trigger] = {}
        for match_id, start, _ in self.matcher(doc):
            tok = doc[start]
            if tok.sent.start in headlines or start in found:
                continue
            if match_id == self.verb_id:
                particles = [c.lower_ for c in tok.children if c.dep_ == "prt"]
                pattern = self.verbs.verb_pattern(tok.lemma_, particles)
                if pattern is not None:
                    found[start] = Trigger(tok, pattern)
            else:
                pattern = self.event_noun(tok)
                if pattern is not None:
                    found[start] = Trigger(tok, pattern, is_noun=True)
        return [found[i] for i in sorted(found)]

    def event_noun(self, tok: Token) -> VerbPattern | None:
        if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "ADJ" and tok.dep_ in NOUN_DEPS):
            return None
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
            # "cease-fire", "cyber-attacks": a hyphenated compound the tokenizer split
            found = self.verbs.nouns.get(f"{doc[tok.i - 2].lower_}-{tok.lemma_.lower()}") or self.verbs.nouns.get(
                f"{doc[tok.i - 2].lower_}-{tok.lower_}")
            if found is not None:
                return found
        modifier = next((c.lower_ for c in tok.lefts if c.dep_ in ("compound", "amod") and c.i == tok.i - 1), None)
        return self.verbs.noun_pattern(tok.lower_, tok.lemma_.lower(), modifier)

    @staticmethod
    def noun_code(noun: Token, pattern: VerbPattern) -> str | None:
        """An event noun's code, refined by its own preposition ("a strike on Gaza" is military)."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in pattern.prep:
                return pattern.prep[child.lower_]
        return pattern.code

    def code(self, doc: Doc, actors: DocActors, article_id: str) -> list[Event]:
        triggers = self.triggers(doc)
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
        for _, start, _ in self.obligations(doc):
            verb = doc[start].head
            if verb.i not in by_token and verb.i not in consumed and verb.sent.start not in headlines:
                events.extend(self._code_demand(verb, OBLIGATION_AUX[doc[start].lower_], actors, article_id))
        consumed_starts = {doc[i].idx for i in consumed}
        return [e for e in events if e.trigger_start not in consumed_starts]

    # --- one verb -----------------------------------------------------------------------------------
    def _code_verb(self, trig: Trigger, by_token, consumed, actors: DocActors, article_id) -> list[Event]:
        tok, pattern = trig.token, trig.pattern
        coding = self._read(tok, pattern, by_token, consumed)
        if coding is None:
            return []
        passive_participle = tok.dep_ == "acl" and tok.tag_ == "VBN"
        if passive_participle and coding.code[:2] < "14" and not any(c.dep_ == "agent" for c in tok.children):
            return []  # "two men sought in the killing", "officials accused of ...": no act is reported
        sources, targets = self._participants(tok, pattern, coding, actors)
        if coding.demand_by is not None:
            # "Russia said Sudan must return the helicopter": Russia demands it of Sudan.
            targets = sources
            sources = self._sources(coding.demand_by, actors)
        if not sources and not targets:
            return []
        if pattern.requires_recipient and not targets:
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
                if inner_code is None and embedded.dep_ == "ccomp" and isinstance(pattern.that_clause, str):
                    code = pattern.that_clause  # "agree with X that ...": an opinion shared
                if code is None:
                    consumed.add(embedded.i)  # "failed to renew the embargo" renews nothing
                    return None
                coding = Coding(code, embedded=embedded,
                                noun=inner_coding.noun if inner_coding else None,
                                noun_pattern=inner_coding.noun_pattern if inner_coding else None)
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
        obj = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None:
            modifier = next((c.lower_ for c in obj.lefts if c.dep_ in ("compound", "amod")), None)
            for key in ((f"{modifier} {obj.lemma_}" if modifier else None), obj.lemma_.lower(), obj.lower_):
                if key and key in pattern.object:
                    code = pattern.object[key]
                    return Coding(code, noun=obj, noun_pattern=self.event_noun(obj)) if code else None
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

    def _carried_noun(self, tok: Token, pattern: VerbPattern, children) -> Coding | None:
        """The code of an event noun the verb carries: a light verb's object ("launched an attack"), or one a
        table reshapes ("rejected the proposal for talks")."""
        if pattern.table is None and pattern.lemma not in self.verbs.light_verbs:
            return None
        candidates = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
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
        """The verb an event noun governs: "an offer to host talks", "its demand that Israel ease ..."."""
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX") and any(
                    g.dep_ in ("aux", "mark") and g.lower_ in ("to", "that") for g in child.children):
                return child
        return None

    def _complement(self, tok: Token, pattern: VerbPattern) -> Token | None:
        """The embedded verb a control verb governs: "pressed Iraq to crack down", "rejected holding talks",
        "demanded that Sudan return"."""
        if not pattern.control:
            return None
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
            if current.dep_ not in ("pcomp", "advcl", "conj", "acl") or current.head is current:
                return False
            head = current.head
            if head.dep_ == "prep" and head.lower_ in ("of", "for", "with", "over"):
                return head.head.lemma_ in self.verbs.allegation_governors
            current = head
        return False

    # --- one noun -----------------------------------------------------------------------------------
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

    # --- who ----------------------------------------------------------------------------------------
    def _participants(self, tok: Token, pattern: VerbPattern, coding: Coding, actors: DocActors):
        slots = coding.noun_pattern.recipient + pattern.recipient if coding.noun_pattern else pattern.recipient
        passive_subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head is not tok:
            passive_subject = tok.head  # "foreign nationals detained in the UK": a passive participle's noun
        if passive_subject is not None and self._intent_word(tok):
            # "the US was committed to ...": an adjectival passive, its subject acts
            source_heads, passive_subject = [passive_subject], None
            candidates = list(self._recipient_slots(tok, pattern.recipient))
        elif passive_subject is not None and passive_subject is not coding.noun:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            source_heads = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
            candidates = [[passive_subject]]
        elif coding.embedded is not None:
            # "agreed to lift its ban on US poultry": the noun is the complement's, not the trigger's
            source_heads = None
            candidates = list(self._recipient_slots(tok, pattern.recipient))
        else:
            source_heads = None
            candidates = list(self._recipient_slots(tok, slots, coding.noun))
        own = len(candidates)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        obj_pattern = self.event_noun(obj) if obj is not None and coding.noun is None else None
        if obj_pattern is not None:
            # "ratified an agreement with the EU": the object's own recipient
            candidates += list(self._recipient_slots(tok, obj_pattern.recipient, obj))
        if coding.noun is not None:
            candidates += list(self._recipient_slots(tok, INNER_RECIPIENT, coding.noun))  # "offer of talks with X"
        if coding.embedded is not None:
            inner = coding.noun_pattern.recipient if coding.noun_pattern else ()
            candidates += list(self._recipient_slots(coding.embedded, inner + INNER_RECIPIENT))
        if source_heads is None:
            sources = self._sources(tok, actors)
        else:
            sources = self._resolve_all(source_heads, actors)
        targets, slot = self._pick_recipients(candidates, sources, actors)
        coding.own_recipient = slot < own
        if not targets and sources and coding.demand_by is None:
            # "lifted a curfew in Montenegro": the country acted upon
            fallback = [h for heads in self._recipient_slots(tok, RECIPIENT_FALLBACK, coding.noun) for h in heads]
            targets = [t for t in self._without(self._resolve_all(fallback, actors, owners=False), sources)
                       if t.country]
        return sources, targets

    def _pick_recipients(self, candidates: list[list[Token]], sources, actors: DocActors):
        """The actors of the first slot that names any, and that slot's place: "eased sanctions against Burma"
        passes over the sanctions to Burma."""
        for i, heads in enumerate(candidates):
            refs = self._without(self._resolve_all(heads, actors), sources)
            if refs:
                return refs, i
        return [], len(candidates)

    @staticmethod
    def _without(targets: list[ActorRef], sources: list[ActorRef]) -> list[ActorRef]:
        names = {s.name for s in sources}
        return [t for t in targets if t.name not in names]

    def _sources(self, tok: Token, actors: DocActors) -> list[ActorRef]:
        """The actors of the first subject candidate that names any."""
        for heads in self._subject_candidates(tok):
            refs = self._resolve_all(heads, actors)
            if refs:
                return refs
        return []

    def _subject_candidates(self, tok: Token):
        """Who does `tok`, nearest first: its subject (through auxiliaries, conjoined and embedded clauses);
        for a relative or participial clause its noun, then that noun's own clause ("the PKK issued a
        declaration demanding ...")."""
        current, raised = tok, False
        for _ in range(6):
            subj = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
            if not subj:  # the parser sometimes hangs the subject on the auxiliary ("X however have opposed")
                subj = [g for c in current.children if c.dep_ == "aux" for g in c.children if g.dep_ in SUBJECT_DEPS]
            if not subj and raised:  # "Turkey is expected to attack": the raised subject of a passive
                subj = [c for c in current.children if c.dep_ == "nsubjpass"]
            if subj:
                yield subj
                # a clause as subject ("the Red Cross operating in Iraq said"): its own subject
                yield [g for c in subj if c.pos_ == "VERB" for g in c.children if g.dep_ in SUBJECT_DEPS]
                return
            if current.dep_ in ("relcl", "acl") and current.head is not current:
                noun = current.head
                if current.dep_ == "acl" and current.tag_ == "VBN":
                    return  # "Africans hit by famine": the noun is acted upon; only an agent acts
                if noun.dep_ != "attr":
                    yield [noun]  # "the troops who attacked", "a report accusing the army"
                if noun.dep_ in ("attr", "dobj"):
                    current = noun.head  # "Türkiye was the first state to send ...", "issued a declaration demanding"
                elif noun.dep_ == "pobj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
                    current = noun.head.head  # "were converging for a rally to protest": the ralliers protest
                else:
                    return
                continue
            if current.dep_ == "xcomp" and self._object_control(current.head):
                # "asked Sudani to help": the governor's object does the embedded act.
                obj = [c for c in current.head.children if c.dep_ == "dobj"]
                if obj:
                    yield obj
                    return
            if current.dep_ not in CLIMB_DEPS or current.head is current:
                return
            raised = current.dep_ == "xcomp"
            current = current.head

    def _object_control(self, governor: Token) -> bool:
        pattern = self.verbs.verbs.get(governor.lemma_)
        return governor.lemma_ in self.verbs.object_control_verbs or (
            pattern is not None and pattern.control in OBJECT_CONTROL)

    def _subject_heads(self, tok: Token) -> list[Token]:
        return next(self._subject_candidates(tok), [])

    def _recipient_slots(self, tok: Token, slots, noun: Token | None = None):
        """For each recipient slot in order, the heads found there."""
        children = list(tok.children)
        # "held talks with Vietnam", "launched an attack on Gaza": the preposition hangs on the noun.
        carriers = [noun] if noun is not None else [c for c in children if c.dep_ == "dobj"]
        if noun is not None:
            # "a suspension of air links with Serbia": the preposition hangs on the noun's of-phrase
            carriers += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                         for p in c.children if p.dep_ == "pobj"]
        children += [g for c in carriers for g in c.children if g.dep_ == "prep"]
        for slot in slots:
            if slot in ("dobj", "dative"):
                found = [c for c in children if c.dep_ == slot and c.pos_ != "ADP"]
                if slot == "dobj" and noun is None and not found:
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
                yield found

    def _recipient_heads(self, tok: Token, slots, noun: Token | None = None) -> list[Token]:
        return next(self._recipient_slots(tok, slots, noun), [])

    def _resolve_all(self, heads: list[Token], actors: DocActors, owners: bool = True) -> list[ActorRef]:
        out: list[ActorRef] = []
        seen = set()
        for head in heads:
            for tok in [head, *_conjuncts(head)]:
                for ref in actors.actors_at(tok, owners=owners):
                    if (ref.name, ref.country) not in seen:
                        seen.add((ref.name, ref.country))
                        out.append(ref)
        return out

    # --- how ----------------------------------------------------------------------------------------
    def _intent_governor(self, tok: Token) -> Token | None:
        """ "ready to invest", "willingness to help", "committed to opening": what makes the act an intent."""
        head = tok.head
        if head is tok:
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
            if current.dep_ != "conj" or current.head is current:
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
        sent_text = tok.sent.text.rstrip()  # the paragraph break after a sentence is not part of it
        sent_start = tok.sent.start_char
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
                trigger=tok.text,
                trigger_start=tok.idx,
                trigger_end=tok.idx + len(tok.text),
            ))
        return events

    def _in_main_clause(self, tok: Token) -> bool:
        """The trigger carries its sentence: the root, conjoined with it, its complement, or the content of a
        reporting verb ("X said it would ...")."""
        current = tok
        for _ in range(4):
            if current.dep_ == "ROOT":
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


def _joint_span(doc: Doc, refs: list[ActorRef]) -> dict:
    """The coordinated phrase that names several actors together ("India and Pakistan")."""
    starts = [r.start for r in refs if r.start is not None]
    ends = [r.end for r in refs if r.end is not None]
    if not starts or not ends:
        return {}
    start, end = min(starts), max(ends)
    return {"text": doc.text[start:end], "start": start, "end": end}


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    for child in tok.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out
