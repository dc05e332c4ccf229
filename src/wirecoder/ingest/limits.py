"""Cutting text that is too long: at a paragraph, else a sentence, else a word boundary."""

from __future__ import annotations

import re

from wirecoder.ingest.units import Unit

# A sentence ends in . ! ? or an ellipsis, perhaps inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")


def truncate_text(text: str, limit: int) -> str:
    """``text`` if it fits, else its longest head of at most ``limit`` characters that ends
    at a paragraph break, a sentence end or a space (in that order of preference, each only
    if it keeps at least half of the limit)."""
    if len(text) <= limit:
        return text
    window = text[: limit + 1]  # a boundary right after the limit still counts
    floor = limit // 2
    cut = window.rfind("\n\n")
    if cut < floor:
        cut = window.rfind("\n")
    if cut < floor:
        cut = _last_sentence_end(window, floor)
    if cut < floor:
        cut = window.rfind(" ")
    if cut < floor:
        cut = limit
    return text[:cut].rstrip()


def truncate_units(units: list[Unit], limit: int) -> list[Unit]:
    """Whole paragraphs while they fit; then the next one cut at a sentence, if enough room is left."""
    kept: list[Unit] = []
    size = 0
    for unit in units:
        if size + len(unit.text) <= limit:
            kept.append(unit)
            size += len(unit.text) + 2  # the paragraph break
            continue
        room = limit - size
        if room >= limit // 2 or not kept:
            head = truncate_text(unit.text, max(room, 0))
            if head:
                kept.append(Unit(head, unit.blanks_before))
        break
    return kept


def units_chars(units: list[Unit]) -> int:
    return sum(len(u.text) for u in units) + 2 * max(len(units) - 1, 0)


def _last_sentence_end(window: str, floor: int) -> int:
    last = -1
    for match in _SENTENCE_END.finditer(window, floor):
        last = match.end()
    return last
