"""The time vocabulary (lexicon/time_words.yaml), read once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wirecoder.errors import LexiconError
from wirecoder.lexicon_files import lexicon_file, read_yaml

LEXICON_PATH = lexicon_file("time_words.yaml")


@dataclass(frozen=True)
class Unit:
    letter: str  # TIMEX3 duration letter: S M H D W M Q Y
    size: int = 1  # how many of `letter` one unit spans (decade = 10 Y)
    time: bool = False  # a clock unit, written after "T" in a duration


@dataclass(frozen=True)
class TimeWords:
    weekdays: dict[str, int]
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    number_words: dict[str, float]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, Unit]
    direction_words: dict[str, int]
    shift_words: dict[str, int]
    reference_words: dict[str, str]
    set_adverbs: dict[str, str]
    set_quantifiers: frozenset[str]
    frequency_adjectives: frozenset[str]
    value_neutral: frozenset[str]
    leading_words_outside: frozenset[str]
    future_cues: frozenset[str]
    scheduling_verbs: frozenset[str]
    scheduling_adjectives: frozenset[str]
    no_comment_verbs: frozenset[str]
    decade_words: dict[str, int]
    deictic_days: dict[str, int]
    time_zones: frozenset[str]
    standalone_reference_words: frozenset[str]
    holidays: dict[str, str]
    holiday_pattern: re.Pattern[str]  # any holiday name, as whole words
    holiday_words: frozenset[str]
    age_words: frozenset[str]
    month_first_countries: frozenset[str]  # ISO alpha-2 of outlets that write 01/17/2013 for 17 January
    vocabulary: frozenset[str]  # every word above, to tell a time expression's words from others


def _any_phrase(phrases: dict[str, str]) -> re.Pattern[str]:
    names = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?:^| )(" + "|".join(re.escape(n) for n in names) + r")(?= |$)")


def _word_set(raw: dict, key: str) -> frozenset[str]:
    """A list of words; a YAML boolean in it (a bare on, off, yes or no) is a mistake to report, not a word."""
    words = raw[key]
    strange = [w for w in words if not isinstance(w, str)]
    if strange:
        raise ValueError(f"{key} holds {strange!r}: quote words YAML reads otherwise, e.g. \"on\"")
    return frozenset(words)


@lru_cache(maxsize=1)
def time_words(path: str | Path = LEXICON_PATH) -> TimeWords:
    """The parsed vocabulary; raises LexiconError when the file is missing or malformed."""
    raw = read_yaml(path, "time lexicon")
    try:
        fields = dict(
            weekdays={k: int(v) for k, v in raw["weekdays"].items()},
            months={k: int(v) for k, v in raw["months"].items()},
            ambiguous_months=_word_set(raw, "ambiguous_months"),
            seasons=dict(raw["seasons"]),
            parts_of_day=dict(raw["parts_of_day"]),
            clock_words=dict(raw["clock_words"]),
            number_words={k: float(v) for k, v in raw["number_words"].items()},
            vague_numbers=_word_set(raw, "vague_numbers"),
            ordinals={k: int(v) for k, v in raw["ordinals"].items()},
            units={k: Unit(**v) for k, v in raw["units"].items()},
            direction_words={k: int(v) for k, v in raw["direction_words"].items()},
            shift_words={k: int(v) for k, v in raw["shift_words"].items()},
            reference_words=dict(raw["reference_words"]),
            set_adverbs=dict(raw["set_adverbs"]),
            set_quantifiers=_word_set(raw, "set_quantifiers"),
            frequency_adjectives=_word_set(raw, "frequency_adjectives"),
            value_neutral=_word_set(raw, "value_neutral"),
            leading_words_outside=_word_set(raw, "leading_words_outside"),
            future_cues=_word_set(raw, "future_cues"),
            scheduling_verbs=_word_set(raw, "scheduling_verbs"),
            scheduling_adjectives=_word_set(raw, "scheduling_adjectives"),
            no_comment_verbs=_word_set(raw, "no_comment_verbs"),
            decade_words={k: int(v) for k, v in raw["decade_words"].items()},
            deictic_days={k: int(v) for k, v in raw["deictic_days"].items()},
            time_zones=_word_set(raw, "time_zones"),
            standalone_reference_words=_word_set(raw, "standalone_reference_words"),
            holidays={k: str(v) for k, v in raw["holidays"].items()},
            holiday_pattern=_any_phrase(raw["holidays"]),
            holiday_words=frozenset(w for name in raw["holidays"] for w in name.replace("'s", "").split()),
            age_words=_word_set(raw, "age_words"),
            month_first_countries=frozenset(str(c).upper() for c in raw["month_first_countries"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LexiconError(f"malformed time lexicon {path}: {exc!r}") from exc
    words: set[str] = set()
    for name in ("weekdays", "months", "units", "deictic_days", "seasons", "parts_of_day", "reference_words",
                 "set_adverbs", "clock_words", "decade_words", "direction_words", "number_words", "value_neutral",
                 "shift_words", "ordinals", "time_zones", "holiday_words"):
        words |= set(fields[name])  # type: ignore[arg-type]
    return TimeWords(**fields, vocabulary=frozenset(words))  # type: ignore[arg-type]
