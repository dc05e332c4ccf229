"""Readers for each input format: HTML, RSS/Atom, WARC, CSV/TSV, compressed files, sniffing."""

import csv
import gzip
import io
import json

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wirecoder.ingest import read_file, read_paths
from wirecoder.ingest.detect import detect_kind
from wirecoder.ingest.formats import READERS
from wirecoder.ingest.htmltext import html_to_text

FIRST = ("Rebel fighters seized the main airport outside the capital on Friday, the army said, "
         "after two days of clashes with government troops.")
SECOND = ("The defence ministry said reinforcements had been sent to the area and that flights "
          "had been suspended until further notice.")


def page(date_meta=True, footer="Share this article on Facebook. Copyright 2024"):
    meta = '<meta property="article:published_time" content="2024-12-13T10:00:00Z">' if date_meta else ""
    return f"""<!doctype html><html><head><title>Rebels seize airport | Example News</title>
<meta property="og:title" content="Rebels seize airport near capital">{meta}
<link rel="canonical" href="https://example.org/news/rebels-airport"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Rebels seize airport near capital</h1><p>{FIRST}</p><p>{SECOND}</p></article>
<footer>{footer}</footer></body></html>"""


def read(paths, **kwargs):
    warnings: list[str] = []
    return list(read_paths(paths, warn=warnings.append, **kwargs)), warnings


def assert_offsets_exact(article):
    assert [article.text[s:e] for s, e in article.paragraphs] == article.text.split("\n\n")


def test_registry_maps_every_detected_kind_to_a_reader():
    assert set(READERS) == {"text", "jsonl", "json", "csv", "html", "feed", "warc"}
    assert all(callable(reader) for reader in READERS.values())


def test_html_page_keeps_the_article_and_its_metadata(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(page(), encoding="utf-8")
    [article], warnings = read([path])
    assert warnings == []
    assert article.title == "Rebels seize airport near capital"
    assert article.text.split("\n\n") == [FIRST, SECOND]  # no menu, no footer, no repeated headline
    assert article.url == "https://example.org/news/rebels-airport"
    assert (article.reference_date, article.reference_date_origin) == ("2024-12-13", "metadata")
    assert article.source == "example.org"  # the canonical URL's host: the page names no site
    assert_offsets_exact(article)


def test_html_date_is_not_guessed_from_a_copyright_line(tmp_path):
    path = tmp_path / "story.htm"
    path.write_text(page(date_meta=False), encoding="utf-8")
    [article], _ = read([path])
    assert article.reference_date is None


def test_rss_feed_entries_become_articles(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Rebels seize airport</title><link>https://example.org/1</link>
<pubDate>Fri, 13 Dec 2024 23:30:00 -0500</pubDate>
<description>&lt;p&gt;{FIRST}&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;
&lt;p&gt;{SECOND}&lt;/p&gt;</description></item>
<item><title>No text</title><link>https://example.org/2</link></item>
<item><title>Flights suspended</title><link>https://example.org/3</link><description>{SECOND}</description></item>
</channel></rss>""", encoding="utf-8")
    articles, warnings = read([path])
    assert [(a.title, a.url) for a in articles] == [
        ("Rebels seize airport", "https://example.org/1"), ("Flights suspended", "https://example.org/3")]
    first = articles[0]
    assert first.text.split("\n\n") == [FIRST, SECOND]
    # The entry's own calendar day, not the UTC one (23:30 -0500 is already the 14th in UTC).
    assert (first.reference_date, first.reference_date_origin) == ("2024-12-13", "metadata")
    assert articles[1].reference_date is None
    assert len(warnings) == 1 and "entry 2" in warnings[0] and "no text" in warnings[0]


def test_atom_feed_prefers_full_content_and_strips_html_from_titles(tmp_path):
    path = tmp_path / "wire.xml"  # .xml is sniffed
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title type="html">Talks &lt;b&gt;resume&lt;/b&gt; in Geneva</title>
<link href="https://example.org/a"/><published>2024-12-14T08:00:00Z</published>
<updated>2024-12-15T08:00:00Z</updated><summary>Short teaser.</summary>
<content type="html">&lt;p&gt;{FIRST}&lt;/p&gt;&lt;p&gt;{SECOND}&lt;/p&gt;</content>
</entry></feed>""", encoding="utf-8")
    [article], _ = read([path])
    assert article.title == "Talks resume in Geneva"
    assert article.text.split("\n\n") == [FIRST, SECOND]
    assert (article.url, article.reference_date) == ("https://example.org/a", "2024-12-14")


def warc_bytes(records, compress=True):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for uri, html, status, content_type, warc_date in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(html.encode()), http_headers=headers,
            warc_headers_dict={"WARC-Date": warc_date}))
    return buffer.getvalue()


def test_warc_html_responses_become_articles(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes([
        ("https://example.org/a", page(), "200 OK", "text/html; charset=utf-8", "2024-12-20T10:00:00Z"),
        ("https://example.org/logo.png", "\x89PNG", "200 OK", "image/png", "2024-12-20T10:00:01Z"),
        ("https://example.org/gone", page(), "404 Not Found", "text/html", "2024-12-20T10:00:02Z"),
        ("https://example.org/b", page(date_meta=False), "200 OK", "text/html", "2024-12-21T09:00:00Z"),
    ]))
    articles, warnings = read([path])
    assert [a.url for a in articles] == ["https://example.org/a", "https://example.org/b"]
    # The page's own publication date first; the crawl date (WARC-Date) when it has none.
    assert [a.reference_date for a in articles] == ["2024-12-13", "2024-12-21"]
    assert all(a.reference_date_origin == "metadata" and a.source == "example.org" for a in articles)
    assert articles[0].text.split("\n\n") == [FIRST, SECOND]
    assert warnings == []


def test_uncompressed_warc_without_suffix_is_sniffed(tmp_path):
    path = tmp_path / "crawl-00001"
    path.write_bytes(warc_bytes([("https://example.org/a", page(), "200 OK", "text/html", "2024-12-20T10:00:00Z")],
                                compress=False))
    assert detect_kind(path.name, path.read_bytes()[:100]) == "warc"
    [article], _ = read([path])
    assert article.url == "https://example.org/a"


def test_csv_with_text_column_and_optional_columns(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "Headline", "Body", "Published", "URL", "extra"])
        writer.writerow(["1", "Rebels seize airport", f"{FIRST}\n\n{SECOND}", "2024-12-13", "https://e.org/1", "x"])
        writer.writerow(["2", "Empty", "", "", "", ""])
        writer.writerow(["3", "", "Officials said, \"we will\", on Monday.", "", "", ""])
    articles, warnings = read([path])
    assert [a.title for a in articles] == ["Rebels seize airport", ""]
    first = articles[0]
    assert first.text.split("\n\n") == [FIRST, SECOND]  # a quoted field may span lines
    assert (first.url, first.reference_date, first.source) == ("https://e.org/1", "2024-12-13", "e.org")
    assert articles[1].text == 'Officials said, "we will", on Monday.'
    assert len(warnings) == 1 and "row 3" in warnings[0]


def test_tsv_and_semicolon_csv(tmp_path):
    (tmp_path / "a.tsv").write_text(f"title\tcontent\nTab story\t{FIRST}\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"title;article;source\nSemicolon story;{SECOND};Wire\n", encoding="utf-8")
    articles, _ = read([tmp_path])
    assert [(a.title, a.source) for a in articles] == [("Tab story", None), ("Semicolon story", "Wire")]


def test_csv_without_a_text_column_is_skipped(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("year,value\n2024,3\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(f"Airport seized\n\n{FIRST}\n", encoding="utf-8")
    articles, warnings = read([path, good])
    assert len(articles) == 1
    assert len(warnings) == 1 and "numbers.csv" in warnings[0] and "no text column" in warnings[0]


@pytest.mark.parametrize("name, compress", [
    ("story.html.gz", gzip.compress),
    ("story.html.zst", lambda data: zstandard.ZstdCompressor().compress(data)),
])
def test_compressed_html(tmp_path, name, compress):
    path = tmp_path / name
    path.write_bytes(compress(page().encode()))
    [article], _ = read([path])
    assert (article.title, article.source) == ("Rebels seize airport near capital", "example.org")


def test_multi_frame_zstd_and_multi_member_gzip_are_read_to_the_end(tmp_path):
    lines = [json.dumps({"title": f"Story {i}", "text": f"{FIRST} Number {i}."}) + "\n" for i in range(4)]
    (tmp_path / "a.jsonl.zst").write_bytes(b"".join(zstandard.ZstdCompressor().compress(x.encode()) for x in lines))
    (tmp_path / "b.jsonl.gz").write_bytes(b"".join(gzip.compress(x.encode()) for x in lines))
    articles, warnings = read([tmp_path])
    assert [a.title for a in articles] == [f"Story {i}" for i in range(4)] * 2
    assert warnings == []


def test_kind_is_sniffed_when_the_name_does_not_say(tmp_path):
    feed = tmp_path / "feed.txt"
    feed.write_text(f"<?xml version='1.0'?><rss><channel><item><title>Airport seized</title>"
                    f"<description>{FIRST}</description></item></channel></rss>", encoding="utf-8")
    html = tmp_path / "saved_page"
    html.write_text(page(), encoding="utf-8")
    jsonl = tmp_path / "records.dat"
    jsonl.write_text(json.dumps({"title": "Airport seized", "text": FIRST}) + "\n", encoding="utf-8")
    table = tmp_path / "table.txt"
    table.write_text(f'title,text\nAirport seized,"{FIRST}"\n', encoding="utf-8")
    for path, kind in [(feed, "feed"), (html, "html"), (jsonl, "jsonl"), (table, "csv")]:
        assert detect_kind(path.name, path.read_bytes()) == kind
        [article] = list(read_file(path, warn=pytest.fail))
        assert article.text.startswith("Rebel fighters seized")
    # A plain-text dump whose first line starts with a bracket is still text.
    assert detect_kind("x.txt", b"[Updated] Airport seized\n\nRebel fighters ...") == "text"


def test_directory_mixes_every_kind(tmp_path):
    (tmp_path / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt.gz").write_bytes(gzip.compress(f"Airport seized\n\n{FIRST}\n".encode()))
    (tmp_path / "sub" / "c.csv").write_text(f"title,body\nFlights halted,{SECOND}\n", encoding="utf-8")
    articles, warnings = read([tmp_path])
    assert [a.title for a in articles] == ["Rebels seize airport near capital", "Airport seized", "Flights halted"]
    assert [a.source for a in articles] == ["example.org", None, None] and warnings == []


def test_html_fragment_to_text():
    text = html_to_text("<div><p>One <b>bold</b>&amp;\n  more</p><ul><li>Two</li><li>Three<br>Four</li></ul>"
                        "<style>p{}</style><script>x()</script>Five")
    assert text.split("\n\n") == ["One bold& more", "Two", "Three", "Four", "Five"]


def test_a_page_with_no_article_text_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><head><title>Example News</title></head><body><nav><a href='/'>Home</a></nav>"
        "<div><p>Related Topics</p><p>Read more: Army says rebels retreat</p><p>Sign in</p>"
        "<p>© 2024 Example News. All rights reserved.</p></div></body></html>", encoding="utf-8")
    (tmp_path / "story.html").write_text(page(), encoding="utf-8")
    articles, warnings = read([tmp_path])
    assert [a.title for a in articles] == ["Rebels seize airport near capital"]
    assert len(warnings) == 1 and "index.html" in warnings[0] and "no article text" in warnings[0]
