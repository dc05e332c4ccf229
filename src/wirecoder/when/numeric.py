"""Dates written in digits: "2013-01-17", "17/01/2013", "01/17/2013", "17.01.2013", and "on 28/06".

spaCy's small model reads these as numbers, not dates, and conflict reports use them constantly (a
leading "MM/DD/YYYY:" line, "attacked on 30/01").  Which number is the day is read, in order:
1. from the values (a part over 12 is the day);
2. from the reference date: the reading nearer the article's date (reports are written close to what
   they report);
3. from the outlet's country: month first where that is the custom (``month_first_countries`` in
   time_words.yaml), day first elsewhere, as most of the world writes it.
A day and month without a year ("on 28/06") count only after a dating preposition or as a line's
opening ("28/06: ..."), so that scores and ratios ("won 3/4 of the seats") stay numbers; the year is the
reference date's, or the one before when that would put the day more than a month ahead of it.
"""

from __future__ import annotations

import re
from datetime import date

from wirecoder.model import TimeRef

ISO = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])")
WITH_YEAR = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
NO_YEAR = re.compile(r"(?<![\d/.,-])(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")
# What each pattern cannot match without: the patterns' lookbehinds make the regex engine stop at every
# character of the article, while these plain scans run several times faster; most articles have none.
_ISO_HINT = re.compile(r"\d-\d")
_WITH_YEAR_HINT = re.compile(r"\d([/.-])\d{1,2}\1\d")
_NO_YEAR_HINT = re.compile(r"\d/\d")
# Words after which a bare day and month is a date ("on 28/06", "since 12/3", "the night of 30/01").
DATING_WORDS = frozenset({"on", "since", "until", "till", "from", "by", "of", "between", "and", "to", "before",
                          "after", "dated", "around", "early", "late", "night", "morning", "evening"})
MAX_DAYS_AHEAD = 31  # a yearless date further past the reference date than this is last year's


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str, reference: date | None) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    century = (reference.year // 100) * 100 if reference else 2000
    # a two-digit year is the nearest such year up to ten years ahead of the reference
    full = century + year
    limit = (reference.year if reference else 2000) + 10
    return full - 100 if full > limit else full


def _pick(readings: list[date], reference: date | None, month_first: bool) -> date | None:
    """`readings` are (day-first, month-first); keep the valid one, else the nearer, else the custom."""
    valid = [d for d in readings if d is not None]
    if not valid:
        return None
    if len(valid) == 1 or valid[0] == valid[1]:
        return valid[0]
    if reference is not None:
        gaps = [abs((d - reference).days) for d in readings]
        if gaps[0] != gaps[1]:
            return readings[gaps.index(min(gaps))]
    return readings[1] if month_first else readings[0]


def _yearless(first: int, second: int, reference: date | None, month_first: bool) -> date | None:
    year = reference.year if reference else None
    if year is None:
        return None  # no year to give it

    def on(day: int, month: int) -> date | None:
        found = _valid(year, month, day)
        if found is not None and reference is not None and (found - reference).days > MAX_DAYS_AHEAD:
            found = _valid(year - 1, month, day)
        return found

    return _pick([on(first, second), on(second, first)], reference, month_first)


def _opens_or_follows_dating_word(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    if not before or before.endswith(("\n", ".", ":")):
        return text[end:end + 1] in (":", ",")  # "28/06: Gunmen ..."
    word = re.search(r"([A-Za-z]+)\W*$", before)
    return word is not None and word.group(1).lower() in DATING_WORDS


def numeric_dates(text: str, reference: date | None, month_first: bool = False) -> list[TimeRef]:
    """Every date written in digits in `text`, as day-precise TimeRefs, in text order."""
    found: list[TimeRef] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, day: date | None) -> None:
        if day is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(TimeRef(text=text[start:end], value=day.isoformat(), granularity="day", type="DATE",
                             start=start, end=end))

    for m in ISO.finditer(text) if _ISO_HINT.search(text) else ():
        add(m.start(), m.end(), _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in WITH_YEAR.finditer(text) if _WITH_YEAR_HINT.search(text) else ():
        if m.group(2) == "." and len(m.group(4)) != 4:
            continue  # "1.5.20" is a version or a score more often than a date
        year = _full_year(m.group(4), reference)
        first, second = int(m.group(1)), int(m.group(3))
        add(m.start(), m.end(), _pick([_valid(year, second, first), _valid(year, first, second)], reference,
                                      month_first))
    for m in NO_YEAR.finditer(text) if _NO_YEAR_HINT.search(text) else ():
        if _opens_or_follows_dating_word(text, m.start(), m.end()):
            add(m.start(), m.end(), _yearless(int(m.group(1)), int(m.group(2)), reference, month_first))
    return sorted(found, key=lambda t: t.start)
