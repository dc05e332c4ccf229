"""What the calibrator reads of an event: the rule coder's own outputs and the spaCy parse already made.

Every feature is a number in [0, 1] computed from the ``Event`` and its sentence's tokens, so calibrating
costs a few dictionary look-ups per event and no model pass.  The names are the keys of the weights file.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from spacy.tokens import Doc

from wirecoder.model import Event

ROOTS = tuple(f"{r:02d}" for r in range(1, 21))
FEATURES: tuple[str, ...] = (
    "bias", "rule_confidence",
    *(f"root_{r}" for r in ROOTS),
    "specific_code",  # a code below its root's base ("0311", "173"): the rules found the particular act
    "has_actor", "actor_country", "actor_sector",
    "has_recipient", "recipient_country",
    "negated", "hypothetical", "secondary",  # not the sentence's own fact (Event.primary false)
    "noun_trigger", "root_trigger", "speech_head",  # the trigger's part of speech and place in the parse
    "best_in_sentence", "first_in_sentence", "sentence_events", "other_types", "long_sentence",
)


def _trigger(doc: Doc, event: Event):
    if event.trigger_start is None or event.trigger_end is None:
        return None
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def event_features(events: Sequence[Event], doc: Doc) -> list[dict[str, float]]:
    """One feature row per event, in order."""
    by_sentence: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_sentence[event.start].append(event)
    rows = []
    for event in events:
        siblings = by_sentence[event.start]
        token = _trigger(doc, event)
        code = (event.cameo or "").strip()
        root = code[:2]
        best = max(float(e.confidence or 0.0) for e in siblings)
        first = min((e.trigger_start or 0) for e in siblings)
        row = {
            "bias": 1.0,
            "rule_confidence": float(event.confidence or 0.0),
            "specific_code": float(len(code) > 3 or (len(code) == 3 and not code.endswith("0"))),
            "has_actor": float(bool(event.actor)),
            "actor_country": float(any(a.country for a in event.actor)),
            "actor_sector": float(any(a.sector for a in event.actor)),
            "has_recipient": float(bool(event.recipient)),
            "recipient_country": float(any(r.country for r in event.recipient)),
            "negated": float(event.negated),
            "hypothetical": float(event.hypothetical),
            "secondary": float(not event.primary),
            "noun_trigger": float(token is not None and token.pos_ in ("NOUN", "PROPN")),
            "root_trigger": float(token is not None and token.dep_ == "ROOT"),
            "speech_head": float(token is not None and token.dep_ == "ccomp" and token.head.pos_ == "VERB"),
            "best_in_sentence": float(float(event.confidence or 0.0) >= best),
            "first_in_sentence": float((event.trigger_start or 0) <= first),
            "sentence_events": min(len(siblings), 5) / 5,
            "other_types": float(len({e.event for e in siblings}) > 1),
            "long_sentence": min(len(event.sentence.split()), 60) / 60,
        }
        if root in ROOTS:
            row[f"root_{root}"] = 1.0
        rows.append(row)
    return rows
