"""The limits ingest works within, in one place.

Every limit ends in a warning and a skip or a cut, never in an exception: hostile or
broken input must not stop a batch. The defaults suit news text: an article is a few
thousand characters, a feed or page a few megabytes, a crawl or dump file gigabytes.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class IngestSettings:
    # An article longer than this (characters) is cut at the last paragraph or sentence
    # boundary before it, with a warning. A plain-text line (one paragraph) is cut the same
    # way while it is read, so a 50 MB one-line "article" never sits in memory whole.
    # The longest article in ../shared/corpus (2,229 of them) has 25,450 characters; long-form
    # features reach about 100,000. 200,000 bounds the model's memory on hostile text (a
    # 1 MB article of one-letter words needs over 500 MiB in one allocation).
    max_article_chars: int = 200_000
    # A stretch of more words than this without a sentence end (. ! ? or a line break) is
    # split with a line break at a safe place (after a comma or semicolon, else before
    # "and"/"but"/..., else after the last word that fits) before spaCy sees it, so the parser
    # and every per-sentence step work on bounded sentences. Words are whitespace-separated.
    # The longest stretch in ../shared/corpus is 138 words (a rugby squad list).
    max_sentence_tokens: int = 300
    # A "word" (run of non-space characters) longer than this is cut to its first
    # max_token_chars characters. The longest in ../shared/corpus has 38; URLs reach a few hundred.
    max_token_chars: int = 1000
    # Bytes read from one file, after decompression; reading stops there with a warning and
    # what was read is kept. Bounds time on a decompression bomb; memory is bounded anyway.
    max_file_bytes: int = 4 * 1024 * MB
    # Formats parsed whole (an HTML page, a feed, a .json file, one WARC record's payload):
    # larger ones are skipped with a warning.
    max_document_bytes: int = 50 * MB
    # One JSONL line or CSV row (characters); a longer one is skipped with a warning.
    max_record_chars: int = 64 * MB
    # Text of a plain-text dump held at once while it is split into articles. Memory for a
    # dump of any size stays near this (plus one article of up to max_article_chars).
    stream_window_chars: int = 2_000_000
    # Skip articles that are not in English (py3langid on the words between the names, language.py).
    english_only: bool = True
    # Warnings about single lines or records of one file; past this they are counted and
    # summed up in one last line for the file.
    max_warnings_per_file: int = 20
    # One file still being read (or decompressed) after this many seconds says how far it has
    # got, and again every as many seconds (0: never).
    progress_seconds: float = 10.0


DEFAULT_SETTINGS = IngestSettings()
