"""Finding temporal expressions: spaCy's DATE/TIME entities plus patterns for what it misses.

Each candidate is trimmed to TimeML extents (wirecoder.when.extents), read into a
TIMEX3 value against the reference date and the governing verb's tense
(wirecoder.when.normalise), in text order so that "that day" or "a year
earlier" can lean on the dates mentioned before them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from wirecoder.model import TimeRef
from wirecoder.nlp.text import doc_text
from wirecoder.when import calendar as cal
from wirecoder.when.extents import is_not_a_time, join_adjacent, split, trim
from wirecoder.when.lexicon import time_words
from wirecoder.when.normalise import DURATION, SET, Discourse, Timex, clean_words, normalise
from wirecoder.when.numeric import numeric_dates
from wirecoder.when.patterns import pattern_spans
from wirecoder.when.tense import tense_of

ENTITY_LABELS = frozenset({"DATE", "TIME"})


def candidate_spans(doc: Doc) -> list[Span]:
    """Temporal expression spans in the doc, extents fixed, in text order."""
    lex = time_words()
    spans = [ent for ent in doc.ents if ent.label_ in ENTITY_LABELS]
    spans.extend(pattern_spans(doc))
    merged = filter_spans([t for span in spans if (t := trim(span, lex)) is not None])
    out: list[Span] = []
    for span in merged:
        out.extend(p for p in split(span, lex) if not is_not_a_time(p, lex))
    return join_adjacent(sorted(out, key=lambda s: s.start), lex)


def _is_rate(span: Span) -> bool:
    """"a year" after an amount ("$1.76 a year", "three times a day") is a frequency."""
    if span[0].lower_ not in ("a", "an", "per") or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.like_num or before.lower_ in ("times", "twice", "once", "%", "percent") or before.pos_ == "NUM"


def _is_period_ending(span: Span) -> bool:
    """"the year ended Sept. 30": the twelve months up to that day, a duration rather than a calendar year.

    Quarters keep their calendar value ("the quarter ended Sept. 30" is 1989-Q3).
    """
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    # "ended Sept. 30", "ending on March 31", "ended last month", not "ended with a record loss"
    position = span.end + 1
    if position < len(doc) and doc[position].lower_ in ("in", "on"):
        position += 1
    date = doc[position] if position < len(doc) else None
    lex = time_words()
    names_a_day = date is not None and (date.like_num or date.lower_.rstrip(".") in lex.months
                                        or date.lower_ in lex.deictic_days or date.lower_ in lex.weekdays
                                        or date.lower_ in ("last", "this", "next"))
    return after is not None and after.lower_ in ("ended", "ending") and span[-1].lower_ == "year" \
        and all(t.lower_ in ("the", "fiscal", "year") for t in span) and names_a_day


def find_times(doc: Doc, reference_date: str | None, outlet_country: str | None = None) -> list[TimeRef]:
    """Every temporal expression in the doc, normalised against the reference date; `outlet_country` (ISO
    alpha-2) tells how the outlet orders a day and month written in digits."""
    reference = cal.parse_reference(reference_date)
    discourse = Discourse(reference)
    month_first = (outlet_country or "").upper() in time_words().month_first_countries
    digits = numeric_dates(doc_text(doc), reference, month_first)
    taken = [(t.start, t.end) for t in digits]
    times: list[TimeRef] = list(digits)
    for span in candidate_spans(doc):
        if any(s < span.end_char and span.start_char < e for s, e in taken):
            continue  # read from its digits already
        timex = normalise(clean_words(t.text for t in span), reference, tense_of(span), discourse)
        if timex is None:
            continue
        if timex.type == DURATION and _is_rate(span):
            timex = Timex(SET, timex.value)  # "$2 a year", "twice a week"
        elif timex.type != DURATION and _is_period_ending(span):
            timex = Timex(DURATION, "P1Y")
        times.append(TimeRef(text=span.text, value=timex.value, granularity=cal.granularity_of(timex.value, timex.type),
                             type=timex.type, start=span.start_char, end=span.end_char))
    return sorted(times, key=lambda t: t.start or 0)
