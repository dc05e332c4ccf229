"""The cues found in one document, shared by the direct and indirect finders."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from wirecoder.quotes.lexicon import CueLexicon, cue_matcher


@dataclass
class Attribution:
    """A found quotation before its speaker is resolved: content offsets, cue token, source head."""

    kind: str  # "direct" | "indirect"
    start: int
    end: int
    cue: Token | None
    cue_end: int | None  # char end of the cue phrase ("according to", "point out")
    source: Token | None


@dataclass
class DocCues:
    """Every cue of one document, found by one Matcher pass."""

    doc: Doc
    lexicon: CueLexicon
    verbs: dict[int, str]  # token index -> lexicon entry
    according: list[tuple[int, int]]  # token ranges of "according to" phrases
    according_by_start: dict[int, int] = field(default_factory=dict)

    @classmethod
    def find(cls, doc: Doc) -> DocCues:
        matcher = cue_matcher(doc.vocab)
        verbs, according = matcher.match(doc)
        # Participles used as adjectives ("the so-called plan", "an oft-repeated claim") report nothing.
        verbs = {i: entry for i, entry in verbs.items() if doc[i].dep_ != "amod"}
        cues = cls(doc, matcher.lexicon, verbs, according)
        cues.according_by_start = {start: end for start, end in according}
        return cues

    def is_cue(self, token: Token) -> bool:
        return token.i in self.verbs or token.i in self.according_by_start

    def is_frame_only(self, token: Token) -> bool:
        return self.verbs.get(token.i) in self.lexicon.frame_only

    def is_speech(self, token: Token) -> bool:
        entry = self.verbs.get(token.i)
        return entry is not None and entry in self.lexicon.speech

    def cue_char_end(self, token: Token) -> int:
        entry = self.verbs.get(token.i)
        if entry is not None:
            last = self.doc[min(token.i + len(entry.split()), len(self.doc)) - 1]
            return last.idx + len(last.text)
        end = self.according_by_start.get(token.i)
        if end is not None:
            last = self.doc[end - 1]
            return last.idx + len(last.text)
        return token.idx + len(token.text)
