"""TimeML extents for candidate spans.

TimeML leaves leading prepositions ("on", "in", "since") and trailing signals
("later", "after") outside an expression, keeps determiners and modifiers
("the", "last", "early") inside, splits coordinations ("Monday and Tuesday",
"the quarter ended Sept. 30") and joins a clock time to its day ("noon
Thursday").  Some spans that look temporal are not: ages, "quarterly dividend",
"the march".
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from wirecoder.when.lexicon import TimeWords
from wirecoder.when.normalise import ANAPHORIC

_SEPARATORS = frozenset({"and", "or", "to", "through", "until", "-", "–", "—", "&"})
_TRAILING_OUTSIDE = frozenset({"'s", "’s", "'", ",", ".", ";", ":", "-", "(", ")", '"', "and", "or", "of", "to"})
_TRAILING_SIGNALS = frozenset({"after", "before", "later", "following", "since"})
# Words that make a short month name ("May", "Jan") a month rather than a name: "in May", "last May".
_SHORT_MONTH_LEAD_INS = frozenset({"in", "by", "since", "until", "through", "during", "early", "late", "mid",
                                   "last", "next", "this", "before", "after"})


def _is_time_word(token: Token, lex: TimeWords) -> bool:
    lower = token.lower_.rstrip(".")
    return token.like_num or lower in lex.vocabulary or lower in ANAPHORIC


def _is_foreign(token: Token, lex: TimeWords) -> bool:
    """A word that cannot sit inside a temporal expression ("interview", "d'etat")."""
    return token.pos_ in ("NOUN", "PROPN", "VERB", "X", "PRON", "INTJ", "AUX") and not _is_time_word(token, lex)


def trim(span: Span, lex: TimeWords) -> Span | None:
    """The span without the words TimeML leaves outside an expression."""
    doc = span.doc
    start, end = span.start, span.end
    # an entity that swallowed a noun phrase before the time ("an interview several months ago")
    first_time = next((i for i in range(start, end) if _is_time_word(doc[i], lex) and doc[i].lower_ not in
                       ("the", "a", "an", "of", "and", "or", "to", "at", "up", "over", "under", "since")), None)
    if first_time is not None:
        for i in range(first_time - 1, start - 1, -1):
            if _is_foreign(doc[i], lex):
                start = i + 1
                break
    for k in range(start + 1, end - 1):
        # "$1 billion a year": the amount is not part of the rate
        if doc[k].lower_ in ("a", "an", "per") and doc[k + 1].lower_ in lex.units \
                and all(t.like_num or t.is_currency or t.is_punct for t in doc[start:k]):
            start = k
            break
    while start < end:
        token = doc[start]
        lower = token.lower_
        if lower == "at" and start + 1 < end and doc[start + 1].lower_ in ("least", "most"):
            break
        if lower in lex.leading_words_outside or token.is_punct or token.is_space:
            start += 1
        elif lower in ("early", "earlier", "late", "later") and start + 1 < end \
                and doc[start + 1].lower_.rstrip(".") in lex.weekdays:
            start += 1  # TimeML: "earlier Friday" is "Friday"
        elif lower in ("the", "a", "an") and start + 2 < end and _is_month_day(doc[start + 1], doc[start + 2], lex):
            start += 1  # "the Dec. 21, 1988, bombing": a full date never takes the article
        elif (token.dep_ == "det" or token.dep_ == "poss" and token.pos_ == "PRON") \
                and lower not in ("this", "that", "these", "those") \
                and not (span.start <= token.head.i < end):
            start += 1  # "the" of "the Oct. 23 attack" belongs to "attack"
        else:
            break
    while end > start:
        token = doc[end - 1]
        lower = token.lower_
        if lower in ("a.m.", "p.m.") or (lower.endswith(".") and len(lower) > 1 and not token.is_punct):
            break
        if lower in _TRAILING_OUTSIDE or lower in _TRAILING_SIGNALS or token.is_punct or token.is_space:
            end -= 1
        else:
            break
    return doc[start:end] if end > start else None


def _is_month_day(month: Token, day: Token, lex: TimeWords) -> bool:
    word = month.lower_.rstrip(".")
    return word in lex.months and word not in lex.ambiguous_months and day.like_num


def _has_anchor(span: Span, lex: TimeWords) -> bool:
    for token in span:
        lower = token.lower_.rstrip(".")
        if lower in lex.weekdays or lower in lex.months or lower in lex.deictic_days or lower in lex.seasons:
            return True
        if token.like_num and len(token.text) == 4 and token.text.isdigit():
            return True
    return False


def split(span: Span, lex: TimeWords) -> list[Span]:
    """Coordinated expressions as separate spans: "Monday and Tuesday", "1990 to 1995", "the quarter ended Sept. 30"."""
    doc = span.doc
    for token in span:
        if token.i > span.start and _is_foreign(token, lex) and token.pos_ == "VERB":  # "the year ended Sept. 30"
            parts = [p for part in (doc[span.start:token.i], doc[token.i + 1:span.end])
                     if (p := trim(part, lex)) is not None]
            return [piece for part in parts for piece in split(part, lex)]
        if token.lower_ == "of" and token.i > span.start and _is_counted_duration(doc[span.start:token.i], lex):
            # "the first nine months of 1997": the duration, then the year
            parts = [p for part in (doc[span.start:token.i], doc[token.i + 1:span.end])
                     if (p := trim(part, lex)) is not None]
            return parts
    for token in span:
        # "fiscal 2024, weekly": a comma not followed by a date ("Friday, Oct. 23", "Dec. 13, 2024") ends one
        if token.text == "," and token.i + 1 < span.end and not doc[token.i + 1].like_num \
                and doc[token.i + 1].lower_.rstrip(".") not in lex.months:
            parts = [p for part in (doc[span.start:token.i], doc[token.i + 1:span.end])
                     if (p := trim(part, lex)) is not None]
            return [piece for part in parts for piece in split(part, lex)]
    cuts = [t.i for t in span if t.lower_ in _SEPARATORS]
    if not cuts:
        return [span]
    parts = []
    start = span.start
    for cut in cuts + [span.end]:
        if cut > start:
            parts.append(doc[start:cut])
        start = cut + 1
    if len(parts) >= 2 and all(_has_anchor(p, lex) for p in parts):
        return [p for part in parts if (p := trim(part, lex)) is not None]
    return [span]


def _is_counted_duration(span: Span, lex: TimeWords) -> bool:
    has_number = any(t.like_num or t.lower_ in lex.number_words for t in span)
    return has_number and span[-1].lower_ in lex.units and span[-1].lower_.endswith("s")


def is_not_a_time(span: Span, lex: TimeWords) -> bool:
    """Spans that look temporal but are not: ages, "quarterly dividend", "the march", "a quarter of"."""
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    after_next = doc[span.end + 1] if span.end + 1 < len(doc) else None
    last = doc[span.end - 1]
    # ages: "a 6-year-old", "52 years old"
    if last.lower_ in lex.age_words or following is not None and (
            following.lower_ in lex.age_words
            or following.text == "-" and after_next is not None and after_next.lower_ in lex.age_words):
        return True
    if len(span) == 1 and last.lower_ in lex.frequency_adjectives and last.pos_ == "ADJ":
        return True  # "quarterly dividend", "annual report"
    # a fraction, not a period: "three-quarters of its food", "a quarter of the votes"
    if last.lower_ in ("quarter", "quarters", "half") and following is not None and following.lower_ == "of" \
            and not any(t.lower_ in lex.ordinals for t in span) and not (
                after_next is not None and (after_next.like_num or after_next.lower_ in ("the", "this", "last", "next"))):
        return True
    # a month name that is an ordinary word or a name: "the march", "Jan Smith"
    months = [t for t in span if t.lower_.rstrip(".") in lex.months]
    others = [t for t in span if t not in months and _is_time_word(t, lex)
              and t.lower_ not in ("the", "a", "an", "early", "late", "mid", "this", "last", "next")]
    if months and not others:
        month = months[0]
        following_name = following is not None and following.pos_ == "PROPN" and following.is_title
        lead_in = month.i > 0 and doc[month.i - 1].lower_ in _SHORT_MONTH_LEAD_INS and not following_name \
            and not _acts_as_person(month, lex)
        if month.is_lower or (len(month.text) <= 3 and month.text.rstrip(".") == month.text and not lead_in):
            return True  # "in May" and "last May" are months, "Jan Smith" and "Theresa May" are not
    return False


def _acts_as_person(month: Token, lex: TimeWords) -> bool:
    """ "after May announced", "by May and her cabinet": a short month name doing what people do."""
    if month.ent_type_ == "PERSON" or month.dep_ in ("nsubj", "nsubjpass"):
        return True
    # coordinated with people ("May and her cabinet"), not with times ("May and last year", "May and June")
    return any(c.dep_ == "conj" and (c.ent_type_ == "PERSON" or c.pos_ == "PRON" or (
        c.pos_ in ("NOUN", "PROPN") and not _is_time_word(c, lex))) for c in month.children)


def join_adjacent(spans: list[Span], lex: TimeWords) -> list[Span]:
    """A clock time or part of day next to its day is one expression: "noon Thursday", "5 p.m. EST, Nov. 6"."""
    out: list[Span] = []
    for span in spans:
        if out:
            previous = out[-1]
            gap = span.doc[previous.end:span.start]
            if all(t.is_punct and t.text == "," or t.lower_ in lex.time_zones for t in gap) \
                    and (_is_clock(previous, lex) and _has_anchor(span, lex)
                         or _has_anchor(previous, lex) and _is_clock(span, lex) and len(gap) == 0):
                out[-1] = span.doc[previous.start:span.end]
                continue
        out.append(span)
    return out


def _is_clock(span: Span, lex: TimeWords) -> bool:
    return any(t.lower_ in lex.clock_words or t.lower_ in ("a.m.", "p.m.", "am", "pm") or ":" in t.text
               or t.lower_ in lex.parts_of_day for t in span)


