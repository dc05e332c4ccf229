"""Temporal expressions the entity recogniser misses, found around head words.

One vectorised pass over the doc finds the head words of temporal expressions
(weekdays, months, units like "week", "now", "daily", shapes like "1990s" or
"10:35"); each head then grows left over its modifiers ("the past two") and
right over its complements ("ago", "morning", "13, 2024").  Only the few heads
in an article cost Python time, which keeps this far cheaper than a token
Matcher over the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, SHAPE
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from wirecoder.nlp.arrays import in_sorted
from wirecoder.when.lexicon import TimeWords, time_words
from wirecoder.when.normalise import ANAPHORIC

_CLOCK_SUFFIXES = frozenset({"a.m.", "p.m.", "am", "pm", "a.m", "p.m"})
_YEAR_SHAPES = frozenset({"dddd"})
_DECADE_SHAPES = frozenset({"ddddx", "ddx", "dx"})
_CLOCK_SHAPES = frozenset({"d:dd", "dd:dd"})
_QUARTER_SHAPES = frozenset({"Xd", "dX", "xd"})
_MONTH_LEAD_INS = frozenset({"in", "by", "since", "until", "through", "during", "from", "early", "late", "mid",
                             "last", "next", "this", "of", "before", "after", "between", "and", "or", "to"})
# What may stand before a unit, from the unit outwards: "at least | the | past | two more | weeks".
_COUNT_WORDS = frozenset({"few", "several", "many", "couple", "dozen", "half", "-", "more", "additional", "full",
                          "whole", "entire", "consecutive", "straight"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "each", "every", "per", "another"})
_APPROXIMATORS = frozenset({"nearly", "more", "than", "less", "at", "least", "most", "some", "around", "early",
                            "late", "mid", "earlier"})
_WINDOW = 6  # how many words a head may reach to either side


@dataclass(frozen=True)
class _Heads:
    words: numpy.ndarray  # hashes of head words
    shapes: numpy.ndarray  # hashes of head shapes
    holidays: dict[str, list[list[str]]]  # last word -> holiday names as words
    references: dict[str, list[list[str]]]  # last word -> reference phrases as words


def _by_last_word(phrases) -> dict[str, list[list[str]]]:
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        words = phrase.replace("'s", " 's").split()
        index.setdefault(words[-1], []).append(words)
    return index


_HEADS: dict[int, tuple[Vocab, _Heads]] = {}


def _head_words(lex: TimeWords) -> set[str]:
    words = set(lex.weekdays) | set(lex.months) | set(lex.units) | set(lex.deictic_days) | set(lex.set_adverbs)
    words |= {w + "." for w in lex.weekdays if len(w) <= 5} | {w + "." for w in lex.months if len(w) <= 5}
    words |= {w + "s" for w in lex.weekdays if len(w) > 5}
    words |= set(lex.decade_words) | set(lex.parts_of_day) | set(lex.clock_words) | set(lex.seasons)
    words |= _CLOCK_SUFFIXES
    words |= {phrase.split()[-1] for phrase in lex.standalone_reference_words}
    words |= {phrase.split()[-1] for phrase in lex.holidays}
    return words


def _heads(vocab: Vocab) -> _Heads:
    """Hashes of head words and shapes for this vocabulary, computed once."""
    cached = _HEADS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    lex = time_words()
    shapes = _YEAR_SHAPES | _DECADE_SHAPES | _CLOCK_SHAPES | _QUARTER_SHAPES
    heads = _Heads(numpy.array(sorted(vocab.strings.add(w) for w in _head_words(lex)), dtype=numpy.uint64),
                   numpy.array(sorted(vocab.strings.add(s) for s in shapes), dtype=numpy.uint64),
                   _by_last_word(lex.holidays), _by_last_word(lex.standalone_reference_words))
    _HEADS[id(vocab)] = (vocab, heads)
    return heads


def pattern_spans(doc: Doc) -> list[Span]:
    """Temporal expressions around every head word of the doc (overlaps left to the caller)."""
    if len(doc) == 0:
        return []
    heads = _heads(doc.vocab)
    table = doc.to_array([LOWER, SHAPE])
    positions = numpy.flatnonzero(in_sorted(table[:, 0], heads.words) | in_sorted(table[:, 1], heads.shapes))
    lex = time_words()
    spans = []
    for i in positions.tolist():
        span = _grow(doc, i, lex, heads)
        if span is not None:
            spans.append(span)
    return spans


def _word(token: Token) -> str:
    lower = token.lower_
    return lower[:-1] if lower.endswith(".") and len(lower) > 2 and lower not in _CLOCK_SUFFIXES else lower


def _is_number(token: Token, lex: TimeWords) -> bool:
    return token.like_num or token.lower_ in lex.number_words


def _phrase_before(doc: Doc, i: int, phrases: list[list[str]]) -> int | None:
    """Start of the longest phrase (as words) that ends at token i."""
    best = None
    for words in phrases:
        start = i - len(words) + 1
        if start < 0 or (best is not None and start >= best):
            continue
        if all(doc[start + k].lower_ == w for k, w in enumerate(words)):
            best = start
    return best


def _walk_left(doc: Doc, start: int, limit: int, accept) -> int:
    while start > limit and accept(doc[start - 1]):
        start -= 1
    return start


def _grow_left_of_unit(doc: Doc, i: int, lex: TimeWords, directions) -> int:
    """Start of "at least the past two more" before a unit at token i."""
    limit = max(0, i - _WINDOW)

    def count(token: Token) -> bool:
        return (_is_number(token, lex) and token.text != "%" or _word(token) in _COUNT_WORDS
                or _word(token) in lex.ordinals and _word(token) != "last"
                or token.lower_ == "of" and token.i > 0 and doc[token.i - 1].lower_ in ("couple", "dozen"))

    def direction(token: Token) -> bool:
        word = _word(token)
        if word == "that" and token.dep_ != "det":
            return False  # "the results that last week": a relative pronoun
        if word in ("following", "past", "coming") and token.dep_ == "prep":
            return False  # "following last month": a preposition
        return word in directions or word in lex.vague_numbers or word in ("year", "'s", "last")

    def determiner(token: Token) -> bool:
        return _word(token) in _DETERMINERS and not (token.lower_ == "that" and token.dep_ != "det")

    start = _walk_left(doc, i, limit, count)
    start = _walk_left(doc, start, limit, direction)
    start = _walk_left(doc, start, limit, determiner)
    start = _walk_left(doc, start, limit, lambda t: _word(t) in _APPROXIMATORS)
    while start < i and (doc[start].lower_ in ("-", "of", "than", "and", "'s", "year")
                         or doc[start].lower_ in ("a", "an") and _is_number(doc[start + 1], lex)
                         or doc[start].lower_ == "at" and doc[start + 1].lower_ not in ("least", "most")):
        start += 1  # "a five year" plan: the article belongs to "plan"
    return start


def _grow_left(doc: Doc, i: int, allowed) -> int:
    return _walk_left(doc, i, max(0, i - _WINDOW), lambda t: _word(t) in allowed and not (
        t.lower_ == "that" and t.dep_ != "det"))


def _grow(doc: Doc, i: int, lex: TimeWords, heads: _Heads) -> Span | None:
    """The temporal expression headed by token i, or None when the head stands for no time here."""
    token = doc[i]
    word = _word(token)
    shape = token.shape_
    n = len(doc)
    nxt = doc[i + 1] if i + 1 < n else None
    directions = lex.direction_words.keys() | ANAPHORIC

    # whole phrases first: "Election Day", "these days", "the past"
    phrase_start = _phrase_before(doc, i, heads.holidays.get(word, []))
    if phrase_start is not None:
        return doc[_grow_left(doc, phrase_start, {"last", "next", "this"}):i + 1]
    phrase_start = _phrase_before(doc, i, heads.references.get(word, []))
    if phrase_start is not None:
        return doc[phrase_start:i + 1]

    if word in lex.units:
        start = _grow_left_of_unit(doc, i, lex, directions)
        end = i + 1
        if nxt is not None and _word(nxt) in lex.shift_words and _word(nxt) not in ("after", "before"):
            end = i + 2
        elif nxt is not None and nxt.text == "-" and i + 2 < n and doc[i + 2].lower_ in ("ago", "earlier"):
            end = i + 3  # "year-ago", "the year-earlier quarter"
            if end < n and (_word(doc[end]) in lex.units or doc[end].lower_ == "period"):
                end += 1
        elif nxt is not None and nxt.lower_ == "from" and i + 2 < n and doc[i + 2].lower_ == "now":
            end = i + 3
        modifiers = {_word(t) for t in doc[start:i]}
        counted = any(_is_number(t, lex) for t in doc[start:i]) or modifiers & (
            directions | lex.vague_numbers | lex.set_quantifiers | lex.ordinals.keys())
        if not counted and end == i + 1:
            return None  # a bare "day" or "the year" is left to the entity recogniser
        return doc[start:end]

    if word in lex.weekdays and not (word in lex.ambiguous_months and not token.is_title):
        start = _grow_left(doc, i, lex.direction_words.keys() | {"each", "every", "previous", "following"})
        end = i + 1
        if nxt is not None and _word(nxt) in lex.parts_of_day:
            end = i + 2
        return doc[start:end]

    if word.endswith("s") and word[:-1] in lex.weekdays and len(word) > 6:
        return doc[i:i + 1]  # "Tuesdays"

    if word in lex.months:
        end = i + 1
        if nxt is not None and (nxt.like_num and nxt.text.isdigit() and int(nxt.text) <= 31 or nxt.shape_ == "ddxx"
                                or nxt.shape_ == "dxx"):
            end = i + 2
            if end + 1 < n and doc[end].text == "," and doc[end + 1].shape_ == "dddd":
                end += 2  # "December 13, 2024"
        if end < n and doc[end].shape_ == "dddd":
            end += 1  # "June 1989"
        start = _grow_left(doc, i, {"last", "next", "this", "early", "late", "mid", "-"})
        if start == i and i > 0 and doc[i - 1].like_num and doc[i - 1].text.isdigit() and int(doc[i - 1].text) <= 31:
            start = i - 1  # "13 December"
        if end == i + 1 and start == i:
            full_name = len(word) > 3 and word not in lex.ambiguous_months
            lead_in = i > 0 and doc[i - 1].lower_ in _MONTH_LEAD_INS
            if not token.is_title or not (full_name or lead_in):
                return None  # "may", "march", "Jan" (a name)
        return doc[start:end]

    if word in lex.deictic_days:
        end = i + 2 if nxt is not None and _word(nxt) in lex.parts_of_day else i + 1
        return doc[i:end]

    if word in lex.parts_of_day or word in lex.seasons:
        start = _grow_left(doc, i, directions | {"early", "late", "mid", "-", "this", "the"})
        if not {_word(t) for t in doc[start:i]} & (directions | {"this", "early", "late"}):
            return None  # "the morning", "fall" alone: too often no time
        return doc[start:i + 1]

    if word in lex.set_adverbs:
        return doc[i:i + 1]

    if word in lex.clock_words:
        return doc[i:i + 1]

    if word in _CLOCK_SUFFIXES:
        if i > 0 and (doc[i - 1].shape_ in _CLOCK_SHAPES or doc[i - 1].like_num and doc[i - 1].text.isdigit()):
            return doc[i - 1:i + 1]
        return None

    if shape in _CLOCK_SHAPES:
        end = i + 2 if nxt is not None and nxt.lower_ in _CLOCK_SUFFIXES else i + 1
        return doc[i:end]

    if shape in _DECADE_SHAPES and word.endswith("0s") or word in lex.decade_words:
        start = _grow_left(doc, i, {"the", "early", "late", "mid", "-", "'"})
        if word in lex.decade_words and start == i:
            return None  # "in his forties" is an age
        while start < i and doc[start].text in ("'", "-"):
            start += 1
        return doc[start:i + 1]

    if shape in _QUARTER_SHAPES:
        return doc[i:i + 1] if len(word) == 2 and ("q" in word or "h" in word) else None

    if shape in _YEAR_SHAPES:
        if i > 0 and doc[i - 1].lower_ == "fiscal":
            return doc[i - 1:i + 1]
        return None  # plain years are the entity recogniser's

    return None
