"""One reader per input format, and the registry that maps a detected kind to its reader.

A reader takes the file's ``ByteSource`` and ``FileContext`` and yields ``Article``
records. It warns (``context.warn`` / ``warn_record``) about what it skips inside the
file and raises ``Skip`` to give up on the whole file; it never raises anything else on
purpose (readers.py still catches whatever escapes, so one bad file never stops a batch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from wirecoder.ingest.context import FileContext
from wirecoder.ingest.formats.feed import read_feed
from wirecoder.ingest.formats.html import read_html
from wirecoder.ingest.formats.jsonl import read_json, read_jsonl
from wirecoder.ingest.formats.table import read_csv
from wirecoder.ingest.formats.text import read_text
from wirecoder.ingest.formats.warc import read_warc
from wirecoder.ingest.source import ByteSource
from wirecoder.model import Article

Reader = Callable[[ByteSource, FileContext], Iterator[Article]]

READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "html": read_html,
    "feed": read_feed,
    "warc": read_warc,
}
