"""Toponyms the NER misses, found by the constructions conflict reports name places with.

- a proper name before a word for a settlement or area: "Bor town", "Jonglei state", "Mobbar LGA";
- the same word before "of" and a name: "the village of Juhr ad Dik", "the district of Shinwar";
- names in brackets right after a place or such a word, the report's own admin divisions:
  "Afmadow town (Afmadow, Lower Juba)", "Kralgund (Kupwara district, Jammu and Kashmir)".

Apart from these, ``after_place_preposition_spans`` finds the proper names that "in" or "near" take
where the NER saw no place ("in Khon Kaen", "in Dera Ghazi Khan" read as a person, "the Cabinet of
Ministers in Kyiv" read as one organisation): weaker evidence, so they are ordinary candidates that must
score like any toponym.
The words are data (data/locality_words.txt). The spans found are only candidates: they are resolved
like any toponym and dropped when nothing in the gazetteer fits well enough. They are kept even where the
NER calls the name a person or an organisation ("Pelo town", "Bor town"): the construction says what it
is. With a capitalised word ("Islamic State", "Kupwara District") only a name read as a person counts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.attrs import ENT_TYPE, IS_TITLE, LOWER, POS
from spacy.matcher import Matcher
from spacy.symbols import PROPN
from spacy.tokens import Doc
from spacy.vocab import Vocab

from wirecoder.nlp.text import doc_text
from wirecoder.where.names import read_word_list

LOCALITY_WORDS = Path(__file__).parent / "data" / "locality_words.txt"
_BRACKETS = re.compile(r"\(([^()\n]{2,120})\)")
# One part of a bracket list: capitalised words, with the particles and joiners names carry.
# words end at a space or the end, so a long run of capitals has one reading, not exponentially many
_NAME_PART = re.compile(r"^(?:(?:[A-Z][\w'’.&-]*|al|el|ad|ash|as|an|de|du|la|le|of|and|bin|ibn|wa)(?:\s+|$))+$")


PART_WORDS = Path(__file__).parent / "data" / "part_words.txt"
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})


@lru_cache(maxsize=1)
def locality_words() -> frozenset[str]:
    return frozenset(word.casefold() for word in read_word_list(LOCALITY_WORDS))


@lru_cache(maxsize=1)
def part_words() -> frozenset[str]:
    """data/part_words.txt: "north", "square", ... (of a place named after "of")."""
    return frozenset(word.casefold() for word in read_word_list(PART_WORDS))


LOCALITY_LEVELS = Path(__file__).parent / "data" / "locality_levels.tsv"
LEVEL_FEATURES = {"admin1": ("A.ADM1",), "admin2": ("A.ADM2", "A.ADM3"), "town": ("P.PPL", "P.PPLC")}
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z-]+)")


@lru_cache(maxsize=1)
def _levels() -> dict[str, tuple[str, ...]]:
    with open(LOCALITY_LEVELS, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]
    return {word: LEVEL_FEATURES[level] for word, level in rows[1:]}


def level_after(text: str, end: int) -> tuple[str, ...] | None:
    """The features the word right after a name says it has ("Haveli district": a district), from
    data/locality_levels.tsv; the word must be written as the table writes it (lower case but "LGA"), so a
    capitalised word of the name itself ("Kupwara District") is not read as one."""
    match = _WORD_AFTER.match(text, end)
    return _levels().get(match.group(1)) if match else None


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    words = sorted(locality_words())
    matcher = Matcher(vocab)
    matcher.add("NAME_THEN_WORD", [[{"POS": "PROPN", "OP": "+"}, {"LOWER": {"IN": words}}]], greedy="LONGEST")
    matcher.add("WORD_OF_NAME", [[{"LOWER": {"IN": words}}, {"LOWER": "of"}, {"POS": "PROPN", "OP": "+"}]],
                greedy="LONGEST")
    # "north of Gorom-Gorom", "the square of Agia Paraskevi": a hyphen may join the name's words
    matcher.add("PART_OF_NAME", [[{"LOWER": {"IN": sorted(part_words())}}, {"LOWER": "of"}, {"POS": "PROPN"},
                                  {"ORTH": "-", "OP": "?"}, {"POS": "PROPN", "OP": "*"}]], greedy="LONGEST")
    return matcher


# What a name after "in"/"near" must not be: a date, a number, a law or a work ("in March", "in Resolution 2334").
_NOT_PLACE_ENTITY = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW",
                               "WORK_OF_ART", "EVENT", "LANGUAGE", "PRODUCT"})
PLACE_ONLY_PREPS = frozenset({"in", "near"})  # what they take is a place, whatever the NER says ("in Loiza")


@lru_cache(maxsize=4)
def _preposition_hashes(vocab: Vocab) -> tuple[frozenset[int], frozenset[int]]:
    return (frozenset(vocab.strings.add(w) for w in PLACE_ONLY_PREPS),
            frozenset(vocab.strings.add(label) for label in _NOT_PLACE_ENTITY))


def after_place_preposition_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the capitalised proper-name runs right after "in" or "near" (see above): the
    longest run after each, found over token-attribute arrays (a Matcher with "+" over every token of
    every article cost more than the rest of the place stage)."""
    if not doc.has_annotation("POS"):
        return []
    columns = doc.to_array([LOWER, POS, IS_TITLE, ENT_TYPE])
    lowers, tags, titles, ents = (columns[:, k].tolist() for k in range(4))
    preps, not_place = _preposition_hashes(doc.vocab)
    n = len(lowers)
    runs = []
    for i in (i for i, lower in enumerate(lowers) if lower in preps):
        end = i + 1
        while end < n and tags[end] == PROPN and titles[end] and ents[end] not in not_place:
            end += 1
        if end > i + 1:
            runs.append((i, end))
    # as the Matcher's greedy LONGEST did: of overlapping runs the longest wins ("in Near East" over "Near East")
    kept: list[tuple[int, int]] = []
    for start, end in sorted(runs, key=lambda r: (r[0] - r[1], r[0])):
        if all(end <= s or start >= e for s, e in kept):
            kept.append((start, end))
    return sorted((doc[start + 1].idx, doc[end - 1].idx + len(doc[end - 1].text)) for start, end in kept)


@lru_cache(maxsize=4)
def _word_hashes(vocab: Vocab) -> frozenset[int]:
    return frozenset(vocab.strings.add(w) for w in locality_words() | part_words())


def _windows(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges that hold every match of the two patterns: each locality word with the run of proper
    nouns before it, and "of" with the run after it; overlapping ranges merged."""
    columns = doc.to_array([LOWER, POS])
    lowers, tags = columns[:, 0].tolist(), columns[:, 1].tolist()
    words, of, hyphen = _word_hashes(doc.vocab), doc.vocab.strings.add("of"), doc.vocab.strings.add("-")
    n = len(lowers)
    ranges: list[tuple[int, int]] = []
    for i in (i for i, lower in enumerate(lowers) if lower in words):
        start, end = i, i + 1
        while start > 0 and tags[start - 1] == PROPN:
            start -= 1
        if end < n and lowers[end] == of:
            end += 1
            while end < n and (tags[end] == PROPN or (
                    lowers[end] == hyphen and end + 1 < n and tags[end + 1] == PROPN)):  # "Gorom-Gorom"
                end += 1
        if ranges and start < ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


def _matches(doc: Doc) -> list[tuple[int, int, int]]:
    """The Matcher's matches, found by running it only over the ``_windows`` (most of an article holds
    no locality word).  A match lies inside its word's window and overlapping matches share one, so
    the longest-match filtering within each window is the filtering over the whole doc."""
    matcher = _matcher(doc.vocab)
    found = []
    for start, end in _windows(doc):
        found.extend((key, start + s, start + e) for key, s, e in matcher(doc[start:end]))
    return found


def _strip_locality_word(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[-1].casefold() in locality_words():
        words.pop()
    return " ".join(words)


def _word_before(text: str, position: int) -> str:
    """The last whitespace-separated word before ``position`` ("" at the start), without copying the text."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def locality_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the names the constructions above mark as places, in text order."""
    found: set[tuple[int, int]] = set()
    words = locality_words()
    matches = _matches(doc) if doc.has_annotation("POS") else []  # a hand-built Doc has no tags
    for match_id, start, end in matches:
        span = doc[start:end]
        if doc.vocab.strings[match_id] == "NAME_THEN_WORD":
            name, word = span[:-1], span[-1]
            label = name.root.ent_type_
            if word.is_title and label != "PERSON":
                continue  # an organisation ("Islamic State"), or the NER's own toponym ("Kupwara District")
            if word.is_title:
                name = span  # "Plateau State" read as a person: the whole name, which the gazetteer knows
        else:
            name = span[2:]
        found.add((name.start_char, name.end_char))
    text = doc_text(doc)
    for m in _BRACKETS.finditer(text):
        last = _word_before(text, m.start())
        if not last or not (last[:1].isupper() or last.casefold() in words):
            continue  # only after a name or a word for an area: not "(file photo)" or "(AFP)"
        offset = m.start(1)
        for part in m.group(1).split(","):
            name = _strip_locality_word(part.strip())
            if name and _NAME_PART.match(name) and not (name.isupper() and len(name) <= 3):
                start = offset + part.index(name)
                found.add((start, start + len(name)))
            offset += len(part) + 1
    return sorted(found)
