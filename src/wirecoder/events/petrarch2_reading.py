"""PETRARCH2's reading of a grouped verb pattern (actors.petrarch2_patterns) over our spaCy parse.

PETRARCH2 matches a pattern against the verb's phrase in the parse, not against a word sequence; with
the dependency parse standing in for CoreNLP's constituents:

- a *lower noun* (after ``*``) is a noun phrase of the verb's own phrase that no preposition governs
  (its object, "sent aid"), or a particle of the verb ("set off"); it matches when its head word is the
  slot's head (or a member of the slot's ``&SYNSET``: a member of several words must end at the head
  and stand right before it) and every modifier is one of the phrase's other words;
- a *lower prepositional phrase* ``(PREP NOUNS)`` is a preposition in the verb's phrase after the verb
  whose object phrases match its nouns ("(TO BORDER)": "... to the border"); with no nouns any object;
- *upper* slots (before ``*``) read the verb's subject first, then the other noun phrases before it
  ("&MILITARY *": soldiers, troops ... as the subject);
- a marker takes the phrase it matches as source (``$``), target (``+``), compound (``%``) or nothing
  (``^``); nouns match distinct phrases.

Of the patterns of a verb's block that match, the one asking most of the sentence wins (PETRARCH2's
pattern tree takes the deepest path), the first in the file on a tie.  A pattern coded ``---`` that wins
stops the verb (a negative pattern).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

from wirecoder.actors.petrarch2_patterns import GroupedPattern, NounSlot, PrepSlot

PREPOSITION_DEPS = {"prep", "agent", "dative"}
PARTICLE_DEPS = {"prt", "advmod", "dep", "compound:prt"}
Synsets = dict[str, tuple[set[str], list[tuple[str, ...]]]]


@dataclass
class Roles:
    """The noun phrases (reader indices) a matched pattern names."""

    source: int | None = None
    target: int | None = None
    compound: int | None = None
    compound_upper: bool = True


@dataclass
class _View:
    """One side of the verb: its plain noun phrases and its prepositions with their object phrases."""

    phrases: list[int]  # reader phrase indices, in the order they are tried
    particles: list[str]  # upper-case particle words of the verb
    preps: list[tuple[str, list[int]]]  # (PREPOSITION, object phrases)


def _phrase_root(reader: Any, index: int) -> Token:
    phrase = reader.phrases[index]
    tokens = {t.i: t for w in range(phrase.first, phrase.last + 1) for t in reader.words[w].tokens}
    roots = [t for t in tokens.values() if t.head.i not in tokens or t.head.i == t.i]
    return min(roots, key=lambda t: t.i) if roots else next(iter(tokens.values()))


def _governing_preposition(token: Token) -> Token | None:
    return token.head if token.dep_ == "pobj" and token.head.dep_ in PREPOSITION_DEPS | {"pcomp"} else None


def _view(reader: Any, verb: Token, words: set[int], phrases: list[int], subject: int | None) -> _View:
    plain, preps = [], {}
    for index in phrases:
        root = _phrase_root(reader, index)
        prep = _governing_preposition(root)
        if prep is None:
            plain.append(index)
        else:
            preps.setdefault(prep.i, (prep.text.upper(), []))[1].append(index)
    for w in sorted(words):  # prepositions without a noun object ("accused of", "(AGAINST)")
        for token in reader.words[w].tokens:
            if token.dep_ in PREPOSITION_DEPS and token.pos_ == "ADP":
                preps.setdefault(token.i, (token.text.upper(), []))
    if subject is not None and subject in plain:
        plain.remove(subject)
        plain.insert(0, subject)
    particles = [c.text.upper() for c in verb.children if c.dep_ in PARTICLE_DEPS and c.i > verb.i]
    return _View(plain, particles, [preps[i] for i in sorted(preps)])


def _head_matches(slot_word: str, reader: Any, index: int, synsets: Synsets) -> bool:
    root = _phrase_root(reader, index)
    head_words = reader.words_of.get(root.i, ())
    if not head_words:
        return False
    head = reader.words[head_words[-1]].text
    if not slot_word.startswith("&"):
        return head == slot_word
    singles, phrases = synsets.get(slot_word, (set(), []))
    if head in singles:
        return True
    w = head_words[-1]
    first = reader.phrases[index].first
    for member in phrases:
        if member[-1] != head or w - len(member) + 1 < first:
            continue
        if all(reader.words[w - len(member) + 1 + k].text == word for k, word in enumerate(member)):
            return True
    return False


def _word_in(slot_word: str, words: list[str], synsets: Synsets) -> bool:
    if not slot_word.startswith("&"):
        return slot_word in words
    singles, phrases = synsets.get(slot_word, (set(), []))
    if any(w in singles for w in words):
        return True
    text = " " + " ".join(words) + " "
    return any(" " + " ".join(member) + " " in text for member in phrases)


def _noun_matches(slot: NounSlot, reader: Any, index: int, synsets: Synsets) -> bool:
    if slot.role is None and not _head_matches(slot.head, reader, index, synsets):
        return False
    if slot.modifiers:
        phrase = reader.phrases[index]
        words = [reader.words[w].text for w in range(phrase.first, phrase.last + 1)]
        return all(_word_in(m, words, synsets) for m in slot.modifiers)
    return True


def _bind(slot: NounSlot, index: int, roles: Roles, upper: bool) -> None:
    if slot.role == "source":
        roles.source = index
    elif slot.role == "target":
        roles.target = index
    elif slot.role == "compound":
        roles.compound, roles.compound_upper = index, upper


def _match_nouns(slots: tuple[NounSlot, ...], phrases: list[int], reader: Any, synsets: Synsets, roles: Roles,
                 upper: bool, used: set[int], particles: list[str] = ()) -> bool:
    """Each slot takes a distinct phrase (or, for a plain word, a particle of the verb)."""
    for slot in slots:
        if slot.role is None and not slot.modifiers and slot.head in particles:
            continue
        chosen = next((p for p in phrases if p not in used and _noun_matches(slot, reader, p, synsets)), None)
        if chosen is None:
            return False
        used.add(chosen)
        _bind(slot, chosen, roles, upper)
    return True


def _match_preps(slots: tuple[PrepSlot, ...], view: _View, reader: Any, synsets: Synsets, roles: Roles,
                 upper: bool, used: set[int]) -> bool:
    taken: set[int] = set()
    for slot in slots:
        for k, (word, objects) in enumerate(view.preps):
            if k in taken or word != slot.preposition:
                continue
            trial_used, trial_roles = set(used), Roles(**vars(roles))
            if _match_nouns(slot.nouns, objects, reader, synsets, trial_roles, upper, trial_used):
                taken.add(k)
                used |= trial_used
                vars(roles).update(vars(trial_roles))
                break
        else:
            return False
    return True


def match_grouped(pattern: GroupedPattern, reader: Any, verb: Token, first: int, last: int, region: set[int],
                  upper_phrases: list[int], synsets: Synsets) -> Roles | None:
    """The roles a grouped pattern names when it matches the verb's sentence, else None."""
    roles = Roles()
    if pattern.lower_nouns or pattern.lower_preps:
        lower_phrases = sorted({reader.phrase_of[w] for w in region if w > last and w in reader.phrase_of},
                               key=lambda p: reader.phrases[p].first)
        view = _view(reader, verb, {w for w in region if w > last}, lower_phrases, None)
        used: set[int] = set()
        if not (_match_nouns(pattern.lower_nouns, view.phrases, reader, synsets, roles, False, used, view.particles)
                and _match_preps(pattern.lower_preps, view, reader, synsets, roles, False, used)):
            return None
    if pattern.upper_nouns or pattern.upper_preps:
        subject = reader.subject(verb)
        nearest_first = sorted(upper_phrases, key=lambda p: -reader.phrases[p].first)
        words = {w for p in upper_phrases for w in range(reader.phrases[p].first, reader.phrases[p].last + 1)}
        words |= set(range(max(0, min(words, default=first)), first))
        view = _view(reader, verb, words, nearest_first, subject if subject in upper_phrases or subject is not None
                     else None)
        if subject is not None and subject not in view.phrases:
            view.phrases.insert(0, subject)
        used = set()
        if not (_match_nouns(pattern.upper_nouns, view.phrases, reader, synsets, roles, True, used)
                and _match_preps(pattern.upper_preps, view, reader, synsets, roles, True, used)):
            return None
    return roles
