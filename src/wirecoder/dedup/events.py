"""One real-world event, many reports: the merge key, and a copy's mentions.

Like GDELT, reports are merged when they agree on what happened (CAMEO code,
negation and mood), between whom (the actors' and recipients' canonical names)
and when (the event's date key: its day, month or year, else the article's).
The location is left out: one report geocodes "the capital", another names the
city, and they are still one event. An event with no date at all (neither its
own nor its article's) is never merged across articles: "X pledged support to Y"
in two undated stories may be years apart. Its key holds its article, so only
near-duplicate copies of that article share it.

A near-duplicate article is not coded; each event of its original is looked for
in the copy's text (``locate_mentions``), and where its sentence is found, the
copy gets a mention with offsets into its own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from wirecoder.model import ActorRef, Event, content_id

FUZZY_MIN_KEPT = 0.8  # an edited sentence is the same report when this share of it survives...
FUZZY_MAX_GROWTH = 1.6  # ...in a span at most this much longer than it was


def _participants(refs: list[ActorRef]) -> str:
    names = {(r.name or r.country or r.text or "").strip().casefold() for r in refs}
    return "|".join(sorted(n for n in names if n))


def event_key(event: Event, date_key: str | None) -> str:
    """The id of the real-world event an ``Event`` reports (equal for equal dated reports in any article)."""
    when = date_key or f"undated:{event.article_id}"
    return content_id("event", event.cameo, event.negated, event.hypothetical, _participants(event.actor),
                      _participants(event.recipient), when)


@dataclass
class Span:
    start: int
    end: int
    trigger_start: int | None
    trigger_end: int | None

    def sentence(self, text: str) -> str:
        return text[self.start:self.end]


def locate_mentions(mentions: list[dict], original: str, copy: str) -> list[Span | None]:
    """Where each of the original's mentions is in the copy's text (None where it was cut or rewritten).

    ``mentions`` are dicts with ``start``, ``end`` (the sentence in ``original``),
    ``trigger_start`` and ``trigger_end``.  An unchanged sentence is found verbatim,
    the occurrence nearest its relative place in the original; an edited one by a
    bounded fuzzy match in a window around that place.
    """
    scale = len(copy) / max(len(original), 1)
    return [_locate(m, original, copy, scale) for m in mentions]


def _locate(m: dict, original: str, copy: str, scale: float) -> Span | None:
    start, end = m["start"], m["end"]
    if start is None or end is None or not 0 <= start <= end <= len(original):
        return None
    sentence = original[start:end]
    expected = int(start * scale)
    found = _nearest(copy, sentence, expected)
    if found is not None:
        shift = found - start
        ts, te = m.get("trigger_start"), m.get("trigger_end")
        if ts is not None and te is not None and start <= ts <= te <= end:
            return Span(found, found + len(sentence), ts + shift, te + shift)
        return Span(found, found + len(sentence), None, None)
    return _fuzzy(m, original, sentence, copy, expected)


def _nearest(text: str, needle: str, expected: int) -> int | None:
    if not needle:
        return None
    best, pos = None, text.find(needle)
    while pos != -1:
        if best is None or abs(pos - expected) < abs(best - expected):
            best = pos
        pos = text.find(needle, pos + 1)
    return best


def _fuzzy(m: dict, original: str, sentence: str, copy: str, expected: int) -> Span | None:
    margin = len(sentence) + 200
    lo, hi = max(0, expected - margin), min(len(copy), expected + len(sentence) + margin)
    window = copy[lo:hi]
    matcher = SequenceMatcher(None, sentence, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 4]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    span_start, span_end = lo + first.b, lo + last.b + last.size
    matched = sum(b.size for b in blocks)
    if matched < FUZZY_MIN_KEPT * len(sentence) or span_end - span_start > FUZZY_MAX_GROWTH * len(sentence):
        return None
    ts, te = m.get("trigger_start"), m.get("trigger_end")
    if ts is None or te is None:
        return Span(span_start, span_end, None, None)
    trigger = original[ts:te]
    at = _nearest(copy[span_start:span_end], trigger, ts - m["start"]) if trigger else None
    if at is None:
        return Span(span_start, span_end, None, None)
    return Span(span_start, span_end, span_start + at, span_start + at + len(trigger))
