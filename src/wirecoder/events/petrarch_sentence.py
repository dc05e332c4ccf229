"""One sentence as PetrarchCoder reads it: its words, noun phrases (with their dictionary codes) and the
upper/lower sequences around a verb, and PETRARCH 1's walk of a word-sequence pattern along them.

The reading is described in petrarch_coder's docstring; PETRARCH2's grouped patterns are matched by
petrarch2_reading over the same SentenceReader.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from spacy.tokens import Doc, Span, Token

from wirecoder.actors.petrarch_dicts import NULL_CODE, ActorEntry, AgentEntry, PatternElement, split_code

NOMINAL_POS = {"NOUN", "PROPN", "PRON"}
NOT_NOMINAL_TAGS = {"WP", "WDT", "WP$", "EX"}
# a noun attached to another noun by these joins that noun's phrase
ABSORBED_DEPS = {"compound", "poss", "nmod", "appos", "conj", "amod", "nummod", "dep", "npadvmod"}
# a noun coordinated with a modifier ("full & TIETYPE ties") belongs to the modified noun's phrase
MODIFIER_POS = {"ADJ", "NUM", "DET", "ADV", "PROPN", "NOUN"}
# "the ambassadors of Arnor", "lawmakers in Fornost", "soldiers from Gondor": one phrase, one actor
ABSORBING_PREPOSITIONS = {"of", "in", "from"}
# clauses hanging from a noun are not part of its phrase
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"}
ROLE_KINDS = {"source", "target", "compound", "skip"}
TIME_ENTS = {"DATE", "TIME"}
MAX_MEMBERS = 24  # actors one compound noun phrase may expand to
CLAUSE_BREAKS = {",", ";", ":"}  # the upper sequence stops at these (outside noun phrases)


@dataclass(frozen=True)
class CompiledPhrase:
    words: tuple[str, ...]
    gaps: tuple[bool, ...]  # gaps[i]: other words may come before words[i + 1]
    entry: Any


# ---------------------------------------------------------------- one sentence


@dataclass
class Word:
    text: str  # upper case
    tokens: list[Token]


@dataclass
class Member:
    """One actor of a noun phrase (several for a compound)."""

    tokens: list[Token]
    actor: str | None = None  # the dictionary actor code on the article's date
    actor_name: str | None = None
    agents: list[str] = field(default_factory=list)  # "~GOV" (after the actor code) or "NGO~" (before it)
    code: str = NULL_CODE  # the whole PETRARCH code: actor + agents, "---GOV", or "---"
    agent_entries: list[AgentEntry] = field(default_factory=list)

    @property
    def coded(self) -> bool:
        return self.code != NULL_CODE

    @property
    def text(self) -> str:
        doc = self.tokens[0].doc
        pieces, run = [], [self.tokens[0]]
        for token in self.tokens[1:]:
            if token.i == run[-1].i + 1:
                run.append(token)
            else:
                pieces.append(doc[run[0].i:run[-1].i + 1].text)
                run = [token]
        pieces.append(doc[run[0].i:run[-1].i + 1].text)
        return " ".join(pieces)


@dataclass
class NounPhrase:
    first: int  # word indices, inclusive
    last: int
    members: list[Member]

    @property
    def coded(self) -> bool:
        return any(m.coded for m in self.members)

    @property
    def compound(self) -> bool:
        return len(self.members) > 1


@dataclass
class Item:
    """One step of an upper/lower sequence: a word, or the edge of a noun phrase."""

    word: str | None  # None at a noun-phrase edge
    phrase: int | None = None  # the noun phrase index at an edge


@dataclass
class Match:
    code: str
    reciprocal: str | None
    source: int | None = None
    target: int | None = None
    compound: int | None = None
    compound_upper: bool = True


def _is_nominal(token: Token) -> bool:
    if token.tag_ in NOT_NOMINAL_TAGS or token.tag_ == "POS":
        return False
    return token.pos_ in NOMINAL_POS or token.tag_.startswith("NN") or token.tag_ == "PRP"


def _phrase_head(token: Token) -> Token:
    """The noun heading the phrase `token` belongs to: climb modifier links, and "of"/"in"/"from" phrases."""
    current = best = token
    while current.head.i != current.i:
        head = current.head
        if current.dep_ == "pobj":
            if head.dep_ == "prep" and head.lower_ in ABSORBING_PREPOSITIONS and _is_nominal(head.head):
                current = best = head.head
                continue
            break
        if current.dep_ not in ABSORBED_DEPS:
            break
        if _is_nominal(head):
            best = head
        elif head.pos_ not in MODIFIER_POS:
            break  # a verb: the noun heads its own phrase
        current = head
    return best


class SentenceReader:
    """The words, noun phrases and sequences of one sentence."""

    def __init__(self, sent: Span, dictionaries: Any, day: str | None, options: Any):
        self.sent = sent
        self.dicts = dictionaries
        self.day = day
        self.options = options
        self.words: list[Word] = []
        self.words_of: dict[int, list[int]] = {}  # token index -> all its words ("Dol_Amroth": two)
        self._read_words()
        self.phrases: list[NounPhrase] = []
        self.phrase_of: dict[int, int] = {}  # word index -> noun phrase index
        self._read_phrases()

    # --- words
    def _read_words(self) -> None:
        tokens = [t for t in self.sent if not t.is_space]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.tag_ == "POS":
                i += 1
                continue
            group = [token]
            # "Barad - dur" written without blanks is one word
            while (i + 2 < len(tokens) and tokens[i + 1].text == "-" and not group[-1].whitespace_
                   and not tokens[i + 1].whitespace_):
                group += [tokens[i + 1], tokens[i + 2]]
                i += 2
            text = "".join(t.text for t in group).upper()
            indexes = []
            for piece in text.split("_"):
                if piece:
                    indexes.append(len(self.words))
                    self.words.append(Word(piece, group))
            for t in group:
                if indexes:
                    self.words_of[t.i] = indexes
            i += 1

    # --- noun phrases
    def _read_phrases(self) -> None:
        heads: dict[int, Token] = {}
        for token in self.sent:
            if not _is_nominal(token):
                continue
            head = _phrase_head(token)
            if head.dep_ == "npadvmod" and head.ent_type_ in TIME_ENTS:
                continue  # "Monday", "today": TreeBank's NP-TMP, not an actor
            heads[head.i] = head
        candidates = []
        for head in heads.values():
            tokens = self._phrase_tokens(head)
            words = sorted({w for i in tokens for w in self.words_of.get(i, ())})
            if words:
                candidates.append((words, head, tokens))
        # a larger phrase wins over one it overlaps
        taken: set[int] = set()
        spans = []
        for words, head, tokens in sorted(candidates, key=lambda c: -len(c[0])):
            if not any(w in taken for w in words):
                taken.update(range(words[0], words[-1] + 1))
                spans.append((words[0], words[-1], head, tokens))
        for first, last, head, tokens in sorted(spans, key=lambda c: c[0]):
            members = [m for group in self._expand(head, tokens) for m in self._members(group)]
            index = len(self.phrases)
            self.phrases.append(NounPhrase(first, last, members))
            for w in range(first, last + 1):
                self.phrase_of[w] = index

    def _phrase_tokens(self, head: Token) -> set[int]:
        """Token indices of head's phrase: its subtree without clauses, cut to one contiguous run."""
        kept: set[int] = set()
        stack = [head]
        while stack:
            token = stack.pop()
            kept.add(token.i)
            for child in token.children:
                if child.dep_ in CLAUSE_DEPS or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")):
                    continue
                if child.dep_ == "prep" and _is_nominal(token) and child.lower_ not in ABSORBING_PREPOSITIONS:
                    continue
                stack.append(child)
        start = stop = head.i
        while start - 1 in kept:
            start -= 1
        while stop + 1 in kept:
            stop += 1
        doc = head.doc
        while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
            start += 1
        while stop > head.i and (doc[stop].is_punct or doc[stop].dep_ == "cc"):
            stop -= 1
        return set(range(start, stop + 1))

    def _expand(self, head: Token, tokens: set[int]) -> list[list[int]]:
        """Token lists of the phrase's actors: one per conjunct of each coordination inside it."""
        links = _coordination(head.doc, tokens)
        groups = []
        grouped: set[int] = set()
        for i in sorted(links):
            if i in grouped:
                continue
            chain, stack = [head.doc[i]], [i]
            while stack:
                for c in links.get(stack.pop(), ()):
                    if c not in chain:
                        chain.append(c)
                        stack.append(c.i)
            chain.sort(key=lambda t: t.i)
            groups.append(chain)
            grouped.update(c.i for c in chain)
        members = [set(tokens)]
        for chain in groups:
            # words before the first conjunct or after the last one are shared: "Ithilen's sheep and goats",
            # "Eriadori and Calenardhon leaders", "the Danish media and government"
            span = {i for i in range(chain[0].i, chain[-1].right_edge.i + 1) if i in tokens}
            own = {c.i: self._own_tokens(c, chain, span) for c in chain}
            expanded = []
            for member in members:
                if not span & member:
                    expanded.append(member)
                    continue
                for c in chain:
                    shared = member - span
                    if any(head.doc[i].dep_ == "det" for i in own[c.i]):  # "the Philippines and the EU"
                        shared = {i for i in shared if head.doc[i].dep_ != "det"}
                    expanded.append(shared | own[c.i])
            if len(expanded) > MAX_MEMBERS:
                break  # a pathological parse; keep the expansion so far
            members = expanded
        return [sorted(m) for m in members]

    @staticmethod
    def _own_tokens(token: Token, chain: list[Token], tokens: set[int]) -> set[int]:
        own: set[int] = set()
        stack = [token]
        while stack:
            t = stack.pop()
            own.add(t.i)
            for child in t.children:
                if child in chain or child.dep_ in ("cc", "punct") or child.i not in tokens:
                    continue
                stack.append(child)
        return own

    def _members(self, token_ids: list[int]) -> list[Member]:
        """The phrase's actor; several when its dictionary code is a compound ("FRO/BIL/SAM")."""
        member = self._member(token_ids)
        codes = split_code(member.actor)
        if len(codes) < 2:
            return [member]
        out = []
        for code in codes:
            part = replace(member, actor=code)
            part.code, part.agents = _assemble_codes(code, member.agent_entries)
            out.append(part)
        return out

    def _member(self, token_ids: Iterable[int]) -> Member:
        doc = self.sent.doc
        tokens = [doc[i] for i in sorted(token_ids)]
        words: list[int] = []
        for token in tokens:
            if token.tag_ != "POS":
                words += [w for w in self.words_of.get(token.i, ()) if w not in words]
        texts = [self.words[w].text for w in words]
        member = Member(tokens)
        # the first actor in the phrase is its actor
        for k in range(len(texts)):
            found = self._phrase_at(self.dicts.actors, texts, k)
            if found is not None:
                entry: ActorEntry = found[0].entry
                member.actor = entry.code_on(self.day) or NULL_CODE
                member.actor_name = entry.phrases[0].text.title() if entry.phrases else None
                break
        # every agent, without overlaps, in reading order
        k = 0
        agents: list[AgentEntry] = []
        while k < len(texts):
            found = self._phrase_at(self.dicts.agents, texts, k)
            if found is None:
                k += 1
                continue
            agents.append(found[0].entry)
            k = found[1]
        member.agent_entries = agents
        member.code, member.agents = _assemble_codes(member.actor, agents)
        return member

    @staticmethod
    def _phrase_at(index: dict[str, list[CompiledPhrase]], texts: list[str],
                   k: int) -> tuple[CompiledPhrase, int] | None:
        """The first (longest) phrase matching at texts[k], and the index after its last word."""
        for phrase in index.get(texts[k], ()):
            at = k + 1
            ok = True
            for word, gap in zip(phrase.words[1:], phrase.gaps):
                while at < len(texts) and texts[at] != word and gap:
                    at += 1
                if at >= len(texts) or texts[at] != word:
                    ok = False
                    break
                at += 1
            if ok:
                return phrase, at
        return None

    # --- sequences
    def upper(self, first_word: int) -> list[Item]:
        """The words before the verb, nearest first, back to the sentence start or a comma."""
        words = []
        w = first_word - 1
        while w >= 0 and not (w not in self.phrase_of and self.words[w].text in CLAUSE_BREAKS):
            words.append(w)
            w -= 1
        return self._items(words)

    def subject(self, verb: Token) -> int | None:
        """The noun phrase of the verb's grammatical subject, shared along aux/xcomp/conj links."""
        current = verb
        for _ in range(8):
            if current.dep_ in ("aux", "auxpass") and current.head.i != current.i:
                current = current.head
            for child in current.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i < verb.i:
                    words = self.words_of.get(_phrase_head(child).i) or self.words_of.get(child.i, ())
                    for w in words:
                        if w in self.phrase_of:
                            return self.phrase_of[w]
            if current.dep_ not in ("xcomp", "conj", "aux", "auxpass") or current.head.i == current.i:
                return None
            current = current.head
        return None

    def lower(self, last_word: int, region: set[int]) -> list[Item]:
        """The words after the verb inside its verb phrase (word indices in region)."""
        words = []
        w = last_word + 1
        while w < len(self.words) and w in region:
            words.append(w)
            w += 1
        return self._items(words)

    def _items(self, words: list[int]) -> list[Item]:
        """Words in the order given, with an edge item where a noun phrase starts or stops among them."""
        items: list[Item] = []
        for k, w in enumerate(words):
            phrase = self.phrase_of.get(w)
            before = self.phrase_of.get(words[k - 1]) if k else None
            after = self.phrase_of.get(words[k + 1]) if k + 1 < len(words) else None
            if phrase is not None and before != phrase:
                items.append(Item(None, phrase))
            items.append(Item(self.words[w].text))
            if phrase is not None and after != phrase:
                items.append(Item(None, phrase))
        return items

    def region(self, verb: Token) -> set[int]:
        """Word indices of the verb's phrase after it: the subtree of its verb chain ("is about to
        restore ..."), coordinated verbs and their clauses left out."""
        owner = verb.head if verb.dep_ in ("aux", "auxpass") and verb.head.i != verb.i else verb
        chain = [owner]
        while chain[-1].dep_ in ("xcomp", "acomp") and chain[-1].head.i != chain[-1].i:
            chain.append(chain[-1].head)
        tokens: set[int] = set()
        stack = [chain[-1]]
        while stack:
            token = stack.pop()
            tokens.add(token.i)
            for child in token.children:
                if token in chain and child.i > verb.i and (
                        child.dep_ in ("conj", "parataxis") or (child.dep_ == "cc" and any(
                            c.dep_ == "conj" and c.i > child.i for c in token.children))):
                    continue
                stack.append(child)
        return {w for i in tokens if i > verb.i for w in self.words_of.get(i, ())}


def _coordination(doc: Doc, tokens: set[int]) -> dict[int, list[Token]]:
    """Noun index -> the nouns coordinated with it inside a phrase.  In a list ("Mordor, the Shire, Fornost
    and Bree") an apposition counts as a conjunct."""
    links: dict[int, list[Token]] = {}
    for i in sorted(tokens):
        token = doc[i]
        if not _is_nominal(token) or token.pos_ == "PRON":
            continue
        in_list = any(c.dep_ == "conj" for c in token.children)
        for child in token.children:
            if child.i not in tokens or not _is_nominal(child):
                continue
            if child.dep_ == "conj" or (child.dep_ == "appos" and (
                    in_list or any(c.dep_ == "conj" for c in child.children))):
                links.setdefault(_conjunct_home(token, child).i, []).append(child)
    return links


def _conjunct_home(noun: Token, conjunct: Token) -> Token:
    """What a conjunct is really coordinated with: in "lawmakers in Fornost and Gondor" a parse joining
    Gondor to "lawmakers" is read as Fornost and Gondor joined (a name after a name, not after the noun)."""
    if noun.pos_ != "NOUN" or conjunct.pos_ != "PROPN" or conjunct.dep_ != "conj":
        return noun
    doc = noun.doc
    for prep in noun.children:
        if prep.dep_ != "prep" or not noun.i < prep.i < conjunct.i:
            continue
        for obj in prep.children:
            between = range(obj.right_edge.i + 1, conjunct.i)
            if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and all(doc[j].dep_ in ("cc", "punct") for j in between):
                return obj
    return noun


def _assemble_codes(actor: str | None, agents: list[AgentEntry]) -> tuple[str, list[str]]:
    """PETRARCH's code for an actor and its agents, and the agents it kept ("~GOV", "NGO~")."""
    if not agents:
        return (actor or NULL_CODE), []
    code = actor or NULL_CODE
    kept: list[str] = []
    for agent in agents:
        # an agent the code already holds (in 3-letter steps) ends the agents, as in PETRARCH
        if any(code[k:k + len(agent.code)] == agent.code for k in range(0, len(code) - len(agent.code) + 1, 3)):
            break
        if agent.prefix:
            code = agent.code + code
            kept.append(agent.code + "~")
        else:
            code += agent.code
            kept.append("~" + agent.code)
    return code, kept


# ---------------------------------------------------------------- pattern matching


def match_sequence(elements: tuple[tuple[PatternElement, bool], ...], seq: list[Item], upper: bool,
                   synsets: dict[str, tuple[set[str], list[tuple[str, ...]]]], found: Match) -> bool:
    """PETRARCH's walk of one side of a pattern along a sequence; roles go into `found`."""
    if not elements:
        return True
    if not seq:
        return False
    k = s = 0
    inside: int | None = None
    while True:
        element, open_gap = elements[k]
        item = seq[s]
        if item.word is None:  # a noun-phrase edge: step over it
            inside = _after_edge(inside, item)
            s += 1
            if s >= len(seq):
                return False
            continue
        if element.kind in ROLE_KINDS:
            if inside is not None:
                if element.kind == "source":
                    found.source = inside
                elif element.kind == "target":
                    found.target = inside
                elif element.kind == "compound":
                    found.compound, found.compound_upper = inside, upper
                else:  # "^": skip to the far edge of this phrase
                    while seq[s].word is not None:
                        s += 1
                        if s >= len(seq):
                            return False
                    inside = None
                k += 1
                if k >= len(elements):
                    return True
                s += 1
                if s >= len(seq):
                    return False
                continue
            width = 0
        elif element.kind == "synset":
            width = _synset_width(synsets.get(element.value), seq, s, upper)
        else:
            width = 1 if item.word == element.value else 0
        if width:
            k += 1
            if k >= len(elements):
                return True
            for passed in seq[s + 1:s + width]:  # a synset phrase may run over an edge
                inside = _after_edge(inside, passed) if passed.word is None else inside
            s += width
        elif open_gap:
            s += 1
        else:
            return False
        if s >= len(seq):
            return False


def _after_edge(inside: int | None, edge: Item) -> int | None:
    """The noun phrase we are in after passing an edge: entering one, or leaving the one we were in."""
    return None if inside == edge.phrase else edge.phrase


def _synset_width(members: tuple[set[str], list[tuple[str, ...]]] | None, seq: list[Item], s: int,
                  upper: bool) -> int:
    """How many items a synset member matching at seq[s] covers (0: none matches).  A phrase may run
    over a noun-phrase edge: the edges are our parse's guess, the phrase is the dictionary's."""
    if members is None:
        return 0
    singles, phrases = members
    if seq[s].word in singles:
        return 1
    for phrase in phrases:
        words = tuple(reversed(phrase)) if upper else phrase
        at, k = s, 0
        while at < len(seq) and k < len(words):
            if seq[at].word is None and k:
                at += 1
                continue
            if seq[at].word != words[k]:
                break
            at, k = at + 1, k + 1
        if k == len(words):
            return at - s
    return 0
