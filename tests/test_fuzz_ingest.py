"""Property tests of the readers and the dump cleaner (Hypothesis).

Invariants, on arbitrary and on dump-shaped input:
- nothing escapes ``read_paths`` but the documented ``InputError`` for "nothing could be
  read", and nothing at all escapes ``split_dump``;
- every paragraph span points inside the article text and covers exactly one paragraph,
  and every caption is a clean single line;
- reading the same input again gives the same article ids and texts.

Each test runs WIRECODER_FUZZ_EXAMPLES examples (default 200; ``make fuzz`` sets more),
the one that renders whole files in every format half as many.
"""

import csv
import gzip
import html
import io
import json
import os
import tempfile
from pathlib import Path

import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wirecoder.errors import InputError
from wirecoder.ingest import clean_article, read_paths, split_dump
from wirecoder.ingest.settings import IngestSettings

EXAMPLES = int(os.environ.get("WIRECODER_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Whole files through trafilatura and feedparser cost more: half as many.
FUZZ_FILES = settings(FUZZ, max_examples=max(1, EXAMPLES // 2))

# Pieces of real dumps: headlines, body sentences, captions with credits, date lines, bylines,
# site markers, dividers, blank lines, markup and odd whitespace.
FRAGMENTS = [
    "Rebels Seize Airport Near Capital",
    "Ministers Agree Grain Deal",
    "Rebel fighters seized the main airport near the capital on Thursday, a military spokesman said.",
    "LONDON, March 3, 2023 - Agriculture ministers agreed on Friday to extend a grain export deal.",
    "WASHINGTON, Dec. 13 (Reuters) - The United States said on Friday it would send aid.",
    "A port worker secures a crane ahead of the storm (AP Photo/Sam Smith)",
    "This handout picture released by the press office shows the meeting on December 13, 2024. (AFP)",
    "Saturday, 14 December 2024 - 10:45",
    "By Jane Doe",
    "TT",
    "Advertisement",
    "-----",
    "* * *",
    "ANOTHER ROUND OF TALKS",
    "",
    "",
    "\t \u00a0",
    "<p>Markup <b>left</b> by a scraper</p>",
    "&amp; &#163;5 &nbsp;",
    "\u201cWe will not accept this,\u201d the minister said.",
    "- a list item",
    "1) another item",
    "\ufeff\u200b",
    "\r\n",
    "\x0c",
]
line = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60))
dump_text = st.lists(line, max_size=40).map("\n".join)
any_text = st.one_of(dump_text, st.text(max_size=400))


def assert_consistent(article):
    text = article.text
    assert text, "articles without text are left out"
    spans = article.paragraphs
    assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    assert [text[s:e] for s, e in spans] == text.split("\n\n")
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    for caption in article.captions:
        assert caption.text and caption.text == caption.text.strip() and "\n" not in caption.text
        assert caption.credit is None or (caption.credit.strip() and "\n" not in caption.credit)
    assert "\n" not in article.title and article.title == article.title.strip()


@FUZZ
@given(any_text)
def test_split_dump_never_fails_and_offsets_hold(text):
    articles = split_dump(text, source="fuzz")
    for article in articles:
        assert_consistent(article)
    again = split_dump(text, source="fuzz")
    assert [(a.id, a.text) for a in again] == [(a.id, a.text) for a in articles]


@FUZZ
@given(any_text, st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), st.text(max_size=30)))
def test_clean_article_never_fails_and_offsets_hold(text, title, date):
    article = clean_article(text, title=title, date=date)
    if article.text:
        assert_consistent(article)
    assert article.reference_date is None or len(article.reference_date) == 10


SUFFIXES = [".txt", "", ".jsonl", ".json", ".csv", ".tsv", ".html", ".rss", ".xml", ".warc"]
MAGIC = [b"", b"", b"\x1f\x8b\x08\x00", b"\x28\xb5\x2f\xfd", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf",
         b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss><channel><item><title>", b"<html><body><p>", b"{\"text\": \"",
         b"title,text\n"]


def encode(text: str, how: str) -> bytes:
    data = text.encode("utf-8", errors="surrogatepass")
    if how == "gzip":
        return gzip.compress(data)
    if how == "gzip-cut":
        packed = gzip.compress(data)
        return packed[: len(packed) // 2]
    if how == "zstd":
        return zstandard.ZstdCompressor().compress(data)
    if how == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")
    return data


file_content = st.one_of(
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=600)).map(lambda pair: pair[0] + pair[1]),
    st.tuples(any_text, st.sampled_from(["plain", "plain", "gzip", "gzip-cut", "zstd", "utf-16"])).map(
        lambda pair: encode(*pair)),
)


def read_all(path: Path, ingest_settings: IngestSettings):
    warnings: list[str] = []
    try:
        articles = list(read_paths([path], warn=warnings.append, settings=ingest_settings))
    except InputError as error:  # the one documented failure: nothing could be read
        assert str(error).startswith("No articles could be read from")
        assert warnings, "a file that yields nothing says why"
        return None
    assert all("\n" not in w for w in warnings)
    return articles


@FUZZ
@given(file_content, st.sampled_from(SUFFIXES), st.sampled_from(["", ".gz", ".zst"]), st.booleans())
def test_read_paths_never_fails_on_arbitrary_bytes(data, suffix, compression, english_only):
    ingest_settings = IngestSettings(english_only=english_only, max_article_chars=2000, stream_window_chars=500)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}{compression}"
        path.write_bytes(data)
        articles = read_all(path, ingest_settings)
        if articles is None:
            return
        for article in articles:
            assert_consistent(article)
            assert len(article.text) <= ingest_settings.max_article_chars
        again = read_all(path, ingest_settings)
        assert [(a.id, a.text) for a in again] == [(a.id, a.text) for a in articles]


# Well-formed files of every format, with fuzzed fields, so each reader's full path runs.
record = st.tuples(st.one_of(st.sampled_from(FRAGMENTS[:3]), st.text(max_size=40)), dump_text,
                   st.one_of(st.sampled_from(["2024-12-13", "Fri, 13 Dec 2024 23:30:00 -0500", ""]),
                             st.text(max_size=20)))
records = st.lists(record, min_size=1, max_size=4)


def render(items, kind: str) -> bytes:
    def xml(value: str) -> str:  # XML 1.0 has no place for most control characters
        return html.escape("".join(c for c in value if c in "\t\n\r" or " " <= c <= "\ud7ff" or c >= "\ue000"))

    if kind == "jsonl":
        return "".join(json.dumps({"title": t, "text": b, "date": d}) + "\n" for t, b, d in items).encode()
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["title", "text", "date"])
        writer.writerows(items)
        return buffer.getvalue().encode("utf-8", errors="surrogatepass")
    if kind == "rss":
        entries = "".join(f"<item><title>{xml(t)}</title><pubDate>{xml(d)}</pubDate>"
                          f"<description>{xml(b)}</description></item>" for t, b, d in items)
        return f"<?xml version='1.0'?><rss version='2.0'><channel>{entries}</channel></rss>".encode(
            "utf-8", errors="surrogatepass")
    pages = [f"<html><head><title>{xml(t)}</title><meta name='date' content='{xml(d)}'></head><body><article>"
             + "".join(f"<p>{xml(p)}</p>" for p in b.split("\n")) + "</article></body></html>"
             for t, b, d in items]
    if kind == "html":
        return pages[0].encode("utf-8", errors="surrogatepass")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number, page in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/{number}", "response", http_headers=headers,
            payload=io.BytesIO(page.encode("utf-8", errors="surrogatepass"))))
    return buffer.getvalue()


@FUZZ_FILES
@given(records, st.sampled_from(["jsonl", "csv", "rss", "html", "warc"]))
def test_every_reader_keeps_offsets_on_fuzzed_fields(items, kind):
    ingest_settings = IngestSettings(english_only=False, max_article_chars=3000)
    suffix = {"warc": ".warc.gz"}.get(kind, f".{kind}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(render(items, kind))
        articles = read_all(path, ingest_settings)
        if articles is None:
            return
        for article in articles:
            assert_consistent(article)
            assert (article.reference_date is None) == (article.reference_date_origin is None)
            assert article.reference_date_origin in (None, "metadata", "dateline", "caption")
        again = read_all(path, ingest_settings)
        assert [(a.id, a.text) for a in again] == [(a.id, a.text) for a in articles]
