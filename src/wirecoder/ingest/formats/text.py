"""Plain text: a scraper dump of one or more articles, streamed (see dump.py for the splitting)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from wirecoder.ingest.context import FileContext
from wirecoder.ingest.dump import iter_dump
from wirecoder.ingest.linestream import split_line_batches
from wirecoder.ingest.normalize import normalize_text
from wirecoder.ingest.source import ByteSource
from wirecoder.ingest.units import iter_units
from wirecoder.model import Article


def read_text(source: ByteSource, context: FileContext) -> Iterator[Article]:
    settings = context.settings
    limit = settings.max_article_chars
    # A line (one paragraph) longer than an article may be is cut hard just past the limit
    # while it is read, so it never sits in memory whole; the article it belongs to is then
    # too long, and iter_dump cuts it at a sentence boundary and says so, once.
    batches = split_line_batches(source.text_pieces(), max_chars=limit)
    # The lines of a piece are normalised together: the same lines as one by one (normalize_text
    # works within a line; it may turn a form feed or a Unicode line separator into a line
    # break), without a round of regexes per line.
    normalised = chain.from_iterable(normalize_text("\n".join(lines)).split("\n") for lines in batches)
    yield from iter_dump(iter_units(normalised), source=context.source,
                         window_chars=settings.stream_window_chars, max_article_chars=limit,
                         warn=lambda message: context.limit_hit("max_article_chars", message))
