"""Calendar arithmetic written in TIMEX3 values ("2024-W51", "2024-Q4", "201")."""

from __future__ import annotations

import re
from datetime import date, timedelta


def parse_reference(reference_date: str | None) -> date | None:
    """The reference day from an ISO string ("2024-12-13" or a longer timestamp); None if unusable."""
    if not reference_date:
        return None
    try:
        return date.fromisoformat(reference_date[:10])
    except ValueError:
        return None


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by a number of months."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_quarters(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def shift_day(day: date, days: int) -> date:
    return day + timedelta(days=days)


def shift_date(day: date, months: int) -> date:
    """The same day of month `months` later (clamped to the month's end)."""
    year, month = add_months(day.year, day.month, months)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("unreachable")


def weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The given ISO weekday near the anchor.

    direction: "past" (the anchor itself or before), "future" (the anchor itself or
    after), "before"/"after" (strictly), "same_week" (the anchor's ISO week) or
    "nearest" (whichever is closer, the past on a tie).
    """
    back = (anchor.isoweekday() - weekday) % 7
    forward = (weekday - anchor.isoweekday()) % 7
    if direction == "past":
        return anchor - timedelta(days=back)
    if direction == "future":
        return anchor + timedelta(days=forward)
    if direction == "before":
        return anchor - timedelta(days=back or 7)
    if direction == "after":
        return anchor + timedelta(days=forward or 7)
    if direction == "same_week":
        return anchor + timedelta(days=weekday - anchor.isoweekday())
    return anchor - timedelta(days=back) if back <= forward else anchor + timedelta(days=forward)


def duration_value(amount: float | None, letter: str, is_time: bool = False) -> str:
    """A TIMEX3 duration: P2W, P13Y, PT24H, P1.5Y; PXY when the amount is unknown."""
    if amount is None:
        number = "X"
    elif float(amount).is_integer():
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    return f"PT{number}{letter}" if is_time else f"P{number}{letter}"


_SUB_YEAR = re.compile(r"^[\dX]{4}-(Q[1-4X]|H[12X]|SP|SU|FA|WI)$")


def granularity_of(value: str, timex_type: str) -> str:
    """The project's granularity name for a TIMEX3 value."""
    if timex_type == "DURATION":
        return "duration"
    if timex_type == "SET":
        return "set"
    if value.endswith("_REF"):
        return "ref"
    if "T" in value[4:]:
        return "time"
    if re.match(r"^[\dX]{4}-W[\dX]{2}-\d$", value):
        return "day"  # a weekday of some week
    if "-W" in value:
        return "week"
    if _SUB_YEAR.match(value):
        return "quarter"  # quarters, halves and seasons: parts of a year
    parts = value.split("-")
    if len(parts) >= 3:
        return "day"
    if len(parts) == 2:
        return "month"
    if len(value) == 4:
        return "year"
    return "decade"  # "199" (a decade) or "19" (a century)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


_WEEKDAY_CODES = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def holiday_date(rule: str, year: int) -> date:
    """A holiday's date in a year from its rule: "12-25", "11/4/thu", "05/-1/mon", "11/1/tue+", "easter-2"."""
    if rule.startswith("easter"):
        offset = int(rule[6:] or 0)
        return easter(year) + timedelta(days=offset)
    if "/" not in rule:
        month, day = rule.split("-")
        return date(year, int(month), int(day))
    month_text, nth_text, weekday_text = rule.split("/")
    month, nth = int(month_text), int(nth_text)
    after = weekday_text.endswith("+")  # the weekday after the nth Monday etc.: "first Tuesday after 1 November"
    weekday = _WEEKDAY_CODES[weekday_text.rstrip("+")]
    if after:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 or 7)
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = shift_date(date(year, month, 1), 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)
