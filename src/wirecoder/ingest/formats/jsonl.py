"""JSON Lines (one article object a line, streamed) and JSON (one object or a list, read whole).

Fields: ``text`` (or body/content/article), optional ``title``, ``date``, ``url``,
``source`` (see records.py for the accepted names). A bad line is skipped with a warning
naming its number; the other lines are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from wirecoder.ingest.context import FileContext, Skip
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.linestream import split_lines
from wirecoder.ingest.records import record_article
from wirecoder.ingest.source import ByteSource
from wirecoder.model import Article


def read_jsonl(source: ByteSource, context: FileContext) -> Iterator[Article]:
    limit = context.settings.max_record_chars

    def long_line(number: int) -> None:
        context.warn_record(f"line is longer than {limit:,} characters (max_record_chars); skipped", number)

    yield from _records_by_line(split_lines(source.text_pieces(), max_chars=limit, on_long=long_line), context)


def read_json(source: ByteSource, context: FileContext) -> Iterator[Article]:
    decoded = decode_bytes(source.read_all(context.settings.max_document_bytes))
    if decoded.text is None:
        raise Skip("looks binary, not text")
    if decoded.note:
        context.warn(decoded.note)
    try:
        data = json.loads(decoded.text)
    except RecursionError:
        raise Skip("JSON nested too deeply") from None
    except json.JSONDecodeError as error:
        # A JSONL file named .json is common enough to try before giving up.
        lines = decoded.text.strip().splitlines()
        if len(lines) > 1:
            yield from _records_by_line(enumerate(lines, start=1), context)
            return
        raise Skip(f"not valid JSON ({error.msg})") from None
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        article, problem = record_article(record, context, f"record {number}")
        if article is None:
            context.warn_record(f"record {number}: {problem}; skipped")
            continue
        yield article


def _records_by_line(lines: Iterable[tuple[int, str]], context: FileContext) -> Iterator[Article]:
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            context.warn_record(f"not valid JSON ({error.msg}); skipped", number)
            continue
        except RecursionError:
            context.warn_record("JSON nested too deeply; skipped", number)
            continue
        article, problem = record_article(record, context, f"line {number}")
        if article is None:
            context.warn_record(f"{problem}; skipped", number)
            continue
        yield article
