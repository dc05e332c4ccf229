"""Cutting text that is too long: at a paragraph, else a sentence, else a word boundary; and the
per-article limits that keep spaCy's work bounded (huge words, endless sentences)."""

from __future__ import annotations

import re
from dataclasses import replace

from wirecoder.ingest.settings import IngestSettings
from wirecoder.ingest.units import Unit
from wirecoder.model import Article

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


# ---- per-article limits applied before spaCy (IngestSettings.max_token_chars, max_sentence_tokens) ----

_WORD = re.compile(r"\S+")
_WORD_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"[,;:–—][\"'”’)\]]*$")
# A clause may start here: breaking before one of these splits a run-on where a reader would pause.
CLAUSE_STARTERS = frozenset({"and", "but", "or", "while", "as", "so", "then", "because", "after", "before",
                             "when", "which", "who", "where", "although", "though", "yet"})


def cut_long_tokens(text: str, limit: int) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every run of non-space characters longer than ``limit`` cut to its first
    ``limit`` characters, and the (start, end) spans removed, in order."""
    removed: list[tuple[int, int]] = []
    pieces: list[str] = []
    last = 0
    for match in re.finditer(r"\S{%d,}" % (limit + 1), text):
        keep = match.start() + limit
        pieces.append(text[last:keep])
        removed.append((keep, match.end()))
        last = match.end()
    if not removed:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), removed


def shift_offset(offset: int, removed: list[tuple[int, int]]) -> int:
    """Where ``offset`` of the old text lands once the ``removed`` spans are gone."""
    shift = 0
    for start, end in removed:
        if offset <= start:
            break
        shift += min(offset, end) - start
    return offset - shift


def split_long_stretches(text: str, limit: int) -> tuple[str, int]:
    """``text`` with a line break put in place of one whitespace character wherever more than
    ``limit`` words follow each other without a sentence end, and the number of breaks.

    The length and every offset stay the same. The break goes in the latter half of the
    stretch: after a word ending a clause (a comma, a semicolon, a dash), else before a word
    that starts one ("and", "while"), else right before the word that would pass the limit.
    """
    if all(len(line.split()) <= limit for line in text.split("\n")):
        return text, 0  # the count restarts at every line break: no line this short can pass the limit
    breaks: list[int] = []
    count = 0  # words since the last sentence end or break
    best: tuple[int, int, int] | None = None  # (whitespace position, priority, words before it)
    previous = ""
    last_end = 0
    for match in _WORD.finditer(text):
        start = match.start()
        if "\n" in text[last_end:start]:
            count, best = 0, None
        word = match.group()
        if count >= limit // 2 and start > last_end:
            priority = 2 if _CLAUSE_END.search(previous) else 1 if word.lower() in CLAUSE_STARTERS else 0
            if best is None or priority >= best[1]:
                best = (last_end, priority, count)
        if count >= limit:
            if best is None:  # no whitespace in the latter half (cannot happen past the first word)
                best = (last_end, 0, count)
            breaks.append(best[0])
            count -= best[2]
            best = None
        count += 1
        previous = word
        last_end = match.end()
        if _WORD_ENDS_SENTENCE.search(word):
            count, best = 0, None
    if not breaks:
        return text, 0
    chars = list(text)
    for position in breaks:
        chars[position] = "\n"
    return "".join(chars), len(breaks)


def apply_article_limits(article: Article, settings: IngestSettings) -> tuple[Article, list[tuple[str, str]]]:
    """The article within ``max_token_chars`` and ``max_sentence_tokens``, and a
    (limit name, what was done) note per limit that applied; the same article when none did."""
    notes: list[tuple[str, str]] = []
    text, paragraphs = article.text, article.paragraphs
    limit = settings.max_token_chars
    if limit and len(text) > limit:
        text, removed = cut_long_tokens(text, limit)
        if removed:
            longest = max(end - start for start, end in removed) + limit
            notes.append(("max_token_chars", f"{len(removed):,} word(s) longer than {limit:,} characters "
                                             f"(the longest {longest:,}) cut to {limit:,}"))
            paragraphs = [(shift_offset(s, removed), shift_offset(e, removed)) for s, e in paragraphs]
    limit = settings.max_sentence_tokens
    if limit and len(text) > limit:  # fewer characters than the limit cannot hold that many words
        text, breaks = split_long_stretches(text, limit)
        if breaks:
            notes.append(("max_sentence_tokens", f"{breaks:,} line break(s) put into stretches of more than "
                                                 f"{limit:,} words without a sentence end"))
    if not notes:
        return article, notes
    return replace(article, text=text, paragraphs=paragraphs, id=""), notes
