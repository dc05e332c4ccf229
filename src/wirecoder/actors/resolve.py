"""Mentions -> actors: who a noun phrase is, with country and sector, on the article's date.

``DocActors`` is built once per parsed article.  It first reads every named person's role from its
premodifiers and appositions ("US Secretary of State Antony Blinken", "Ayman al-Safadi, Jordan's foreign
minister") so that later bare mentions ("Blinken", "the foreign minister", "he") inherit them; then it answers
``actor_at(token)`` / ``actors_at(token)`` for the events stage and ``resolve_span(span)`` for the quotes stage.

An ActorRef's ``text``/``start``/``end`` cover the whole noun phrase as written ("the US Secretary of State Rex
Tillerson", "Thousands of Kenyans"), while its ``name`` stays canonical.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from wirecoder.nlp.text import doc_text
from wirecoder.actors.classes import NounClasses, load_noun_classes
from wirecoder.actors.lexicon import ActorLexicon, LexiconActor, phrase_key
from wirecoder.model import ActorRef, Entity

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "appos", "punct", "cc", "conj", "prep"}
SPEECH_LEMMAS = {"say", "tell", "add", "state", "announce", "note", "stress", "insist", "claim", "warn", "report"}
ROLE_DROP = {"DET", "PART", "PUNCT"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Left dependents that are not part of the noun phrase as an actor ("both India", "Hours earlier Maduro").
NP_LEFT_SKIP = {"preconj", "cc", "punct", "advmod", "npadvmod", "mark", "aux", "neg", "nsubj", "prep"}
# Right dependents that still belong to it: "of"-phrases and the like, appositions, acronyms in brackets.
NP_RIGHT_PREPS = {"of", "from"}
REPORTED_PREPS = {"in", "near", "at", "inside"}  # a place that belongs to an actor's phrase as reported
NP_RIGHT_DEPS = {"appos", "compound", "nummod", "case"}
# Entity labels (or none) under which an unknown proper name may still be an actor.
UNKNOWN_NAME_LABELS = {"", "ORG", "PERSON", "NORP", "FAC", "PRODUCT"}
# Noun classes whose words are people: civilians as actors ("taxi drivers", "hundreds marched").
PEOPLE_CLASSES = ("people", "quantities")
# Things an unknown name can be too ("IED", "VBIED" tagged ORG): never actors unless the lexicon knows the name.
# Not facilities, goods or reports: "the Supreme Court", "Indian Oil", "the Daily News" act.
THING_NAME_CLASSES = frozenset({"weapon", "hazard", "body"})
# Plural endings of words for people doing something ("hawkers", "lecturers", "loyalists", "tribesmen"): in an
# agent slot, an unknown noun with one of them acts.
AGENTIVE_PLURALS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "men")
# How an actor's country is known (ActorRef.country_source); "context" is set later, by actors.context.
EXPLICIT, LEXICON = "explicit", "lexicon"
# Where an unnamed actor is ("protesters in Baghdad", "diplomats from Poland"): its country.
LOCATIVE_PREPS = {"in", "from", "of", "inside"}


@dataclass
class Profile:
    """What the article says about one named actor."""

    name: str
    label: str
    role: str | None = None
    country: str | None = None
    sector: str | None = None
    aliases: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    country_source: str | None = None  # "explicit" or "lexicon" (see ActorRef)

    def ref(self, text: str, start: int | None = None, end: int | None = None) -> ActorRef:
        return ActorRef(text=text, name=self.name, country=self.country, sector=self.sector, start=start, end=end,
                        country_source=self.country_source if self.country else None)


def _source(country: str | None, how: str) -> str | None:
    return how if country else None


class DocActors:
    def __init__(self, doc: Doc, lexicon: ActorLexicon, reference_date: str | None = None,
                 classes: NounClasses | None = None):
        self.doc = doc
        self.lexicon = lexicon
        self.classes = classes or load_noun_classes()
        self.date = reference_date
        self.canonical: dict[int, str] = doc._.wc_canonical or {}
        self.ent_at: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_at[i] = ent
        self.profiles: dict[str, Profile] = {}
        self._resolving: set[int] = set()
        self._answers: dict[tuple[int, bool], list[ActorRef]] = {}  # actors_at, asked again and again
        self._read_profiles()

    # --- building profiles -------------------------------------------------------------------------
    def _read_profiles(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            name, known = self._name_of(ent)
            profile = self.profiles.get(name)
            if profile is None:
                profile = self.profiles[name] = self._new_profile(name, ent.label_, known, ent.root)
            profile.aliases.add(ent.text)
            profile.spans.append((ent.start_char, ent.end_char))
            if ent.label_ == "PERSON":
                role, country = self._role_from_context(ent)
                if role and not profile.role:
                    profile.role = role
                    profile.sector = profile.sector or self.sector_of_words(role)
                if country and not profile.country:
                    profile.country, profile.country_source = country, EXPLICIT

    def _name_of(self, ent: Span) -> tuple[str, LexiconActor | None]:
        known = self.lexicon.lookup(ent.text)
        if ent.start in self.canonical:
            name = self.canonical[ent.start]
            return name, known or self.lexicon.lookup(name)
        if known is not None:
            return known.name, known
        return ent.text, None

    def _new_profile(self, name: str, label: str, known: LexiconActor | None, root: Token | None = None) -> Profile:
        if known is None:
            if label == "ORG":
                # "The Nigerian Union of Teachers", "Kenya Anti-Corruption Commission": what the name says, the
                # head word first (a union, of teachers).
                sector = (self.sector_of_words(root.text) if root is not None else None) or self.sector_of_words(name)
                country = self._country_in_name(name)
                return Profile(name, label, country=country, sector=sector, country_source=_source(country, EXPLICIT))
            return Profile(name, label)
        role, country, sector = known.on(self.date)
        if known.label == "COUNTRY":
            sector = "GOV" if known.kind == "capital" else None
            return Profile(known.name, label, role, country, sector, country_source=EXPLICIT)
        return Profile(known.name, label, role, country, sector, country_source=_source(country, LEXICON))

    def _country_in_name(self, name: str) -> str | None:
        words = phrase_key(name).split(" ")
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                known = self.lexicon.phrases.get(" ".join(words[i:i + size]))
                if known is not None and known.label == "COUNTRY":
                    return known.country
        return None

    def _role_from_context(self, ent: Span) -> tuple[str | None, str | None]:
        """Role and country from premodifiers ("Iraqi Prime Minister X") or an apposition ("X, Jordan's ...")."""
        head = ent.root
        role, country = self._role_words(list(self.doc[head.left_edge.i:ent.start]))
        if role is None:
            for child in head.children:
                if child.dep_ == "appos":
                    role, country2 = self._role_words(list(self.doc[child.left_edge.i:child.i + 1]) +
                                                      _of_phrase(child))
                    country = country or country2
                    break
        return role, country

    def _role_words(self, tokens: list[Token]) -> tuple[str | None, str | None]:
        country = None
        words = []
        for tok in tokens:
            ent = self.ent_at.get(tok.i)
            if ent is not None and ent.label_ in ("GPE", "NORP"):
                known = self.lexicon.lookup(ent.text)
                if known is not None and known.label == "COUNTRY":
                    country = country or known.country
                continue
            if tok.pos_ in ROLE_DROP or tok.tag_ == "POS" or (ent is not None and ent.label_ == "PERSON"):
                continue
            words.append(tok)
        # A role must hold a role noun ("minister", "ruler"); "handout picture" is not one.
        text = " ".join(t.text for t in words).strip()
        if not text or self.sector_of_words(text) is None:
            return None, country
        return text, country

    def sector_of_words(self, text: str) -> str | None:
        """The sector of the most specific role phrase inside `text` ("Prime Minister" -> GOV)."""
        words = phrase_key(text).split(" ")
        for size in (3, 2, 1):
            for i in range(len(words) - size, -1, -1):
                sector = self._role_sector(" ".join(words[i:i + size]))
                if sector:
                    return sector
        return None

    def _role_sector(self, text: str) -> str | None:
        """The sector of `text` as one role phrase of the lexicon, plurals too ("armed groups", "officials")."""
        key = phrase_key(text)
        sector = self.lexicon.agents.get(key)
        if sector is None and key.endswith("s"):
            sector = self.lexicon.agents.get(key[:-1]) or (
                self.lexicon.agents.get(key[:-2]) if key.endswith("es") else None)
        return sector

    # --- answering ---------------------------------------------------------------------------------
    def actor_at(self, head: Token) -> ActorRef | None:
        """The actor a noun phrase headed by `head` refers to, or None if it is not an actor."""
        refs = self.actors_at(head, owners=False)
        return refs[0] if refs else None

    def actors_at(self, head: Token, owners: bool = True) -> list[ActorRef]:
        """Every actor the noun phrase headed by `head` names ("Hungarian and Romanian officials" names two).

        With `owners`, a phrase that is no actor falls back to whose it is: "Syria's energy sector",
        "an Indian proposal", "the removal of President X", "a bombing by the Shabaab group".
        The refs span the whole phrase as written.
        """
        key = (head.i, owners)
        if not self._resolving and key in self._answers:
            return [replace(r) for r in self._answers[key]]  # copies: callers re-span what they get
        refs = self._find_actors(head, owners)
        if not self._resolving:
            self._answers[key] = [replace(r) for r in refs]
        return refs

    def _find_actors(self, head: Token, owners: bool) -> list[ActorRef]:
        refs = self._refs(head)
        spanned = head
        if not refs and owners:
            refs, named_after = self._owner_refs(head)
            spanned = named_after or head  # "calls by Morocco's rulers": the rulers' own phrase
        if refs and spanned.pos_ != "PRON" and spanned.lower_ not in RELATIVE_PRONOUNS:
            span = self.reported_span(spanned)
            for ref in refs:
                ref.text, ref.start, ref.end = span.text, span.start_char, span.end_char
        return refs

    def agents_at(self, head: Token) -> list[ActorRef]:
        """Who acts in an agent slot (a subject, a passive's "by"): an actor as ``actors_at`` finds one, else
        any noun phrase for people the lexicon does not know ("taxi drivers", "hawkers"), with no sector."""
        refs = self.actors_at(head)
        if refs or head.pos_ != "NOUN" or head.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC"):
            return refs
        word = head.lower_
        if self.classes.of(head) is None and word != head.lemma_.lower() and word.endswith(AGENTIVE_PLURALS):
            return [self.unknown_agent(head)]
        return []

    def unknown_agent(self, head: Token) -> ActorRef:
        """The phrase headed by `head`, its leading determiners left out, as an actor nothing else is known of."""
        span = self.np_span(head)
        start = span.start
        while start < head.i and self.doc[start].dep_ in ("det", "predet"):
            start += 1
        span = self.doc[start:span.end]
        return ActorRef(text=span.text, name=span.text, start=span.start_char, end=span.end_char)

    def noun_class(self, head: Token) -> str | None:
        """The class of the noun phrase headed by `head` (noun_classes.yaml), or None."""
        return self.classes.of(head)

    def np_span(self, head: Token) -> Span:
        """The noun phrase headed by `head`: determiners, titles and premodifiers, "of"-phrases, appositions;
        not coordinated phrases, relative clauses or adverbials ("both India and Pakistan" -> "India")."""
        doc = head.doc
        start = head.i
        for child in head.lefts:
            if child.dep_ not in NP_LEFT_SKIP:
                start = min(start, child.left_edge.i)
        end = head.i
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in NP_RIGHT_PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    # "Kenyans from across the region": the object hangs on a second preposition
                    pobj = next((g for c in child.children if c.dep_ == "prep" and c.i == child.i + 1
                                 for g in c.children if g.dep_ == "pobj"), None)
                if pobj is None:
                    break  # a bare preposition never ends the phrase
                end = max(end, self.np_span(pobj).end - 1)
            elif child.dep_ == "appos":
                if any(t.pos_ in ("VERB", "AUX") for t in doc[head.i + 1:child.left_edge.i]):
                    break  # a misattached apposition far to the right ("X eased ..., the scene of ...")
                end = max(end, self.np_span(child).end - 1)  # the apposition's phrase, not its clauses
            elif child.dep_ in NP_RIGHT_DEPS or (child.dep_ == "punct" and child.text in ",()"):
                end = max(end, child.right_edge.i)
            else:
                break
        while end > head.i and doc[end].is_punct and not (doc[end].text == ")" and "(" in doc[start:end].text):
            end -= 1
        ent = self.ent_at.get(head.i)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end - 1)
        return doc[start:end + 1]

    def reported_span(self, head: Token) -> Span:
        """The words an actor is reported as: its noun phrase with the place and the participle that follow
        and belong to it ("the police in the Gaza Strip", "warplanes supported by Russia", "rebels loyal to
        X"); the name is read from ``np_span`` alone."""
        span = self.np_span(head)
        end = span.end - 1
        root = head.sent.root
        # a noun the parser made the sentence's root: its participle is the sentence's predicate ("Over
        # hundreds of traders protested ...", "Three guards killed near the border"), not part of its phrase
        predicate_root = head.i == root.i or (root.pos_ == "ADP" and all(
            t.pos_ in ("ADP", "PUNCT") for t in head.ancestors if t.i != root.i))
        for child in head.rights:
            if child.i <= end:
                continue
            if child.i != end + 1:
                break
            belongs = (child.dep_ == "prep" and child.lower_ in REPORTED_PREPS) or (
                child.dep_ == "acl" and child.tag_ == "VBN" and not predicate_root) or (
                child.dep_ == "amod" and child.lower_ == "loyal")
            if not belongs or any(t.pos_ in ("VERB", "AUX") for t in child.subtree if t.i != child.i):
                break  # never a clause the parser hung on the noun ("gunmen armed with rifles fired ...")
            end = child.right_edge.i
        while end > span.end - 1 and self.doc[end].is_punct:
            end -= 1
        return self.doc[span.start:end + 1]

    def _refs(self, head: Token) -> list[ActorRef]:
        if head.pos_ == "PRON" and head.lower_ not in RELATIVE_PRONOUNS:
            ref = self._pronoun(head)
            return [ref] if ref is not None else []
        ent = self.ent_at.get(head.i)
        if ent is not None and ent.label_ in ACTOR_LABELS:
            ref = self._entity_actor(ent, head)
            return [ref] if ref is not None else []
        if head.lower_ in RELATIVE_PRONOUNS:
            if head.head.dep_ in ("relcl", "acl") and head.head.head.i != head.i:
                refs = self._refs(head.head.head)
                for ref in refs:
                    ref.text, ref.start, ref.end = head.text, head.idx, head.idx + len(head.text)
                return refs
            return []
        if head.lemma_.lower() in self.lexicon.collective_heads or head.lower_ in self.lexicon.collective_heads:
            of = next((p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"), None)
            if of is not None:
                refs = self._refs(of)
                if refs:
                    return refs  # "a group of Moroccan diplomats": the diplomats; else the group itself
        return self._common_noun_actors(head) or self._unknown_name(head)

    def _unknown_name(self, head: Token) -> list[ActorRef]:
        """A proper name the lexicon and the NER do not know as anything else ("UNDOF", "Papandreou"): an actor
        of unknown country unless its name says one."""
        if head.pos_ != "PROPN" or head.ent_type_ not in UNKNOWN_NAME_LABELS or head.is_stop:
            return []
        if head.dep_ in ("compound", "appos") and self.classes.of(head.head) == "facility":
            return []  # "Kobo village", "Tarvel village, Ganda Township": a place is never an actor
        if self.classes.of(head) in THING_NAME_CLASSES:
            return []  # "the VBIED exploded": an acronym for a weapon
        anchor = head.head if head.dep_ in ("conj", "appos") else head
        if not (anchor.dep_ in ("nsubj", "nsubjpass") or (anchor.dep_ == "pobj" and anchor.head.lower_ == "by")):
            return []  # only a name that acts as a subject or agent; a modifier ("Cup clash") is no actor
        span = self.np_span(head)
        words = [t for t in span if t.pos_ == "PROPN"]
        if not words:
            return []
        name = self.doc[words[0].i:words[-1].i + 1].text
        known = self.lexicon.lookup(name)
        if known is not None and known.label != "COUNTRY":  # a known name under a label the NER got wrong
            role, country, sector = known.on(self.date)
            return [ActorRef(text=span.text, name=known.name, country=country, sector=sector,
                             start=span.start_char, end=span.end_char, country_source=_source(country, LEXICON))]
        country = self._country_in_name(name)
        return [ActorRef(text=span.text, name=name, country=country, sector=self.sector_of_words(name),
                         start=span.start_char, end=span.end_char, country_source=_source(country, EXPLICIT))]

    def _owner_refs(self, head: Token) -> tuple[list[ActorRef], Token | None]:
        """Whose a phrase that names no actor is, and the phrase after it that names them ("calls by
        Morocco's rulers"), or None when a premodifier does ("Syria's energy sector")."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return [], None
        for child in head.children:
            if child.dep_ == "poss" and child.pos_ == "PRON" and head.lemma_.lower() in self.lexicon.relational_nouns:
                return [], None  # "its neighbour" is not the owner itself
            if child.dep_ in ("poss", "compound", "nmod") or (
                    child.dep_ == "amod" and child.ent_type_ in ("NORP", "GPE")):
                refs = self._refs(child)
                if refs:
                    return refs, None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        refs = self._refs(pobj) or self._owner_refs(pobj)[0]
                        if refs:
                            return refs, pobj
            if child.dep_ == "acl" and child.tag_ == "VBN":
                # "the rally organised by nurses", "the attack carried out by militants": the doer's
                for pobj in (p for agent in child.children if agent.dep_ == "agent" for p in agent.children
                             if p.dep_ == "pobj"):
                    refs = self.agents_at(pobj)
                    if refs:
                        return refs, pobj
        return [], None

    def _entity_actor(self, ent: Span, head: Token) -> ActorRef | None:
        name, known = self._name_of(ent)
        profile = self.profiles.get(name)
        if profile is None:
            return None
        if ent.label_ == "GPE" and (known is None or known.label != "COUNTRY"):
            return None  # a city that is not a capital acts only through people in it
        if known is None and self.classes.of(ent.root) in THING_NAME_CLASSES:
            return None  # "the IED exploded": an acronym for a weapon, not an organisation
        if known is None and ent.root.dep_ in ("compound", "appos") and self.classes.of(ent.root.head) == "facility":
            return None  # "Dabel village", whatever the NER calls the name: a place is never an actor
        if known is not None and known.kind == "capital" and ent.end < len(self.doc) and \
                self.classes.of(self.doc[ent.end]) == "facility" and self.doc[ent.end].is_lower:
            return None  # "Mogadishu city": the capital named as a place, not its government
        if ent.label_ == "NORP" and (known is None or known.label != "COUNTRY"):
            if head.pos_ in ("PROPN", "NOUN") and head.dep_ not in ("amod", "compound"):
                # "thousands of Kurds", "Shiites marched": a people of no country, acting as civilians
                return ActorRef(text=ent.text, name=name, sector="CVL", start=ent.start_char, end=ent.end_char)
            return None
        ref = profile.ref(ent.text, ent.start_char, ent.end_char)
        if known is not None and known.label == "COUNTRY" and known.kind == "demonym":
            # "Iraqi officials": the demonym names the country, the noun the sector.
            ref.sector = self._modifier_sector(head) or ref.sector
        elif ent.label_ in ("ORG", "PERSON") and ref.country is None:
            ref.country = self._modifier_country(ent.root, skip=ent) or self._locative_country(ent.root)
            ref.country_source = _source(ref.country, EXPLICIT)
        return ref

    def _common_noun_actors(self, head: Token) -> list[ActorRef]:
        if head.pos_ not in ("NOUN", "PROPN"):
            return []
        for child in head.children:
            # "the de facto Syrian leader Ahmed al-Sharaa": the named apposition is the actor.
            if child.dep_ == "appos" and self.ent_at.get(child.i) is not None:
                ent = self.ent_at[child.i]
                if ent.label_ in ("PERSON", "ORG"):
                    ref = self._entity_actor(ent, child)
                    if ref is not None:
                        # "The US commander in Iraq, General David Petraeus": the title says what the name does not
                        if ref.country is None:
                            ref.country = self._modifier_country(head)
                            ref.country_source = _source(ref.country, EXPLICIT)
                        ref.sector = ref.sector or self.sector_of_words(head.lemma_)
                    return [ref] if ref is not None else []
        phrase = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")] + [head]
        sector = (self.sector_of_words(" ".join(t.text for t in phrase))
                  or self.sector_of_words(" ".join(t.lemma_ for t in phrase)) or self.sector_of_words(head.lemma_)
                  or ("CVL" if self.classes.of(head) in PEOPLE_CLASSES else None))
        title_holder = self._title_holder(head, phrase)
        if title_holder is not None:
            return [title_holder]
        if sector is None:
            return []  # "Iraqi territory": a country word on a non-actor noun
        if self._kind_adjective_only(head, phrase):
            return []  # "a military offensive", "official contact", "a general strike": a kind of act, no actor
        start = head.left_edge.i
        while start < head.i and self.doc[start].dep_ in NP_LEFT_SKIP | {"det"}:
            start += 1
        span = self.doc[start:head.i + 1]
        named = self._named_modifier(head)
        if named is not None:
            # "PKK militants", "Barkhane forces": the group named before the noun, with the noun's sector
            # when the group has none of its own
            return [replace(named, text=span.text, start=span.start_char, end=span.end_char,
                            sector=named.sector or sector)]
        countries = self._modifier_countries(head) or self._locative_countries(head) or [None]
        return [ActorRef(text=span.text, name=span.text, country=country, sector=sector, start=span.start_char,
                         end=span.end_char, country_source=_source(country, EXPLICIT)) for country in countries]

    def _kind_adjective_only(self, head: Token, phrase: list[Token]) -> bool:
        """Only an adjective gives the phrase a sector, on a noun that is no agent, place, weapon or goods ("a
        military offensive", "official contact"); a noun modifier says whose ("government policy")."""
        if self.classes.of(head) in (*PEOPLE_CLASSES, "facility", "weapon", "goods"):
            return False  # "military personnel", "a military base", "a military airstrike", "a civilian vehicle"
        for i in range(len(phrase)):  # a role phrase that ends in the head: "officials", "unidentified group"
            if self._role_sector(" ".join(t.text for t in phrase[i:])) or self._role_sector(
                    " ".join(t.lemma_ for t in phrase[i:])):
                return False
        nouns = [t for t in phrase if t.pos_ != "ADJ"]
        return not (self.sector_of_words(" ".join(t.text for t in nouns))
                    or self.sector_of_words(" ".join(t.lemma_ for t in nouns)))

    def _named_modifier(self, head: Token) -> ActorRef | None:
        """The organisation or group named in a noun's premodifiers, when the lexicon or the NER knows it as
        one: "Taliban" in "two Taliban fighters", "Al Shabaab" in "Al Shabaab militants"."""
        modifiers = [t for t in self.doc[head.left_edge.i:head.i] if t.dep_ in ("compound", "nmod", "amod", "poss")
                     or t.head.dep_ in ("compound", "nmod")]
        if not modifiers:
            return None
        words = self.doc[modifiers[0].i:head.i]
        for size in range(min(len(words), self.lexicon.max_words), 0, -1):
            for i in range(len(words) - size + 1):
                known = self.lexicon.lookup(words[i:i + size].text)
                if known is not None and known.label != "COUNTRY":
                    role, country, sector = known.on(self.date)
                    return ActorRef(text=known.name, name=known.name, country=country, sector=sector,
                                    country_source=_source(country, LEXICON))
        for tok in words:
            ent = self.ent_at.get(tok.i)
            if ent is not None and ent.label_ == "ORG" and ent.end <= head.i:
                profile = self.profiles.get(self._name_of(ent)[0])
                if profile is not None:
                    return profile.ref(profile.name)
        return None

    def _title_holder(self, head: Token, phrase: list[Token]) -> ActorRef | None:
        """ "the prime minister" -> the person this article (or the lexicon, by date) gives that role."""
        if not any(t.dep_ == "det" and t.lower_ == "the" for t in head.lefts):
            return None
        title = phrase_key(" ".join(t.text for t in phrase if t.pos_ != "DET"))
        # "the president of Georgia": the office of the country its of-phrase names, not of the article's
        of_country = next((self._country_word(p) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p.dep_ == "pobj"), None)
        for profile in self.profiles.values():
            if profile.label == "PERSON" and profile.role and phrase_key(profile.role).endswith(title):
                ref = profile.ref(head.text, head.left_edge.idx, head.idx + len(head.text))
                if of_country is None or ref.country == of_country:
                    return ref
        if of_country is not None:
            known = self.lexicon.holder_of(title, self.date, country=of_country)
            if known is None:
                return None  # the office of a country the lexicon has no holder for: its sector and country
        else:
            known = self.lexicon.holder_of(title, self.date)
        if known is not None:
            role, country, sector = known.on(self.date)
            return ActorRef(text=self.doc[head.left_edge.i:head.i + 1].text, name=known.name, country=country,
                            sector=sector, start=head.left_edge.idx, end=head.idx + len(head.text),
                            country_source=_source(country, LEXICON))
        return None

    def _modifier_country(self, head: Token, skip: Span | None = None) -> str | None:
        found = self._modifier_countries(head, skip)
        return found[0] if found else None

    def _modifier_countries(self, head: Token, skip: Span | None = None) -> list[str]:
        """Countries named before the head: one, or several when coordinated ("US and British forces")."""
        for tok in head.subtree:
            if tok.i > head.i:
                break
            if skip is not None and skip.start <= tok.i < skip.end:
                continue
            if tok.head.pos_ == "VERB" and tok.head.i != head.i:
                continue  # "Iranian-backed militias" are not Iranian
            country = self._country_word(tok)
            if country is None:
                continue
            found = [country]
            for conj in tok.conjuncts:
                other = self._country_word(conj) if conj.i < head.i else None
                if other is not None and other not in found:
                    found.append(other)
            return found
        return []

    def _country_word(self, tok: Token) -> str | None:
        ent = self.ent_at.get(tok.i)
        if ent is not None and ent.label_ in ("GPE", "NORP"):
            known = self.lexicon.lookup(ent.text)
            if known is not None and known.label == "COUNTRY":
                return known.country
        elif (ent is None or (ent.label_ == "ORG" and tok.i == ent.start)) and \
                tok.dep_ in ("amod", "compound", "nmod") and tok.pos_ in ("ADJ", "PROPN"):
            # a demonym the NER missed ("Radical French farmers") or took into a name ("British Defence")
            known = self.lexicon.lookup(tok.text)
            if known is not None and known.label == "COUNTRY" and known.kind == "demonym":
                return known.country
        return None

    def _locative_country(self, head: Token) -> str | None:
        """ "protesters in Baghdad", "diplomats from Poland": the country where an unnamed actor is."""
        countries = self._locative_countries(head)
        return countries[0] if countries else None

    def _locative_countries(self, head: Token) -> list[str]:
        """The countries of ``_locative_country``, several when coordinated country names follow it
        ("the armies of India and Pakistan" are two actors)."""
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        # "diplomats from Poland", "nurses from two Dutch charities"
                        country = self._country_word(pobj) or self._modifier_country(pobj)
                        if country is not None:
                            found = [country]
                            for conj in pobj.conjuncts:
                                other = self._country_word(conj) if conj.i > pobj.i else None
                                if other is not None and other not in found:
                                    found.append(other)
                            return found
        return []

    def _modifier_sector(self, head: Token) -> str | None:
        if head.pos_ in ("NOUN",):
            return self.sector_of_words(head.lemma_)
        return None

    def _pronoun(self, pron: Token) -> ActorRef | None:
        """Who a pronoun stands for. When its antecedent is named in the same sentence ("Austria said it
        would ..."), the ref spans that name, the mention that says who; else it spans the pronoun."""
        lower = pron.lower_
        # Reported speech: "X said it was ready" - the pronoun is the speaker.
        clause = pron.head
        if clause.dep_ in ("ccomp", "xcomp") and clause.head.lemma_ in SPEECH_LEMMAS:
            speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
            if speaker is not None and speaker.pos_ != "PRON":
                found = self.actors_at(speaker)
                if found:
                    return found[0]
        if lower in PERSON_PRONOUNS:
            person = self.last_person_before(pron.i)
            if person is not None:
                sentence = pron.sent
                here = [(s, e) for s, e in person.spans if sentence.start_char <= s and e <= pron.idx]
                if here:
                    return person.ref(doc_text(self.doc)[here[-1][0]:here[-1][1]], *here[-1])
                return person.ref(pron.text, pron.idx, pron.idx + len(pron.text))
        if lower in GROUP_PRONOUNS and pron.i not in self._resolving:
            self._resolving.add(pron.i)  # a pronoun never resolves through itself
            try:
                group = self._last_group_before(pron)
            finally:
                self._resolving.discard(pron.i)
            if group is not None:
                if group.start is not None and group.start >= pron.sent.start_char:
                    return group  # named earlier in this sentence
                return replace(group, text=pron.text, start=pron.idx, end=pron.idx + len(pron.text))
        return None

    def _last_group_before(self, pron: Token) -> ActorRef | None:
        """ "it", "they": the nearest earlier subject that is a country, organisation or group (not a person),
        in this sentence or the one before."""
        sent = pron.sent
        floor = self.doc[sent.start - 1].sent.start if sent.start > 0 else 0
        for i in range(pron.i - 1, floor - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON" or (
                    tok.left_edge.i <= pron.i <= tok.right_edge.i):
                continue  # "many of them" does not resolve "them"
            ent = self.ent_at.get(tok.i)
            if ent is not None and ent.label_ == "PERSON":
                continue
            refs = self._refs(tok)
            # The nearest subject decides: if it names no actor ("the Tehran-backed group"), neither does "its".
            return refs[0] if refs else None
        return None

    def last_person_before(self, index: int) -> Profile | None:
        for ent in reversed(self.doc.ents):
            if ent.end <= index and ent.label_ == "PERSON":
                return self.profiles.get(self._name_of(ent)[0])
        return None

    def resolve_span(self, span: Span) -> ActorRef | None:
        """A quote speaker: the actor of the span's head, keeping the span's own text."""
        ref = self.actor_at(span.root)
        if ref is None:
            return None
        return replace(ref, text=span.text, start=span.start_char, end=span.end_char)

    def entities(self, article_id: str) -> list[Entity]:
        return [
            Entity(name=p.name, label=p.label, role=p.role, country=p.country, sector=p.sector,
                   mentions=len(p.spans), article_ids=[article_id], aliases=sorted(p.aliases), spans=list(p.spans))
            for p in self.profiles.values()
        ]


def _of_phrase(token: Token) -> list[Token]:
    """The "of State" in "Secretary of State": a role's own prepositional tail."""
    out = []
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "for"):
            out.extend(child.subtree)
    return out
