"""Indirect (reported) speech: a cue verb and the clause it governs.

"Safadi said Jordan was ready to help" -> content "Jordan was ready to help",
source "Safadi".  The content is the cue's clausal complement (ccomp); for the
lexicon's ``infinitive_content`` cues their "to"-infinitive ("urged Iraq to
crack down"); for ``object_content`` cues their direct object ("announced a
ceasefire"); for any cue, an object with its predicate ("called it a
disaster", "accused Iran of meddling").  A cue tucked into the clause it
reports ("The plan, he said, is dead"; "..., as the minister said";
"..., according to two officials") takes that clause without itself, in one
or two pieces.  Cues inside quotation marks are not read: the quotation is one
attribution.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.quotes.cues import Attribution, DocCues
from wirecoder.quotes.direct import QuotedRegions
from wirecoder.quotes.speakers import according_source, source_token

MIN_CONTENT_TOKENS = 2
PREDICATE_PREPS = {"as", "of", "for"}  # "described X as Y", "accused X of Y", "praised X for Y"
QUOTED_SHARE = 0.8  # content this much inside quotation marks is the direct quotation itself


def find_indirect(doc: Doc, cues: DocCues, regions: QuotedRegions) -> list[Attribution]:
    found: list[Attribution] = []
    lexicon = cues.lexicon
    for index, entry in cues.verbs.items():
        cue = doc[index]
        if regions.contains(cue) or entry in lexicon.frame_only:
            continue
        pieces = _complement(cue, entry, lexicon)
        if not pieces and not cues.is_cue(cue.head) and (
                cue.dep_ == "parataxis" or (cue.dep_ == "advcl" and _marked_as(cue))):
            # "The plan, he said, is dead"; "Climate warnings come from the left, as the host said."
            pieces = _without(cue.head, cue.i, cue.i + 1)
        if not pieces:
            continue
        source = source_token(cue)
        for start, end in pieces:
            attribution = _build(doc, start, end, cue, cues.cue_char_end(cue), source, regions)
            if attribution is not None:
                found.append(attribution)
    for start, end in cues.according:
        phrase = doc[start]
        head = phrase.head
        if head is phrase:
            continue
        source = according_source(doc, start, end)
        for piece_start, piece_end in _without(head, start, end):
            attribution = _build(doc, piece_start, piece_end, phrase, cues.cue_char_end(phrase), source, regions)
            if attribution is not None:
                found.append(attribution)
    return found


def _complement(cue: Token, entry: str, lexicon) -> list[tuple[int, int]]:
    """Token ranges of what the cue reports, or [] when it governs no content."""
    words = entry.split()
    last = cue.doc[min(cue.i + len(words), len(cue.doc)) - 1]
    for child in cue.children:
        if child.dep_ == "ccomp":
            return [(child.left_edge.i, child.right_edge.i + 1)]
    if entry in lexicon.infinitive_content:
        for child in cue.children:
            if child.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
                start = child.left_edge.i
                for sibling in cue.children:  # "urged Iraq to ...": the addressee belongs to the content
                    if sibling.dep_ == "dobj" and sibling.i < child.i:
                        start = min(start, sibling.left_edge.i)
                return [(start, child.right_edge.i + 1)]
    holder = last if len(words) > 1 else cue
    objects = [child for child in holder.children if child.dep_ in {"dobj", "pobj"} and child.i > holder.i]
    if not objects:
        return []
    # "called it a disaster", "described him as a liar", "accused Iran of meddling": object and predicate.
    predicates = [child for child in holder.children if child.i > objects[0].i and (
        child.dep_ in {"oprd", "ccomp", "xcomp"} or (child.dep_ == "prep" and child.lower_ in PREDICATE_PREPS))]
    if predicates or entry in lexicon.object_content:
        right = max([objects[0]] + predicates, key=lambda t: t.right_edge.i).right_edge.i
        return [(objects[0].left_edge.i, right + 1)]
    return []


def _marked_as(cue: Token) -> bool:
    return any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children)


def _without(head: Token, start: int, end: int) -> list[tuple[int, int]]:
    """The clause of ``head`` with the cue phrase's own subtree [start, end) cut out; one or two pieces."""
    cue_left = min(start, head.doc[start].left_edge.i)
    cue_right = max(end, head.doc[end - 1].right_edge.i + 1, head.doc[start].right_edge.i + 1)
    left, right = head.left_edge.i, head.right_edge.i + 1
    pieces = []
    if cue_left > left:
        pieces.append((left, cue_left))
    if cue_right < right:
        pieces.append((cue_right, right))
    return pieces


def _build(doc: Doc, start: int, end: int, cue: Token, cue_end: int, source: Token | None,
           regions: QuotedRegions) -> Attribution | None:
    while start < end and (doc[start].is_punct and doc[start].text not in '"“' or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in '"”' or doc[end - 1].is_space):
        end -= 1
    if end - start < MIN_CONTENT_TOKENS:
        return None
    if start <= cue.i < end:
        return None
    if source is not None and start <= source.i < end:
        source = None  # the parse went astray: a speaker inside what it says
    char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    if regions.covered_chars(char_start, char_end) >= QUOTED_SHARE * (char_end - char_start):
        return None
    return Attribution("indirect", char_start, char_end, cue, cue_end, source)
