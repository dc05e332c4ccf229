"""Article text as HTML with its coded spans marked, displaCy-style, built server-side.

Every piece of article text passes through ``markupsafe.escape``: a ``<script>``
in an article is shown, never run.  Spans come from character offsets, so the
text is cut at every span and sentence boundary into flat segments and each
segment is wrapped, outermost first, in its sentence, its quote and its mark.
Since no element crosses a segment boundary the HTML is always well nested.

Marks (actor, trigger, date, place, cue) do not overlap: where two would, the
one of the higher-priority kind (then the longer) wins, so an event's own
actor beats a bare entity mention of the same words.  Quotes are a separate
layer and may contain marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

# Lower is stronger when two marks overlap.
PRIORITY = {"trigger": 0, "actor": 1, "place": 2, "date": 3, "cue": 4, "entity": 5}
KINDS = ("actor", "trigger", "date", "place", "quote", "cue")  # CSS classes hl-<kind>; entities show as actors


@dataclass
class Span:
    start: int
    end: int
    kind: str  # a key of PRIORITY, or "quote"
    label: str  # the short tag shown after the mark
    title: str = ""  # the tooltip
    event_ids: list[str] = field(default_factory=list)  # events whose trigger this is
    quote_id: str | None = None  # the quote this span is, for its anchor

    @property
    def css_kind(self) -> str:
        return "actor" if self.kind == "entity" else self.kind


def _valid(start: Any, end: Any, length: int) -> tuple[int, int] | None:
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return None
    start, end = max(0, start), min(length, end)
    return (start, end) if start < end else None


def collect_spans(length: int, events: list[dict], quotes: list[dict], places: list[dict], times: list[dict],
                  entities: list[dict]) -> list[Span]:
    """Every markable span of one article's records (store dict shapes), invalid offsets dropped."""
    spans: list[Span] = []

    def add(start: Any, end: Any, kind: str, label: str, title: str = "", event_id: str | None = None) -> None:
        bounds = _valid(start, end, length)
        if bounds:
            spans.append(Span(*bounds, kind, label, title, [event_id] if event_id else []))

    for e in events:
        add(e.get("trigger_start"), e.get("trigger_end"), "trigger", e.get("event") or "EVENT",
            f"{e.get('event')} (CAMEO {e.get('cameo')})", e.get("id"))
        for role in ("actor", "recipient"):
            for a in e.get(role) or []:
                add(a.get("start"), a.get("end"), "actor", a.get("country") or role.upper(),
                    f"{role}: {a.get('name')}")
        if e.get("date"):
            d = e["date"]
            add(d.get("start"), d.get("end"), "date", d.get("value") or "DATE", f"date: {d.get('value')}")
        if e.get("location"):
            loc = e["location"]
            add(loc.get("start"), loc.get("end"), "place", loc.get("country") or "PLACE", f"place: {loc.get('name')}")
    for p in places:
        add(p.get("start"), p.get("end"), "place", p.get("country") or "PLACE", f"place: {p.get('name')}")
    for t in times:
        add(t.get("start"), t.get("end"), "date", t.get("value") or "DATE", f"{t.get('type')}: {t.get('value')}")
    for q in quotes:
        speaker = (q.get("speaker") or {}).get("name") or "unknown speaker"
        add(q.get("start"), q.get("end"), "quote", q.get("kind") or "quote", f"{q.get('kind')} quote, {speaker}")
        if spans and spans[-1].kind == "quote" and spans[-1].quote_id is None:
            spans[-1].quote_id = q.get("id")
        add(q.get("cue_start"), q.get("cue_end"), "cue", "CUE", f"quote cue: {q.get('cue')}")
        if q.get("speaker"):
            s = q["speaker"]
            add(s.get("start"), s.get("end"), "actor", s.get("country") or "SPEAKER", f"speaker: {s.get('name')}")
    for ent in entities:
        for pair in ent.get("spans") or []:
            if len(pair) == 2:
                add(pair[0], pair[1], "entity", ent.get("label") or "ENT", f"{ent.get('label')}: {ent.get('name')}")
    return spans


def choose_marks(spans: list[Span]) -> list[Span]:
    """Non-overlapping marks; identical spans merge their event ids, the strongest kind wins overlaps."""
    merged: dict[tuple[int, int], Span] = {}
    for span in sorted((s for s in spans if s.kind != "quote"), key=lambda s: PRIORITY[s.kind]):
        same = merged.get((span.start, span.end))
        if same is None:
            merged[(span.start, span.end)] = Span(span.start, span.end, span.kind, span.label, span.title,
                                                  list(span.event_ids))
        elif span.kind == same.kind:
            same.event_ids += [i for i in span.event_ids if i not in same.event_ids]
            if span.title not in same.title.split("; "):
                same.title += "; " + span.title
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(merged.values(), key=lambda s: (PRIORITY[s.kind], s.start - s.end, s.start)):
        if all(span.end <= a or span.start >= b for a, b in taken):
            chosen.append(span)
            taken.append((span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def sentence_bounds(length: int, sentences: list[dict], events: list[dict], text: str = "") -> list[tuple[int, int]]:
    """Sentence spans in text order; when none are stored, the events' own sentence spans stand in.

    A sentence's trailing whitespace (the blank line after a paragraph) is left outside its
    element, so a highlighted sentence does not outline an empty line.
    """
    found = [(s.get("start"), s.get("end")) for s in sentences] or [(e.get("start"), e.get("end")) for e in events]
    bounds = sorted({_trailing_space_cut(b, text) for pair in found if (b := _valid(*pair, length))})
    kept: list[tuple[int, int]] = []
    for start, end in bounds:  # overlapping sentences cannot both be elements; keep the first
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _trailing_space_cut(bounds: tuple[int, int], text: str) -> tuple[int, int]:
    start, end = bounds
    if text:
        end = max(start + 1, start + len(text[start:end].rstrip()))
    return start, end


def sentence_of(bounds: list[tuple[int, int]], offset: int | None) -> int | None:
    """The index (into ``bounds``) of the sentence holding an offset."""
    if offset is None:
        return None
    for i, (start, end) in enumerate(bounds):
        if start <= offset < end:
            return i
    return None


def render(text: str, bounds: list[tuple[int, int]], marks: list[Span], quotes: list[Span]) -> Markup:
    """The escaped text with sentences, quotes and marks as elements."""
    cuts = {0, len(text)}
    for start, end in bounds:
        cuts.update((start, end))
    for span in (*marks, *quotes):
        cuts.update((span.start, span.end))
    points = sorted(cuts)
    out: list[str] = []
    open_sentence: int | None = None
    mark_i = 0
    for start, end in zip(points, points[1:], strict=False):
        sentence = sentence_of(bounds, start)
        if sentence != open_sentence:
            if open_sentence is not None:
                out.append("</span>")
            if sentence is not None:
                out.append(f'<span class="sent" id="sent-{sentence}" data-sent="{sentence}">')
            open_sentence = sentence
        while mark_i < len(marks) and marks[mark_i].end <= start:
            mark_i += 1
        piece = str(escape(text[start:end]))
        mark = marks[mark_i] if mark_i < len(marks) and marks[mark_i].start <= start else None
        if mark is not None:
            events = f' data-events="{escape(" ".join(mark.event_ids))}"' if mark.event_ids else ""
            label = (f'<span class="hl-label">{escape(mark.label)}</span>' if end == mark.end else "")
            piece = (f'<mark class="hl hl-{mark.css_kind}" title="{escape(mark.title)}"{events}>'
                     f"{piece}{label}</mark>")
        for quote in quotes:
            if quote.start <= start and end <= quote.end:
                ref = f' data-quote="{escape(quote.quote_id)}"' if quote.quote_id else ""
                piece = f'<span class="hl-quote" title="{escape(quote.title)}"{ref}>{piece}</span>'
                break
        out.append(piece)
    if open_sentence is not None:
        out.append("</span>")
    return Markup("".join(out))


def outermost_quotes(quotes: list[dict]) -> list[dict]:
    """The quotes not lying inside another quote of the same article (a partial quote of a longer
    one is listed once, as the longer one); of identical spans, the first."""
    kept = []
    for i, q in enumerate(quotes):
        inside = any(
            o is not q and o.get("article_id") == q.get("article_id")
            and isinstance(o.get("start"), int) and isinstance(q.get("start"), int)
            and o["start"] <= q["start"] and q["end"] <= o["end"]
            and ((o["end"] - o["start"]) > (q["end"] - q["start"]) or j < i)
            for j, o in enumerate(quotes))
        if not inside:
            kept.append(q)
    return kept


def article_html(article: dict, sentences: list[dict], events: list[dict], quotes: list[dict], places: list[dict],
                 times: list[dict], entities: list[dict]) -> tuple[Markup, dict[str, int | None]]:
    """The marked-up article text, and the sentence index each event belongs to (for the event list)."""
    text = article.get("text") or ""
    spans = collect_spans(len(text), events, quotes, places, times, entities)
    bounds = sentence_bounds(len(text), sentences, events, text)
    quote_spans = [s for s in spans if s.kind == "quote"]
    html = render(text, bounds, choose_marks(spans), quote_spans)
    return html, {e["id"]: sentence_of(bounds, e.get("start")) for e in events}
