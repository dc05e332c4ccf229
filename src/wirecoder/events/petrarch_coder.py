"""Coding events with a user's PETRARCH/TABARI dictionaries, over our own spaCy parse.

``PetrarchCoder`` reads each sentence the way PETRARCH 1 reads its TreeBank parse,
with spaCy's dependency parse standing in for CoreNLP's constituents:

- *noun phrases* (PETRARCH's "NE"s): every noun or pronoun not absorbed into a
  larger noun phrase heads one; it takes its modifiers, possessors, appositions
  and its "of"/"in"/"from" complements ("the ambassadors of Arnor"), never its
  clauses.  Its code is the first dictionary actor in its words (date
  restrictions resolved on the article's date) followed by its agents ("Arnor
  security officials" -> ARN + ~GOV), or an agent alone ("---GOV").  A
  coordination inside it ("Mordor, Rohan and Bree") makes a compound: one actor
  per conjunct, sharing the words around the coordination; so does a compound
  dictionary code ("[FRO/BIL/SAM]");
- *verbs*: a word tagged VB* in the verb dictionary, multi-word verbs first
  ("broken down", "wire tapped").  Its *upper* sequence is the sentence back
  from the verb to the sentence start or a comma outside a noun phrase, its
  *lower* sequence the rest of its verb phrase (the dependency subtree of its
  "is about to ..." chain, coordinated verbs left out);
- *patterns* are tried in dictionary order against those sequences: words in
  order, a blank letting other words come between and ``_`` not, ``&SYNSET``
  members, ``$``/``+`` taking the noun phrase they fall in as source/target,
  ``%`` a compound (both roles when before the verb), ``^`` skipping a noun
  phrase.  No pattern: the verb's own code.  A pattern coded ``---`` stops the
  verb; one coded with a TABARI directive ("+++") is passed over;
- without ``$``/``+`` the source is the verb's grammatical subject when coded,
  else the first coded noun phrase of the upper sequence; the target is the
  first coded noun phrase of the lower sequence with another code (then an
  uncoded one, then the upper sequence, nearest first).  A passive with a
  by-phrase swaps them; ``[A:B]`` codes A source->target and B back;
- a verb phrase that codes hides the verbs inside it; discard phrases drop the
  sentence (``+``: the article).

Options follow PETRARCH's: ``require_dyad`` drops events with a null ("---")
side; ``new_actor_length`` N > 0 codes an uncoded noun phrase of at most N
words by its text in quotes.  Not done: TABARI's "former" agents, comma-clause
deletion, issue coding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from wirecoder.nlp.text import doc_text
from wirecoder.actors.petrarch_dicts import (
    NULL_CODE,
    PatternElement,
    PetrarchLexicon,
    Phrase,
    VerbEntry,
    VerbPattern,
    load_dictionaries,
)
from wirecoder.actors.petrarch2_patterns import GroupedPattern
from wirecoder.events import cameo, petrarch2_transform
from wirecoder.events.petrarch2_reading import match_grouped
from wirecoder.events.petrarch_sentence import (  # noqa: F401  (Item, match_sequence: read by the tests)
    CompiledPhrase,
    Item,
    Match,
    Member,
    NounPhrase,
    SentenceReader,
    _assemble_codes,
    match_sequence,
)
from wirecoder.model import ActorRef, Event, content_id

PASSIVE_AUX = {"be", "been", "is", "was", "were", "are", "being"}


@dataclass
class PetrarchOptions:
    require_dyad: bool = True  # drop events whose source or target is "---"
    new_actor_length: int = 0  # > 0: an uncoded phrase of at most this many words is coded by its text


def new_actor_code(text: str, max_words: int) -> str:
    """``"Eriador's injury toll"`` -> ``'"ERIADOR INJURY TOLL"'`` when it has at most max_words words, else ""."""
    words = re.sub(r"['\u2019]s\b", "", text).upper().split()
    if max_words <= 0 or not words or len(words) > max_words:
        return ""
    return '"' + " ".join(words) + '"'


# ---------------------------------------------------------------- compiled dictionaries


@dataclass(frozen=True)
class CompiledPattern:
    upper: tuple[tuple[PatternElement, bool], ...]  # nearest the verb first; bool: words may be skipped before it
    lower: tuple[tuple[PatternElement, bool], ...]
    code: str
    reciprocal: str | None
    grouped: GroupedPattern | None = None  # a PETRARCH2 pattern: read by petrarch2_reading, not as a sequence


@dataclass(frozen=True)
class VerbForm:
    words: tuple[str, ...]
    head: int  # index of the inflected word
    entry: VerbEntry


def _phrase_index(items: Iterable[tuple[Phrase, Any]]) -> dict[str, list[CompiledPhrase]]:
    """First word -> phrases starting with it, longest first (the first that matches wins)."""
    index: dict[str, list[CompiledPhrase]] = {}
    for phrase, entry in items:
        if not phrase.words:
            continue
        gaps = tuple(phrase.gaps) + (False,) * (len(phrase.words) - 1 - len(phrase.gaps))
        index.setdefault(phrase.words[0], []).append(CompiledPhrase(phrase.words, gaps, entry))
    for phrases in index.values():
        phrases.sort(key=lambda p: -len(p.words))
    return index


def _compile_pattern(pattern: VerbPattern) -> CompiledPattern | None:
    kinds = [e.kind for e in pattern.elements]
    if "verb" not in kinds:
        return None
    at = kinds.index("verb")
    before, verb, after = pattern.elements[:at], pattern.elements[at], pattern.elements[at + 1:]
    # the upper side is read from the verb backwards: each element's gap is the join on its verb side
    joins = [e.joined for e in before[1:]] + [verb.joined]
    upper = tuple((element, not joined) for element, joined in zip(reversed(before), reversed(joins)))
    lower = tuple((element, not element.joined) for element in after)
    return CompiledPattern(upper, lower, pattern.code, pattern.reciprocal_code, pattern.grouped)


def _is_event_code(code: str | None) -> bool:
    """A CAMEO-like code; TABARI directives such as "+++" or "###" are not."""
    return bool(code) and any(ch.isdigit() for ch in code)


class PetrarchDictionaries:
    """A PetrarchLexicon compiled once for fast lookups."""

    def __init__(self, lexicon: PetrarchLexicon):
        self.lexicon = lexicon
        self.actors = _phrase_index((phrase, entry) for entry in lexicon.actors for phrase in entry.phrases)
        self.agents = _phrase_index((phrase, entry) for entry in lexicon.agents
                                    for phrase in [entry.phrase, *entry.plurals])
        # a later entry for the same form replaces an earlier one, as in PETRARCH
        by_form: dict[tuple[str, ...], VerbForm] = {}
        for entry in lexicon.verbs.verbs:
            lemma = entry.lemma.split()
            head = lemma.index(entry.head) if entry.head in lemma else 0
            for form in entry.forms:
                words = tuple(form.split())
                by_form[words] = VerbForm(words, min(head, len(words) - 1), entry)
        self.verbs: dict[str, list[VerbForm]] = {}
        for form in by_form.values():
            self.verbs.setdefault(form.words[form.head], []).append(form)
        for forms in self.verbs.values():
            forms.sort(key=lambda f: -len(f.words))
        self.patterns: dict[int, list[CompiledPattern]] = {}
        for block in lexicon.verbs.blocks:
            compiled = [c for c in (_compile_pattern(p) for p in block.patterns) if c is not None]
            self.patterns[id(block.patterns)] = compiled
        self.transformations = lexicon.verbs.transformations
        self.verb_codes = petrarch2_transform.verb_codes(lexicon.verbs.verbs)
        self.synsets: dict[str, tuple[set[str], list[tuple[str, ...]]]] = {}
        for name, members in lexicon.verbs.synsets.items():
            singles = {m for m in members if " " not in m}
            phrases = [tuple(m.split()) for m in members if " " in m]
            self.synsets[name] = (singles, phrases)
        self.discards = [(re.compile(r"(?<![A-Z0-9])" + re.escape(d.phrase) + (
            r"(?=[\s.,;:!?'\"])" if d.whole_word else "")), d.story) for d in lexicon.discards]

    def patterns_of(self, entry: VerbEntry) -> list[CompiledPattern]:
        return self.patterns.get(id(entry.patterns), [])

    def discard_in(self, text: str) -> tuple[bool, bool]:
        """(sentence discard, story discard) for a text: its words hold a discard phrase ("_" ends a whole
        word, else the last word may run on: BASEBALL also stops "baseballs")."""
        upper = " " + " ".join(text.upper().replace("_", " ").split()) + " "
        sentence = story = False
        for pattern, is_story in self.discards:
            if pattern.search(upper):
                story = story or is_story
                sentence = sentence or not is_story
        return sentence, story


# ---------------------------------------------------------------- the coder


class PetrarchCoder:
    """Events from PETRARCH dictionaries; plugs into ``Pipeline(coder=...)``."""

    def __init__(self, vocab: Vocab | None, lexicon: PetrarchLexicon, options: PetrarchOptions | None = None, *,
                 require_dyad: bool | None = None, new_actor_length: int | None = None):
        self.vocab = vocab
        self.lexicon = lexicon
        self.dicts = PetrarchDictionaries(lexicon)
        self.options = options or PetrarchOptions()
        if require_dyad is not None:
            self.options = replace(self.options, require_dyad=require_dyad)
        if new_actor_length is not None:
            self.options = replace(self.options, new_actor_length=new_actor_length)

    def code(self, doc: Doc, actors: Any, article_id: str) -> list[Event]:
        day = getattr(actors, "date", None)
        sentences = [s for s in doc.sents if not s.text.isspace()]
        if self.dicts.discards and any(self.dicts.discard_in(s.text)[1] for s in sentences):
            return []  # a story discard drops the whole article
        events: list[Event] = []
        seen: set[str] = set()
        for sent in sentences:
            if self.dicts.discards and self.dicts.discard_in(sent.text)[0]:
                continue
            for event in self.code_sentence(sent, article_id, day):
                if event.id not in seen:
                    seen.add(event.id)
                    events.append(event)
        return events

    def code_sentence(self, sent: Span, article_id: str, day: str | None = None) -> list[Event]:
        reader = SentenceReader(sent, self.dicts, day, self.options)
        events: list[Event] = []
        hidden: set[int] = set()  # words inside a verb phrase that already coded
        w = 0
        while w < len(reader.words):
            found = None if w in hidden else self._verb_at(reader, w)
            if found is None:
                w += 1
                continue
            form, first, last = found
            verb = next((t for t in reader.words[w].tokens if t.tag_.startswith("VB")), reader.words[w].tokens[-1])
            region = reader.region(verb)
            match = self._match(form.entry, reader, first, last, region, verb)
            if self.dicts.transformations:
                transformed = self._transformed(reader, form.entry, match, verb, first, last, region, article_id)
                if transformed is not None:
                    hidden |= region
                    events.extend(transformed)
                    w = last + 1
                    continue
            if match is not None:
                hidden |= region
                if match.code != NULL_CODE or match.reciprocal:
                    events.extend(self._events(reader, match, verb, first, last, region, article_id))
                w = last
            w += 1
        return events

    def _transformed(self, reader: SentenceReader, entry: VerbEntry, match: Match | None, verb: Token, first: int,
                     last: int, region: set[int], article_id: str) -> list[Event] | None:
        """The events of a PETRARCH2 verb transformation that fits (petrarch2_transform), else None."""
        outer_source, _ = self.sides(reader, match or Match(NULL_CODE, None), verb, first, last, region)
        result = petrarch2_transform.apply(self.dicts.transformations, self.dicts.verb_codes, reader, self, entry,
                                           match.code if match else None, outer_source, verb, region)
        if result is None:
            return None
        code, source, target = result
        return self.events_between(reader, Match(code, None), verb, first, last, source, target, article_id)

    def verb_at(self, reader: SentenceReader, w: int) -> tuple[VerbForm, int, int] | None:
        return self._verb_at(reader, w)

    def match_verb(self, entry: VerbEntry, reader: SentenceReader, first: int, last: int, region: set[int],
                   verb: Token) -> Match | None:
        return self._match(entry, reader, first, last, region, verb)

    @staticmethod
    def phrase_key(reader: SentenceReader, phrase: int) -> str:
        """Who a noun phrase is, for telling actors apart: its members' codes, else its words."""
        members = reader.phrases[phrase].members
        codes = sorted(m.code for m in members if m.coded)
        return "/".join(codes) if codes else f"#{phrase}"

    def _verb_at(self, reader: SentenceReader, w: int) -> tuple[VerbForm, int, int] | None:
        word = reader.words[w]
        if w in reader.phrase_of or not any(t.tag_.startswith("VB") for t in word.tokens):
            return None
        for form in self.dicts.verbs.get(word.text, ()):
            first = w - form.head
            last = first + len(form.words) - 1
            if first < 0 or last >= len(reader.words):
                continue
            if all(reader.words[first + j].text == form.words[j] for j in range(len(form.words))):
                return form, first, last
        return None

    def _match(self, entry: VerbEntry, reader: SentenceReader, first: int, last: int,
               region: set[int], verb: Token) -> Match | None:
        upper = reader.upper(first)
        lower = reader.lower(last, region)
        best: tuple[int, Match] | None = None  # PETRARCH2 patterns: the one asking most of the sentence
        upper_phrases: list[int] | None = None
        for pattern in self.dicts.patterns_of(entry):
            if pattern.code != NULL_CODE and not _is_event_code(pattern.code):
                continue  # a TABARI directive ("+++"), not an event code
            if pattern.grouped is not None:
                if best is not None and pattern.grouped.slots <= best[0]:
                    continue
                if upper_phrases is None:
                    upper_phrases = self._phrases_before(reader, first)
                roles = match_grouped(pattern.grouped, reader, verb, first, last, region, upper_phrases,
                                      self.dicts.synsets)
                if roles is not None:
                    best = (pattern.grouped.slots, Match(pattern.code, pattern.reciprocal, roles.source, roles.target,
                                                         roles.compound, roles.compound_upper))
                continue
            found = Match(pattern.code, pattern.reciprocal)
            if (match_sequence(pattern.upper, upper, True, self.dicts.synsets, found)
                    and match_sequence(pattern.lower, lower, False, self.dicts.synsets, found)):
                return found
        if best is not None:
            return best[1]
        if (entry.code != NULL_CODE and _is_event_code(entry.code)) or _is_event_code(entry.reciprocal_code):
            return Match(entry.code, entry.reciprocal_code)
        return None

    # --- events
    def _events(self, reader: SentenceReader, match: Match, verb: Token, first: int, last: int,
                region: set[int], article_id: str) -> list[Event]:
        source, target = self.sides(reader, match, verb, first, last, region)
        if source is None or target is None:
            return []
        return self.events_between(reader, match, verb, first, last, source, target, article_id)

    def sides(self, reader: SentenceReader, match: Match, verb: Token, first: int, last: int,
              region: set[int]) -> tuple[int | None, int | None]:
        """The source and target noun phrases of a matched verb (either None when not found)."""
        upper_phrases = self._phrases_before(reader, first)
        lower_phrases = sorted({reader.phrase_of[w] for w in region if w > last and w in reader.phrase_of},
                               key=lambda p: reader.phrases[p].first)
        source, target = match.source, match.target
        if match.compound is not None:
            if match.compound_upper:
                source = match.compound if source is None else source
                if target is None and reader.phrases[match.compound].compound:
                    target = match.compound
            elif target is None:
                target = match.compound
        if source is None:
            subject = reader.subject(verb)
            if subject is not None and subject != target and reader.phrases[subject].coded:
                source = subject
        if source is None:
            source = self._first(reader, upper_phrases, exclude=target)
        if source is None:
            return None, target
        if target is None:
            target = self._find_target(reader, source, upper_phrases, lower_phrases)
        return source, target

    def events_between(self, reader: SentenceReader, match: Match, verb: Token, first: int, last: int,
                       source: int, target: int, article_id: str) -> list[Event]:
        """The events of a matched verb from the source phrase to the target phrase (each actor of a compound;
        both ways for a reciprocal code)."""
        sources = self._codes_of(reader.phrases[source])
        targets = self._codes_of(reader.phrases[target])
        pairs: list[tuple[tuple[str, Member], tuple[str, Member], str]] = []
        if match.reciprocal:
            if sources[0][0] == NULL_CODE or targets[0][0] == NULL_CODE:
                if targets[0][0] == NULL_CODE:
                    targets = sources
                else:
                    sources = targets
            pairs += [(s, t, match.code) for s in sources for t in targets]
            pairs += [(t, s, match.reciprocal) for s in sources for t in targets]
        else:
            pairs += [(s, t, match.code) for s in sources for t in targets]
        if self._passive(verb):
            pairs = [(t, s, code) for s, t, code in pairs]
        events = []
        seen = set()
        for (s_code, s_member), (t_code, t_member), code in pairs:
            if s_code == t_code or code == NULL_CODE:
                continue  # no self-references; "[:190]" codes only target -> source
            if self.options.require_dyad and NULL_CODE in (s_code, t_code):
                continue
            key = (s_code, t_code, code)
            if key in seen:
                continue
            seen.add(key)
            events.append(self._event(reader, verb, first, last, code, s_member, t_member, article_id))
        return events

    @staticmethod
    def _phrases_before(reader: SentenceReader, first: int) -> list[int]:
        """Noun phrases of the upper sequence, in reading order."""
        found: list[int] = []
        for item in reader.upper(first):
            if item.word is None and item.phrase not in found:
                found.append(item.phrase)
        return sorted(found, key=lambda p: reader.phrases[p].first)

    @staticmethod
    def _first(reader: SentenceReader, phrases: list[int], exclude: int | None = None) -> int | None:
        """The first coded phrase, else the first uncoded one."""
        candidates = [p for p in phrases if p != exclude]
        for p in candidates:
            if reader.phrases[p].coded:
                return p
        return candidates[0] if candidates else None

    @staticmethod
    def _find_target(reader: SentenceReader, source: int, upper: list[int], lower: list[int]) -> int | None:
        source_phrase = reader.phrases[source]
        source_code = None if source_phrase.compound else source_phrase.members[0].code

        def differs(p: int) -> bool:
            phrase = reader.phrases[p]
            return phrase.compound or source_code is None or phrase.members[0].code != source_code

        for p in lower:
            if p != source and reader.phrases[p].coded and differs(p):
                return p
        for p in lower:
            if p != source and not reader.phrases[p].coded:
                return p
        nearest_first = sorted(upper, key=lambda p: -reader.phrases[p].first)
        for p in nearest_first:
            if p != source and reader.phrases[p].coded and differs(p):
                return p
        for p in nearest_first:
            if p != source and not reader.phrases[p].coded:
                return p
        return None

    def _codes_of(self, phrase: NounPhrase) -> list[tuple[str, Member]]:
        """(code, member) of the phrase's actors; in a compound, uncoded members are left out
        ("lions, tigers and Gondor" -> Gondor) unless none is coded."""
        codes = []
        for member in phrase.members:
            code = member.code if member.coded else new_actor_code(member.text, self.options.new_actor_length)
            codes.append((code or NULL_CODE, member))
        coded = [c for c in codes if c[0] != NULL_CODE]
        return coded or codes[:1]

    @staticmethod
    def _passive(verb: Token) -> bool:
        """A passive with its agent: "was opposed by Osgiliath"."""
        has_aux = any(c.dep_ == "auxpass" or (c.dep_ == "aux" and c.lower_ in PASSIVE_AUX) for c in verb.children)
        has_by = any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and c.i > verb.i)
                     for c in verb.children)
        return verb.tag_ == "VBN" and has_aux and has_by

    def _event(self, reader: SentenceReader, verb: Token, first: int, last: int, code: str, source: Member,
               target: Member, article_id: str) -> Event:
        sent = reader.sent
        start_token = reader.words[first].tokens[0]
        end_token = reader.words[last].tokens[-1]
        trigger_start, trigger_end = start_token.idx, end_token.idx + len(end_token.text)
        try:
            entry = cameo.lookup(code)
            plover, mode, context = entry.plover or "", entry.mode, entry.context
            quad, goldstein = entry.quad_class, entry.goldstein
        except (KeyError, ValueError):
            plover, mode, context, quad, goldstein = "", None, None, None, None
        return Event(
            id=content_id(article_id, trigger_start, code, source.code, target.code),
            article_id=article_id,
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            event=plover,
            cameo=code,
            mode=mode,
            context=context,
            quad_class=quad,
            goldstein=goldstein,
            actor=[self._ref(source)],
            recipient=[self._ref(target)],
            confidence=0.6,
            trigger=doc_text(verb.doc)[trigger_start:trigger_end],
            trigger_start=trigger_start,
            trigger_end=trigger_end,
        )

    @staticmethod
    def _ref(member: Member) -> ActorRef:
        """country: the dictionary actor code; sector: the agents, "~GOV" after it, "NGO~" before it."""
        actor = member.actor if member.actor and member.actor != NULL_CODE else None
        return ActorRef(text=member.text, name=member.actor_name or member.text, country=actor,
                        sector=" ".join(member.agents) or None, start=member.tokens[0].idx,
                        end=member.tokens[-1].idx + len(member.tokens[-1].text))


# ---------------------------------------------------------------- loading


def petrarch_pipeline(dictionaries: str | Path | dict[str, Any], *, require_dyad: bool = True,
                      new_actor_length: int = 0, **pipeline_options: Any):
    """A Pipeline that codes events with PETRARCH dictionaries.

    ``dictionaries``: a folder of dictionary files, a PETRARCH records file naming them, or
    ``{"verbs": ..., "actors": [...], "agents": ..., "discards": ...}``; other keywords go to ``Pipeline``
    (``nlp=``, ``geocode=``, ``batch_size=``).
    """
    from wirecoder.nlp import load_nlp
    from wirecoder.pipeline import Pipeline

    nlp = pipeline_options.pop("nlp", None) or load_nlp()
    lexicon = load_dictionaries(dictionaries)
    coder = PetrarchCoder(nlp.vocab, lexicon, PetrarchOptions(require_dyad, new_actor_length))
    # PETRARCH codes an unnamed agent without a country ("---GOV"); users of its dictionaries expect that
    pipeline_options.setdefault("context_countries", False)
    return Pipeline(nlp=nlp, coder=coder, **pipeline_options)


@dataclass(frozen=True)
class PetrarchPipelineFactory:
    """A picklable, hashable recipe for `petrarch_pipeline(location)`: worker processes build it once each."""

    location: str

    def __call__(self):
        return petrarch_pipeline(self.location)
