"""Which temporal expression dates an event.

An event's date is, in order:
1. a time expression in its trigger's own clause: the trigger's subtree without nested clauses that have
   their own verb, so in "X said on Monday that Y had met on Friday" the meeting is dated Friday and the
   saying Monday;
2. one that dates a clause the trigger sits in: "On 3 May, gunmen attacked the post and killed two", where
   the date hangs on "attacked" and dates "killed" too (the small parser often hangs a sentence-opening
   date on some other word; what counts is that the word it hangs on governs the trigger), and a date on a
   verb coordinated with the trigger under the same subject dates the trigger as well;
3. the sentence's only date, when it hangs on a clause bound to the trigger's: an adverbial clause of time
   or cause ("a woman was killed when troops shelled the post on Saturday") or a passive coordinated with
   the trigger's passive ("a man was killed and two were hurt on Thursday"): one incident in one sentence;
4. the nearest calendar date told earlier in the same paragraph ("On 3 May, gunmen attacked the post. Two
   guards died."): a report keeps its date until it names another.
Durations and sets say how long or how often, not when, and are skipped.  Without any of these, the
pipeline falls back to the article's reference date (``reference_time``), marked ``from_reference``.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from wirecoder.model import TimeRef
from wirecoder.nlp.text import doc_text
from wirecoder.when.calendar import parse_reference

# Dependants that open a clause of their own (when headed by a verb).
_OWN_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "conj"})
_DATING_TYPES = frozenset({"DATE", "TIME"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Marks of an adverbial clause that tells the same incident: its time or its cause, never a condition
BINDING_MARKS = frozenset({"when", "as", "after", "because"})  # "while" often contrasts two facts


def _clause_ranges(token: Token) -> tuple[int, int, list[tuple[int, int]]]:
    """Character range of the token's subtree, and the ranges of nested clauses inside it."""
    start = token.left_edge.idx
    end = token.right_edge.idx + len(token.right_edge.text)
    holes = []
    for child in token.children:
        if child.dep_ in _OWN_CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"):
            holes.append((child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)))
    return start, end, holes


def time_for_token(token: Token, times: list[TimeRef]) -> TimeRef | None:
    """The time expression that dates the event `token` carries (the rules above), or None."""
    return (_in_own_clause(token, times) or _in_governing_clause(token, times) or _in_bound_clause(token, times)
            or _earlier_in_paragraph(token, times))


def _in_own_clause(token: Token, times: list[TimeRef]) -> TimeRef | None:
    """The date or time expression in the token's own clause closest to it, or None."""
    start, end, holes = _clause_ranges(token)
    best: tuple[tuple[int, int], TimeRef] | None = None
    for time in times:
        if time.type not in _DATING_TYPES or time.start is None or time.end is None:
            continue
        if time.start < start or time.end > end:
            continue
        if any(h_start <= time.start < h_end for h_start, h_end in holes):
            continue
        if time.start <= token.idx < time.end:
            continue  # the trigger is inside the expression itself ("the Friday meeting")
        distance = time.start - (token.idx + len(token.text)) if time.start >= token.idx else token.idx - time.end
        vague = time.value.endswith("_REF")  # "now", "recently": less telling than a date
        # a day beats a clock time or a bare year in the same clause ("on Thursday afternoon at 1730"), and a
        # day written out in digits beats one named by a holiday or a relative word ("a May Day rally on
        # 2 May", "yesterday (4 June)"): the digits are the writer's own reading of the day
        rank = (int(vague), int(not _DAY.match(time.value)), int(_named(time)), distance)
        if best is None or rank < best[0]:
            best = (rank, time)
    return best[1] if best else None


def _head_verb(token: Token) -> Token:
    """The verb a time expression's token hangs on, or its sentence's root when no verb comes first."""
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return current


def _governs(head: Token, token: Token) -> bool:
    return head.i == token.i or head.is_ancestor(token) or _shares_subject(head, token)


def _shares_subject(head: Token, token: Token) -> bool:
    """Verbs coordinated under one subject happen together: in "the ship was boarded and looted on Monday" the
    date hangs on "looted" and dates "boarded" too; a conjunct with its own subject is a fact of its own."""
    return head.dep_ == "conj" and head.head.i == token.i and not any(
        child.dep_ in ("nsubj", "nsubjpass") for child in head.children)


def _in_governing_clause(token: Token, times: list[TimeRef]) -> TimeRef | None:
    found = [time for time, verb in _sentence_times(token, times) if _governs(verb, token)]
    # the first in text order, unless a later one is written in digits and the first is not (see above)
    return min(found, key=_named) if found else None


def _sentence_times(token: Token, times: list[TimeRef]) -> list[tuple[TimeRef, Token]]:
    """The dating expressions of the token's sentence, each with the verb it hangs on."""
    sentence = token.sent
    out = []
    for time in times:
        if time.type not in _DATING_TYPES or time.start is None or time.end is None:
            continue
        if time.start < sentence.start_char or time.end > sentence.end_char:
            continue
        span = token.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((time, _head_verb(span.root)))
    return out


def _in_bound_clause(token: Token, times: list[TimeRef]) -> TimeRef | None:
    found = _sentence_times(token, times)
    if len({time.value for time, _ in found}) != 1:
        return None  # several dates: each clause keeps its own
    time, verb = found[0]
    bound = verb.dep_ == "advcl" and verb.head.i == token.i and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in BINDING_MARKS for c in verb.children)
    # coordinated passives tell one incident's toll; active clauses may be a sequence ("seized ..., and the
    # army retook it on Tuesday")
    coordinated = _passive(token) and _passive(verb) and (
        (verb.dep_ == "conj" and verb.head.i == token.i) or (token.dep_ == "conj" and token.head.i == verb.i))
    return time if bound or coordinated else None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _named(time: TimeRef) -> bool:
    return not any(ch.isdigit() for ch in time.text)


def _earlier_in_paragraph(token: Token, times: list[TimeRef]) -> TimeRef | None:
    text = doc_text(token.doc)
    sentence_start = token.sent.start_char
    best = None
    for time in times:
        if time.type != "DATE" or time.end is None or time.end > sentence_start or not time.value[:4].isdigit():
            continue
        if "\n" in text[time.end:sentence_start]:
            continue  # another paragraph
        if best is None or time.end > best.end:
            best = time
    return best


def reference_time(reference_date: str) -> TimeRef:
    """The article date standing in for an event's missing time expression."""
    day = parse_reference(reference_date)
    value = day.isoformat() if day else reference_date
    return TimeRef(text="", value=value, granularity="day", type="DATE", from_reference=True)
