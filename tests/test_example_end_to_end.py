"""The bundled example, end to end through the CLI: what issue 2's "done when" asks of `wirecoder code`."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "asharq-al-awsat-2024-12.txt"
TITLES = ["Blinken Presses Iraq on Iran-Backed Groups, Seeing Syria Window", "Qatar and Jordan Pledge Support to Syria"]


def wirecoder(*args, check=True):
    proc = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc


@pytest.fixture(scope="module")
def coded():
    return json.loads(wirecoder("code", EXAMPLE).stdout)


def article_id(coded, title):
    return next(a["id"] for a in coded["articles"] if a["title"] == title)


def events_of(coded, title, plover=None):
    aid = article_id(coded, title)
    return [e for e in coded["events"] if e["article_id"] == aid and (plover is None or e["event"] == plover)]


def names(refs):
    return {r["name"] for r in refs}


def test_two_articles_with_titles_captions_and_dates(coded):
    arts = coded["articles"]
    assert [a["title"] for a in arts] == TITLES
    assert [a["reference_date"] for a in arts] == ["2024-12-13", "2024-12-23"]
    assert [[c["credit"] for c in a["captions"]] for a in arts] == [
        ["Iraqi Prime Minister's Media Office / AFP"], ["Petra/dpa"]]
    assert "TT" not in json.dumps(arts).replace("TTS", "")  # no site marker anywhere
    for a in arts:
        assert "\nTT\n" not in a["text"] and not a["text"].startswith("TT")


def test_blinken_meets_sudani_in_baghdad_on_the_13th(coded):
    meetings = [e for e in events_of(coded, TITLES[0], "CONSULT")
                if "Antony Blinken" in names(e["actor"]) and "Mohammed Shia al-Sudani" in names(e["recipient"])]
    assert meetings, events_of(coded, TITLES[0])
    e = meetings[0]
    assert (e["actor"][0]["country"], e["actor"][0]["sector"]) == ("USA", "GOV")
    sudani = next(r for r in e["recipient"] if r["name"] == "Mohammed Shia al-Sudani")
    assert (sudani["country"], sudani["sector"]) == ("IRQ", "GOV")
    assert e["date"]["value"] == "2024-12-13"
    assert e["location"]["name"] == "Baghdad" and e["location"]["country"] == "IQ"


def test_blinken_requests_to_iraq(coded):
    requests = [e for e in events_of(coded, TITLES[0], "REQUEST") if "Antony Blinken" in names(e["actor"])]
    recipients = {r["country"] for e in requests for r in e["recipient"]}
    assert len(requests) >= 2 and recipients == {"IRQ"}


def test_qatar_and_jordan_pledges_to_syria(coded):
    pledges = [e for e in events_of(coded, TITLES[1]) if e["event"] in ("AGREE", "SUPPORT", "AID")
               and any(r["country"] == "SYR" for r in e["recipient"])]
    actors = {a["country"] for e in pledges for a in e["actor"]}
    assert {"QAT", "JOR"} <= actors


def test_sharaa_meetings_in_damascus_on_the_23rd(coded):
    meetings = [e for e in events_of(coded, TITLES[1], "CONSULT")
                if "Ahmed al-Sharaa" in names(e["actor"]) | names(e["recipient"])]
    assert len(meetings) >= 2
    assert {e["date"]["value"] for e in meetings} >= {"2024-12-23"}
    assert any((e["location"] or {}).get("name") == "Damascus" for e in meetings)


EXPECTED_QUOTES = [
    ("working for Iraq's sovereignty", "Antony Blinken"),
    ("I think this is a moment as well for Iraq", "Antony Blinken"),
    ("The Qatari side expressed its readiness", "Ahmed al-Sharaa"),
    ("stand alongside our brothers in Syria", "Mohammed Al-Khulaifi"),
    ("Syria and its people need support", "Mohammed Al-Khulaifi"),
    ("Our brothers in Syria also realize", "Ayman Safadi"),
    ("I focused on reconstruction efforts", "Ayman Safadi"),
]


@pytest.mark.parametrize("start,speaker", EXPECTED_QUOTES)
def test_all_seven_direct_quotes_with_their_speakers(coded, start, speaker):
    found = [q for q in coded["quotes"] if q["kind"] == "direct" and q["text"].startswith(start)]
    assert len(found) == 1, [q["text"][:40] for q in coded["quotes"]]
    assert found[0]["speaker"]["name"] == speaker


def test_offsets_point_into_the_article_text(coded):
    texts = {a["id"]: a["text"] for a in coded["articles"]}
    for e in coded["events"]:
        assert texts[e["article_id"]][e["start"]:e["end"]] == e["sentence"]
    for q in coded["quotes"]:
        assert texts[q["article_id"]][q["start"]:q["end"]] == q["text"]


def test_places_geocoded_and_hezbollah_not_a_place(coded):
    by_name = {p["name"]: p for p in coded["places"]}
    assert by_name["Baghdad"]["country"] == "IQ" and abs(by_name["Baghdad"]["lat"] - 33.34) < 0.2
    assert by_name["Damascus"]["country"] == "SY" and abs(by_name["Damascus"]["lon"] - 36.29) < 0.2
    assert not any("Hezbollah" in p["text"] for p in coded["places"])
    assert not any(p["text"] in ("Blinken", "Sudani", "Sharaa") for p in coded["places"])


def test_run_is_idempotent_and_queryable(tmp_path):
    db = tmp_path / "demo.duckdb"
    wirecoder("run", EXAMPLE, "--db", db)
    first = json.loads(wirecoder("events", "--db", db, "--format", "json").stdout)
    again = wirecoder("run", EXAMPLE, "--db", db)
    assert "already stored" in again.stdout
    second = json.loads(wirecoder("events", "--db", db, "--format", "json").stdout)
    assert len(first) == len(second) > 5
    consult = json.loads(wirecoder("events", "--db", db, "--type", "consult", "--actor", "USA",
                                   "--format", "json").stdout)
    assert consult and all(e["event"] == "CONSULT" for e in consult)
    profiles = json.loads(wirecoder("actors", "--db", db, "--name", "blinken", "--format", "json").stdout)
    assert [(a["name"], a["role"], a["country"], a["sector"]) for a in profiles] == [
        ("Antony Blinken", "Secretary of State", "USA", "GOV")]
    assert {"Blinken", "Antony Blinken"} <= set(profiles[0]["aliases"])
    shown = wirecoder("show", "--db", db).stdout
    assert TITLES[0] in shown and "Baghdad" in shown
    out = tmp_path / "events.csv"
    wirecoder("export", "--db", db, "--format", "csv", "--out", out)
    with out.open(newline="") as f:
        assert len(list(csv.DictReader(f))) == len(first)


@pytest.mark.parametrize("args,message", [
    (["code", "no/such/file.txt"], "No such file"),
    (["events", "--db", "no/such.duckdb"], "no store at"),
    (["eval", "nosuch", "."], "unknown suite"),
])
def test_errors_are_one_line_without_traceback(args, message):
    proc = wirecoder(*args, check=False)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0]
    assert "Traceback" not in proc.stderr


def test_empty_file_and_empty_directory_are_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "dir").mkdir()
    for target in (tmp_path / "empty.txt", tmp_path / "dir"):
        proc = wirecoder("code", target, check=False)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("Error:")
