"""Who does an event to whom: subjects through passives, relatives and embedded clauses; recipients where
the verb's pattern says."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.actors.resolve import DocActors
from wirecoder.events.grammar import (
    CLIMB_DEPS,
    CONDITION_MARKS,
    DEMAND_ROOTS,
    INNER_RECIPIENT,
    OBJECT_CONTROL,
    RECIPIENT_FALLBACK,
    SUBJECT_DEPS,
    clause_subjects,
    conjuncts,
    harmed_subject,
    headline_harm,
    misparsed_main,
    misparsed_subject,
    particle_quantity,
    prep_objects,
    resultative_without_object,
)
from wirecoder.events.patterns import VerbPattern
from wirecoder.events.records import Coding
from wirecoder.model import ActorRef
from wirecoder.nlp.text import doc_text


THREAT_ROOT = "13"

# Prepositions on an object noun that name whom the act is done to ("action against X", "calls by X").
OBJECT_PREPS = ("against", "on", "upon", "with", "to", "toward", "towards", "for", "by", "over", "into")


class Participants:
    """A part of ``EventCoder`` (coder.py): it uses the coder's lexicon (``self.verbs``) and its other parts."""

    def _participants(self, tok: Token, pattern: VerbPattern, coding: Coding, actors: DocActors):
        slots = coding.noun_pattern.recipient + pattern.recipient if coding.noun_pattern else pattern.recipient
        passive_subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i != tok.i and not misparsed_main(tok):
            passive_subject = tok.head  # "foreign nationals detained in the UK": a passive participle's noun
        if passive_subject is None and resultative_without_object(tok):
            # "two herders shot dead near the well": a headline passive, its subject is the one shot
            passive_subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if passive_subject is None and headline_harm(tok, self.verbs.transitive_harms):
            passive_subject = harmed_subject(tok)  # "5 killed, 3 wounded in an ambush"
        if passive_subject is None and tok.dep_ == "conj" and tok.tag_ == "VBN" and not any(
                c.dep_ in SUBJECT_DEPS for c in tok.children):
            # "was tied up and beaten by soldiers": the conjoined participle shares the passive's subject
            passive_subject = next((c for c in tok.head.children if c.dep_ == "nsubjpass"), None)
        if passive_subject is not None and coding.noun is not None and pattern.lemma in self.verbs.light_verbs \
                and coding.noun.dep_ == "pobj":
            # "were engaged in ethnic cleansing against X": a state of doing it, its subject acts
            source_heads, passive_subject = [passive_subject], None
            candidates = list(self._recipient_slots(tok, slots, coding.noun))
        elif passive_subject is not None and self._intent_word(tok):
            # "the US was committed to ...": an adjectival passive, its subject acts
            source_heads, passive_subject = [passive_subject], None
            candidates = list(self._recipient_slots(tok, pattern.recipient))
        elif passive_subject is not None and passive_subject is not coding.noun:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            if agent is None and tok.dep_ == "conj":
                agent = next((c for c in tok.head.children if c.dep_ == "agent"), None)  # "shot and killed by"
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
            if coding.noun is not None and coding.code[:2] in DEMAND_ROOTS:
                # "repeated its demand that Kenya lift the curfew": the clause's subject is the one asked
                candidates.append(clause_subjects(coding.embedded, pronouns=False))
            inner = coding.noun_pattern.recipient if coding.noun_pattern else ()
            candidates += list(self._recipient_slots(coding.embedded, inner + INNER_RECIPIENT))
        holders = [passive_subject, *([obj, *conjuncts(obj)] if obj is not None else ())]
        for holder in holders:
            # "threatened further action against Russia", "rejected calls by Morocco's rulers", "a camp for
            # refugees was attacked", "fired rockets and mortars against X": whom the object (any of its
            # conjuncts, or a passive's subject) is against, for, with or by
            if holder is not None and holder.pos_ in ("NOUN", "PROPN"):
                candidates += [prep_objects(prep) for prep in holder.children
                               if prep.dep_ == "prep" and prep.lower_ in OBJECT_PREPS]
        carrier = coding.noun if coding.noun is not None else obj
        for prep in [*tok.children, *(carrier.children if carrier is not None else ())]:
            # "began a hunger strike in protest against Sweden's decision": an event noun in the verb's phrase
            for noun in (p for p in prep.children if prep.dep_ == "prep" and p.dep_ == "pobj"):
                noun_pattern = self.event_noun(noun)
                if noun_pattern is not None:
                    candidates += list(self._recipient_slots(noun, noun_pattern.recipient))
        if coding.code[:2] == THREAT_ROOT:
            # "threatened to quit the talks if the US deploys the missiles": a threat is made to whoever its
            # condition names, when nothing else does
            candidates += [_condition_subjects(c) for c in (tok, coding.embedded) if c is not None]
        if source_heads is None:
            sources = self._sources(tok, actors)
        else:
            sources = self._resolve_all(source_heads, actors, agent=True)
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
            heads = [h for h in heads if actors.noun_class(h) != "weapon"]  # one fires rockets, not at them
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
            refs = self._resolve_all(heads, actors, agent=True)
            if refs:
                return _apposed_subject(heads, refs)
        return []

    def _subject_candidates(self, tok: Token):
        """Who does `tok`, nearest first: its subject (through auxiliaries, conjoined and embedded clauses);
        for a relative or participial clause its noun, then that noun's own clause ("the PKK issued a
        declaration demanding ...")."""
        current, raised = tok, False
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None and any(c.dep_ == "auxpass" for c in tok.children) and not any(
                c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in tok.children):
            # "..., a thief was beaten up by locals" with the subject misread as an apposition: the agent acts
            yield [c for c in agent.children if c.dep_ == "pobj"]
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
            if misparsed_main(current):
                yield [misparsed_subject(current)]
                return
            if current is not tok and any(c.dep_ == "nsubjpass" for c in current.children):
                # "a camp was attacked by X, killing ten": the doer of a passive is its agent, never the
                # subject of a clause above it ("..., aid workers said")
                agent = next((c for c in current.children if c.dep_ == "agent"), None)
                if agent is not None:
                    yield [c for c in agent.children if c.dep_ == "pobj"]
                return
            if current.dep_ in ("relcl", "acl") and current.head.i != current.i:
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
            if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
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
                found = [c for c in children if c.dep_ == slot and c.pos_ != "ADP"
                         and (noun is None or (c is not noun and noun not in conjuncts(c)))]
                if slot == "dobj" and not found:
                    found = particle_quantity(tok)  # "kidnapped up to 16 advisers"
                if slot == "dobj" and noun is None and not found:
                    # "help Syria rebuild", "allow Iraq to buy": the object is the subject of the complement.
                    found = [g for c in children if c.dep_ in ("ccomp", "xcomp")
                             for g in c.children if g.dep_ == "nsubj" and g.pos_ != "PRON"]
                if slot == "dative":
                    found += [p for c in children if c.dep_ == "dative" and c.pos_ == "ADP"
                              for p in c.children if p.dep_ == "pobj"]
            else:
                found = [p for c in children if c.dep_ in ("prep", "dative") and c.lower_ == slot
                         for p in prep_objects(c)]
            if found:
                yield found

    def _recipient_heads(self, tok: Token, slots, noun: Token | None = None) -> list[Token]:
        return next(self._recipient_slots(tok, slots, noun), [])

    def _resolve_all(self, heads: list[Token], actors: DocActors, owners: bool = True,
                     agent: bool = False) -> list[ActorRef]:
        """The actors the phrases headed by `heads` and their conjuncts name; in an `agent` slot any phrase
        for people counts ("taxi drivers"), known to the lexicon or not."""
        out: list[ActorRef] = []
        seen = set()
        for head in heads:
            for tok in [head, *conjuncts(head)]:
                for ref in (actors.agents_at(tok) if agent else actors.actors_at(tok, owners=owners)):
                    if (ref.name, ref.country) not in seen:
                        seen.add((ref.name, ref.country))
                        out.append(ref)
        return out


def _condition_subjects(verb: Token) -> list[Token]:
    """The subjects of the "if" and "unless" clauses hanging on `verb`."""
    return [subject for clause in verb.children if clause.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in clause.children)
            for subject in clause_subjects(clause)]


def _apposed_subject(heads: list[Token], refs: list[ActorRef]) -> list[ActorRef]:
    """ "Ghana's foreign minister, Kofi Mensah launched ...": the parser reads a title and the name after it
    (its closing comma missing) as two subjects; they are one actor, written across both."""
    if len(heads) != 2 or any(h.dep_ != "nsubj" for h in heads) or heads[0].i > heads[1].i:
        return refs
    first, second = heads
    doc = first.doc
    between = doc[first.right_edge.i + 1:second.left_edge.i]
    if len(between) != 1 or between[0].text != "," or first.pos_ != "NOUN" or second.pos_ != "PROPN":
        return refs
    best = max(refs, key=lambda r: (r.country is not None, r.sector is not None))
    start, end = first.left_edge.idx, second.right_edge.idx + len(second.right_edge.text)
    return [ActorRef(text=doc_text(doc)[start:end], name=best.name, country=best.country, sector=best.sector,
                     start=start, end=end, country_source=best.country_source)]
