"""Hostile and broken input: one warning line and a skip each, never an exception, never a hang."""

import codecs
import dataclasses
import gzip
import json
import os
import resource
import time
import tracemalloc

import pytest
import zstandard

from wirecoder.errors import InputError
from wirecoder.ingest import formats, read_paths, split_dump
from wirecoder.ingest.settings import IngestSettings

SENTENCE = "Officials said the talks would resume in the capital next week after a long pause. "
ARTICLE = f"Talks to resume next week\n\n{SENTENCE * 3}\n\nThe previous round ended without agreement in March.\n"


def read(paths, **kwargs):
    warnings: list[str] = []
    return list(read_paths(paths, warn=warnings.append, **kwargs)), warnings


def good_file(tmp_path, name="good.txt"):
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\r\n", codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le")])
def test_empty_and_whitespace_files_warn_once(tmp_path, content):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    articles, warnings = read([empty, good_file(tmp_path)])
    assert len(articles) == 1
    assert warnings == [f"{empty}: empty file; skipped"]
    with pytest.raises(InputError, match="empty file"):
        read([empty])


@pytest.mark.parametrize("name", ["blob.bin", "blob.html", "blob.csv", "blob.jsonl", "blob.rss", "blob.gz"])
def test_binary_files_are_skipped_whatever_their_name(tmp_path, name):
    blob = tmp_path / name
    data = bytes(range(256)) * 64
    blob.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    articles, warnings = read([blob, good_file(tmp_path)])
    assert len(articles) == 1
    assert len(warnings) == 1 and name in warnings[0] and "binary" in warnings[0]


def test_invalid_utf8_keeps_the_valid_text_and_warns_once(tmp_path):
    path = tmp_path / "mixed.txt"
    body = "The envoy\u2019s visit to S\u00e3o Paulo was confirmed. ".encode() + b"A caf\xe9 owner said \x93no\x94. "
    path.write_bytes(b"Envoy visits Brazil\n\n" + body * 3 + b"\xff\xfe\xfa\n")
    [article], warnings = read([path])
    assert "The envoy\u2019s visit to S\u00e3o Paulo" in article.text  # valid UTF-8 untouched
    assert "A caf\u00e9 owner said \u201cno\u201d." in article.text  # cp1252 bytes
    assert len(warnings) == 1 and "not valid UTF-8" in warnings[0]


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom_in_every_format(tmp_path, encoding, bom):
    (tmp_path / "a.txt").write_bytes(bom + ARTICLE.encode(encoding))
    record = json.dumps({"title": "Talks", "text": SENTENCE}) + "\n"
    (tmp_path / "b.jsonl").write_bytes(bom + (record * 2).encode(encoding))
    (tmp_path / "c.csv").write_bytes(bom + f'title,text\nTalks,"{SENTENCE}"\n'.encode(encoding))
    articles, warnings = read([tmp_path])
    assert [a.title for a in articles] == ["Talks to resume next week", "Talks", "Talks", "Talks"]
    assert all("UTF-16" in w for w in warnings) and len(warnings) == 3


def test_one_line_50_mb_article_is_cut_at_a_sentence(tmp_path):
    path = tmp_path / "huge.txt"
    line = SENTENCE * (50_000_000 // len(SENTENCE))
    path.write_text("Talks to resume next week\n\n" + line, encoding="utf-8")
    del line
    started = time.perf_counter()
    [article], warnings = read([path])
    assert time.perf_counter() - started < 20
    assert len(article.text) <= IngestSettings().max_article_chars
    assert len(article.text) > IngestSettings().max_article_chars - 2 * len(SENTENCE)  # the title counts too
    assert article.text.endswith("pause.") and article.title == "Talks to resume next week"
    assert len(warnings) == 1 and "'Talks to resume next week'" in warnings[0] and "max_article_chars" in warnings[0]


def test_long_article_record_is_cut_at_a_paragraph(tmp_path):
    paragraphs = [f"Paragraph {i}. {SENTENCE * 5}".strip() for i in range(40)]
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"title": "Long story", "text": "\n\n".join(paragraphs)}) + "\n", encoding="utf-8")
    settings = IngestSettings(max_article_chars=5000)
    [article], warnings = read([path], settings=settings)
    kept = article.text.split("\n\n")
    assert kept == paragraphs[: len(kept)] and 2500 <= len(article.text) <= 5000
    assert len(warnings) == 1 and "'Long story'" in warnings[0] and "cut" in warnings[0]
    # A dump article too.
    dump = "Long story\n\n" + "\n\n".join(paragraphs)
    cut_warnings: list[str] = []
    [article] = split_dump(dump, settings=settings, warn=cut_warnings.append)
    assert article.text.split("\n\n") == paragraphs[: len(article.paragraphs)] and len(article.text) <= 5000
    assert len(cut_warnings) == 1


def test_deeply_nested_and_broken_html(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 5, encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text(f"<html><head><title>Talks resume</title><body><div><p>{SENTENCE * 3}<b><i></div>"
                      f"</table><p>{SENTENCE}</span></td><p>The previous round ended in March.", encoding="utf-8")
    started = time.perf_counter()
    articles, warnings = read([deep, broken])
    assert time.perf_counter() - started < 20
    assert [a.title for a in articles] == ["Talks resume"] and "The previous round ended in March." in articles[0].text
    assert len(warnings) == 1 and "deep.html" in warnings[0] and "skipped" in warnings[0]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>Entry &lol9;</title><link>https://example.org/1</link>
<description>Officials said &lol9; the talks would resume next week.</description></item>
</channel></rss>"""


def test_xml_entity_bomb_in_a_feed_is_refused(tmp_path):
    bomb = tmp_path / "laughs.rss"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    external = tmp_path / "xxe.xml"
    external.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        "<rss><channel><item><title>&x;</title><description>&x;</description></item></channel></rss>",
                        encoding="utf-8")
    started = time.perf_counter()
    articles, warnings = read([bomb, external, good_file(tmp_path)])
    assert time.perf_counter() - started < 5
    assert len(articles) == 1
    assert len(warnings) == 2 and all("entities" in w for w in warnings)


def test_feedparser_itself_does_not_expand_entities():
    """Even without the refusal above, the parser leaves entity references unexpanded."""
    import feedparser

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    parsed = feedparser.parse(BILLION_LAUGHS.encode())
    assert time.perf_counter() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB
    for entry in parsed.entries:
        assert len(entry.get("title", "")) < 100 and "lollol" not in entry.get("summary", "")


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    stories = "".join(f"Story number {i} is here\n\n{SENTENCE * 20}\n\n\n\n" for i in range(200))
    data = gzip.compress(stories.encode())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    articles, warnings = read([path])
    assert 20 < len(articles) < 200
    assert [a.title for a in articles[:-1]] == [f"Story number {i} is here" for i in range(len(articles) - 1)]
    assert len(warnings) == 1 and "truncated gzip" in warnings[0]


def test_truncated_zstd_and_corrupt_gzip(tmp_path):
    stories = "".join(json.dumps({"title": f"Story {i}", "text": SENTENCE * 20}) + "\n" for i in range(300))
    compressed = zstandard.ZstdCompressor().compress(stories.encode())
    (tmp_path / "a.jsonl.zst").write_bytes(compressed[: len(compressed) * 2 // 3])
    data = bytearray(gzip.compress(stories.encode()))
    data[len(data) // 2: len(data) // 2 + 64] = b"\x00" * 64
    (tmp_path / "b.jsonl.gz").write_bytes(bytes(data))
    articles, warnings = read([tmp_path])
    assert len(articles) > 2
    assert any("a.jsonl.zst" in w and "truncated zstd" in w for w in warnings)
    assert any("b.jsonl.gz" in w and ("corrupt gzip" in w or "skipped" in w) for w in warnings)


def test_decompression_bomb_stops_at_max_file_bytes(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode() + b" " * 20_000_000))
    settings = IngestSettings(max_file_bytes=1_000_000)
    articles, warnings = read([path], settings=settings)
    assert len(articles) == 1
    assert len(warnings) == 1 and "max_file_bytes" in warnings[0]


def test_jsonl_nesting_bombs_and_too_many_bad_lines(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = ["[" * 100_000 + "]" * 100_000] + ["{broken"] * 30 + [json.dumps({"title": "Good", "text": SENTENCE})]
    path.write_text("\n".join(lines), encoding="utf-8")
    [article], warnings = read([path])
    assert article.title == "Good"
    # 20 record warnings, then one line that counts the rest.
    assert len(warnings) == 21 and "nested too deeply" in warnings[0] and "11 more warnings" in warnings[-1]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply"):
        read([deep])


def test_csv_with_an_unclosed_quote(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text(f'title,text\nFirst,"{SENTENCE}"\nSecond,"{SENTENCE}\n' + "more text\n" * 100, encoding="utf-8")
    articles, _ = read([path])
    assert [a.title for a in articles][:1] == ["First"]


ARABIC = "قال وزير الخارجية إن المحادثات ستستمر الأسبوع المقبل في العاصمة بعد اجتماع طويل مع الوفد. "
CHINESE = "外交部长表示，会谈将于下周在首都继续举行，双方代表团进行了长时间的会晤。"
RUSSIAN = "Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе в столице. "
FRENCH = ("Le ministre des affaires étrangères a déclaré que les négociations se poursuivront la semaine "
          "prochaine dans la capitale, après une longue réunion avec la délégation qui est arrivée mardi. ")
SPANISH = ("El ministro de asuntos exteriores dijo que las negociaciones continuarán la próxima semana en "
           "la capital, después de una larga reunión con la delegación que llegó el martes. ")
GERMAN = ("Der Außenminister sagte, dass die Verhandlungen in der nächsten Woche in der Hauptstadt "
          "fortgesetzt werden, nach einem langen Treffen mit der Delegation, die am Dienstag ankam. ")


@pytest.mark.parametrize("name, body, reason", [
    ("arabic", ARABIC * 4, "Arabic"),
    ("chinese", CHINESE * 4, "Chinese"),
    ("russian", RUSSIAN * 4, "Russian"),
    ("french", FRENCH * 3, "French"),
    ("spanish", SPANISH * 3, "Spanish"),
    ("german", GERMAN * 3, "German"),
])
def test_articles_not_in_english_are_skipped(tmp_path, name, body, reason):
    path = tmp_path / f"{name}.jsonl"
    path.write_text(json.dumps({"title": "Headline", "text": body}) + "\n"
                    + json.dumps({"title": "English", "text": ARTICLE}) + "\n", encoding="utf-8")
    articles, warnings = read([path])
    assert [a.title for a in articles] == ["English"]
    assert len(warnings) == 1 and "not English" in warnings[0] and reason in warnings[0]
    articles, warnings = read([path], settings=IngestSettings(english_only=False))
    assert len(articles) == 2 and warnings == []


def test_english_with_foreign_names_and_quotes_or_line_ups_stays(tmp_path):
    path = tmp_path / "mixed.jsonl"
    quote = f"{SENTENCE * 3}The sign read \u201c{ARABIC.strip()}\u201d, a witness said."
    line_up = ("Worcester: Delport; Pieters, Rasmussen, Lombard, O'Leary; Brown, Powell; Windo, Van Niekerk, "
               "Horsman; Collier, Gillies. Replacements: Fortey, Murphy, Daly, Vaili, Cole, Hayes, Trueman. "
               "Sale: Hanley; Mayor, Payne, Rhys Jones, Wigglesworth; Hercus, Redpath (capt); Turner, Roddam.")
    path.write_text(json.dumps({"title": "Sign", "text": quote}) + "\n"
                    + json.dumps({"title": "Line-ups", "text": line_up}) + "\n", encoding="utf-8")
    articles, warnings = read([path])
    assert [a.title for a in articles] == ["Sign", "Line-ups"] and warnings == []


def test_a_reader_crash_is_one_warning_and_the_batch_goes_on(tmp_path, monkeypatch):
    def explode(source, context):
        yield from ()
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setitem(formats.READERS, "csv", explode)
    (tmp_path / "a.csv").write_text("title,text\nx,y\n", encoding="utf-8")
    good_file(tmp_path, "b.txt")
    articles, warnings = read([tmp_path])
    assert len(articles) == 1
    assert warnings == [f"{tmp_path / 'a.csv'}: could not be read (RuntimeError: boom with a second line); skipped"]


def test_input_error_only_for_missing_paths_and_nothing_read(tmp_path):
    with pytest.raises(InputError, match="No such file"):
        read_paths([good_file(tmp_path), tmp_path / "missing.txt"])  # at once, before reading
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "empty.txt").write_text("")
    (hostile / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (hostile / "arabic.txt").write_text("عنوان\n\n" + ARABIC * 4, encoding="utf-8")
    warnings: list[str] = []
    with pytest.raises(InputError, match="No articles could be read") as caught:
        list(read_paths([hostile], warn=warnings.append))
    assert "\n" not in str(caught.value)
    assert len(warnings) == 3


def test_settings_are_frozen_with_documented_defaults():
    settings = IngestSettings()
    assert (settings.max_article_chars, settings.max_sentence_tokens, settings.max_token_chars) == (200_000, 300, 1000)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.max_article_chars = 5  # type: ignore[misc]


def test_streaming_matches_whole_text_and_stays_in_bounded_memory(tmp_path):
    def dump(count):
        return "".join(f"Story number {i} is here\n\n{SENTENCE * 8}\n\n{SENTENCE * 5}\n\n\n\n" for i in range(count))

    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(dump(300), encoding="utf-8")  # 330 KB, more than one read buffer
    large.write_text(dump(900), encoding="utf-8")  # 1 MB
    settings = IngestSettings(stream_window_chars=20_000)
    whole = split_dump(dump(300), settings=IngestSettings(stream_window_chars=10**9))
    assert [(a.id, a.text) for a in read_paths([small], settings=settings)] == [(a.id, a.text) for a in whole]

    def peak(path):
        tracemalloc.start()
        try:
            assert sum(1 for _ in read_paths([path], settings=settings)) > 0
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # Memory does not grow with the file: 3x the text, about the same peak (read buffers).
    small_peak, large_peak = peak(small), peak(large)
    assert large_peak < 1.3 * small_peak and large_peak < large.stat().st_size / 2


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("WIRECODER_SLOW") != "1", reason="set WIRECODER_SLOW=1 to run")
def test_200_mb_dump_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.txt"
    story = "Story number {i} is here\n\n" + f"{SENTENCE * 8}\n\n" * 6 + "\n\n"
    with path.open("w", encoding="utf-8") as handle:
        written = i = 0
        while written < 200_000_000:
            written += handle.write(story.format(i=i))
            i += 1
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = sum(1 for _ in read_paths([path]))
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert count == i
    assert grown_kb < 200_000  # far below the 200 MB of the file


def test_no_catastrophic_backtracking_on_date_lines_and_junk_dates():
    from wirecoder.ingest.reference_date import is_date_only, parse_metadata_date

    started = time.perf_counter()
    assert not is_date_only("13 December 2024 " + "on " * 22 + "x")  # was exponential in the "on"s
    assert is_date_only("Published on Friday 13 December 2024 at 10:30 GMT")
    assert time.perf_counter() - started < 1
    parse_metadata_date("2024 warm-up")  # imports the date libraries
    started = time.perf_counter()
    assert parse_metadata_date("2024 " + "x " * 40) is None  # dateparser guessed among all languages: 6 s
    assert parse_metadata_date("2024 " + "x " * 50_000) is None
    assert time.perf_counter() - started < 2


def test_a_feed_holding_a_file_name_does_not_read_that_file(tmp_path):
    secret = tmp_path / "secret.rss"
    secret.write_text(f"<rss><channel><item><title>Secret</title><description>{SENTENCE}</description>"
                      "</item></channel></rss>", encoding="utf-8")
    pointer = tmp_path / "pointer.rss"
    pointer.write_bytes(str(secret).encode())
    articles, warnings = read([pointer, good_file(tmp_path)])
    assert [a.title for a in articles] == ["Talks to resume next week"]
    assert len(warnings) == 1 and "pointer.rss" in warnings[0]
