"""Which temporal expression dates an event.

An event's date is a time expression in its trigger's own clause: the
trigger's subtree without nested clauses that have their own verb, so in "X said
on Monday that Y had met on Friday" the meeting is dated Friday and the saying
Monday.  Durations and sets say how long or how often, not when, and are skipped.
"""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.model import TimeRef
from wirecoder.when.calendar import parse_reference

# Dependants that open a clause of their own (when headed by a verb).
_OWN_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "conj"})
_DATING_TYPES = frozenset({"DATE", "TIME"})


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
        rank = (int(vague), distance)
        if best is None or rank < best[0]:
            best = (rank, time)
    return best[1] if best else None


def reference_time(reference_date: str) -> TimeRef:
    """The article date standing in for an event's missing time expression."""
    day = parse_reference(reference_date)
    value = day.isoformat() if day else reference_date
    return TimeRef(text="", value=value, granularity="day", type="DATE", from_reference=True)
