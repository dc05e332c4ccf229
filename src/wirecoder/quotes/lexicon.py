"""The reporting-cue lexicon (lexicon/speech_verbs.yaml), read once and compiled once into array patterns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc
from spacy.vocab import Vocab

from wirecoder.errors import LexiconError
from wirecoder.lexicon_files import lexicon_file, read_yaml
from wirecoder.nlp.arrays import in_sorted

VERB_GROUPS = ("speech", "cognition", "evidence")
WORD_LISTS = ("object_content", "infinitive_content", "frame_only", "according_to", "titles_male", "titles_female")


@dataclass(frozen=True)
class CueLexicon:
    speech: frozenset[str]
    cognition: frozenset[str]
    evidence: frozenset[str]
    object_content: frozenset[str]
    infinitive_content: frozenset[str]
    frame_only: frozenset[str]
    according_to: tuple[str, ...]
    titles_male: frozenset[str]
    titles_female: frozenset[str]
    verbs: frozenset[str]  # every verb cue: speech | cognition | evidence


def lexicon_path() -> Path:
    return lexicon_file("speech_verbs.yaml")


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> CueLexicon:
    """Read and check the YAML file; entries are lower-cased and de-duplicated."""
    source = Path(path) if path else lexicon_path()
    data = read_yaml(source, "the speech-verb lexicon")
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: expected a mapping of lists at the top level")
    lists: dict[str, list[str]] = {}
    for key in VERB_GROUPS + WORD_LISTS:
        entries = data.get(key) or []
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
            raise LexiconError(f"{source}: '{key}' must be a list of non-empty strings")
        lists[key] = [" ".join(e.lower().split()) for e in entries]
    verbs = {v for key in VERB_GROUPS for v in lists[key]}
    for key in ("object_content", "infinitive_content", "frame_only"):
        unknown = sorted(set(lists[key]) - verbs)
        if unknown:
            raise LexiconError(f"{source}: '{key}' lists cues that no verb group has: {', '.join(unknown)}")
    return CueLexicon(
        speech=frozenset(lists["speech"]),
        cognition=frozenset(lists["cognition"]),
        evidence=frozenset(lists["evidence"]),
        object_content=frozenset(lists["object_content"]),
        infinitive_content=frozenset(lists["infinitive_content"]),
        frame_only=frozenset(lists["frame_only"]),
        according_to=tuple(dict.fromkeys(lists["according_to"])),
        titles_male=frozenset(lists["titles_male"]),
        titles_female=frozenset(lists["titles_female"]),
        verbs=frozenset(verbs),
    )


class CueMatcher:
    """Finds every cue in a Doc in one pass over its token arrays.

    ``match(doc)`` returns ``(verbs, according)``: a dict from the token index of
    each cue verb to its lexicon entry ("say", "call for"), and a list of
    ``(start, end)`` token ranges of "according to"-style phrases.  Entries of
    one length share a pattern (a lemma set, then word sets), so the cost does
    not grow with the size of the lexicon; a match is then checked against the
    entries themselves.  The patterns are those a spaCy Matcher would run
    (first word: LEMMA in the set and POS VERB or AUX; then LOWER in each
    set), tested on the Doc's hash arrays with numpy, which spares building a
    Python Token per word of the article.
    """

    def __init__(self, vocab: Vocab, lexicon: CueLexicon) -> None:
        self.lexicon = lexicon
        self.vocab = vocab
        by_length: dict[int, list[list[str]]] = {}
        for entry in lexicon.verbs:
            by_length.setdefault(len(entry.split()), []).append(entry.split())
        add = vocab.strings.add
        # per length: the first words' lemma hashes, then the sets of hashes of the words after them
        self._verb_patterns = [
            (length, numpy.array(sorted({add(e[0]) for e in entries}), dtype=numpy.uint64),
             [frozenset(add(e[k]) for e in entries) for k in range(1, length)])
            for length, entries in sorted(by_length.items())]
        phrases = [tuple(add(w) for w in p.split()) for p in lexicon.according_to]
        self._according = [p for p in phrases if p]
        self._according_first = numpy.array(sorted({p[0] for p in self._according}), dtype=numpy.uint64)

    def _matches(self, doc: Doc) -> list[tuple[int, int, bool]]:
        """(start, end, is_according) of every pattern match, in text order."""
        n = len(doc)
        if n == 0:
            return []
        table = doc.to_array([LEMMA, POS, LOWER])
        lemma, pos, lower = table[:, 0], table[:, 1], table[:, 2]
        verbal = (pos == VERB) | (pos == AUX)  # two comparisons: cheaper than numpy.isin
        found: list[tuple[int, int, bool]] = []
        for length, firsts, rest in self._verb_patterns:
            for start in numpy.flatnonzero(verbal & in_sorted(lemma, firsts)).tolist():
                end = start + length
                if end <= n and all(int(lower[start + k]) in words for k, words in enumerate(rest, 1)):
                    found.append((start, end, False))
        if len(self._according_first):
            for start in numpy.flatnonzero(in_sorted(lower, self._according_first)).tolist():
                for phrase in self._according:
                    end = start + len(phrase)
                    if end <= n and all(int(lower[start + k]) == h for k, h in enumerate(phrase)):
                        found.append((start, end, True))
        return sorted(found)

    def match(self, doc: Doc) -> tuple[dict[int, str], list[tuple[int, int]]]:
        verbs: dict[int, str] = {}
        according: list[tuple[int, int]] = []
        for start, end, is_according in self._matches(doc):
            if is_according:
                according.append((start, end))
                continue
            words = [doc[start].lemma_.lower()] + [t.lower_ for t in doc[start + 1: end]]
            entry = " ".join(words)
            if entry not in self.lexicon.verbs:
                continue
            current = verbs.get(start)
            if current is None or len(words) > len(current.split()):
                verbs[start] = entry
        return verbs, sorted(according)


_MATCHERS: dict[int, CueMatcher] = {}


def cue_matcher(vocab: Vocab) -> CueMatcher:
    """One compiled matcher per vocabulary (i.e. per loaded pipeline)."""
    matcher = _MATCHERS.get(id(vocab))
    if matcher is None or matcher.vocab is not vocab:
        matcher = CueMatcher(vocab, load_lexicon())
        _MATCHERS[id(vocab)] = matcher
    return matcher
