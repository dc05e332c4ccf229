"""Exports: JSON Lines per article, CSV and Parquet per event, Parquet per table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from wirecoder.errors import WirecoderError
from wirecoder.model import ActorRef, Article, CodedArticle, Entity, Event, Place, Quote, TimeRef, content_id
from wirecoder.store import FORMATS, Store, export


def talks_article(day: str, title: str) -> CodedArticle:
    text = "Egypt and Qatar urged Israel and Hamas to accept a truce in Cairo. Officials said more talks would follow."
    art = Article(title=title, text=text, source="Wire", reference_date=day)
    aid = art.id
    egypt = ActorRef("Egypt", "Egypt", "EGY", "GOV", 0, 5)
    qatar = ActorRef("Qatar", "Qatar", None, None, 10, 15)  # country unknown: an empty slot in the join
    israel = ActorRef("Israel", "Israel", "ISR", "GOV", 22, 28)
    hamas = ActorRef("Hamas", "Hamas", "PSE", "REB", 33, 38)
    cairo = Place("Cairo", "Cairo", "EG", 30.06, 31.25, 360630, "P.PPLC", 59, 64, aid)
    urge = Event(id=content_id(aid, "urge"), article_id=aid, sentence=text[:65], start=0, end=65, event="APPEAL",
                 cameo="020", actor=[egypt, qatar], recipient=[israel, hamas], location=cairo,
                 date=TimeRef("", day, "day", from_reference=True), trigger="urged", trigger_start=16,
                 trigger_end=21)
    follow = Event(id=content_id(aid, "follow"), article_id=aid, sentence=text[66:], start=66, end=len(text),
                   event="CONSULT", cameo="040", hypothetical=True)
    return CodedArticle(
        article=art,
        events=[urge, follow],
        quotes=[Quote(content_id(aid, "q"), aid, "more talks would follow", "indirect", 81, 104,
                      ActorRef("Officials", "Officials"), "said", 76, 80)],
        entities=[Entity("Egypt", "GPE", country="EGY", mentions=1, article_ids=[aid])],
        places=[cairo],
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "news.duckdb") as opened:
        opened.write([talks_article("2024-12-02", "Truce call"), talks_article("2024-11-01", "Earlier call")])
        yield opened


def test_jsonl_is_one_self_contained_line_per_article(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert export(store, "jsonl", out) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["article"]["title"] for line in lines] == ["Earlier call", "Truce call"]  # by reference date
    for line in lines:
        aid = line["article"]["id"]
        assert set(line) == {"article", "events", "quotes", "entities", "places", "times"}
        assert [e["event"] for e in line["events"]] == ["APPEAL", "CONSULT"]
        assert all(e["article_id"] == aid for e in line["events"] + line["quotes"] + line["places"])
        assert line["entities"][0]["article_ids"] == [aid]
    expected = talks_article("2024-11-01", "Earlier call")
    assert lines[0]["events"] == [e.to_dict() for e in expected.events]
    assert lines[0]["quotes"] == [q.to_dict() for q in expected.quotes]
    assert not list(tmp_path.glob("*.partial"))


def test_jsonl_to_stdout(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(store, "JSONL", "-") == 2
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_csv_flattens_events_with_aligned_participants(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out) == 4
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    urge = rows[0]
    assert urge["event"] == "APPEAL" and urge["reference_date"] == "2024-11-01"
    assert urge["actor_names"] == "Egypt;Qatar"
    assert urge["actor_country_iso3"] == "EGY;" and urge["actor_codes"] == "EGYGOV;"
    assert urge["recipient_names"] == "Israel;Hamas" and urge["recipient_sectors"] == "GOV;REB"
    assert urge["recipient_codes"] == "ISRGOV;PSEREB"
    assert urge["date_value"] == "2024-11-01" and urge["event_day"] == "2024-11-01"
    assert (urge["location_name"], urge["location_country_iso2"], urge["location_precision"]) == ("Cairo", "EG",
                                                                                                  "point")
    assert (urge["cameo"], urge["cameo_root"], urge["num_mentions"], urge["num_sources"]) == ("020", "02", "1", "1")
    assert float(urge["location_lat"]) == pytest.approx(30.06) and float(urge["location_lon"]) == pytest.approx(31.25)
    follow = rows[1]
    assert follow["event"] == "CONSULT" and follow["actor_names"] == "" and follow["location_name"] == ""


def test_parquet_file_holds_the_same_flat_events(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out) == 4
    con = duckdb.connect()
    rows = con.execute("SELECT event, actor_names, location_lat FROM read_parquet(?)", [str(out)]).fetchall()
    assert [r[0] for r in rows] == ["APPEAL", "CONSULT", "APPEAL", "CONSULT"]
    assert rows[0][1] == ["Egypt", "Qatar"] and rows[0][2] == pytest.approx(30.06)


def test_parquet_directory_gets_one_file_per_table(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    out.mkdir()
    counts = {**store.counts(), "merged_events": len(store.merged_events())}
    assert export(store, "parquet", out) == sum(counts.values())
    con = duckdb.connect()
    for table, n in counts.items():
        path = out / f"{table}.parquet"
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0] == n, table


def test_parquet_directory_from_trailing_slash_or_any_name_not_ending_in_parquet(store: Store, tmp_path: Path) -> None:
    rows = sum(store.counts().values()) + len(store.merged_events())
    assert export(store, "parquet", f"{tmp_path}/new/") == rows
    assert (tmp_path / "new" / "events.parquet").is_file()
    assert export(store, "parquet", tmp_path / "tables") == rows
    assert (tmp_path / "tables" / "merged_events.parquet").is_file()


def test_export_from_read_only_store(store: Store, tmp_path: Path) -> None:
    path = store.path
    store.close()
    with Store(path, read_only=True) as reader:
        for fmt in FORMATS:
            assert export(reader, fmt, tmp_path / f"out.{fmt}") > 0


def test_unknown_format_is_a_one_line_wirecoder_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(WirecoderError) as caught:
        export(store, "xlsx", tmp_path / "out.xlsx")
    assert "xlsx" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "out.xlsx").exists()


def test_empty_store_exports_headers_only(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as empty:
        assert export(empty, "jsonl", tmp_path / "e.jsonl") == 0
        assert export(empty, "csv", tmp_path / "e.csv") == 0
        assert export(empty, "parquet", tmp_path / "e.parquet") == 0
    assert (tmp_path / "e.jsonl").read_text() == ""
    assert (tmp_path / "e.csv").read_text().startswith("event_id,article_id")


def test_an_event_with_no_plover_type_is_null_not_an_empty_string(tmp_path: Path) -> None:
    coded = talks_article("2024-12-02", "Statement")
    aid = coded.article.id
    coded.events.append(Event(id=content_id(aid, "say"), article_id=aid, sentence=coded.article.text[66:], start=66,
                              end=len(coded.article.text), event="", cameo="010"))
    with Store(tmp_path / "s.duckdb") as store:
        store.write([coded])
        export(store, "parquet", tmp_path / "flat.parquet")
        export(store, "plover", tmp_path / "plover.jsonl")
    rows = duckdb.connect().execute("SELECT cameo, event FROM read_parquet(?) ORDER BY cameo",
                                    [str(tmp_path / "flat.parquet")]).fetchall()
    assert rows == [("010", None), ("020", "APPEAL"), ("040", "CONSULT")]
    plover = [json.loads(line) for line in (tmp_path / "plover.jsonl").read_text().splitlines()]
    assert [p["wirecoder"]["cameo"] for p in plover] == ["020", "040"]  # a CAMEO 01 statement is no PLOVER event
