"""What kind of line is this? Classifiers for single units of a dump.

Each answers from the line alone; what depends on neighbours (repeats, position) lives
in dump.py and captions.py.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from wirecoder.ingest.captions import split_credit
from wirecoder.ingest.reference_date import is_date_only

# A headline is short: at most this many characters and words.
TITLE_MAX_CHARS = 160
TITLE_MAX_WORDS = 25
# Trailing punctuation a headline does not end with (it may end with ? ! ... or a quote mark).
_NOT_TITLE_END = tuple(".,;:-–—")
_ELLIPSIS_END = ("...", "…")
# Two sentences ("... big screen? He could ...") make a comment or a paragraph, not a headline;
# the word before the stop must be lower-case so "U.S. Senate" and "Mr. Smith" pass.
# (?<![a-z]): a run of letters is tried from its start only (else every start inside it, quadratic time).
_SENTENCE_INSIDE = re.compile(r"(?<![a-z])[a-z]{3,}[.!?]['\"’”]?\s+[A-Z\"“‘']")
_SITE_MARKER = re.compile(r"[A-Z]{1,3}")
_DIVIDER = re.compile(r"(?:[-=_*~#•·+] ?){3,}")
_BULLET = re.compile(r"[-*•·–—] ")
_BYLINE = re.compile(r"(?:By|BY|Written by|Words by)\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|al|bin|van|von|,))*")


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    text = resources.files("wirecoder.ingest").joinpath("data/boilerplate_lines.txt").read_text("utf-8")
    patterns = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def is_site_marker(line: str) -> bool:
    """A line of one to three capital letters alone ("TT"): a page marker, not article text."""
    return _SITE_MARKER.fullmatch(line) is not None


def is_boilerplate(line: str) -> bool:
    """Page furniture: site markers and the listed share/advert/sign-off lines."""
    return is_site_marker(line) or _boilerplate().fullmatch(line) is not None


def is_divider(line: str) -> bool:
    """A rule of dashes, equals signs or asterisks ("-----", "* * *")."""
    return _DIVIDER.fullmatch(line) is not None


def is_byline(line: str) -> bool:
    return len(line.split()) <= 10 and _BYLINE.fullmatch(line.rstrip(".")) is not None


def is_title_like(line: str) -> bool:
    """Could this line be a headline? Short, starts like a sentence, no sentence-final period."""
    if not line or len(line) > TITLE_MAX_CHARS:
        return False
    if line.endswith(_NOT_TITLE_END) and not line.endswith(_ELLIPSIS_END):
        return False
    words = line.split()
    if len(words) < 2 or len(words) > TITLE_MAX_WORDS:
        return False
    # Lower-case only for brand names ("iTunes", "eBay").
    if line[0].islower() and not (len(line) > 1 and line[1].isupper()):
        return False
    if _BULLET.match(line) or _SENTENCE_INSIDE.search(line):
        return False
    if line.endswith(")") and split_credit(line)[2] == 2:  # a photo caption with its credit
        return False
    return not (is_divider(line) or is_byline(line) or is_date_only(line))


def title_key(line: str) -> str:
    """A comparison key for headline copies: case, punctuation and a " | Site Name" tail ignored."""
    head = re.split(r"\s[|•]\s", line, maxsplit=1)[0]
    return re.sub(r"\W+", "", head.casefold())
