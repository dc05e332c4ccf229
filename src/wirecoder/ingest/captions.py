"""Photo captions: recognising a caption line and splitting off its credit.

A line is a caption when enough independent cues agree (see ``caption_score``); no cue
alone is trusted, because body paragraphs can repeat, end in brackets or mention photos.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from wirecoder.ingest.reference_date import find_full_dates
from wirecoder.model import Caption

# A line scoring at least this is a caption. Cues worth 2: an agency-like credit after a
# caption of some length. Worth 1: a repeat, copies on adjacent lines, a caption opener
# ("This handout picture ...", "23 December 2024, Syria, Damascus: ..."), a position marker
# ("(L)"), a short bracketed tail or a credit after a few words only. Repetition alone never
# makes a caption: a paragraph or a fixture line copied by a scraper stays body text.
# Checked on the bundled example, hand-made dumps and the BBC corpus (no captions there).
CAPTION_MIN_SCORE = 2
# Below this many words before the credit, "(..., BBC Three)" is more likely a list item.
CAPTION_MIN_WORDS = 6
# Captions are short; a paragraph longer than this loses a point.
CAPTION_MAX_WORDS = 80
CREDIT_MAX_CHARS = 80
CREDIT_MAX_WORDS = 8

# Each starts "(?<!\s)\s": a run of spaces is tried from its first one only (the match search finds
# anyway), not from every space in it, which took quadratic time on a long run of spaces.
_TRAILING_PARENS = re.compile(r"(?<!\s)\s*\((?P<credit>[^()]{2,%d})\)$" % CREDIT_MAX_CHARS)
_TRAILING_LABEL = re.compile(
    r"(?<!\s)\s*(?:[|]\s*|[-–—]\s+)?\b(?:Photo(?:graph)?s?|Pictures?|Images?|Credit)\s*(?::|by)\s*(?P<credit>[^.:]{2,60})$",
    re.IGNORECASE,
)
_TRAILING_SEPARATED = re.compile(r"(?<!\s)\s+(?:[|]|[-–—])\s+(?P<credit>[^|–—]{2,60})$")
_CREDIT_LABEL = re.compile(r"^(?:Photo(?:graph)?s?|Pictures?|Images?|Credit)\s*(?::|by)\s*", re.IGNORECASE)
_POSITION = re.compile(
    r"\((?:\d(?:st|nd|rd|th)\s+(?:from\s+)?)?(?:L|R|C|left|right|centre|center|front|back|top|bottom)(?:\s+to\s+\w+)?\)",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"^(?:(?:this|a|an|the|in\s+this|in\s+a)\s+)?(?:undated\s+|handout\s+|file\s+|pool\s+|combination\s+|aerial\s+)*"
    r"(?:photo(?:graph)?|picture|image|frame\s+grab|screen\s?grab|video\s+grab)s?\b(?:\s*:|\s+(?:released|taken|provided|shows?|obtained|made))",
    re.IGNORECASE,
)
# After the date: places separated by commas, then a colon ("Syria, Damascus: ").
_DATED_PLACES = re.compile(r"[A-Z][^:.]{0,60}:\s")


@lru_cache(maxsize=1)
def _agency_words() -> re.Pattern[str]:
    text = resources.files("wirecoder.ingest").joinpath("data/photo_credits.txt").read_text("utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    alternatives = [f"(?-i:{re.escape(w)})" if w.isupper() else re.escape(w) for w in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def split_credit(line: str) -> tuple[str, str | None, int]:
    """(caption text, credit or None, credit strength 0-2) for a caption line.

    Strength 2: the credit names an agency or photographer ("Petra/dpa", "AP Photo/...").
    Strength 1: a short capitalised bracketed tail with no full stop after it.
    """
    tail = max(0, len(line) - CREDIT_MAX_CHARS - 20)  # credits sit at the end; skip the rest
    for pattern in (_TRAILING_PARENS, _TRAILING_LABEL, _TRAILING_SEPARATED):
        m = pattern.search(line, tail)
        if m is None:
            continue
        credit = _CREDIT_LABEL.sub("", m.group("credit").strip()).strip()
        text = line[: m.start()].rstrip()
        if not credit or not text or _POSITION.fullmatch(f"({credit})"):
            continue
        agency = _agency_words().search(credit)
        looks_like_credit = len(credit.split()) <= CREDIT_MAX_WORDS and (
            credit[0].isupper() or (agency is not None and agency.start() == 0)
        )
        if not looks_like_credit:
            continue
        if "/" in credit or agency:
            return text, credit, 2
        if pattern is _TRAILING_PARENS and credit[0].isupper() and len(credit.split()) <= 6:
            return text, credit, 1
    return line, None, 0


def caption_score(line: str, copies: int, adjacent_copy: bool) -> int:
    """How many caption cues this line shows; ``copies`` counts it in its article."""
    return line_caption_score(line) + (copies >= 2) + adjacent_copy


def line_caption_score(line: str) -> int:
    """The caption cues of the line alone (``caption_score`` without its copies)."""
    text, _, score = split_credit(line)
    if score == 2 and len(text.split()) < CAPTION_MIN_WORDS:
        score = 1
    if _OPENER.match(line) or _opens_with_dated_place(line):
        score += 1
    if _POSITION.search(line):
        score += 1
    if len(line.split()) > CAPTION_MAX_WORDS:
        score -= 1
    return score


def caption_key(line: str) -> str:
    """Lines that are the same caption, with or without its credit, share this key."""
    return split_credit(line)[0].casefold()


def make_caption(line: str) -> Caption:
    text, credit, strength = split_credit(line)
    return Caption(text=text, credit=credit) if strength else Caption(text=line, credit=None)


def _opens_with_dated_place(line: str) -> bool:
    """Agency caption style: "23 December 2024, Syria, Damascus: ..."."""
    dates = find_full_dates(line[:40])
    if not dates or dates[0].start != 0:
        return False
    rest = line[dates[0].end:]
    return rest.startswith(",") and _DATED_PLACES.match(rest.lstrip(", ")) is not None
