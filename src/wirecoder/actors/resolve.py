"""Mentions -> actors: who a noun phrase is, with country and sector, on the article's date.

``DocActors`` is built once per parsed article.  It first reads every named person's role from its
premodifiers and appositions ("US Secretary of State Antony Blinken", "Ayman al-Safadi, Jordan's foreign
minister") so that later bare mentions ("Blinken", "the foreign minister", "he") inherit them; then it answers
``actor_at(token)`` for the events stage and ``resolve_span(span)`` for the quotes stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from wirecoder.actors.lexicon import ActorLexicon, LexiconActor, phrase_key
from wirecoder.model import ActorRef, Entity

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "appos", "punct", "cc", "conj", "prep"}
SPEECH_LEMMAS = {"say", "tell", "add", "state", "announce", "note", "stress", "insist", "claim", "warn", "report"}
ROLE_DROP = {"DET", "PART", "PUNCT"}


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

    def ref(self, text: str, start: int | None = None, end: int | None = None) -> ActorRef:
        return ActorRef(text=text, name=self.name, country=self.country, sector=self.sector, start=start, end=end)


class DocActors:
    def __init__(self, doc: Doc, lexicon: ActorLexicon, reference_date: str | None = None):
        self.doc = doc
        self.lexicon = lexicon
        self.date = reference_date
        self.canonical: dict[int, str] = doc._.wc_canonical or {}
        self.ent_at: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_at[i] = ent
        self.profiles: dict[str, Profile] = {}
        self._read_profiles()

    # --- building profiles -------------------------------------------------------------------------
    def _read_profiles(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            name, known = self._name_of(ent)
            profile = self.profiles.get(name)
            if profile is None:
                profile = self.profiles[name] = self._new_profile(name, ent.label_, known)
            profile.aliases.add(ent.text)
            profile.spans.append((ent.start_char, ent.end_char))
            if ent.label_ == "PERSON":
                role, country = self._role_from_context(ent)
                if role and not profile.role:
                    profile.role = role
                    profile.sector = profile.sector or self.sector_of_words(role)
                if country and not profile.country:
                    profile.country = country

    def _name_of(self, ent: Span) -> tuple[str, LexiconActor | None]:
        known = self.lexicon.lookup(ent.text)
        if ent.start in self.canonical:
            name = self.canonical[ent.start]
            return name, known or self.lexicon.lookup(name)
        if known is not None:
            return known.name, known
        return ent.text, None

    def _new_profile(self, name: str, label: str, known: LexiconActor | None) -> Profile:
        if known is None:
            return Profile(name, label)
        role, country, sector = known.on(self.date)
        if known.label == "COUNTRY":
            sector = "GOV" if known.kind == "capital" else None
        return Profile(known.name, label, role, country, sector)

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
                sector = self.lexicon.agents.get(" ".join(words[i:i + size]))
                if sector is None and size == 1 and words[i].endswith("s"):
                    sector = self.lexicon.agents.get(words[i][:-1])
                if sector:
                    return sector
        return None

    # --- answering ---------------------------------------------------------------------------------
    def actor_at(self, head: Token) -> ActorRef | None:
        """The actor a noun phrase headed by `head` refers to, or None if it is not an actor."""
        lower = head.lower_
        if head.pos_ == "PRON":
            return self._pronoun(head)
        ent = self.ent_at.get(head.i)
        if ent is not None and ent.label_ in ACTOR_LABELS:
            return self._entity_actor(ent, head)
        if lower in {"who", "which", "that"} and head.head.dep_ == "relcl":
            return self.actor_at(head.head.head)
        return self._common_noun_actor(head)

    def _entity_actor(self, ent: Span, head: Token) -> ActorRef | None:
        name, known = self._name_of(ent)
        profile = self.profiles.get(name)
        if profile is None:
            return None
        if ent.label_ == "GPE" and (known is None or known.label != "COUNTRY"):
            return None  # a city that is not a capital acts only through people in it
        if ent.label_ == "NORP" and (known is None or known.label != "COUNTRY"):
            return None
        ref = profile.ref(ent.text, ent.start_char, ent.end_char)
        if known is not None and known.label == "COUNTRY" and known.kind == "demonym":
            # "Iraqi officials": the demonym names the country, the noun the sector.
            ref.sector = self._modifier_sector(head) or ref.sector
        elif ent.label_ in ("ORG", "PERSON") and ref.country is None:
            ref.country = self._modifier_country(ent.root, skip=ent)
        return ref

    def _common_noun_actor(self, head: Token) -> ActorRef | None:
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in head.children:
            # "the de facto Syrian leader Ahmed al-Sharaa": the named apposition is the actor.
            if child.dep_ == "appos" and self.ent_at.get(child.i) is not None:
                ent = self.ent_at[child.i]
                if ent.label_ in ("PERSON", "ORG"):
                    return self._entity_actor(ent, child)
        phrase = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")] + [head]
        sector = self.sector_of_words(" ".join(t.text for t in phrase)) or self.sector_of_words(head.lemma_)
        title_holder = self._title_holder(head, phrase)
        if title_holder is not None:
            return title_holder
        country = self._modifier_country(head)
        if sector is None and country is None:
            return None
        if sector is None:
            return None  # "Iraqi territory": a country word on a non-actor noun
        start = head.left_edge.i
        while start < head.i and self.doc[start].pos_ == "DET":
            start += 1
        span = self.doc[start:head.i + 1]
        return ActorRef(text=span.text, name=span.text, country=country, sector=sector,
                        start=span.start_char, end=span.end_char)

    def _title_holder(self, head: Token, phrase: list[Token]) -> ActorRef | None:
        """ "the prime minister" -> the person this article (or the lexicon, by date) gives that role."""
        if not any(t.dep_ == "det" and t.lower_ == "the" for t in head.lefts):
            return None
        title = phrase_key(" ".join(t.text for t in phrase if t.pos_ != "DET"))
        for profile in self.profiles.values():
            if profile.label == "PERSON" and profile.role and phrase_key(profile.role).endswith(title):
                return profile.ref(head.text, head.left_edge.idx, head.idx + len(head.text))
        known = self.lexicon.holder_of(title, self.date)
        if known is not None:
            role, country, sector = known.on(self.date)
            return ActorRef(text=self.doc[head.left_edge.i:head.i + 1].text, name=known.name, country=country,
                            sector=sector, start=head.left_edge.idx, end=head.idx + len(head.text))
        return None

    def _modifier_country(self, head: Token, skip: Span | None = None) -> str | None:
        for tok in head.subtree:
            if tok.i > head.i:
                break
            if skip is not None and skip.start <= tok.i < skip.end:
                continue
            if tok.head.pos_ == "VERB" and tok.head.i != head.i:
                continue  # "Iranian-backed militias" are not Iranian
            ent = self.ent_at.get(tok.i)
            if ent is not None and ent.label_ in ("GPE", "NORP"):
                known = self.lexicon.lookup(ent.text)
                if known is not None and known.label == "COUNTRY":
                    return known.country
        return None

    def _modifier_sector(self, head: Token) -> str | None:
        if head.pos_ in ("NOUN",):
            return self.sector_of_words(head.lemma_)
        return None

    def _pronoun(self, pron: Token) -> ActorRef | None:
        lower = pron.lower_
        # Reported speech: "X said it was ready" - the pronoun is the speaker.
        clause = pron.head
        if clause.dep_ in ("ccomp", "xcomp") and clause.head.lemma_ in SPEECH_LEMMAS:
            speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
            if speaker is not None and speaker.pos_ != "PRON":
                ref = self.actor_at(speaker)
                if ref is not None:
                    return ActorRef(text=pron.text, name=ref.name, country=ref.country, sector=ref.sector,
                                    start=pron.idx, end=pron.idx + len(pron.text))
        if lower in PERSON_PRONOUNS:
            person = self.last_person_before(pron.i)
            if person is not None:
                return person.ref(pron.text, pron.idx, pron.idx + len(pron.text))
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
        return ActorRef(text=span.text, name=ref.name, country=ref.country, sector=ref.sector,
                        start=span.start_char, end=span.end_char)

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
