"""Which reader a file needs: by its extension, else by sniffing its first bytes.

An extension that names a format is trusted. Plain-text names (.txt, none, unknown)
and .xml are sniffed, so a feed or page saved as .txt, or a WARC without its suffix,
still finds its reader. Compression suffixes are already gone (source.inner_name).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from wirecoder.ingest.decode import TextDecoder
from wirecoder.ingest.records import TEXT_FIELDS

EXTENSION_KINDS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed",
    ".warc": "warc",
    ".csv": "csv", ".tsv": "csv",
}
SNIFF_CHARS = 4096
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_JSON_LIST = re.compile(r"\[\s*[{\]]")
_CSV_DELIMITERS = ",\t;|"


def detect_kind(name: str, head: bytes) -> str:
    """One of the keys of formats.READERS."""
    kind = EXTENSION_KINDS.get(PurePath(name).suffix.lower())
    if kind is not None:
        return kind
    return sniff_kind(head)


def sniff_kind(head: bytes) -> str:
    if head.startswith((b"WARC/", b"warc/")):
        return "warc"
    decoder = TextDecoder(head)
    if decoder.binary:
        return "text"  # the text reader says it is binary
    text = decoder.decode(head[: SNIFF_CHARS * 4]).lstrip()[:SNIFF_CHARS]
    if text.startswith("<"):
        if _FEED_ROOT.search(text):
            return "feed"
        if _HTML_START.search(text):
            return "html"
        return "text"
    if _JSON_LIST.match(text):
        return "json"
    if text.startswith("{"):
        first_line = text.split("\n", 1)[0]
        try:
            json.loads(first_line)
        except ValueError:
            return "json"  # one object over several lines
        return "jsonl"
    if csv_header_delimiter(text.split("\n", 1)[0]):
        return "csv"
    return "text"


def csv_header_delimiter(line: str) -> str | None:
    """The delimiter of a CSV header line that names a text column, else None."""
    for delimiter in sorted(_CSV_DELIMITERS, key=line.count, reverse=True):
        if line.count(delimiter) == 0:
            return None
        names = {cell.strip().strip('"\'').strip().lower() for cell in line.split(delimiter)}
        if names & set(TEXT_FIELDS):
            return delimiter
    return None
