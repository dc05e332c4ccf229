"""The dump cleaner: scraper output in, clean ``Article`` records out.

A scraper "dump" holds one or more articles, each with its headline and photo captions
copied several times and page furniture (site markers such as "TT", share buttons) in
between. ``split_dump`` works in three steps:

1. Normalise the text and cut it into units (paragraph lines); drop page furniture.
2. Find where articles start: a headline repeated a few units later (the strongest
   sign), or a headline-like line after a divider rule or a gap wider than the one
   between body paragraphs (two or more blank lines; one when each paragraph is a line
   of its own and no blank line sits between them), when there is body text on both
   sides. A byline or "Published ..." line may follow the headline or come before it.
3. Build each article (``build_article``): title, captions (each once, credit split
   off), body paragraphs with their offsets, reference date.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate

from wirecoder.ingest.captions import (CAPTION_MIN_SCORE, caption_key, caption_score, line_caption_score, make_caption,
                                      split_credit)
from wirecoder.ingest.limits import truncate_units, units_chars
from wirecoder.ingest.lines import is_boilerplate, is_byline, is_divider, is_title_like, title_key
from wirecoder.ingest.memo import ShortLineMemo
from wirecoder.ingest.normalize import normalize_text
from wirecoder.ingest.reference_date import (
    caption_date,
    dateline_date,
    is_date_only,
    parse_metadata_date,
    year_hint,
)
from wirecoder.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from wirecoder.ingest.units import Unit, iter_units, split_units
from wirecoder.model import Article, Caption

# A headline seen again within this many units is a copy, and marks an article start
# (room for a photo gallery's captions, each copied, between the two).
REPEAT_WINDOW = 20
# A start at a blank-line gap needs this many characters of text on each side, so a
# subheading after a wide gap inside one article does not split it.
MIN_BODY_CHARS = 150
# Paragraphs of at least this many words are kept once when repeated.
MIN_DEDUP_WORDS = 8
# Blank lines that make a gap wide enough to end an article (at least; more when the
# text puts that many between its paragraphs; one when it puts none).
GAP_BLANK_LINES = 2
# A start is settled (no later text can move it) once this many units follow it: room for
# a headline copy and the captions the copy check looks at after it.
SETTLE_UNITS = 2 * REPEAT_WINDOW + 1
# What holding one unit costs, in characters' worth, besides its text: a dump of millions
# of one-letter lines fills the window by its units, not by its few characters.
UNIT_COST_CHARS = 50

# What each line is, worked out once per distinct short line (a dump of millions of one-letter
# lines holds a handful of distinct ones): 1 a divider rule, 2 page furniture, 0 text.
_FURNITURE = ShortLineMemo(lambda line: 1 if is_divider(line) else 2 if is_boilerplate(line) else 0)
# A headline candidate's comparison key, or None for a line that is not headline-like.
_HEADLINE_KEY = ShortLineMemo(lambda line: title_key(line) if is_title_like(line) else None)
_TITLE_KEY = ShortLineMemo(title_key)
_CAPTION_KEY = ShortLineMemo(caption_key)
_CAPTION_CUES = ShortLineMemo(line_caption_score)
_HAS_CREDIT = ShortLineMemo(lambda line: split_credit(line)[2] > 0)  # make_caption(line).credit is set


def split_dump(text: str, source: str | None = None, *, settings: IngestSettings | None = None,
               warn: Callable[[str], None] | None = None) -> list[Article]:
    """Split a scraper dump into clean articles (those with no body text are left out).

    Articles longer than ``settings.max_article_chars`` are cut, and ``warn`` hears of it.
    """
    settings = settings or DEFAULT_SETTINGS
    units = iter_units(normalize_text(text).split("\n"))
    return list(iter_dump(units, source=source, window_chars=settings.stream_window_chars,
                          max_article_chars=settings.max_article_chars, warn=warn))


def iter_dump(units: Iterable[Unit], *, source: str | None = None, window_chars: int | None = None,
              max_article_chars: int | None = None, warn: Callable[[str], None] | None = None) -> Iterator[Article]:
    """``split_dump`` over a stream of units, holding about ``window_chars`` of text at a time.

    When the window is full, the articles before its last settled start (one with room after
    it for a headline copy) are built and let go; the rest stays for the next round. A single
    "article" longer than two windows is cut where the window ends (it is far beyond
    ``max_article_chars`` anyway). Without ``window_chars`` the whole dump is held.
    """
    window: list[Unit] = []
    size = 0
    next_check = window_chars
    for unit in _without_furniture(units):
        window.append(unit)
        size += len(unit.text) + UNIT_COST_CHARS
        if next_check is None or size < next_check:
            continue
        starts = _article_starts(window)
        settled = [s for s in starts if 0 < s and s + SETTLE_UNITS <= len(window)]
        if settled:
            cut = settled[-1]
        elif size >= 2 * window_chars:
            cut, starts = max(1, len(window) - SETTLE_UNITS), [0]
        else:
            next_check = size + window_chars // 2
            continue
        yield from _build_articles(window, [s for s in starts if s < cut], cut, source, max_article_chars, warn)
        window = window[cut:]
        size = sum(len(u.text) + UNIT_COST_CHARS for u in window)
        next_check = max(window_chars, size + window_chars // 2)
    if window:
        yield from _build_articles(window, _article_starts(window), len(window), source, max_article_chars, warn)


def _build_articles(units: list[Unit], starts: list[int], end: int, source: str | None,
                    max_article_chars: int | None, warn: Callable[[str], None] | None) -> Iterator[Article]:
    for start, stop in zip(starts, starts[1:] + [end]):
        segment = units[start:stop]
        if max_article_chars is not None and units_chars(segment) > max_article_chars:
            segment = truncate_units(segment, max_article_chars)
            if warn is not None:
                head = segment[0].text[:60] if segment else ""
                warn(f"article {head!r} is longer than {max_article_chars:,} characters (max_article_chars); "
                     "cut at a paragraph or sentence boundary")
        article = build_article(segment, source=source)
        if article.text:
            yield article


def clean_article(text: str, *, title: str | None = None, source: str | None = None,
                  url: str | None = None, date: object = None) -> Article:
    """Clean one article whose limits are known (a JSONL record): no splitting."""
    units = split_units(normalize_text(text))
    clean_title = normalize_text(title).replace("\n", " ").strip() if title else None
    return build_article(units, title=clean_title or None, source=source, url=url, metadata_date=date)


def build_article(units: list[Unit], *, title: str | None = None, source: str | None = None,
                  url: str | None = None, metadata_date: object = None) -> Article:
    """One article from its units. Without a ``title`` the first unit is taken if headline-like."""
    units = [u for u in units if not _FURNITURE[u.text]]
    header_date = None
    if title is None:
        # A date line or byline may come before the headline.
        while len(units) > 2 and (is_date_only(units[0].text) or is_byline(units[0].text)):
            header_date = header_date or parse_metadata_date(units[0].text)
            units = units[1:]
        if len(units) > 1 and is_title_like(units[0].text):
            title, units = units[0].text, units[1:]
        else:
            title = ""
    if title:
        key = title_key(title)
        units = [u for u in units if _TITLE_KEY[u.text] != key]

    # Copies are counted by caption text, so a copy with its credit and one without match.
    texts = [u.text for u in units]
    keys = [_CAPTION_KEY[line] for line in texts]
    copies = Counter(keys)
    caption_lines: list[str] = []
    captions: dict[str, Caption] = {}
    body: list[str] = []
    long_lines: set[str] = set()  # the body's lines of MIN_DEDUP_WORDS words or more
    last = len(units) - 1
    for i, line in enumerate(texts):
        key = keys[i]
        # caption_score(line, copies, adjacent copy), its line-only part looked up once per line
        adjacent = ((i > 0 and units[i].blanks_before == 0 and keys[i - 1] == key)
                    or (i < last and units[i + 1].blanks_before == 0 and keys[i + 1] == key))
        if _CAPTION_CUES[line] + (copies[key] >= 2) + adjacent >= CAPTION_MIN_SCORE:
            # The first copy of a caption is kept, or a later one with the credit the first lacks.
            if key not in captions:
                captions[key] = make_caption(line)
                caption_lines.append(line)
            elif captions[key].credit is None and _HAS_CREDIT[line]:
                captions[key] = make_caption(line)
            continue
        at_edge = not body or i == last
        if at_edge and is_date_only(line):
            header_date = header_date or parse_metadata_date(line)
            continue
        if not body and is_byline(line):
            continue
        # A long paragraph the scraper copied twice is kept once; short lines may repeat
        # on purpose (fixtures, list items).
        if len(line.split()) < MIN_DEDUP_WORDS:
            body.append(line)
        elif line not in long_lines:
            long_lines.add(line)
            body.append(line)

    reference_date, origin = _reference_date(metadata_date, header_date, body, caption_lines, source)
    text, paragraphs = _join_paragraphs(body)
    return Article(
        title=title,
        text=text,
        source=source,
        reference_date=reference_date,
        reference_date_origin=origin,
        captions=list(captions.values()),
        paragraphs=paragraphs,
        url=url,
    )


def _without_furniture(units: Iterable[Unit]) -> Iterator[Unit]:
    """Remove markers, boilerplate and divider rules; a divider counts as a wide gap."""
    carried_blanks = 0
    for unit in units:
        kind = _FURNITURE[unit.text]
        if kind == 1:
            carried_blanks = max(carried_blanks, unit.blanks_before, GAP_BLANK_LINES)
        elif kind:
            carried_blanks = max(carried_blanks, unit.blanks_before)
        else:
            yield unit if carried_blanks <= unit.blanks_before else Unit(unit.text, carried_blanks)
            carried_blanks = 0


def _article_starts(units: list[Unit]) -> list[int]:
    starts = {0}
    copies: set[int] = set()
    texts = [u.text for u in units]
    keys = [_HEADLINE_KEY[line] for line in texts]
    # Only headline-like lines can start an article: the rounds below visit those alone.
    candidates = [i for i, key in enumerate(keys) if key is not None]

    # 1. A headline repeated shortly after, with only captions or copies between.
    for i in candidates:
        if i in copies:
            continue
        key = keys[i]
        for j in range(i + 1, min(len(units), i + 1 + REPEAT_WINDOW)):
            if keys[j] == key:
                if _only_header_between(units, i, j):
                    copies.add(j)
                    if i - 1 not in starts and i - 1 not in copies:
                        starts.add(i)
                break

    # 2. A headline-like line after a gap wider than the one between paragraphs, with body
    # text before and after. All-capital lines are left alone: those are subheadings.
    gap = _wide_gap(units, texts, keys)
    # Characters of body text (lines that are not headline-like) before each unit.
    lengths = list(map(len, texts))
    for i in candidates:
        lengths[i] = 0
    body = [0, *accumulate(lengths)]
    ordered = sorted(starts)
    for i in candidates:
        if i == 0 or i in starts or i in copies or _gap_before(units, i) < gap:
            continue
        if units[i].text.upper() == units[i].text:
            continue
        at = bisect.bisect_left(ordered, i)
        previous = ordered[at - 1]
        following = ordered[at] if at < len(ordered) else len(units)
        if body[i] - body[previous] >= MIN_BODY_CHARS and body[following] - body[i + 1] >= MIN_BODY_CHARS:
            starts.add(i)
            ordered.insert(at, i)
    return sorted(_with_leading_date_line(units, start) for start in starts)


def _with_leading_date_line(units: list[Unit], start: int) -> int:
    """A date line closer to a headline than to the text before it belongs to that article."""
    if start == 0 or not is_date_only(units[start - 1].text):
        return start
    return start - 1 if units[start].blanks_before <= units[start - 1].blanks_before else start


def _gap_before(units: list[Unit], i: int) -> int:
    """Blank lines before a unit, or before the date line right above it."""
    if i > 1 and units[i].blanks_before <= 1 and is_date_only(units[i - 1].text):
        return units[i - 1].blanks_before
    return units[i].blanks_before


def _wide_gap(units: list[Unit], texts: list[str], keys: list[str | None]) -> int:
    """Blank lines that separate articles: more than the usual gap before a body paragraph.

    Body paragraphs are the lines that are not headline-like and not copied (captions come
    in copies with no blank line between them, whatever the text does between paragraphs).
    """
    copies = Counter(texts)
    # A line found once: its index is the last one seen (in the order the lines come).
    index = dict(zip(texts, range(len(texts))))
    gaps = Counter(units[i].blanks_before for i in (index[line] for line, n in copies.items() if n == 1)
                   if i > 0 and keys[i] is None)
    usual = gaps.most_common(1)[0][0] if gaps else 1
    return 1 if usual == 0 else max(GAP_BLANK_LINES, usual + 1)


def _only_header_between(units: list[Unit], i: int, j: int) -> bool:
    """Between a headline and its copy a dump holds captions and copies, not new prose."""
    window = Counter(u.text for u in units[i: j + REPEAT_WINDOW])
    for k in range(i + 1, j):
        line = units[k].text
        if window[line] < 2 and caption_score(line, 1, False) < CAPTION_MIN_SCORE:
            return False
    return True


def _reference_date(metadata_date: object, header_date: dt.date | None, body: list[str], caption_lines: list[str],
                    source: str | None) -> tuple[str | None, str | None]:
    """First found wins: metadata, dateline, caption (see reference_date.py)."""
    date = parse_metadata_date(metadata_date) if metadata_date is not None else None
    if date or header_date:
        return (date or header_date).isoformat(), "metadata"
    if body:
        date = dateline_date(body[0], year_hint(caption_lines, source))
        if date:
            return date.isoformat(), "dateline"
    date = caption_date(caption_lines)
    if date:
        return date.isoformat(), "caption"
    return None, None


def _join_paragraphs(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in paragraphs:
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return "\n\n".join(paragraphs), spans
