"""Huge plain-text files of tiny lines: read in batches of lines, each line classified once.

A gzip of millions of one-letter lines used to cost ~10 s per MB (a round of regexes and
classifiers per line); the batched path must give exactly the lines, units and articles the
line-by-line one gives, with work per distinct line, not per line.
"""

import dataclasses
import gzip
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from wirecoder.ingest import dump, read_paths, split_dump
from wirecoder.ingest.context import FileContext
from wirecoder.ingest.linestream import split_line_batches, split_lines
from wirecoder.ingest.memo import ShortLineMemo
from wirecoder.ingest.normalize import normalize_text
from wirecoder.ingest.settings import DEFAULT_SETTINGS
from wirecoder.ingest.source import OUT_BYTES, ByteSource

HEAD = ("Ministers meet in Oslo on trade\n\nNorway's foreign minister met his Sweden counterpart in Oslo on "
        "Tuesday to discuss trade. Officials accused Sweden of blocking grain shipments at the border.\n\n\n")
TEXT = st.lists(st.sampled_from(list("ab x\n\r\t\f\u2028\u00a0&#;10") + ["&#10;", "&amp;", "\r\n", " \n"]),
                max_size=150).map("".join)


def cut_into_pieces(text: str, cuts: list[int]) -> list[str]:
    points = sorted({min(c, len(text)) for c in cuts})
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)]) if b > a]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(st.integers(0, 300), max_size=8), st.integers(1, 12))
def test_batches_hold_the_lines_split_lines_gives(text, cuts, max_chars):
    pieces = cut_into_pieces(text, cuts)
    one_by_one = [line for _, line in split_lines(iter(pieces), max_chars=max_chars, on_long=lambda _: None,
                                                  cut=lambda line, n: line[: n + 1], universal=True)]
    batches = list(split_line_batches(iter(pieces), max_chars=max_chars))
    assert all(batches)
    assert [line for batch in batches for line in batch] == one_by_one


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT.map(lambda t: t.replace("\n", "").replace("\r", "")), min_size=1, max_size=6))
def test_normalising_lines_together_is_normalising_each(lines):
    each = [part for line in lines for part in normalize_text(line).split("\n")]
    assert normalize_text("\n".join(lines)).split("\n") == each


def test_a_gzip_of_one_letter_lines_is_read_with_work_per_distinct_line(tmp_path, monkeypatch):
    letters = "xxxxyzqXY"  # "X" and "Y" are site markers (page furniture); runs of "x" are captions
    lines = "".join(f"{letters[i % len(letters)]}\n" for i in range(60_000))
    path = tmp_path / "letters.txt.gz"
    path.write_bytes(gzip.compress((HEAD + lines).encode(), compresslevel=9))
    calls = {"title": 0, "caption": 0, "furniture": 0}

    def counted(name, function):
        def call(line):
            calls[name] += 1
            return function(line)
        return call

    monkeypatch.setattr(dump, "_HEADLINE_KEY", ShortLineMemo(counted("title", dump._HEADLINE_KEY.classify)))
    monkeypatch.setattr(dump, "_CAPTION_CUES", ShortLineMemo(counted("caption", dump._CAPTION_CUES.classify)))
    monkeypatch.setattr(dump, "_FURNITURE", ShortLineMemo(counted("furniture", dump._FURNITURE.classify)))
    small = dataclasses.replace(DEFAULT_SETTINGS, stream_window_chars=50_000, max_article_chars=1_000,
                                progress_seconds=1e-9, english_only=False)
    warnings, progress = [], []
    read = list(read_paths([path], warn=warnings.append, settings=small, on_progress=progress.append))
    whole = split_dump(HEAD + lines, settings=small)
    assert [(a.id, a.title, a.text, a.captions) for a in read] == [(a.id, a.title, a.text, a.captions) for a in whole]
    assert read[0].title == "Ministers meet in Oslo on trade" and len(read) > 3
    # A few dozen distinct lines, 60,000 lines: each classified once, not once per line or per window.
    assert 0 < max(calls.values()) < 100, calls
    assert any("longer than 1,000 characters" in w for w in warnings)
    assert progress and all("still reading" in line for line in progress)


def test_very_compressible_gzip_comes_out_in_bounded_pieces(tmp_path):
    data = b"x\n" * 3_000_000 + b"end\n"
    path = tmp_path / "x.txt.gz"
    path.write_bytes(gzip.compress(data, compresslevel=9) + gzip.compress(b"second member\n"))
    warnings: list[str] = []
    with ByteSource(path, FileContext(path, DEFAULT_SETTINGS, warnings.append)) as source:
        chunks = list(source.chunks())
    assert b"".join(chunks) == data + b"second member\n" and not warnings
    assert max(map(len, chunks)) <= OUT_BYTES and len(chunks) > 5  # 32 KB of input would inflate to ~6 MB


def test_corrupt_gzip_keeps_the_megabytes_before_the_fault(tmp_path):
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    good = compressor.compress(b"x\n" * 2_000_000) + compressor.flush(zlib.Z_FULL_FLUSH)
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(good + b"\xff" * 64)  # not deflate: zlib refuses it right after the good part
    warnings: list[str] = []
    with ByteSource(path, FileContext(path, DEFAULT_SETTINGS, warnings.append)) as source:
        out = b"".join(source.chunks())
    # All but the last OUT_BYTES piece, whose call met the fault (the old reader kept nothing here:
    # 32 KB of input inflated in one call that raised).
    data = b"x\n" * 2_000_000
    assert data.startswith(out) and len(out) >= len(data) - OUT_BYTES
    assert len(warnings) == 1 and "corrupt gzip" in warnings[0]
