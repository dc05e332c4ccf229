"""Direct quotations: text between quotation marks that someone is reported to have said.

A quotation needs a cue.  In order of trust:

1. a cue verb that governs the quotation in the dependency parse (the partial
   quote 'committed to "working for ..."' under "saying"; '"...," he said'
   when the parser hangs the quotation under "said");
2. a cue in the quotation's frame, the words between it and the sentence
   edge ('"...," Sharaa said.', 'said X: "..."'), which survives spaCy
   splitting the sentence at the closing mark;
3. for a quotation standing alone as a sentence or paragraph, the sentence
   before it when that ends in a colon ('Caddell continued:', 'Smith was
   blunt:') or has a speech verb ('The minister spoke to reporters.'), else a
   following sentence that starts with a bare frame ('He said it twice.');
4. a quotation opening a sentence right after an attributed one in the same
   paragraph continues it ('"A," Jacobs said. "B."'), and one left open at a
   paragraph's end (a run-on quotation) takes the cue of the quotation that
   continues it in the next paragraph.

Short quotations (three words or fewer) and title-like ones ("Make America
Great Again") count only with a close cue: otherwise they are scare quotes or
titles, not speech.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from wirecoder.quotes.cues import Attribution, DocCues
from wirecoder.quotes.marks import QuoteMarks
from wirecoder.quotes.speakers import according_source, source_token

SENTENCE_END = {".", "!", "?"}
MARK_CHARS = set('"“”«»„')
FRAME_AFTER = 10  # tokens scanned after a closing mark
FRAME_BEFORE = 14  # tokens scanned before an opening mark
SHORT_WORDS = 3
TITLE_WORDS = 8
SHORT_HOPS = 2  # a short quotation must sit this close to its cue verb in the parse


class QuotedRegions:
    """Which tokens lie inside quotation marks (the marks included)."""

    def __init__(self, doc: Doc, text: str, marks: list[QuoteMarks]):
        self.doc = doc
        self.text = text  # doc.text, which spaCy rebuilds on every access
        self.marks = marks
        self.token_ranges: list[tuple[int, int]] = []
        self.char_ranges: list[tuple[int, int]] = []
        for q in marks:
            end_char = (q.close + 1) if q.close is not None else q.end
            span = doc.char_span(q.open, end_char, alignment_mode="expand")
            if span is None:
                continue
            self.token_ranges.append((span.start, span.end))
            self.char_ranges.append((q.open, end_char))
        self._inside = set()
        for start, end in self.token_ranges:
            self._inside.update(range(start, end))

    def contains(self, token: Token) -> bool:
        return token.i in self._inside

    def covered_chars(self, start: int, end: int) -> int:
        return sum(max(0, min(end, e) - max(start, s)) for s, e in self.char_ranges)


def find_direct(doc: Doc, cues: DocCues, regions: QuotedRegions) -> list[Attribution]:
    found: list[Attribution | None] = []
    for marks in regions.marks:
        content = doc.char_span(marks.start, marks.end, alignment_mode="expand")
        if content is None or not len(content):
            found.append(None)
            continue
        ended = _ends_sentence(doc, marks, regions)
        cue, close = _governing_cue(content, marks, ended, cues, regions)
        if cue is None:
            cue, close = _frame_cue(doc, content, marks, ended, cues, regions)
        attribution = _attribution(doc, marks, cue, cues) if cue is not None else None
        if attribution is None:
            attribution, close = _neighbour_attribution(doc, marks, cues, regions), False
        if attribution is not None and not _plausible(content, close):
            attribution = None
        found.append(attribution)
    # '"A," Jacobs said. "B."': a quotation opening a sentence right after an attributed one continues it.
    for number in range(1, len(found)):
        previous, marks = found[number - 1], regions.marks[number]
        if found[number] is not None or previous is None or previous.cue is None:
            continue
        between = regions.text[previous.end: marks.open]
        if "\n" not in between and previous.cue.idx < marks.open and _starts_sentence(regions.text, marks.open):
            found[number] = _inherit(marks, previous)
    # A quotation left open at a paragraph's end runs on: the next paragraph's quotation names the speaker.
    for number in range(len(found) - 2, -1, -1):
        marks = regions.marks[number]
        following = found[number + 1]
        if found[number] is None and marks.close is None and following is not None and following.cue is not None:
            nxt = regions.marks[number + 1]
            between = regions.text[marks.end: nxt.open]
            if between.strip() == "" and _word_count(regions.text[marks.start: marks.end]) > SHORT_WORDS:
                found[number] = _inherit(marks, following)
    return [a for a in found if a is not None]


def _inherit(marks: QuoteMarks, other: Attribution) -> Attribution:
    return Attribution("direct", marks.start, marks.end, other.cue, other.cue_end, other.source)


def _attribution(doc: Doc, marks: QuoteMarks, cue: Token, cues: DocCues) -> Attribution:
    if cue.i in cues.according_by_start:
        source = according_source(doc, cue.i, cues.according_by_start[cue.i])
    else:
        source = source_token(cue)
    return Attribution("direct", marks.start, marks.end, cue, cues.cue_char_end(cue), source)


def _ends_sentence(doc: Doc, marks: QuoteMarks, regions: QuotedRegions) -> bool:
    """'"We won." Trump said the polls ...': a full stop inside the marks, a capital after them."""
    if marks.close is None or regions.text[marks.end - 1] != ".":
        return False
    after = doc.char_span(marks.close, marks.close + 1, alignment_mode="expand")
    return after is not None and after.end < len(doc) and not doc[after.end].is_lower


def _governing_cue(content: Span, marks: QuoteMarks, ended: bool, cues: DocCues,
                   regions: QuotedRegions) -> tuple[Token | None, bool]:
    """The nearest cue the parse links to the quotation: an ancestor or an attached frame. Returns (cue, close)."""
    best: tuple[int, Token] | None = None

    def usable(cue: Token) -> bool:
        if regions.contains(cue) or not cues.is_cue(cue) or cues.is_frame_only(cue):
            return False
        return not (ended and cue.i >= content.end)  # the parser ran on past the sentence's end

    for token in content:
        for child in token.children:
            if usable(child):
                if best is None or best[0] > 1:
                    best = (1, child)
        head, hops = token.head, 1
        if head.i >= content.start and head.i < content.end:
            continue
        while True:
            if usable(head):
                if best is None or hops < best[0]:
                    best = (hops, head)
                break
            if head.head is head or hops > 8:
                break
            head, hops = head.head, hops + 1
    if best is None:
        return None, False
    return best[1], best[0] <= SHORT_HOPS


def _frame_cue(doc: Doc, content: Span, marks: QuoteMarks, ended: bool, cues: DocCues,
               regions: QuotedRegions) -> tuple[Token | None, bool]:
    """A cue in the words around the quotation, up to the sentence edge or another quotation."""
    if marks.close is not None and not ended:
        close_tok = doc.char_span(marks.close, marks.close + 1, alignment_mode="expand")
        i = close_tok.end if close_tok is not None else content.end
        for token in doc[i: min(i + FRAME_AFTER, len(doc))]:
            if "\n" in token.text or regions.contains(token):
                break
            if cues.is_cue(token):
                return token, True
            if token.text in SENTENCE_END:
                break
    open_tok = doc.char_span(marks.open, marks.open + 1, alignment_mode="expand")
    i = open_tok.start if open_tok is not None else content.start
    nearest = True
    for token in reversed(doc[max(0, i - FRAME_BEFORE): i]):
        if "\n" in token.text or regions.contains(token) or token.text in SENTENCE_END:
            break
        if cues.is_cue(token):
            return token, nearest
        if not token.is_punct:
            nearest = nearest and token.pos_ in {"ADV", "PART", "ADP", "PRON", "PROPN", "NOUN", "DET"}
    return None, False


def _neighbour_attribution(doc: Doc, marks: QuoteMarks, cues: DocCues,
                           regions: QuotedRegions) -> Attribution | None:
    """For a quotation that is a whole sentence, a frame in the sentence before or after it.

    'Caddell continued: "..."' and 'Smith was blunt: "..."' (the colon is the cue, the subject the
    source); 'The minister spoke to reporters. "..."'; '"..." He said it twice.'
    """
    if not _starts_sentence(regions.text, marks.open):
        return None
    open_tok = doc.char_span(marks.open, marks.open + 1, alignment_mode="expand")
    if open_tok is None:
        return None
    before = doc[open_tok.start - 1] if open_tok.start > 0 else None
    while before is not None and before.is_space:
        before = doc[before.i - 1] if before.i > 0 else None
    if before is not None and not regions.contains(before):
        frame = [t for t in doc[before.sent.start: before.i + 1] if not regions.contains(t)]
        for token in reversed(frame):
            if cues.is_cue(token) and token.i not in cues.according_by_start and source_token(token) is not None:
                if before.text == ":" or cues.is_speech(token):
                    return _attribution(doc, marks, token, cues)
        if before.text == ":":
            subject = _clause_subject(before)
            if subject is not None:
                return Attribution("direct", marks.start, marks.end, before, before.idx + 1, subject)
            return None
    if marks.close is None:
        return None
    close_tok = doc.char_span(marks.close, marks.close + 1, alignment_mode="expand")
    if close_tok is None or close_tok.end >= len(doc):
        return None
    previous = doc[close_tok.start - 1] if close_tok.start > 0 else None
    if previous is None or previous.text not in SENTENCE_END:
        return None  # the sentence goes on after the quotation; its frame was searched already
    for token in doc[close_tok.end: min(close_tok.end + 4, len(doc))]:
        if "\n" in token.text or regions.contains(token):
            break
        if cues.is_speech(token) and source_token(token) is not None:
            if any(child.dep_ in {"ccomp", "xcomp"} for child in token.children):
                return None  # "She said new mothers were ...": that cue reports something else
            return _attribution(doc, marks, token, cues)
    return None


def _clause_subject(colon: Token) -> Token | None:
    """The person-like subject of the clause a colon ends ("Mr. Smith was blunt:")."""
    start = colon.sent.start
    for token in colon.doc[start: colon.i]:
        if start <= token.head.i < colon.i and token.head is not token:
            continue  # not the head of the clause before the colon
        for child in token.children:
            if child.dep_ == "nsubj" and child.i < colon.i and (
                    child.pos_ in {"PROPN", "PRON"} or child.ent_type_ == "PERSON"):
                return child
    return None


def _starts_sentence(text: str, open_pos: int) -> bool:
    """Whether a quotation opening at ``open_pos`` begins a sentence (or follows a colon)."""
    i = open_pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] in ".!?:":
        return True
    if text[i] not in MARK_CHARS and text[i] != "'":
        return False
    while i >= 0 and text[i] in MARK_CHARS | {"'"}:
        i -= 1
    return i >= 0 and text[i] in ".!?,"


def _word_count(text: str) -> int:
    return sum(1 for word in text.split() if any(ch.isalpha() for ch in word))


def _plausible(content: Span, close_cue: bool) -> bool:
    """Scare quotes and titles are not speech unless a cue sits right beside them."""
    words = [t for t in content if t.is_alpha]
    if len(words) <= SHORT_WORDS:
        return close_cue
    if len(words) <= TITLE_WORDS and not any(t.text in SENTENCE_END | {","} for t in content[:-1]):
        long_words = [t for t in words if len(t.text) > 3]
        if long_words and all(t.text[0].isupper() for t in long_words):
            return close_cue
    return True
