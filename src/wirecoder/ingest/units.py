"""Cut normalised text into units: one unit per paragraph line, with the blank lines before it.

Scraper dumps put each paragraph, headline and caption on its own line, so a line is a
unit. Hard-wrapped text (every line of a block broken near one right margin, as in wire
feeds and e-mail) is the exception: its lines are joined back into paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# A block is hard-wrapped when its longest line is between these widths (wire feeds and
# e-mail wrap at 60-80 columns; shorter blocks are headline, date and byline lines) ...
WRAP_MIN_WIDTH = 50
WRAP_MAX_WIDTH = 100
# ... it has at least this many lines ...
WRAP_MIN_LINES = 3
# ... and at least half of its lines reach this share of the longest line (a right margin),
# most of them ending mid-sentence.
WRAP_MARGIN_SHARE = 0.75
_SENTENCE_END = tuple(".!?:\"'”’)")
# List items keep their own lines even inside a wrapped block.
_LIST_ITEM = re.compile(r"(?:[-*•·–—]|\d{1,2}[.)])\s")
# A block (lines without a blank line between) is cut after this many lines, so text with
# no blank lines at all still streams.
MAX_BLOCK_LINES = 1000


@dataclass(slots=True)
class Unit:
    text: str
    blanks_before: int  # blank lines between this unit and the previous one (0 inside a block)


def split_units(text: str) -> list[Unit]:
    """Units of already normalised text (see normalize.normalize_text)."""
    return list(iter_units(text.split("\n")))


def iter_units(lines: Iterable[str]) -> Iterator[Unit]:
    """Units of normalised lines, as they come: only one block of lines is held at a time."""
    block: list[str] = []
    blanks = 0
    for line in lines:
        if line:
            block.append(line)
            if len(block) >= MAX_BLOCK_LINES:
                yield from _block_units(block, blanks)
                block, blanks = [], 0
            continue
        if block:
            yield from _block_units(block, blanks)
            block, blanks = [], 0
        blanks += 1
    if block:
        yield from _block_units(block, blanks)


def _block_units(lines: list[str], blanks_before: int) -> list[Unit]:
    paragraphs = _unwrap(lines) if _is_hard_wrapped(lines) else lines
    units = [Unit(p, 0) for p in paragraphs]
    units[0].blanks_before = blanks_before
    return units


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < WRAP_MIN_LINES:
        return False
    width = max(map(len, lines))
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return False
    if len(set(lines)) < len(lines):  # copied lines (captions) are never a wrapped paragraph
        return False
    at_margin = [line for line in lines[:-1] if len(line) >= WRAP_MARGIN_SHARE * width]
    # Wrapping breaks lines mid-sentence: most lines at the margin end without a full stop.
    mid_sentence = sum(1 for line in at_margin if not line.endswith(_SENTENCE_END))
    list_items = sum(1 for line in lines if _LIST_ITEM.match(line))
    return (len(at_margin) * 2 >= len(lines) - 1 and mid_sentence * 2 >= len(at_margin)
            and list_items * 2 < len(lines))


def _unwrap(lines: list[str]) -> list[str]:
    """Join wrapped lines; a line well short of the margin ends its paragraph."""
    width = max(len(line) for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and _LIST_ITEM.match(line):
            paragraphs.append(_join(current))
            current = []
        current.append(line)
        if len(line) < WRAP_MARGIN_SHARE * width and (line.endswith(_SENTENCE_END) or len(current) == 1):
            paragraphs.append(_join(current))
            current = []
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        # "peace-" + "keeping" stays "peace-keeping": only the line break goes.
        text = text + line if text.endswith("-") and not text.endswith(" -") else text + " " + line
    return text
