"""Date bounds as people write them: "2024-12-01", "2024-12", "2024", "last month", "past 7 days".

``date_bound`` turns one into the ISO date or prefix the store compares with ``since`` / ``until``;
relative phrases count back from today (or the ``today`` given).  A "since" bound takes the
first day of the period named, an "until" bound its last.  Impossible dates (2024-02-30,
2024-13) are refused with one plain sentence.
"""

from __future__ import annotations

import datetime as dt
import re

from wirecoder.errors import StoreError

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_PAST = re.compile(r"(?:the\s+)?(?:past|last)\s+(\d{1,4})\s+(day|week|month|year)s?")
_NAMED = re.compile(r"(this|last|previous)\s+(week|month|year)")

EXAMPLE = "a date such as 2024-12-01, a month (2024-12), a year, or 'last month' or 'past 7 days'"


def _month_start(day: dt.date, back: int) -> dt.date:
    months = day.year * 12 + day.month - 1 - back
    return dt.date(months // 12, months % 12 + 1, 1)


def _period(unit: str, back: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the week/month/year ``back`` units before the one holding today."""
    if unit == "week":
        start = today - dt.timedelta(days=today.weekday() + 7 * back)
        return start, start + dt.timedelta(days=6)
    if unit == "month":
        start = _month_start(today, back)
        return start, _month_start(today, back - 1) - dt.timedelta(days=1)
    year = today.year - back
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _relative(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    if text == "today":
        return today, today
    if text == "yesterday":
        return (today - dt.timedelta(days=1),) * 2
    past = _PAST.fullmatch(text)
    if past:
        n, unit = int(past.group(1)), past.group(2)
        if unit == "day":
            return today - dt.timedelta(days=n), today
        if unit == "week":
            return today - dt.timedelta(days=7 * n), today
        if unit == "month":
            start = _month_start(today, n)
            return start.replace(day=min(today.day, 28)), today
        return dt.date(today.year - n, today.month, min(today.day, 28)), today
    named = _NAMED.fullmatch(text)
    if named:
        return _period(named.group(2), 0 if named.group(1) == "this" else 1, today)
    return None


def date_bound(name: str, value: str | dt.date | None, today: dt.date | None = None) -> str | None:
    """The ISO date or prefix for a ``since`` (``name="since"``) or ``until`` bound; None for none."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = " ".join(str(value).split()).lower()
    if not text:
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
        try:
            if day is not None:
                return dt.date(int(year), int(month), int(day)).isoformat()
            if month is not None:
                return dt.date(int(year), int(month), 1).isoformat()[:7]
        except ValueError:
            raise StoreError(f"{name} {value!r} is not a real date; {name} must be {EXAMPLE}") from None
        return year
    span = _relative(text, today or dt.date.today())
    if span is None:
        raise StoreError(f"{name} must be {EXAMPLE}, got {value!r}")
    return (span[0] if name == "since" else span[1]).isoformat()
