"""Readers: files, directories, JSONL, decoding fallbacks and the errors users see."""

import codecs
import gzip
import json

import pytest

from wirecoder.errors import InputError
from wirecoder.ingest import read_paths

ARTICLE = (
    "Talks resume in Geneva\n\n"
    "Negotiators from both sides returned to Geneva on Monday for a new round of talks, the UN said.\n\n"
    "The previous round ended without agreement in March.\n"
)


def read(paths):
    warnings: list[str] = []
    articles = list(read_paths(paths, warn=warnings.append))
    return articles, warnings


def test_jsonl_with_a_bad_line_among_good_ones(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "First story", "text": "The first story's body text.", "date": "2024-12-13",
                    "url": "https://example.org/1", "source": "Example Wire"}),
        "{not json",
        json.dumps({"title": "No text here"}),
        "",
        json.dumps({"text": "Second headline line\n\nThe second story's body, with no title field.",
                    "date": "Fri, 20 Dec 2024 08:00:00 GMT"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    articles, warnings = read([path])
    assert [a.title for a in articles] == ["First story", "Second headline line"]
    first, second = articles
    assert first.text == "The first story's body text."
    assert (first.source, first.url) == ("Example Wire", "https://example.org/1")
    assert (first.reference_date, first.reference_date_origin) == ("2024-12-13", "metadata")
    assert second.source is None  # no outlet and no URL in the record: none (never the file name)
    assert second.reference_date == "2024-12-20"
    assert len(warnings) == 2
    assert warnings[0].startswith(f"{path}:2:") and warnings[1].startswith(f"{path}:3:")


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE.replace("Geneva", "Vienna"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE.replace("Geneva", "Oslo"), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"title": "T", "text": "Body in Rome."}), encoding="utf-8")
    articles, warnings = read([tmp_path])
    assert [a.title for a in articles] == ["Talks resume in Geneva", "Talks resume in Vienna", "T"]
    assert articles[1].title == "Talks resume in Vienna"
    assert warnings == []


def test_missing_path_raises_one_line_error(tmp_path):
    with pytest.raises(InputError, match="No such file or directory") as caught:
        read_paths([tmp_path / "nope.txt"])
    assert "\n" not in str(caught.value)


def test_empty_file_alone_raises(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n \t\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        read([path])


def test_empty_file_among_others_is_skipped_with_warning(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    articles, warnings = read([tmp_path / "empty.txt", good])
    assert len(articles) == 1
    assert len(warnings) == 1 and "empty.txt" in warnings[0]


def test_directory_with_nothing_readable_raises(tmp_path):
    with pytest.raises(InputError, match="No files found in"):
        read([tmp_path])
    (tmp_path / "blank.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02\xff" * 300)
    with pytest.raises(InputError, match="No articles could be read from"):
        read([tmp_path])


def test_cp1252_bytes_decode_with_a_warning(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.replace("the UN said", "the UN\u2019s envoy said, at \u00a3100").encode("cp1252"))
    articles, warnings = read([path])
    assert "the UN\u2019s envoy said, at \u00a3100" in articles[0].text
    assert len(warnings) == 1 and "cp1252" in warnings[0]


def test_utf16_with_bom_decodes_with_a_warning(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + ARTICLE.replace("\n", "\r\n").encode("utf-16-le"))
    articles, warnings = read([path])
    assert articles[0].title == "Talks resume in Geneva"
    assert "\r" not in articles[0].text
    assert len(warnings) == 1 and "UTF-16" in warnings[0]


def test_utf8_bom_is_silent(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    articles, warnings = read([path])
    assert articles[0].title == "Talks resume in Geneva" and warnings == []


def test_binary_file_is_skipped(tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    articles, warnings = read([tmp_path])
    assert [a.title for a in articles] == ["Talks resume in Geneva"]
    assert len(warnings) == 1 and "image.png" in warnings[0] and "binary" in warnings[0]
    with pytest.raises(InputError, match="binary"):
        read([binary])


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"title": "Zipped", "text": "Body text."}).encode()))
    articles, _ = read([path])
    assert [(a.title, a.source) for a in articles] == [("Zipped", None)]
