"""Pairing quotation marks in plain text: which stretches of an article are inside quotes.

Works on characters, not tokens, so it is independent of how spaCy splits
sentences.  Straight (") and curly (“ ”) double quotes, guillemets and doubled
apostrophes ('' as some archives write quotes) are paired per paragraph.
Nested quotes of another kind are folded into the outermost one.  A quote left
open at the end of a paragraph (the news convention for a quotation that runs
on into the next paragraph) ends with its paragraph; one re-opened by the same
mark before it closes ('"A. "B."', as some wires write consecutive quoted
sentences) ends where the next begins.  Single quotes are left alone: they are
apostrophes far more often than quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = ('"', "''")
_MARK = re.compile(r"''|[\"“”«»„]")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPEN_BEFORE = set(" \t([{—–-/:;,")  # what may stand before an opening straight quote
_CLOSE_AFTER = set(" \t)]}.,;:!?—–-…'’")  # what may follow a closing straight quote


@dataclass(frozen=True)
class QuoteMarks:
    """One quotation: the marks and the content between them (offsets into the text)."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the quote is never closed
    start: int  # content, without the marks, surrounding blanks or a trailing comma
    end: int


def find_quote_marks(text: str) -> list[QuoteMarks]:
    quotes: list[QuoteMarks] = []
    for paragraph in _PARAGRAPH.finditer(text):
        quotes.extend(_pair_marks(text, paragraph.start(), paragraph.end()))
    return quotes


def _pair_marks(text: str, begin: int, finish: int) -> list[QuoteMarks]:
    found: list[QuoteMarks] = []
    stack: list[tuple[str, int]] = []
    for match in _MARK.finditer(text, begin, finish):
        pos, mark, after_pos = match.start(), match.group(), match.end()
        before = text[pos - 1] if pos > begin else " "
        after = text[after_pos] if after_pos < finish else " "
        can_open = before in _OPEN_BEFORE or before in OPENING or before in '"\''
        can_close = after in _CLOSE_AFTER or after in CLOSING or after in '"' or after_pos >= finish
        if mark in OPENING:
            is_open = True
        elif mark in CLOSING:
            # A "closing" curly mark opening a quotation is a common typo ("”Yes,” he said").
            is_open = not stack and can_open and not can_close
        elif stack:
            is_open = not can_close and can_open
        else:
            is_open = True
        if is_open:
            if len(stack) == 1 and stack[0][0] == mark:
                # '"A. "B."': a quotation re-opened without being closed ends where the next one opens
                # (some wires only close the last of consecutive quoted sentences).
                opener, open_pos = stack.pop()
                found.append(_content(text, open_pos, len(opener), None, pos))
            stack.append((mark, pos))
            continue
        if not stack:
            continue
        opener, open_pos = stack.pop()
        if not stack:
            found.append(_content(text, open_pos, len(opener), pos, pos))
    if stack:
        found.append(_content(text, stack[0][1], len(stack[0][0]), None, finish))
    return [q for q in found if q.end > q.start]


def _content(text: str, open_pos: int, open_len: int, close_pos: int | None, limit: int) -> QuoteMarks:
    start, end = open_pos + open_len, limit
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteMarks(open_pos, close_pos, start, end)
