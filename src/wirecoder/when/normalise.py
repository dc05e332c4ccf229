"""Reading a temporal expression's words into a TIMEX3 type and value.

Two steps: ``read_words`` sorts each word into what it says (a year, a weekday,
a quantity of some unit, a direction like "last", a shift like "ago"), and
``normalise`` decides from that reading, the reference date, the governing
verb's tense and the times mentioned before it (``Discourse``) what point,
period, duration or set the expression names.  Relative expressions without a
reference date get underspecified values ("XXXX-WXX-5") or TIMEX3 reference
values ("PAST_REF").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Iterable

from wirecoder.when import calendar as cal
from wirecoder.when.lexicon import TimeWords, Unit, time_words
from wirecoder.when.tense import FUTURE, PAST, PRESENT

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"

_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_FRACTION = re.compile(r"^(\d)/(\d{1,2})$")
_DECADE = re.compile(r"^'?(\d|\d{3})0s$")
_SHORT_YEAR = re.compile(r"^'(\d{2})$")
_ORDINAL_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_QUARTER = re.compile(r"^(?:q([1-4])|([1-4])q)$")
_HALF = re.compile(r"^h([12])$")
_FISCAL_YEAR = re.compile(r"^fy'?(\d{2}|\d{4})$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^(1\d|2\d)\d\d$")

# How far a tense may be overruled: a month named in the past tense still goes
# forward to the coming one when that is this much closer (days).
_TENSE_PENALTY_DAYS = 75
# A named month or day is overruled less readily: news in the past tense about
# "January" means the last January, not the coming one, unless it is days ahead.
_MONTH_TENSE_PENALTY_DAYS = 300
# Words that make "the next day", "that year", "the following week" refer to a
# time already mentioned rather than to the reference date.
ANAPHORIC = frozenset({"that", "following", "previous", "preceding", "prior", "same", "ensuing", "succeeding"})
# A fraction of a unit written in the next smaller one: 2 1/2 years = P2Y6M.
_SMALLER_UNIT = {"Y": (12, "M", False), "M": (30, "D", False), "W": (7, "D", False), "D": (24, "H", True),
                 "H": (60, "M", True)}
_SMALLER_TIME_UNIT = {"H": (60, "M", True), "M": (60, "S", True)}  # hours and minutes


@dataclass
class Timex:
    """A normalised expression: TIMEX3 type and value."""

    type: str
    value: str


@dataclass
class Discourse:
    """The times an article has mentioned so far, for "a year earlier" or "the quarter"."""

    reference: date | None = None
    last_day: date | None = None
    last_quarter: tuple[int, int] | None = None
    # the latest year and month mentioned at any precision, for "that year" after "in 1998"
    last_year: date | None = None
    last_month: date | None = None

    def note(self, timex: Timex) -> None:
        """Remember a concretely resolved date as the anchor for later anaphora."""
        value = timex.value
        if timex.type not in (DATE, TIME) or "X" in value or value.endswith("_REF"):
            return
        if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", value):
            try:
                self.last_day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return
            self.last_year = self.last_month = self.last_day
        elif m := re.match(r"^(\d{4})-Q([1-4])$", value):
            self.last_quarter = (int(m.group(1)), int(m.group(2)))
            self.last_year = date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
        elif m := re.match(r"^(\d{4})(?:-(\d{2}))?$", value):
            month = int(m.group(2)) if m.group(2) else None
            if month is None or 1 <= month <= 12:
                self.last_year = date(int(m.group(1)), month or 1, 1)
                if month is not None:
                    self.last_month = self.last_year

    def anchor(self, unit_letter: str | None = None) -> date | None:
        """What "that day" (or, given "Y" or "M", "that year", "that month") refers back to."""
        if unit_letter == "Y" and self.last_year is not None:
            return self.last_year
        if unit_letter == "M" and self.last_month is not None:
            return self.last_month
        return self.last_day or self.reference


@dataclass
class Reading:
    """What the words of one expression say, before any anchoring."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 20th century
    holiday: str | None = None  # a rule from the lexicon
    clock: tuple[int, int] | None = None
    part_of_day: str | None = None
    deictic: int | None = None  # today 0, yesterday -1
    amount: float | None = None
    vague_amount: bool = False
    unit: Unit | None = None
    unit_word: str | None = None
    plural_unit: bool = False
    direction: int | None = None  # last -1, this 0, next +1
    direction_word: str | None = None
    anaphoric: bool = False  # "that day", "the following week"
    shift: int | None = None  # ago -1, later +1
    shift_word: str | None = None
    year_offset: int | None = None  # "last year's third quarter" -1, "the year-ago quarter" -1
    year_end: bool = False  # "year-end"
    set_period: str | None = None
    set_quantifier: bool = False
    definite: bool = False  # "the"
    latest: bool = False  # "the latest quarter": the last one ended, whatever the story discussed since
    numbers: list[float] = field(default_factory=list)

    def has_calendar(self) -> bool:
        return any(v is not None for v in (self.year, self.month, self.day, self.weekday, self.season,
                                           self.quarter, self.half, self.decade, self.century, self.deictic,
                                           self.clock, self.part_of_day, self.holiday))


def clean_words(texts: Iterable[str]) -> list[str]:
    """Lower-cased words with punctuation, possessives and abbreviation dots removed."""
    words: list[str] = []
    for text in texts:
        text = text.lower().strip()
        if text in ("a.m.", "a.m", "am"):
            words.append("am")
            continue
        if text in ("p.m.", "p.m", "pm"):
            words.append("pm")
            continue
        for part in re.split(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])", text):
            if not _CLOCK.match(part):
                part = part.strip(".,;:()\"`")
            if part in ("", "-", "--", "'s", "'", "s", "’s"):
                continue
            words.append(part)
    return words


def _take_holiday(words: list[str], lex: TimeWords) -> tuple[list[str], str | None]:
    """A holiday's name taken out of the words, with its date rule."""
    phrase = " ".join(words)
    m = lex.holiday_pattern.search(phrase)
    if m is None:
        return words, None
    rest = (phrase[:m.start()] + " " + phrase[m.end():]).split()
    return rest, lex.holidays[m.group(1)]


def read_words(words: list[str], lexicon: TimeWords | None = None) -> Reading:
    """Sort each word into its part of a date, duration or set."""
    lex = lexicon or time_words()
    r = Reading()
    words, r.holiday = _take_holiday(words, lex)
    n = len(words)
    i = 0
    pending: list[float] = []

    def flush_number() -> None:
        if pending:
            r.numbers.append(_combine_numbers(pending))
            pending.clear()

    while i < n:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else ""
        after = words[i + 2] if i + 2 < n else ""
        # "two and a half years", "a year and a half", "half an hour": the half joins its number
        and_a_half = w == "and" and (nxt == "half" or nxt in ("a", "an") and after == "half")
        if and_a_half and pending:
            i += 1  # keep counting: "two and a half"
            continue
        if and_a_half and r.unit is not None and (r.amount is not None or not r.numbers):
            r.amount = (r.amount or 1) + 0.5  # "a year and a half", "the past year and a half"
            i += 3 if nxt in ("a", "an") else 2
            continue
        if w in ("a", "an") and pending and (pending[-1] == 0.5 or nxt == "half" and i > 0 and words[i - 1] == "and"):
            i += 1  # "half an hour", the "a" of "two and a half"
            continue
        # numbers, spelled or written
        if w in lex.number_words and not (w in ("a", "an") and nxt not in lex.units
                                          and nxt not in ("half", "few", "couple", "dozen")):
            if w == "half" and pending == [1.0] and i > 0 and words[i - 1] in ("a", "an") \
                    and not (i > 1 and words[i - 2] == "and"):
                pending[0] = 0.5  # "a half-century"
            elif w == "half" and pending:  # "two and a half"
                pending.append(0.5)
            elif not (w in ("a", "an") and nxt in ("few", "couple", "dozen")):  # "a couple" is 2, not 1 + 2
                pending.append(lex.number_words[w])
            i += 1
            continue
        if w == "thousand" and pending:
            pending[-1] *= 1000
            i += 1
            continue
        if m := _FRACTION.match(w):
            if pending:
                pending.append(int(m.group(1)) / int(m.group(2)))
            i += 1
            continue
        is_year_like = len(w) == 4 and w.isdigit() and 1000 <= int(w) <= 2999
        counts_unit = nxt in lex.units and nxt.endswith("s")
        if _NUMBER.match(w.replace(",", "")) and not (is_year_like and not counts_unit):
            flush_number()
            number = float(w.replace(",", ""))
            if nxt in ("am", "pm") and number <= 12:
                r.clock = (int(number) % 12 + (12 if nxt == "pm" else 0), 0)
                i += 2
                continue
            if nxt == "in" and after == "the" and number <= 12:  # "4 in the morning"
                r.clock = (int(number), 0)
            pending.append(number)
            i += 1
            continue
        flush_number()
        if w == "and" or w == "of":
            i += 1
            continue
        if w in lex.set_adverbs:
            r.set_period = lex.set_adverbs[w]
        elif w in lex.set_quantifiers:
            r.set_quantifier = True
        elif m := _CLOCK.match(w):
            hour, minute = int(m.group(1)), int(m.group(2))
            if nxt == "pm" and hour < 12:
                hour += 12
            elif nxt == "am" and hour == 12:
                hour = 0
            r.clock = (hour, minute)
        elif w in ("am", "pm"):
            pass
        elif m := _ISO_DATE.match(w):
            r.year, r.month, r.day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m := _SLASH_DATE.match(w):
            r.month, r.day = int(m.group(1)), int(m.group(2))
            r.year = _full_year(m.group(3))
        elif is_year_like:
            r.year = int(w)
        elif m := _DECADE.match(w):
            digits = m.group(1)  # "199" from "1990s", "9" from "'90s"
            r.decade = int(digits) if len(digits) == 3 else (200 if digits in "012" else 190) + int(digits)
        elif m := _SHORT_YEAR.match(w):
            r.year = _full_year(m.group(1))
        elif m := _FISCAL_YEAR.match(w):
            r.year = _full_year(m.group(1))
        elif m := _ORDINAL_NUMBER.match(w):
            if nxt in ("century", "centuries"):
                r.century = int(m.group(1)) - 1
                i += 2
                continue
            r.day = int(m.group(1))
        elif m := _QUARTER.match(w):
            r.quarter = int(m.group(1) or m.group(2))
        elif m := _HALF.match(w):
            r.half = int(m.group(1))
        elif w in lex.weekdays and not (w in lex.ambiguous_months and n == 1):
            r.weekday = lex.weekdays[w]
        elif w.endswith("s") and w[:-1] in lex.weekdays and len(w) > 4:
            r.weekday = lex.weekdays[w[:-1]]  # "Tuesdays": a recurring day
            r.set_quantifier = True
        elif w in lex.months:  # a lone "May" reaches here only when the finder judged it a month
            r.month = lex.months[w]
        elif w in lex.seasons:
            r.season = lex.seasons[w]
        elif w in lex.deictic_days:
            r.deictic = lex.deictic_days[w]
            if w == "tonight":
                r.part_of_day = "NI"
        elif w in lex.clock_words:
            hour, minute = lex.clock_words[w].split(":")
            r.clock = (int(hour), int(minute))
        elif w in lex.parts_of_day:
            r.part_of_day = lex.parts_of_day[w]
        elif w in lex.decade_words:
            r.decade = 190 + lex.decade_words[w]
        elif w in lex.ordinals and nxt in ("quarter", "quarters", "half", "century") and not (
                lex.ordinals[w] < 0 and not any(_YEAR.match(x) for x in words)):
            # "the third quarter"; "last quarter" is the one before, unless a year follows ("last quarter of 2023")
            ordinal = lex.ordinals[w]
            if nxt.startswith("quarter"):
                r.quarter = 4 if ordinal == -1 else ordinal
            elif nxt == "half":
                r.half = 2 if ordinal == -1 else ordinal
            else:
                r.century = ordinal - 1
            i += 2
            continue
        elif w in lex.ordinals and r.month is not None and r.day is None and lex.ordinals[w] > 0:
            r.day = lex.ordinals[w]
        elif w == "year" and nxt in ("ago", "earlier", "before") and after:
            r.year_offset = -1  # "the year-ago quarter", "year-earlier results"
            i += 2
            continue
        elif w in ("year", "year's") and nxt == "end":
            r.year_end = True
            i += 2
            continue
        elif w == "quarter" and nxt == "century":
            r.amount, r.unit, r.unit_word = 25.0, lex.units["years"], "years"  # a quarter-century
            i += 2
            continue
        elif w in lex.units:
            if r.unit is not None:
                if r.unit_word in ("year", "years") and r.direction is not None:
                    r.year_offset = r.direction  # "last year's fourth quarter"
                    r.direction = None
                else:
                    i += 1  # "nine months of the year": the first unit is what is counted
                    continue
            r.unit = lex.units[w]
            r.unit_word = w
            r.plural_unit = w.endswith("s") or w == "centuries"
            if r.numbers and r.amount is None:
                r.amount = r.numbers[-1]
            if w == "year" and _NUMBER.match(nxt) and len(nxt) == 4:  # "the year 2000"
                r.year = int(nxt)
                i += 2
                continue
        elif w in lex.shift_words and r.unit is not None:
            r.shift = lex.shift_words[w]
            r.shift_word = w
        elif w == "from" and nxt == "now" and r.unit is not None:
            r.shift = 1
            r.shift_word = "from now"
            i += 2
            continue
        elif w in ANAPHORIC:
            r.anaphoric = True
            if w in ("following",):
                r.direction, r.direction_word = 1, w
            elif w in ("previous", "preceding", "prior"):
                r.direction, r.direction_word = -1, w
            else:
                r.direction, r.direction_word = 0, w
        elif w in lex.direction_words:
            r.direction = lex.direction_words[w]
            r.direction_word = w
            if w == "next" and r.definite and i > 0 and words[i - 1] == "the":
                r.anaphoric = True  # "the next day" follows the story, "next week" the calendar
        elif w in lex.vague_numbers:
            r.vague_amount = True
        elif w == "the":
            r.definite = True
        elif w == "latest":
            r.latest = True
        i += 1
    flush_number()
    if r.unit is None and r.numbers and r.month is not None and r.day is None:
        days = [x for x in r.numbers if 1 <= x <= 31 and float(x).is_integer()]
        if days:
            r.day = int(days[0])
    if r.year is None and r.numbers and (r.unit is None or r.unit_word == "year") \
            and _looks_like_spoken_year(r.numbers):
        r.year = int(r.numbers[0])
        if r.amount == r.year:
            r.amount = None
    return r


def _combine_numbers(parts: list[float]) -> float:
    """Spoken numbers: [20, 4] -> 24, [2, 100] -> 200, [19, 90, 4] -> 1994 (a year), [2, 0.5] -> 2.5."""
    if len(parts) >= 2 and 10 <= parts[0] <= 20 and parts[1] >= 10 and sum(parts[1:]) < 100 \
            and all(p >= 1 for p in parts[1:]):
        return parts[0] * 100 + sum(parts[1:])  # "nineteen ninety four"
    total = 0.0
    current = 0.0
    for p in parts:
        if p == 100:
            current = (current or 1) * 100
        elif p >= 1000:
            total += (current or 1) * p
            current = 0
        else:
            current += p
    return total + current


def _looks_like_spoken_year(numbers: list[float]) -> bool:
    return len(numbers) == 1 and 1000 <= numbers[0] <= 2999 and float(numbers[0]).is_integer()


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= 30 else 2000
    return year


def normalise(words: list[str], reference: date | None, tense: str | None = None,
              discourse: Discourse | None = None) -> Timex | None:
    """The TIMEX3 type and value of an expression's words, or None when it names no time.

    When a ``discourse`` is given, anaphoric expressions ("that day", "a year
    earlier", "the quarter") are anchored on the times it has noted, and the
    result is noted in turn.
    """
    lex = time_words()
    if not words:
        return None
    discourse = discourse or Discourse(reference)
    reference_value = _reference_phrase(words, lex)
    if reference_value is not None:
        return Timex(DATE, reference_value)
    r = read_words(words, lex)
    if _is_generic_part_of_day(r, words):
        return None
    timex = _decide(r, reference, tense, discourse)
    if timex is not None and not r.anaphoric and r.shift is None and r.year_offset is None:
        discourse.note(timex)
    return timex


def _decide(r: Reading, reference: date | None, tense: str | None, discourse: Discourse) -> Timex | None:
    if r.set_period or (r.set_quantifier and (r.unit or r.weekday or r.part_of_day or r.month)):
        return _set(r)
    if r.year_end:
        year = r.year or (reference.year + (r.direction or 0) if reference else None)
        return Timex(DATE, f"{year:04d}" if year else "XXXX")
    if r.has_calendar():
        return _calendar(r, reference, tense, discourse)
    if r.year_offset is not None:
        return _year_back(r, reference, discourse)
    if r.unit is not None:
        if r.shift is not None:
            return _shifted(r, reference, discourse)
        if r.direction is not None:
            return _relative_unit(r, discourse.anchor(_unit_letter(r)) if r.anaphoric else reference, tense)
        return _duration(r, reference, discourse)
    return None


def _is_generic_part_of_day(r: Reading, words: list[str]) -> bool:
    """"in the evening", "during the night": a part of no particular day is not a TIMEX3 ("overnight" is)."""
    if r.part_of_day is None or words[-1] == "overnight":
        return False
    others = (r.year, r.month, r.day, r.weekday, r.season, r.holiday, r.clock, r.deictic, r.direction, r.unit,
              r.set_period)
    return all(v is None for v in others) and not r.anaphoric and not r.set_quantifier


def _unit_letter(r: Reading) -> str | None:
    """The calendar unit an anaphor counts in: "Y" for "that year" (not a decade), "M", "D"..."""
    if r.unit is None or r.unit.time:
        return None
    return r.unit.letter if r.unit.size == 1 else None


def _reference_phrase(words: list[str], lex: TimeWords) -> str | None:
    phrase = " ".join(words)
    if phrase in lex.reference_words:
        return lex.reference_words[phrase]
    core = [w for w in words if w not in lex.value_neutral and w not in ("very", "then")]
    if core and len(core) < len(words):
        core_phrase = " ".join(core)
        if core_phrase in lex.reference_words:
            return lex.reference_words[core_phrase]
        if "the" in words and "the " + core_phrase in lex.reference_words:
            return lex.reference_words["the " + core_phrase]
    return None


def _set(r: Reading) -> Timex:
    if r.weekday is not None:
        suffix = f"T{r.part_of_day}" if r.part_of_day else ""
        return Timex(SET, f"XXXX-WXX-{r.weekday}{suffix}")
    if r.set_period:
        return Timex(SET, r.set_period)
    if r.unit is not None:
        amount = r.amount if r.amount is not None else 1
        return Timex(SET, _duration_value(amount, r.unit))
    if r.month is not None:
        return Timex(SET, f"XXXX-{r.month:02d}")
    return Timex(SET, f"XXXX-XX-XXT{r.part_of_day}")


def _closest_year(on: Callable[[int], date], ref: date, tense: str | None, direction: int | None,
                  direction_word: str | None, penalty: int = _TENSE_PENALTY_DAYS) -> int:
    """The year that puts a month, day, quarter or season nearest the reference.

    "last"/"next" force the side; otherwise the tense tilts the choice by
    _TENSE_PENALTY_DAYS, so "sold in December" (dated March) is last December,
    and "paid on Nov. 10" (dated Nov. 2) stays this year.
    """
    if direction_word == "this":
        return ref.year
    best_year, best_cost = ref.year, None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            day = on(year)
        except ValueError:
            continue
        delta = (day - ref).days
        if direction == -1 and delta >= 0 or direction == 1 and delta <= 0:
            continue
        cost = abs(delta)
        if tense == PAST and delta > 0 or tense == FUTURE and delta < 0:
            cost += penalty
        if best_cost is None or cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def _day_in_month(month: int, day: int | None, ref: date) -> Callable[[int], date]:
    if day:
        return lambda year: date(year, month, day)
    # a whole month counts as near as its nearest day
    return lambda year: min((date(year, month, 1), date(year, month, 28)), key=lambda d: abs((d - ref).days))


def _calendar(r: Reading, ref: date | None, tense: str | None, discourse: Discourse) -> Timex:
    day_value: str | None = None
    year: int | None = r.year
    if year is None and r.year_offset is not None and ref is not None:
        year = ref.year + r.year_offset
    if year is None and r.unit_word == "year" and r.direction is not None and ref is not None \
            and (r.quarter or r.half or r.season or r.month):
        year = ref.year + r.direction  # "this year's third quarter", "July last year"
    if r.unit_word == "week" and r.month is not None and r.numbers and ref is not None and r.holiday is None:
        week = _week_of_day(r, year, ref, tense)  # "the week of March 6"
        if week is not None:
            return Timex(DATE, week)
    if r.holiday is not None:
        if year is None and ref is not None:
            direction = r.direction if r.direction_word in ("last", "next") else None
            year = _closest_year(lambda y: cal.holiday_date(r.holiday, y), ref, tense, direction,
                                 r.direction_word)
        if year is None:
            return Timex(DATE, "XXXX-XX-XX")
        day_value = cal.holiday_date(r.holiday, year).isoformat()
    elif year is not None:
        y = f"{year:04d}"
        if r.month is not None:
            day_value = f"{y}-{r.month:02d}" + (f"-{r.day:02d}" if r.day else "")
        elif r.quarter is not None:
            return Timex(DATE, f"{y}-Q{r.quarter}")
        elif r.half is not None:
            return Timex(DATE, f"{y}-H{r.half}")
        elif r.season is not None:
            return Timex(DATE, f"{y}-{r.season}")
        else:
            day_value = y
    elif r.decade is not None:
        return Timex(DATE, f"{r.decade:03d}")
    elif r.century is not None:
        return Timex(DATE, f"{r.century:02d}")
    elif r.month is not None:
        if ref is None:
            day_value = f"XXXX-{r.month:02d}" + (f"-{r.day:02d}" if r.day else "")
        else:
            try:
                y = _closest_year(_day_in_month(r.month, r.day, ref), ref, tense, r.direction, r.direction_word,
                                  _MONTH_TENSE_PENALTY_DAYS)
            except ValueError:
                y = ref.year
            day_value = f"{y:04d}-{r.month:02d}" + (f"-{r.day:02d}" if r.day else "")
    elif r.weekday is not None:
        anchor = discourse.anchor() if r.anaphoric else ref
        if anchor is None:
            day_value = f"XXXX-WXX-{r.weekday}"
        else:
            day_value = cal.weekday_near(anchor, r.weekday, _weekday_direction(r, tense)).isoformat()
    elif r.deictic is not None:
        day_value = cal.shift_day(ref, r.deictic).isoformat() if ref else "XXXX-XX-XX"
    elif r.quarter is not None or r.half is not None or r.season is not None:
        return _part_of_year(r, ref, tense)
    elif r.anaphoric and r.part_of_day and r.unit is None:
        anchor = discourse.anchor()
        # "the next morning", "the previous evening": a day on from the time being told
        day_value = cal.shift_day(anchor, r.direction or 0).isoformat() if anchor else None
    # a clock time or part of day, on whatever day the words named
    if r.clock is not None or r.part_of_day is not None:
        if day_value is None:
            offset = -1 if r.direction == -1 and r.part_of_day else 0  # "last night"
            if r.direction == 1 or r.unit_word == "day" and r.anaphoric:
                offset = 1  # "the next morning"
            anchor = discourse.anchor() if r.anaphoric or _is_bare_clock(r) else ref
            day_value = cal.shift_day(anchor, offset).isoformat() if anchor else "XXXX-XX-XX"
        if len(day_value) == 10:
            if r.clock is not None:
                return Timex(TIME, f"{day_value}T{r.clock[0]:02d}:{r.clock[1]:02d}")
            # TimeML annotates a named day's night ("Friday night") as a DATE on that day
            kind = DATE if r.weekday is not None and r.part_of_day == "NI" and not r.anaphoric else TIME
            return Timex(kind, f"{day_value}T{r.part_of_day}")
    return Timex(DATE, day_value or "XXXX-XX-XX")


def _week_of_day(r: Reading, year: int | None, ref: date, tense: str | None) -> str | None:
    """The ISO week holding the day named after "the week of"."""
    days = [int(x) for x in r.numbers if 1 <= x <= 31 and float(x).is_integer()]
    if not days or r.month is None:
        return None
    month, day = r.month, days[0]
    try:
        if year is None:
            year = _closest_year(lambda y: date(y, month, day), ref, tense, r.direction, r.direction_word,
                                 _MONTH_TENSE_PENALTY_DAYS)
        return cal.week_value(date(year, month, day))
    except ValueError:
        return None


def _is_bare_clock(r: Reading) -> bool:
    """"at 6 a.m." with no day of its own: it falls on the day the story last named."""
    return r.clock is not None and r.direction is None and r.deictic is None and r.unit is None


def _part_of_year(r: Reading, ref: date | None, tense: str | None) -> Timex:
    """A quarter, half or season named without its year: "the third quarter", "last fall"."""
    if r.quarter is not None:
        part, first_month = f"Q{r.quarter}", 3 * r.quarter - 2
    elif r.half is not None:
        part, first_month = f"H{r.half}", 6 * r.half - 5
    else:
        assert r.season is not None
        part, first_month = r.season, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[r.season]
    if ref is None:
        return Timex(DATE, f"XXXX-{part}")
    length = 6 if r.half is not None else 3

    def nearest_day(year: int) -> date:
        start = date(year, first_month, 1)
        end = cal.shift_date(start, length) - timedelta(days=1)
        return min(max(ref, start), end)

    direction = r.direction if r.direction_word in ("last", "next", "past", "coming") else None
    # a quarter told in the past tense has begun; one told in the future may be over
    # already ("expects third-quarter profit to fall"), so that tilt stays slight
    penalty = _MONTH_TENSE_PENALTY_DAYS if tense == PAST else _TENSE_PENALTY_DAYS
    year = _closest_year(nearest_day, ref, tense, direction, r.direction_word, penalty)
    return Timex(DATE, f"{year:04d}-{part}")


def _weekday_direction(r: Reading, tense: str | None) -> str:
    if r.direction == -1:
        return "before"
    if r.direction == 1:
        return "after"
    if r.direction_word == "this":
        return "same_week"
    # news mostly reports what happened: a bare weekday is past unless the verb says otherwise
    if tense == FUTURE:
        return "future"
    return "nearest" if tense == PRESENT else "past"


def _relative_unit(r: Reading, ref: date | None, tense: str | None) -> Timex:
    """"last month", "this week", "the next two years", "the past decade"."""
    unit, word, direction = r.unit, r.unit_word or "", r.direction or 0
    assert unit is not None
    counted = (r.amount is not None and r.amount != 1) or r.vague_amount or r.plural_unit
    if counted and r.amount is None and direction == 1 and r.direction_word in ("coming", "upcoming"):
        return Timex(DATE, "FUTURE_REF")  # "the coming months"
    if unit.time and not counted and r.amount is None:
        return None  # "last-minute", "the last minute": a manner of speaking
    if counted or unit.time or (unit.size >= 10 and direction == -1 and r.direction_word == "past"):
        amount = None if r.amount is None and (r.vague_amount or r.plural_unit) else (r.amount or 1)
        return Timex(DURATION, _duration_value(amount, unit))
    if ref is None:
        if word.startswith("week"):
            return Timex(DATE, "XXXX-WXX")
        return Timex(DATE, {"D": "XXXX-XX-XX", "M": "XXXX-XX", "Q": "XXXX-QX"}.get(unit.letter, "XXXX"))
    if word.startswith("weekend"):
        if direction == 0 and r.direction_word != "this":
            saturday = cal.weekday_near(ref, 6, "future" if tense == FUTURE else "past")
        else:
            saturday = cal.weekday_near(cal.shift_day(ref, 7 * direction), 6, "same_week")
        return Timex(DATE, cal.week_value(saturday) + "-WE")
    if unit.letter == "D":
        return Timex(DATE, cal.shift_day(ref, direction).isoformat())
    if unit.letter == "W":
        return Timex(DATE, cal.week_value(cal.shift_day(ref, 7 * direction * unit.size)))
    if unit.letter == "M":
        year, month = cal.add_months(ref.year, ref.month, direction)
        return Timex(DATE, cal.month_value(year, month))
    if unit.letter == "Q":
        year, quarter = cal.add_quarters(ref.year, cal.quarter_of(ref), direction)
        return Timex(DATE, f"{year:04d}-Q{quarter}")
    if unit.size == 10:
        return Timex(DATE, f"{ref.year // 10 + direction:03d}")
    if unit.size == 100:
        return Timex(DATE, f"{ref.year // 100 + direction:02d}")
    return Timex(DATE, f"{ref.year + direction:04d}")


def _year_back(r: Reading, ref: date | None, discourse: Discourse) -> Timex:
    """"the year-ago quarter", "year-earlier results": the period being compared, a year before."""
    if discourse.last_quarter is not None and r.unit_word not in ("month", "week", "day"):
        year, quarter = discourse.last_quarter
        return Timex(DATE, f"{year - 1:04d}-Q{quarter}")
    if ref is None:
        return Timex(DATE, "PAST_REF")
    if r.unit is not None and r.unit.letter == "Q":
        year, quarter = cal.add_quarters(ref.year, cal.quarter_of(ref), -5)  # the last full quarter, a year back
        return Timex(DATE, f"{year:04d}-Q{quarter}")
    return Timex(DATE, f"{ref.year - 1:04d}")


def _shifted(r: Reading, ref: date | None, discourse: Discourse) -> Timex:
    """"two weeks ago", "a decade ago", "three years later"."""
    unit = r.unit
    assert unit is not None and r.shift is not None
    amount = r.amount if r.amount is not None else (None if r.vague_amount or r.plural_unit else 1)
    # "ago" counts from the reference date; "earlier"/"later" from the last time mentioned
    anchor = ref if r.shift_word in ("ago", "from now", "hence", "back") else discourse.anchor(_unit_letter(r))
    if anchor is None or amount is None or not float(amount).is_integer():
        return Timex(DATE, "PAST_REF" if r.shift < 0 else "FUTURE_REF")
    steps = int(amount) * unit.size * r.shift
    if unit.letter == "Y" and unit.size == 1 and abs(steps) == 1 and discourse.last_quarter is not None:
        year, quarter = discourse.last_quarter  # "a year ago" in quarterly results: the same quarter
        return Timex(DATE, f"{year + steps:04d}-Q{quarter}")
    if unit.time:
        return Timex(DATE, anchor.isoformat())
    if unit.letter == "D":
        return Timex(DATE, cal.shift_day(anchor, steps).isoformat())
    if unit.letter == "W":
        return Timex(DATE, cal.shift_day(anchor, 7 * steps).isoformat())
    if unit.letter == "M":
        year, month = cal.add_months(anchor.year, anchor.month, steps)
        return Timex(DATE, cal.month_value(year, month))
    if unit.letter == "Q":
        year, quarter = cal.add_quarters(anchor.year, cal.quarter_of(anchor), steps)
        return Timex(DATE, f"{year:04d}-Q{quarter}")
    return Timex(DATE, f"{anchor.year + steps:04d}")


def _duration(r: Reading, ref: date | None, discourse: Discourse) -> Timex:
    """"two weeks", "more than 13 years", "a decade"; "the quarter" alone is the one being discussed."""
    unit = r.unit
    assert unit is not None
    if r.amount is None and not r.plural_unit and not r.vague_amount and r.definite and not unit.time:
        if unit.letter == "Q":
            if discourse.last_quarter is not None and not (r.latest and ref is not None):
                year, quarter = discourse.last_quarter
            elif ref is not None:
                year, quarter = cal.add_quarters(ref.year, cal.quarter_of(ref), -1)  # the last one reported
            else:
                return Timex(DATE, "XXXX-QX")
            return Timex(DATE, f"{year:04d}-Q{quarter}")
        return _relative_unit(Reading(unit=unit, unit_word=r.unit_word, direction=0), ref, None)
    if unit.time and r.amount is None and not r.vague_amount:
        return None  # "a second", "minutes": too slight to be a time expression
    amount = r.amount if r.amount is not None else (None if r.plural_unit or r.vague_amount else 1)
    return Timex(DURATION, _duration_value(amount, unit))


def _duration_value(amount: float | None, unit: Unit) -> str:
    """P2W, P13Y, PT24H, P2Y6M (two and a half years), PXY."""
    if amount is None:
        return cal.duration_value(None, unit.letter, unit.time)
    total = amount * unit.size
    whole = int(total)
    fraction = total - whole
    smaller_units = _SMALLER_TIME_UNIT if unit.time else _SMALLER_UNIT
    if fraction and unit.letter in smaller_units:
        factor, smaller, smaller_is_time = smaller_units[unit.letter]
        rest = round(fraction * factor)
        if unit.time or smaller_is_time:
            head = f"{whole}{unit.letter}" if whole else ""
            return f"P{'' if unit.time else head}T{head if unit.time else ''}{rest}{smaller}"
        return f"P{whole}{unit.letter}{rest}{smaller}" if whole else f"P{rest}{smaller}"
    return cal.duration_value(total, unit.letter, unit.time)
