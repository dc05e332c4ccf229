"""WARC files from web crawls (warcio): each HTML response record becomes an article.

The record's WARC-Target-URI is the article's URL. The date is the page's own
publication date when its metadata has one, else the WARC-Date (the day it was crawled,
which is usually close to publication for news crawls).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr

from wirecoder.ingest.context import FileContext, Skip
from wirecoder.ingest.formats.html import html_article
from wirecoder.ingest.source import ByteSource
from wirecoder.model import Article

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(source: ByteSource, context: FileContext) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator

    limit = context.settings.max_document_bytes
    records = iter(ArchiveIterator(source.as_file(), arc2warc=True))
    read = empty = 0
    # warcio prints its complaints about malformed records to stderr; they are caught here
    # and summed up in one warning instead.
    complaints = _FirstLine()
    while True:
        try:
            with redirect_stderr(complaints):
                record = next(records, None)
        except Exception as error:  # warcio's ArchiveLoadFailed and parse errors of a broken file
            if read == 0:
                raise Skip(f"not a readable WARC file ({_one_line(error)})") from None
            context.warn(f"WARC stream broken after {read} records ({_one_line(error)}); kept the records before it")
            break
        if record is None:
            break
        read += 1
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if not _is_html_page(record):
            continue
        try:
            with redirect_stderr(complaints):
                payload = record.content_stream().read(limit + 1)
        except Exception as error:  # a broken chunked or compressed payload
            context.warn_record(f"record {uri}: payload unreadable ({_one_line(error)}); skipped")
            continue
        if len(payload) > limit:
            context.warn_record(f"record {uri}: page larger than {limit:,} bytes (max_document_bytes); skipped")
            continue
        article = html_article(payload, context, url=uri, date=record.rec_headers.get_header("WARC-Date"),
                               label=f"record {uri}")
        if article is None:
            empty += 1
        else:
            yield article
    if empty:
        context.warn(f"{empty} HTML pages without article text skipped")
    if complaints.first:
        context.warn(f"malformed WARC records (warcio: {complaints.first[:200]})")


class _FirstLine(io.TextIOBase):
    """A stand-in for stderr that keeps the first line written to it and drops the rest."""

    def __init__(self) -> None:
        self.first = ""

    def write(self, text: str) -> int:
        if not self.first:
            self.first = " ".join(text.split())
        return len(text)


def _is_html_page(record) -> bool:
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not (headers.get_statuscode() or "").startswith("2"):
            return False
        content_type = headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return False
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__
