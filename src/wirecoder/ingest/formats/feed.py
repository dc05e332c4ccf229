"""RSS and Atom feeds, parsed by feedparser: one article per entry.

Each entry gives its title, link, publication date and text (the longest content, else
the summary; HTML stripped); the channel's title is every entry's source. A feed whose DOCTYPE declares entities is refused whole:
feeds never need them, and they are how XML entity bombs ("billion laughs") and external
entity reads work. feedparser itself does not expand undeclared entities either.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

from wirecoder.ingest.context import FileContext, Skip
from wirecoder.ingest.decode import TextDecoder
from wirecoder.ingest.htmltext import html_to_text, looks_like_html
from wirecoder.ingest.records import make_article
from wirecoder.ingest.reference_date import parse_metadata_date
from wirecoder.ingest.source import ByteSource
from wirecoder.model import Article

_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[", re.IGNORECASE)
DATE_KEYS = ("published", "updated", "created")


def read_feed(source: ByteSource, context: FileContext) -> Iterator[Article]:
    data = source.read_all(context.settings.max_document_bytes)
    if declares_entities(data):
        raise Skip("the feed declares XML entities (a possible entity bomb, never expanded)")
    import feedparser

    # A stream, never bytes: feedparser.parse(bytes) first tries the bytes as a file name
    # (a feed file holding "/etc/passwd" would read that file) and a str as a URL.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        raise Skip("no feed entries found" + (f" ({problem})" if problem else ""))
    channel = (parsed.get("feed") or {}).get("title") or None  # the outlet of every entry
    for number, entry in enumerate(parsed.entries, start=1):
        text = entry_text(entry)
        if not text:
            context.warn_record(f"entry {number}: no text; skipped")
            continue
        title = entry.get("title") or None
        if title and looks_like_html(title):
            title = html_to_text(title).replace("\n\n", " ")
        article = make_article(context, text, title=title, url=entry.get("link") or None,
                               date=entry_date(entry), source=channel, label=f"entry {number}")
        if article is None:
            context.warn_record(f"entry {number}: no text left after cleaning; skipped")
            continue
        yield article


def declares_entities(data: bytes) -> bool:
    """A DOCTYPE with an internal subset, or an entity declaration anywhere."""
    if b"<!ENTITY" in data:
        return True
    head = TextDecoder(data[:4096]).decode(data[:65536])
    return "<!ENTITY" in head or _INTERNAL_SUBSET.search(head) is not None


def entry_text(entry) -> str:
    """The longest content of the entry, else its summary, as plain text."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "")
    else:
        value = entry.get("summary") or ""
        kind = (entry.get("summary_detail") or {}).get("type", "")
    if "html" in kind or looks_like_html(value):
        return html_to_text(value)
    return value.strip()


def entry_date(entry) -> object:
    """The entry's own calendar day: the date as written, else feedparser's UTC reading of it."""
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
    for key in DATE_KEYS:
        raw = dict.get(entry, key)
        if raw and parse_metadata_date(raw):
            return raw
    for key in DATE_KEYS:
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None
