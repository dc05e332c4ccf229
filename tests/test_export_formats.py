"""Every export of the bundled example, read back the way analysts read it: pandas and pyarrow for CSV and
Parquet, json for PLOVER, csv for POLECAT and Phoenix; types and values checked."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wirecoder.ingest import read_paths
from wirecoder.store import Store, export
from wirecoder.store.formats import phoenix, polecat
from wirecoder.store.formats.flat import CSV_DTYPES

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "asharq-al-awsat-2024-12.txt"
OUTLET = "Asharq Al-Awsat"


@pytest.fixture(scope="module")
def exported(tmp_path_factory, nlp) -> dict[str, Path]:
    """The example coded into a store and exported in every format."""
    from wirecoder.pipeline import Pipeline

    root = tmp_path_factory.mktemp("exports")
    coded = list(Pipeline(nlp=nlp).code_articles(read_paths([EXAMPLE], source=OUTLET)))
    files = {"csv": root / "events.csv", "parquet": root / "events.parquet", "tables": root / "tables",
             "polecat": root / "events.polecat.tsv", "plover": root / "events.plover.jsonl",
             "phoenix": root / "events.phoenix.tsv"}
    with Store(root / "example.duckdb") as store:
        store.write(coded)
        for name, path in files.items():
            assert export(store, "parquet" if name == "tables" else name, path) > 0
        files["counts"] = store.counts()
    return files


def is_meeting(actors, recipients) -> bool:
    return "Antony Blinken" in actors and "Mohammed Shia al-Sudani" in recipients


def test_csv_reads_back_with_pandas_with_codes_kept_as_strings(exported) -> None:
    frame = pd.read_csv(exported["csv"], dtype=CSV_DTYPES, keep_default_na=True)
    assert len(frame) > 10
    assert frame["cameo"].str.fullmatch(r"\d{3,4}").all() and frame["cameo"].str.startswith("0").any()
    assert (frame["cameo_root"] == frame["cameo"].str[:2]).all()
    assert frame["num_mentions"].dtype.kind == "i" and (frame["num_mentions"] >= 1).all()
    assert set(frame["source"]) == {OUTLET}
    located = frame.dropna(subset=["location_country_iso2"])
    assert located["location_country_iso2"].str.fullmatch(r"[A-Z]{2}").all()
    assert set(located["location_precision"]) <= {"point", "admin2", "admin1", "country", "region"}
    meeting = frame[frame["actor_names"].fillna("").str.contains("Antony Blinken")
                    & frame["recipient_names"].fillna("").str.contains("Mohammed Shia al-Sudani")
                    & (frame["event"] == "CONSULT")].iloc[0]
    assert meeting["actor_country_iso3"] == "USA" and meeting["actor_codes"] == "USAGOV"
    assert "IRQGOV" in meeting["recipient_codes"].split(";")
    assert (meeting["location_name"], meeting["location_country_iso2"]) == ("Baghdad", "IQ")
    assert pd.Timestamp(meeting["event_day"]).date() == dt.date(2024, 12, 13)


def test_flat_parquet_has_dates_lists_and_numbers_typed(exported) -> None:
    table = pq.read_table(exported["parquet"])
    schema = table.schema
    for name in ("reference_day", "event_day"):
        assert schema.field(name).type == pa.date32(), name
    for name in ("actor_names", "actor_codes", "actor_country_iso3", "recipient_codes", "recipient_sectors"):
        assert schema.field(name).type == pa.list_(pa.string()), name
    assert schema.field("cameo").type == pa.string() and schema.field("num_sources").type == pa.int64()
    assert schema.field("location_lat").type == pa.float64() and schema.field("negated").type == pa.bool_()
    rows = table.to_pylist()
    meeting = next(r for r in rows if r["event"] == "CONSULT" and is_meeting(r["actor_names"], r["recipient_names"]))
    assert meeting["event_day"] == dt.date(2024, 12, 13) and meeting["location_geonameid"] == 98182
    assert meeting["actor_codes"] == ["USAGOV"] and meeting["actor_country_iso3"] == ["USA"]
    assert len(meeting["recipient_codes"]) == len(meeting["recipient_names"])  # position-aligned
    frame = pd.read_parquet(exported["parquet"])
    assert len(frame) == len(rows) and frame["event_day"].dropna().map(type).eq(dt.date).all()


def test_parquet_folder_has_one_typed_file_per_table(exported) -> None:
    folder = exported["tables"]
    for table, count in exported["counts"].items():
        assert pq.read_metadata(folder / f"{table}.parquet").num_rows == count, table
    assert pq.read_schema(folder / "articles.parquet").field("reference_day").type == pa.date32()
    assert pq.read_schema(folder / "events.parquet").field("day").type == pa.date32()
    merged = pq.read_table(folder / "merged_events.parquet").to_pylist()
    assert merged and all(m["num_mentions"] >= m["num_articles"] >= 1 for m in merged)


def test_plover_json_lines_follow_the_manual(exported) -> None:
    lines = [json.loads(line) for line in exported["plover"].read_text(encoding="utf-8").splitlines()]
    assert lines and all(line["event"] for line in lines)  # CAMEO 01 statements are no PLOVER events
    for line in lines:
        assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                "quad_code", "text_info", "cite_info", "wirecoder"} <= set(line)
        assert line["cite_info"]["publication"] == OUTLET and line["cite_info"]["language"] == "en"
        info = line["text_info"]
        assert 0 <= info["start"] < info["end"] and isinstance(info["sequence"], int)
    meeting = next(line for line in lines if line["event"] == ["CONSULT"] and is_meeting(
        [a["identifier_text"] for a in line["actor"]], [r["identifier_text"] for r in line["recipient"]]))
    blinken = meeting["actor"][0]
    assert (blinken["code"], blinken["sector"], blinken["cameo_code"]) == ("USA", "GOV", "USAGOV")
    assert blinken["entity_text"] and blinken["entity_text"] in meeting["text"]
    loc = meeting["event_loc"]
    assert (loc["geonameid"], loc["country_code"], loc["cc3"], loc["resolution"]) == (98182, "IQ", "IRQ", "point")
    assert meeting["date"] == "2024-12-13" and meeting["quad_code"] == 1
    assert isinstance(meeting["event_scale"], float)
    own = meeting["wirecoder"]
    assert own["date"]["granularity"] == "day" and own["negated"] is False and 0 < own["confidence"] <= 1
    assert own["num_mentions"] >= 1


def tsv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return list(reader.fieldnames or []), list(reader)


def test_polecat_tsv_has_the_weekly_layout(exported) -> None:
    header, rows = tsv_rows(exported["polecat"])
    assert header == polecat.COLUMNS and rows
    assert all(len(r) == len(header) and None not in r for r in rows)  # no stray tabs
    meeting = next(r for r in rows if r["Event Type"] == "CONSULT" and is_meeting(
        r["Actor Name"].split(";"), r["Recipient Name"].split(";")))
    assert (meeting["Actor Country"], meeting["Actor COW"], meeting["Primary Actor Sector"]) == ("USA", "2", "GOV")
    sudani = meeting["Recipient Name"].split(";").index("Mohammed Shia al-Sudani")
    assert meeting["Recipient COW"].split(";")[sudani] == "645"
    assert meeting["Actor Title"] == "Secretary of State" and meeting["Actor Name Raw"]
    assert (meeting["Placename"], meeting["City"], meeting["Country"], meeting["GeoNames ID"]) == (
        "Baghdad", "Baghdad", "IRQ", "98182")
    assert meeting["Event Date"] == "2024-12-13" and meeting["Publication Date"] == "2024-12-13"
    assert -10 <= float(meeting["Event Intensity"]) <= 10 and meeting["Quad Code"] == "1"
    assert "Antony Blinken" in meeting["Story People"].split(";") and "Baghdad" in meeting["Story Locations"]
    assert (meeting["Source"], meeting["Language"]) == (OUTLET, "en") and meeting["Version"].startswith("wirecoder ")


def test_phoenix_tsv_has_one_row_per_pair_with_cameo_actor_codes(exported) -> None:
    header, rows = tsv_rows(exported["phoenix"])
    assert header == phoenix.COLUMNS and rows
    pair = next(r for r in rows if r["SourceActorFull"] == "USAGOV" and r["TargetActorFull"] == "IRQGOV"
                and r["EventRootCode"] == "04")
    assert (pair["SourceActorEntity"], pair["SourceActorRole"]) == ("USA", "GOV")
    assert pair["EventCode"].startswith("04") and pair["QuadClass"] == "1" and float(pair["GoldsteinScore"]) > 0
    assert (pair["Date"], pair["Year"], pair["Month"], pair["Day"]) == ("20241213", "2024", "12", "13")
    assert (pair["LocationName"], pair["CountryCode"]) == ("Baghdad", "IRQ")
    article, _, sentence = pair["SentenceID"].rpartition("_")
    assert len(article) == 16 and sentence.isdigit() and pair["NewsSources"] == OUTLET
    assert all(r["EventID"].rsplit("_", 1)[1].isdigit() for r in rows)
