"""Normalising temporal expressions to TIMEX3 values, without the spaCy model."""

from datetime import date

import pytest

from wirecoder.when.calendar import granularity_of, holiday_date, weekday_near
from wirecoder.when.normalise import Discourse, Timex, clean_words, normalise
from wirecoder.when.tense import FUTURE, PAST

FRIDAY = date(2024, 12, 13)
MONDAY = date(2024, 12, 23)


def value(text: str, ref: date | None = FRIDAY, tense: str | None = None, discourse: Discourse | None = None):
    timex = normalise(clean_words(text.split()), ref, tense, discourse)
    return None if timex is None else (timex.type, timex.value)


@pytest.mark.parametrize("text, ref, expected", [
    ("last month", FRIDAY, ("DATE", "2024-11")),
    ("two weeks ago", MONDAY, ("DATE", "2024-12-09")),
    ("last week", MONDAY, ("DATE", "2024-W51")),
    ("this week", FRIDAY, ("DATE", "2024-W50")),
    ("next week", FRIDAY, ("DATE", "2024-W51")),
    ("a decade ago", FRIDAY, ("DATE", "2014")),
    ("2016", FRIDAY, ("DATE", "2016")),
    ("December 13 , 2024", FRIDAY, ("DATE", "2024-12-13")),
    ("Dec. 13", FRIDAY, ("DATE", "2024-12-13")),
    ("next year", FRIDAY, ("DATE", "2025")),
    ("last year", FRIDAY, ("DATE", "2023")),
    ("the past year", FRIDAY, ("DATE", "2023")),
    ("yesterday", FRIDAY, ("DATE", "2024-12-12")),
    ("today", FRIDAY, ("DATE", "2024-12-13")),
    ("tomorrow", MONDAY, ("DATE", "2024-12-24")),
    ("earlier this month", FRIDAY, ("DATE", "2024-12")),
    ("the 1990s", FRIDAY, ("DATE", "199")),
    ("the mid - 1980s", FRIDAY, ("DATE", "198")),
    ("Q3", FRIDAY, ("DATE", "2024-Q3")),
    ("the third quarter", FRIDAY, ("DATE", "2024-Q3")),
    ("fiscal 2024", FRIDAY, ("DATE", "2024")),
    ("last quarter", FRIDAY, ("DATE", "2024-Q3")),
    ("the last quarter of 2023", FRIDAY, ("DATE", "2023-Q4")),
    ("March 2023", FRIDAY, ("DATE", "2023-03")),
    ("the 20th century", FRIDAY, ("DATE", "19")),
    ("Christmas", FRIDAY, ("DATE", "2024-12-25")),
])
def test_dates_anchor_on_the_reference(text, ref, expected):
    assert value(text, ref) == expected


@pytest.mark.parametrize("text, expected", [
    ("two weeks", ("DURATION", "P2W")),
    ("13 years", ("DURATION", "P13Y")),
    ("more than 13 years", ("DURATION", "P13Y")),
    ("the past three months", ("DURATION", "P3M")),
    ("a decade", ("DURATION", "P10Y")),
    ("24 hours", ("DURATION", "PT24H")),
    ("2 1/2 years", ("DURATION", "P2Y6M")),
    ("several years", ("DURATION", "PXY")),
    ("weekly", ("SET", "P1W")),
    ("every month", ("SET", "P1M")),
    ("each Thursday", ("SET", "XXXX-WXX-4")),
])
def test_durations_and_sets(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("now", "PRESENT_REF"), ("currently", "PRESENT_REF"), ("recently", "PAST_REF"),
    ("the future", "FUTURE_REF"), ("more recently", "PAST_REF"),
])
def test_reference_words(text, expected):
    assert value(text) == ("DATE", expected)


def test_bare_weekday_follows_the_tense():
    assert value("Friday", FRIDAY, PAST) == ("DATE", "2024-12-13")  # the article's own day
    assert value("Monday", FRIDAY, PAST) == ("DATE", "2024-12-09")
    assert value("Monday", FRIDAY, FUTURE) == ("DATE", "2024-12-16")
    assert value("Monday", MONDAY, PAST) == ("DATE", "2024-12-23")
    assert value("Monday", FRIDAY, None) == ("DATE", "2024-12-09")  # news reports the past by default
    assert value("last Friday", FRIDAY) == ("DATE", "2024-12-06")
    assert value("next Monday", MONDAY) == ("DATE", "2024-12-30")


def test_month_without_year_takes_the_nearest_year_tilted_by_tense():
    march = date(2024, 3, 5)
    assert value("December", march, PAST) == ("DATE", "2023-12")
    assert value("June", march, FUTURE) == ("DATE", "2024-06")
    assert value("January", date(2024, 11, 20), FUTURE) == ("DATE", "2025-01")
    # past tense, but only a week ahead: still this year
    assert value("Nov. 10", date(2024, 11, 2), PAST) == ("DATE", "2024-11-10")


def test_times_of_day():
    assert value("10:35 a.m.") == ("TIME", "2024-12-13T10:35")
    assert value("5 p.m.") == ("TIME", "2024-12-13T17:00")
    assert value("Friday morning", FRIDAY, PAST) == ("TIME", "2024-12-13TMO")
    assert value("last night") == ("TIME", "2024-12-12TNI")
    assert value("tonight") == ("TIME", "2024-12-13TNI")


def test_without_a_reference_date_values_stay_underspecified():
    assert value("Friday", None) == ("DATE", "XXXX-WXX-5")
    assert value("last month", None) == ("DATE", "XXXX-XX")
    assert value("yesterday", None) == ("DATE", "XXXX-XX-XX")
    assert value("two weeks ago", None) == ("DATE", "PAST_REF")
    assert value("December 13", None) == ("DATE", "XXXX-12-13")
    assert value("now", None) == ("DATE", "PRESENT_REF")
    assert value("2016", None) == ("DATE", "2016")
    assert value("two weeks", None) == ("DURATION", "P2W")


def test_year_ago_in_quarterly_results_takes_the_quarter_discussed():
    discourse = Discourse(date(1989, 10, 30))
    assert value("the third quarter", date(1989, 10, 30), None, discourse) == ("DATE", "1989-Q3")
    assert value("a year ago", date(1989, 10, 30), None, discourse) == ("DATE", "1988-Q3")
    assert value("the year - earlier quarter", date(1989, 10, 30), None, discourse) == ("DATE", "1988-Q3")


def test_anaphoric_expressions_follow_the_last_date_mentioned():
    discourse = Discourse(FRIDAY)
    assert value("March 3 , 2020", FRIDAY, None, discourse) == ("DATE", "2020-03-03")
    assert value("the next day", FRIDAY, None, discourse) == ("DATE", "2020-03-04")
    assert value("that day", FRIDAY, None, discourse) == ("DATE", "2020-03-03")


def test_words_that_are_not_times_give_none():
    assert value("the") is None
    assert value("second") is None
    assert value("minutes") is None


def test_clean_words_splits_hyphens_and_drops_possessives():
    assert clean_words(["third-quarter"]) == ["third", "quarter"]
    assert clean_words(["Friday", "'s"]) == ["friday"]
    assert clean_words(["Sept.", "30"]) == ["sept", "30"]
    assert clean_words(["p.m."]) == ["pm"]


def test_calendar_helpers():
    assert weekday_near(FRIDAY, 1, "past") == date(2024, 12, 9)
    assert weekday_near(FRIDAY, 1, "future") == date(2024, 12, 16)
    assert weekday_near(FRIDAY, 5, "before") == date(2024, 12, 6)
    assert holiday_date("11/4/thu", 2024) == date(2024, 11, 28)  # Thanksgiving
    assert holiday_date("11/1/tue+", 2024) == date(2024, 11, 5)  # US election day
    assert holiday_date("05/-1/mon", 2024) == date(2024, 5, 27)  # Memorial Day
    assert holiday_date("easter", 2024) == date(2024, 3, 31)
    assert granularity_of("2024-12-13", "DATE") == "day"
    assert granularity_of("2024-W51", "DATE") == "week"
    assert granularity_of("2024-11", "DATE") == "month"
    assert granularity_of("2024-Q3", "DATE") == "quarter"
    assert granularity_of("2024", "DATE") == "year"
    assert granularity_of("201", "DATE") == "decade"
    assert granularity_of("XXXX-XX", "DATE") == "month"
    assert granularity_of("XXXX-WXX-5", "DATE") == "day"
    assert granularity_of("P2W", "DURATION") == "duration"
    assert granularity_of("P1W", "SET") == "set"
    assert granularity_of("PAST_REF", "DATE") == "ref"
    assert granularity_of("2024-12-13T10:35", "TIME") == "time"


def test_malformed_lexicon_raises_lexicon_error(tmp_path):
    from wirecoder.errors import LexiconError
    from wirecoder.when.lexicon import time_words

    bad = tmp_path / "time_words.yaml"
    bad.write_text("weekdays: [monday\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        time_words(bad)
    bad.write_text("weekdays: {monday: 1}\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        time_words(bad)


def test_a_bare_yaml_boolean_in_a_word_list_is_reported(tmp_path):
    from wirecoder.errors import LexiconError
    from wirecoder.when.lexicon import LEXICON_PATH, time_words

    text = LEXICON_PATH.read_text(encoding="utf-8").replace('  - "on"', "  - on")
    assert text != LEXICON_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "time_words.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match="leading_words_outside"):
        time_words(bad)
    assert "on" in time_words().leading_words_outside  # the shipped file reads "on" as a word


def test_timex_is_a_plain_record():
    assert Timex("DATE", "2024") == Timex("DATE", "2024")


def test_a_named_days_night_is_a_date_other_parts_of_day_stay_times():
    assert value("Friday night", FRIDAY, PAST) == ("DATE", "2024-12-13TNI")
    assert value("Thursday night", FRIDAY, PAST) == ("DATE", "2024-12-12TNI")
    assert value("Friday evening", FRIDAY, PAST) == ("TIME", "2024-12-13TEV")
    assert value("the next night", FRIDAY, PAST, Discourse(FRIDAY))[0] == "TIME"


def test_part_of_no_particular_day_is_not_a_time():
    assert value("the night") is None
    assert value("evening") is None
    assert value("morning") is None
    assert value("overnight") == ("TIME", "2024-12-13TNI")
    assert value("tonight") == ("TIME", "2024-12-13TNI")


def test_a_couple_and_a_dozen_count_once():
    assert value("a couple of years") == ("DURATION", "P2Y")
    assert value("a dozen years") == ("DURATION", "P12Y")
    assert value("a few years") == ("DURATION", "PXY")


def test_that_year_refers_to_the_last_year_mentioned_at_any_precision():
    discourse = Discourse(FRIDAY)
    assert value("1998", FRIDAY, PAST, discourse) == ("DATE", "1998")
    assert value("later that year", FRIDAY, PAST, discourse) == ("DATE", "1998")
    assert value("a year earlier", FRIDAY, PAST, discourse) == ("DATE", "1997")
    assert value("that day", FRIDAY, PAST, discourse) == ("DATE", "2024-12-13")  # no day named: the dateline
    discourse = Discourse(FRIDAY)
    value("October 2001", FRIDAY, PAST, discourse)
    assert value("that month", FRIDAY, PAST, discourse) == ("DATE", "2001-10")
    assert value("the following month", FRIDAY, PAST, discourse) == ("DATE", "2001-11")
    value("2005", FRIDAY, PAST, discourse)
    assert value("that month", FRIDAY, PAST, discourse) == ("DATE", "2001-10")  # a bare year names no month


def test_the_week_of_a_date_is_that_dates_iso_week():
    assert value("the week of March 6", date(2000, 2, 24)) == ("DATE", "2000-W10")
    assert value("the week of Dec. 2", FRIDAY) == ("DATE", "2024-W49")


def test_the_next_morning_is_the_day_after_the_day_being_told():
    story = Discourse(FRIDAY)
    assert value("Tuesday", FRIDAY, PAST, story) == ("DATE", "2024-12-10")
    assert value("the next morning", FRIDAY, None, story) == ("TIME", "2024-12-11TMO")
    assert value("the previous evening", FRIDAY, None, story) == ("TIME", "2024-12-09TEV")


def test_a_bare_clock_time_falls_on_the_day_last_named():
    story = Discourse(FRIDAY)
    assert value("6 a.m.", FRIDAY, None, story) == ("TIME", "2024-12-13T06:00")  # nothing named yet
    assert value("Oct. 23", FRIDAY, PAST, story) == ("DATE", "2024-10-23")
    assert value("10 p.m.", FRIDAY, None, story) == ("TIME", "2024-10-23T22:00")
    assert value("tonight", FRIDAY, None, story) == ("TIME", "2024-12-13TNI")  # a day of its own


def test_month_named_in_the_past_tense_is_the_last_one_even_when_the_next_is_nearer():
    assert value("January", date(2024, 10, 25), PAST) == ("DATE", "2024-01")
    assert value("March", date(2024, 10, 30), PAST) == ("DATE", "2024-03")
    assert value("December", date(2024, 3, 4), FUTURE) == ("DATE", "2024-12")
    assert value("January", date(2024, 10, 25)) == ("DATE", "2025-01")  # no tense: the nearest


def test_a_part_of_the_year_told_in_the_past_has_begun():
    assert value("the first quarter", FRIDAY, PAST) == ("DATE", "2024-Q1")
    assert value("the first half", FRIDAY, PAST) == ("DATE", "2024-H1")
    assert value("the first quarter", FRIDAY, FUTURE) == ("DATE", "2025-Q1")
    # results still to come for a quarter just ended: the future tense does not push it a year on
    assert value("the third quarter", date(2024, 10, 28), FUTURE) == ("DATE", "2024-Q3")


@pytest.mark.parametrize("text, expected", [
    ("a year and a half", "P1Y6M"),
    ("two and a half years", "P2Y6M"),
    ("one and a half hours", "PT1H30M"),
    ("an hour and a half", "PT1H30M"),
    ("a minute and a half", "PT1M30S"),
    ("half an hour", "PT30M"),
    ("half a century", "P50Y"),
    ("the past year and a half", "P1Y6M"),
])
def test_halves_join_their_number(text, expected):
    assert value(text) == ("DURATION", expected)


def test_recent_units_are_vague_durations():
    assert value("recent years") == ("DURATION", "PXY")
    assert value("recent days") == ("DURATION", "PXD")


def test_the_latest_quarter_is_the_last_one_ended_whatever_was_discussed():
    ref = date(1989, 10, 30)
    story = Discourse(ref)
    assert value("the fourth quarter", ref, FUTURE, story) == ("DATE", "1989-Q4")
    assert value("the quarter", ref, None, story) == ("DATE", "1989-Q4")
    assert value("the latest quarter", ref, PAST, story) == ("DATE", "1989-Q3")
    assert value("a year ago", ref, PAST, story) == ("DATE", "1988-Q3")
