"""Who is speaking: the source phrase of a cue, and what a pronoun or a title refers to.

The source of a cue is its grammatical subject ("Safadi said ...") or, for
"according to X", the object X.  Pronouns ("he said") are resolved to the
nearest earlier person mention of compatible gender outside quotations,
preferring, within a sentence, people who speak or are subjects; definite
titles ("the prime minister said") to the person the article introduces with
that title ("Iraqi Prime Minister Mohammed Shia al-Sudani").  Unnamed sources
("a US official") stay as written.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

import numpy
from spacy.attrs import LOWER, POS
from spacy.symbols import PRON, PROPN
from spacy.tokens import Doc, Span, Token

from wirecoder.model import ActorRef
from wirecoder.nlp.arrays import in_sorted
from wirecoder.quotes.lexicon import CueLexicon

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Dependents that belong to a source's noun phrase on the left ("the de facto Syrian leader").
LEFT_NP_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "advmod", "npadvmod"}
RIGHT_NP_DEPS = {"compound", "flat", "nummod", "case"}
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "ccomp", "acl", "relcl", "parataxis", "prep"}
PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
NON_PERSON_LABELS = {"GPE", "LOC", "NORP", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                     "QUANTITY", "EVENT", "LAW", "LANGUAGE", "WORK_OF_ART", "PRODUCT"}
MAX_SENTENCES_BACK = 4
UNKNOWN_GENDER_PENALTY = {"m": 1, "f": 2}


def source_token(cue: Token) -> Token | None:
    """The head word of the cue verb's source: its subject, or its controller's subject."""
    verb = cue
    for level in range(5):
        for child in verb.children:
            if child.dep_ == "nsubj" or (level and child.dep_ == "nsubjpass"):
                return child
        for child in verb.children:
            if child.dep_ == "agent":  # "was told by X"
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        if not level and any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children):
            return None  # "is expected to ...", "was told that ...": the subject hears, no one speaks
        if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            return verb.head  # "officials, speaking on condition of anonymity, ..."
        if verb.dep_ not in CLIMB_DEPS or verb.head is verb:
            break
        verb = verb.head
    # "..., said Caddell": an inverted subject the parser left as an object.
    for token in cue.doc[cue.i + 1: min(cue.i + 4, len(cue.doc))]:
        if token.is_punct:
            break
        if token.pos_ in {"PROPN", "PRON", "NOUN"} and token.dep_ in {"dobj", "attr", "npadvmod", "nsubj", "appos", "oprd", "compound", "dep"}:
            return token.head if token.dep_ == "compound" and token.head.i < cue.i + 5 else token
    return None


def according_source(doc: Doc, start: int, end: int) -> Token | None:
    """The object of an "according to" phrase spanning tokens [start, end)."""
    last = doc[end - 1]
    for child in last.children:
        if child.dep_ == "pobj":
            return child
    for token in doc[end: min(end + 6, len(doc))]:
        if token.pos_ in {"NOUN", "PROPN", "PRON"}:
            return token
        if token.is_punct:
            break
    return None


def phrase_of(token: Token) -> Span:
    """The noun phrase headed by ``token``, without relative clauses, appositions or trailing modifiers."""
    doc = token.doc
    start = token.i
    for child in token.lefts:
        if child.dep_ in LEFT_NP_DEPS:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in RIGHT_NP_DEPS and child.i == end:
            end = child.right_edge.i + 1
    if token.ent_iob_ != "O":  # keep a named entity whole
        ent_start, ent_end = token.i, token.i + 1
        while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
            ent_start -= 1
        while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        start, end = min(start, ent_start), max(end, ent_end)
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _named_apposition(token: Token) -> Span | None:
    """The person's name in apposition to a description ("a spokeswoman, Anna White, said")."""
    for child in token.rights:
        if child.dep_ == "appos" and (
                child.ent_type_ == "PERSON" or (child.pos_ == "PROPN" and not child.ent_type_)):
            return phrase_of(child)
    return None


@dataclass
class PersonMention:
    span: Span
    key: str  # the surname, lower case: the identity of a person across mentions
    sentence: int
    rank: int  # 0 speaks (subject of a cue), 1 subject of the main clause, 2 other subject, 3 other


def person_key(span: Span) -> str:
    words = [t for t in span if t.is_alpha or "-" in t.text]
    if not words:
        return span.text.lower()
    last = words[-1].text
    if last.endswith("'s") or last.endswith("’s"):
        last = last[:-2]
    return last.split("-")[-1].lower()


_PRONOUN_HASHES: dict[int, tuple] = {}  # id(vocab) -> (vocab, hashes)


def _pronoun_hashes(vocab) -> numpy.ndarray:
    """Hashes of the gendered pronouns in this vocabulary, computed once."""
    cached = _PRONOUN_HASHES.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        cached = _PRONOUN_HASHES[id(vocab)] = (
            vocab, numpy.array(sorted(vocab.strings.add(w) for w in PRONOUN_GENDER), dtype=numpy.uint64))
    return cached[1]


class SpeakerResolver:
    """Per-document index of person mentions, used to resolve pronouns and titles (built on first use)."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, quoted: Iterable[tuple[int, int]], cue_tokens: Iterable[int]):
        self.doc = doc
        self.lexicon = lexicon
        self.quoted = sorted(quoted)
        self.cue_tokens = set(cue_tokens)
        # Sentences inside quotations do not count when measuring how far back a pronoun reaches.
        self._sentence_starts = [sent.start for sent in doc.sents if not self.inside_quote(sent.start_char)]
        # Answers depend on the source token (and the target span) only: the direct and the indirect reading
        # of one cue, and the quotations of one speaker, ask again.
        self._resolved: dict[int, ActorRef | None] = {}
        self._speakers: dict[tuple[int, int], ActorRef | None] = {}

    def sentence_index(self, i: int) -> int:
        """The number of narrative sentences that start at or before token ``i``."""
        return bisect_right(self._sentence_starts, i) - 1

    def inside_quote(self, char: int) -> bool:
        return any(start <= char < end for start, end in self.quoted)

    @cached_property
    def _scan(self) -> tuple[list[Token], list[Token]]:
        """Proper nouns and gendered pronouns, from the token arrays instead of a Python loop over tokens."""
        doc = self.doc
        if not len(doc):
            return [], []
        table = doc.to_array([POS, LOWER])
        proper = numpy.flatnonzero(table[:, 0] == PROPN).tolist()
        gendered = numpy.flatnonzero((table[:, 0] == PRON) & in_sorted(table[:, 1], _pronoun_hashes(doc.vocab)))
        return [doc[i] for i in proper], [doc[i] for i in gendered.tolist()]

    # -- mentions -----------------------------------------------------------
    def _rank(self, head: Token) -> int:
        if head.dep_ == "appos":  # "..., Theresa May, said": the person ranks as what she stands beside
            head = head.head
        if head.dep_ in SUBJECT_DEPS:
            if head.head.i in self.cue_tokens:
                return 0
            return 1 if head.head.dep_ == "ROOT" else 2
        return 3

    @cached_property
    def mentions(self) -> list[PersonMention]:
        """People named outside quotations, in text order."""
        spans: dict[int, Span] = {}
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                spans[ent.root.i] = ent
        keys = {person_key(s) for s in spans.values()}
        # Names the tagger missed or mislabelled: a proper noun that speaks, or a known surname.
        for token in self._scan[0]:
            if token.i in spans or token.dep_ == "compound" or token.ent_type_ in NON_PERSON_LABELS:
                continue
            speaks = token.dep_ in SUBJECT_DEPS and token.head.i in self.cue_tokens and not token.ent_type_
            if speaks or token.text.split("-")[-1].lower().removesuffix("'s") in keys:
                # "The Shadow Secretary ..., Theresa May, said": the name is the mention.
                span = _named_apposition(token) or phrase_of(token)
                spans[span.root.i] = span
        mentions = []
        for head_i, span in sorted(spans.items(), key=lambda item: item[1].start):
            if self.inside_quote(span.start_char):
                continue
            mentions.append(PersonMention(span, person_key(span), self.sentence_index(span.start),
                                          self._rank(self.doc[head_i])))
        return mentions

    @cached_property
    def _gender_votes(self) -> dict[str, list[tuple[int, str, int]]]:
        """Evidence of each person's gender: (pronoun index or -1 for a title, gender, weight)."""
        votes: dict[str, list[tuple[int, str, int]]] = {}
        for mention in self.mentions:
            before = {t.lower_ for t in self.doc[max(0, mention.span.start - 3): mention.span.end]}
            if before & self.lexicon.titles_male:
                votes.setdefault(mention.key, []).append((-1, "m", 5))
            if before & self.lexicon.titles_female:
                votes.setdefault(mention.key, []).append((-1, "f", 5))
        for pronoun in self._scan[1]:
            if self.inside_quote(pronoun.idx):
                continue
            near = {m.key for m in self._candidates(pronoun, sentences_back=1)}
            if len(near) == 1:
                votes.setdefault(near.pop(), []).append((pronoun.i, PRONOUN_GENDER[pronoun.lower_], 1))
        return votes

    def gender(self, key: str, ignoring: int = -2) -> str | None:
        """A person's gender where the text shows it (a title, unambiguous pronouns), not counting one pronoun."""
        tally = {"m": 0, "f": 0}
        for index, gender, weight in self._gender_votes.get(key, ()):
            if index != ignoring:
                tally[gender] += weight
        if tally["m"] == tally["f"]:
            return None
        return "m" if tally["m"] > tally["f"] else "f"

    def _candidates(self, pronoun: Token, sentences_back: int) -> list[PersonMention]:
        """Mentions before the pronoun, within reach, that do not contain it ("Trump, her rival" is not "her")."""
        sentence = self.sentence_index(pronoun.i)
        found = []
        for mention in self.mentions:
            if mention.span.start >= pronoun.i:
                break
            if mention.sentence < sentence - sentences_back:
                continue
            root = mention.span.root
            if root.left_edge.i <= pronoun.i <= root.right_edge.i:
                continue
            found.append(mention)
        return found

    # -- resolution ---------------------------------------------------------
    def antecedent(self, pronoun: Token) -> Span | None:
        """The person a third-person singular pronoun most likely refers to.

        Nearest sentence first; a person whose gender the text shows to match counts as nearer than
        one of unknown gender (one sentence for "he", two for "she": people in the news whose gender
        the text does not show are mostly men); within a sentence, speakers and subjects first.
        """
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        if gender is None:
            return None
        sentence = self.sentence_index(pronoun.i)
        best, best_key = None, None
        for mention in self._candidates(pronoun, MAX_SENTENCES_BACK):
            known = self.gender(mention.key, ignoring=pronoun.i)
            if known is not None and known != gender:
                continue
            penalty = 0 if known == gender else UNKNOWN_GENDER_PENALTY[gender]
            key = (sentence - mention.sentence + penalty, mention.rank, -mention.span.start)
            if best_key is None or key < best_key:
                best, best_key = mention, key
        return self.full_name(best.span) if best else None

    def full_name(self, span: Span) -> Span:
        """The one longer mention that spells out a bare surname ("Blinken" -> "Antony Blinken")."""
        if len(span) > 1:
            return span
        fuller = {m.span.text: m.span for m in self.mentions
                  if len(m.span) > 1 and m.span.text.endswith(span.text) and m.span.label_ == "PERSON"}
        return next(iter(fuller.values())) if len(fuller) == 1 else span

    def titled_person(self, phrase: Span) -> Span | None:
        """For "the prime minister", the person introduced as "... Prime Minister <name>" or "<name>, the prime minister"."""
        words = [t for t in phrase if not t.is_punct]
        if len(words) < 2 or words[0].lower_ != "the" or any(t.pos_ == "PROPN" for t in words):
            return None
        if words[-1].tag_ in {"NNS", "NNPS"}:
            return None
        role = [t.lower_ for t in words[1:]]
        best: Span | None = None
        for mention in self.mentions:
            if mention.span.start == phrase.start:
                continue
            title, described = self._description(mention.span)
            # The role's head noun must be the person's title ("party leader X" is not "the party").
            if title == role[-1] and all(word in described for word in role):
                if mention.span.start < phrase.start:
                    best = mention.span  # the latest one introduced before the title
                elif best is None:
                    best = mention.span
                    break
        return best

    def _description(self, span: Span) -> tuple[str | None, set[str]]:
        """How a person is introduced: the title's head noun, and all words of premodifiers and appositions."""
        doc = self.doc
        root = span.root
        words: set[str] = set()
        title: str | None = None
        start = span.start
        for child in root.lefts:
            if child.dep_ in LEFT_NP_DEPS:
                start = min(start, child.left_edge.i)
        words.update(t.lower_ for t in doc[start: span.end])
        if start < span.start and doc[span.start - 1].pos_ in {"NOUN", "PROPN"}:
            title = doc[span.start - 1].lower_  # "Iraqi Prime Minister Mohammed Shia al-Sudani"
        for child in root.children:
            if child.dep_ == "appos":  # "Sudani, the prime minister,"
                words.update(t.lower_ for t in child.subtree)
                title = title or child.lower_
        if root.dep_ == "appos":  # "the prime minister, Sudani,"
            words.update(t.lower_ for t in phrase_of(root.head))
            title = title or root.head.lower_
        return title, words

    def resolve(self, source: Token | None, resolve_speaker: Callable[[Span], ActorRef | None] | None) -> ActorRef | None:
        """The speaker ActorRef for a source head word: text and offsets as written, name as resolved.

        ``resolve_speaker`` must be the same function for every call on one resolver (find_quotes passes one)."""
        if source is None:
            return None
        if source.i not in self._resolved:
            self._resolved[source.i] = self._resolve(source, resolve_speaker)
        found = self._resolved[source.i]
        return replace(found) if found is not None else None  # each quote its own object

    def _speaker(self, target: Span, resolve_speaker: Callable[[Span], ActorRef | None] | None) -> ActorRef | None:
        key = (target.start, target.end)
        if key not in self._speakers:
            self._speakers[key] = resolve_speaker(target) if resolve_speaker else None
        return self._speakers[key]

    def _resolve(self, source: Token, resolve_speaker: Callable[[Span], ActorRef | None] | None) -> ActorRef | None:
        doc = self.doc
        if source.lower_ in RELATIVE_PRONOUNS and source.head.dep_ == "relcl":
            written = doc[source.i: source.i + 1]
            target: Span | None = phrase_of(source.head.head)
        elif source.pos_ == "PRON" or source.lower_ in PRONOUN_GENDER:
            written = doc[source.i: source.i + 1]
            target = self.antecedent(source)
        else:
            written = phrase_of(source)
            named = _named_apposition(source)
            target = named or self.titled_person(written) or written
        if target is None:
            return ActorRef(text=written.text, name=written.text, start=written.start_char, end=written.end_char)
        ref = self._speaker(target, resolve_speaker)
        if ref is None:
            ref = ActorRef(text=target.text, name=target.text)
        return ActorRef(text=written.text, name=ref.name, country=ref.country, sector=ref.sector,
                        start=written.start_char, end=written.end_char)
