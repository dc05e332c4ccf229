"""CSV and TSV with a header row: one article a row, streamed.

The text column is the first named text, body, content or article (any case); title,
date, url and source columns are used when present (names as in records.py). The
delimiter is a tab for .tsv, else whichever of , tab ; | the header line uses most.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import PurePath

from wirecoder.ingest.context import FileContext, Skip
from wirecoder.ingest.detect import csv_header_delimiter
from wirecoder.ingest.linestream import split_lines
from wirecoder.ingest.records import DATE_FIELDS, SOURCE_FIELDS, TEXT_FIELDS, TITLE_FIELDS, URL_FIELDS, record_article
from wirecoder.ingest.source import ByteSource
from wirecoder.model import Article

_FIELDS = TEXT_FIELDS + TITLE_FIELDS + DATE_FIELDS + URL_FIELDS + SOURCE_FIELDS


def read_csv(source: ByteSource, context: FileContext) -> Iterator[Article]:
    limit = context.settings.max_record_chars
    # The csv module refuses fields over 128 KB by default; an article may be longer.
    csv.field_size_limit(max(csv.field_size_limit(), limit))

    def long_line(number: int) -> None:
        context.warn_record(f"line is longer than {limit:,} characters (max_record_chars); skipped", number)

    lines = (line for _, line in split_lines(source.text_pieces(), max_chars=limit, on_long=long_line,
                                             keepends=True))
    header_line = next(lines, "")
    tsv = PurePath(source.name).suffix.lower() == ".tsv"
    delimiter = "\t" if tsv else csv_header_delimiter(header_line.lstrip("\ufeff"))
    if delimiter is None:
        raise Skip("no text column in the CSV header (one named text, body, content or article)")
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    names = [cell.strip().strip("\ufeff").lower() for cell in header]
    columns = {name: index for index, name in reversed(list(enumerate(names))) if name in _FIELDS}
    if not any(name in columns for name in TEXT_FIELDS):
        raise Skip("no text column in the CSV header (one named text, body, content or article)")
    rows = csv.reader(lines, delimiter=delimiter)
    number = 1
    while True:
        try:
            row = next(rows, None)
        except csv.Error as error:
            context.warn(f"row {number + 1}: malformed CSV ({error}); the rest of the file skipped")
            return
        if row is None:
            return
        number += 1
        if not any(cell.strip() for cell in row):
            continue
        record = {name: row[index] for name, index in columns.items() if index < len(row)}
        article, problem = record_article(record, context, f"row {number}")
        if article is None:
            context.warn_record(f"row {number}: {problem}; skipped")
            continue
        yield article
