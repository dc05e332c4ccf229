"""The article's reference date: the day its relative dates ("on Friday") count from.

Order of evidence (first found wins), each recorded in ``Article.reference_date_origin``:

1. ``metadata``: a date the input states about the article (a JSONL ``date`` field, or a
   dump line holding nothing but a date, like "Saturday, 14 December 2024 - 10:30").
2. ``dateline``: a date in the dateline that opens the body ("WASHINGTON, Dec. 13 (Reuters) -",
   "13 December 2024 -"). A dateline without a year takes the year from the captions or the
   source name; with no year anywhere it is not used.
3. ``caption``: a full date inside a photo caption ("... in Baghdad on December 13, 2024.").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# Month names must be capitalised ("May", "MAY", "Dec."): lower-case "may" is a verb.
_MONTH = "(?P<month>" + "|".join(
    alt for name in sorted(MONTHS, key=len, reverse=True) for alt in (name.capitalize(), name.upper())
) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"

_FULL_DATES = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),          # 13 December 2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),                    # December 13, 2024
    re.compile(rf"\b{_YEAR}-(?P<month_num>[01]\d)-(?P<day>[0-3]\d)\b"),    # 2024-12-13
]
_PARTIAL_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)"),       # Dec. 13
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?!\s*,?\s*(?:19|20)\d\d)"),          # 13 Dec
]
# The dateline ends at the first dash or colon separator near the start of the first paragraph.
_DATELINE_END = re.compile(r"\s(?:-{1,2}|–|—)\s|:\s|\s(?:-{1,2}|–|—)(?=[A-Z\"“])")
DATELINE_MAX_CHARS = 120
# A metadata date longer than this is not a date ("Thursday, 13 December 2024, 10:45 GMT+3" is 40).
MAX_METADATA_DATE_CHARS = 100
DATELINE_MAX_WORDS = 12
# A dateline is names, a date and an agency; these are the only lower-case words it may hold.
_DATELINE_SMALL_WORDS = {"de", "del", "da", "du", "al", "el", "la", "le", "of", "and", "van", "von", "bin", "st"}
_TIME = r"\d{1,2}(?:[:.]\d\d){1,2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_DATE_LABEL = r"(?:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?|date|on)\s*:?"
# Atomic alternatives, repeated possessively: the alternatives overlap (a space fits a
# label's own "\s*" and the separators), and plain backtracking over "on on on ... x"
# takes exponential time.
_LEFTOVER = re.compile(
    rf"(?>{_DATE_LABEL}|{_WEEKDAY}|{_TIME}|\bat\b|\b(?-i:[A-Z]{{2,4}})(?:[+-]\d{{1,2}}(?::?\d\d)?)?\b|[\s,.|/()\-–—:])++",
    re.IGNORECASE,
)


@dataclass
class DateMatch:
    date: dt.date
    start: int
    end: int


def find_full_dates(text: str) -> list[DateMatch]:
    """Dates with day, month and year, in text order."""
    found: list[DateMatch] = []
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            date = _to_date(m, int(m.group("year")))
            if date and not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(DateMatch(date, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def is_date_only(line: str) -> bool:
    """True for a line holding one full date and nothing but weekday, time, zone or a label."""
    if len(line) > 80:
        return False
    dates = find_full_dates(line)
    if len(dates) != 1:
        return False
    rest = line[: dates[0].start] + " " + line[dates[0].end:]
    return _LEFTOVER.fullmatch(rest) is not None


def dateline_date(paragraph: str, year_hint: int | None) -> dt.date | None:
    """The date in the dateline opening a body paragraph, if it has one."""
    end = _DATELINE_END.search(paragraph[: DATELINE_MAX_CHARS + 4])
    if end is None:
        return None
    dateline = paragraph[: end.start()]
    words = re.findall(r"[^\W\d_][\w'’-]*", dateline)
    if len(dateline.split()) > DATELINE_MAX_WORDS or any(
        w[0].islower() and w.lower() not in _DATELINE_SMALL_WORDS for w in words
    ):
        return None
    full = find_full_dates(dateline)
    if full:
        return full[0].date
    if year_hint is None:
        return None
    for pattern in _PARTIAL_DATES:
        m = pattern.search(dateline)
        if m:
            return _to_date(m, year_hint)
    return None


def caption_date(captions: list[str]) -> dt.date | None:
    for caption in captions:
        found = find_full_dates(caption)
        if found:
            return found[0].date
    return None


def year_hint(captions: list[str], source: str | None) -> int | None:
    """A year for a dateline that has none: from a caption date, else from the source name."""
    found = caption_date(captions)
    if found:
        return found.year
    if source:
        m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", source)
        if m:
            return int(m.group(1))
    return None


def parse_metadata_date(value: object) -> dt.date | None:
    """A date from metadata in any common form: ISO, RFC 2822, "13 Dec 2024", epoch seconds.

    Values without a four-digit year (or an epoch number) are refused: a parser would fill
    in the current year, which is a wrong reference date rather than a missing one.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    if len(text) > MAX_METADATA_DATE_CHARS:  # not a date; and date parsers are slow on long text
        return None
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text):
        return None
    # An ISO stamp keeps its own calendar day; converting "…T23:30-05:00" to UTC would move it.
    iso = re.match(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)", text)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    found = find_full_dates(text)
    if found:
        return found[0].date
    return _parse_with_libraries(text)


def _parse_with_libraries(text: str) -> dt.date | None:
    from dateutil import parser as date_parser

    try:
        # Parsed against two different defaults: if the answers differ, the text lacks a day
        # or month ("December 2024") and dateutil would have invented it.
        first = date_parser.parse(text, default=dt.datetime(1900, 1, 1)).date()
        second = date_parser.parse(text, default=dt.datetime(1904, 2, 2)).date()
        return first if first == second else None
    except (ValueError, OverflowError):
        pass
    import dateparser

    # English only: articles are English, and guessing among all languages costs seconds
    # on a junk value.
    parsed = dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def _to_date(m: re.Match[str], year: int) -> dt.date | None:
    groups = m.groupdict()
    month = int(groups["month_num"]) if groups.get("month_num") else MONTHS[groups["month"].lower()]
    try:
        return dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None
