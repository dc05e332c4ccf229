"""Pieces every PETRARCH/TABARI dictionary reader shares: comments, phrases, plurals, dates, notes.

The formats are described in petrarch_dicts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

logger = logging.getLogger("wirecoder.actors.petrarch_dicts")


NULL_CODE = "---"

_XML_COMMENT = re.compile(r"<!\s*--.*?-->", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?:^|(?<=[\s\]]))[#;].*$")
_SEPARATOR = re.compile(r"[ _\t]+")



@dataclass(frozen=True)
class Phrase:
    """A dictionary phrase: upper-case words and how each pair is joined."""

    words: tuple[str, ...]
    gaps: tuple[bool, ...] = ()  # gaps[i]: words may come between words[i] and words[i+1] (a blank, not "_")
    whole_word: bool = False  # written with a final "_": no stem match on the last word

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse_phrase(raw: str) -> Phrase:
    """``"MINAS_TIRITH"`` -> Phrase(("MINAS", "TIRITH"), gaps=(False,))."""
    raw = raw.strip()
    whole_word = raw.endswith("_")
    words: list[str] = []
    gaps: list[bool] = []
    pending_gap = None
    for match in re.finditer(r"[ _\t]+|[^ _\t]+", raw.strip(" _\t")):
        piece = match.group()
        if _SEPARATOR.fullmatch(piece):
            pending_gap = piece.strip("_") != ""  # any blank opens a gap; "_" alone joins
            continue
        if words:
            gaps.append(bool(pending_gap))
        words.append(piece.upper())
    return Phrase(tuple(words), tuple(gaps), whole_word)


def plural_of(word: str) -> str | None:
    """A regular English plural of an upper-case word, None when it already ends in a single S."""
    if word.endswith(("SS", "X", "Z", "CH", "SH")):
        return word + "ES"
    if word.endswith("S"):
        return None
    if len(word) > 1 and word.endswith("Y") and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def plural_phrase(phrase: Phrase) -> Phrase | None:
    """The phrase with its last word made plural (None when no regular plural applies)."""
    if not phrase.words or phrase.whole_word:
        return None
    last = plural_of(phrase.words[-1])
    if last is None:
        return None
    return Phrase(phrase.words[:-1] + (last,), phrase.gaps, phrase.whole_word)


def parse_dictionary_date(digits: str) -> date:
    """YYMMDD (YY 00-30 -> 20YY, else 19YY) or YYYYMMDD -> date; ValueError when invalid.  As in PETRARCH,
    eight digits or more are YYYYMMDD and only the first eight count ("201005011" is 2010-05-01)."""
    digits = digits.strip()
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(f"not a dictionary date: {digits!r}")
    if len(digits) <= 7:
        year = int(digits[:2])
        year += 2000 if year <= 30 else 1900
        return date(year, int(digits[2:4]), int(digits[4:6]))
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _as_date(day: date | str | None) -> date | None:
    if day is None or isinstance(day, date):
        return day
    text = str(day).strip().replace("-", "")
    return parse_dictionary_date(text[:8]) if text else None


def clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) with comments removed; blank lines and tag lines (``<...>``) left out."""
    # keep the newlines of multi-line comments so line numbers stay right
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    for number, line in enumerate(text.splitlines(), 1):
        line = _LINE_COMMENT.sub("", line).rstrip()
        if not line.strip() or line.lstrip().startswith("<"):
            continue
        yield number, line


def _note(problems: list[str] | None, source: str, number: int, message: str) -> None:
    text = f"{source}:{number}: {message}"
    logger.warning(text)
    if problems is not None:
        problems.append(text)


def _bracket(text: str) -> tuple[str, str | None, str]:
    """(text before the first [...], its content or None, text after it)."""
    start = text.find("[")
    if start < 0:
        return text, None, ""
    end = text.find("]", start)
    if end < 0:
        end = text.find("}", start)  # "[~LEG}" occurs in the wild
    if end < 0:
        return text[:start], None, ""
    return text[:start], text[start + 1:end].strip(), text[end + 1:]
