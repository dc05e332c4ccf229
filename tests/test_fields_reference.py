"""docs/fields.md documents every store column and every column of every export, and nothing else."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from test_export import talks_article
from wirecoder.model import Caption, TimeRef
from wirecoder.store import Store, export
from wirecoder.store.schema import TABLES, columns

DOC = Path(__file__).resolve().parent.parent / "docs" / "fields.md"
HEADING = re.compile(r"^###\s+(?:Table|View|Line|Record|Export)\s+`([^`]+)`")
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|")
# Where each record of a JSONL line (and of `wirecoder code`) sits, by its path in the line.
RECORD_AT = {"": "jsonl", "article": "Article", "article.captions[]": "Caption", "events[]": "Event",
             "events[].actor[]": "ActorRef", "events[].recipient[]": "ActorRef", "quotes[].speaker": "ActorRef",
             "events[].date": "TimeRef", "times[]": "TimeRef", "events[].location": "Place", "places[]": "Place",
             "quotes[]": "Quote", "entities[]": "Entity"}


def documented(text: str) -> dict[str, list[str]]:
    """Section key ("events", "polecat", "Event" ...) -> the names its table lists."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif line.startswith("#"):
            current = None
        elif current is not None and (row := ROW.match(line)):
            current.append(row.group(1))
    return sections


def problems(actual: dict[str, list[str]], docs: dict[str, list[str]]) -> list[str]:
    found = []
    for key, names in actual.items():
        listed = docs.get(key, [])
        found += [f"{key}: `{n}` is not documented" for n in names if n not in listed]
        found += [f"{key}: `{n}` is documented but not there" for n in listed if n not in names]
    return found


def json_keys(obj: object, path: str, into: dict[str, list[str]]) -> None:
    """The keys of every record in ``obj``, by record type (RECORD_AT), in order of appearance."""
    if isinstance(obj, dict):
        names = into.setdefault(RECORD_AT.get(path, path), [])
        for key, value in obj.items():
            if key not in names:
                names.append(key)
            json_keys(value, f"{path}.{key}" if path else key, into)
    elif isinstance(obj, list):
        for value in obj:
            json_keys(value, path + "[]", into)


def dotted_keys(obj: object, path: str = "") -> list[str]:
    """Every key of a nested object as a dotted path ("event_loc.geonameid", "actor[].code")."""
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            here = f"{path}.{key}" if path else key
            found += [here, *dotted_keys(value, here)]
    elif isinstance(obj, list):
        for value in obj:
            found += dotted_keys(value, path + "[]")
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path | dict]:
    root = tmp_path_factory.mktemp("reference")
    coded = talks_article("2024-12-02", "Truce call")
    coded.article.captions.append(Caption("Delegates arrive in Cairo.", "AFP"))
    coded.times.append(TimeRef("Monday", "2024-12-02", "day", start=0, end=6))
    paths = {fmt: root / f"out.{fmt}" for fmt in ("jsonl", "csv", "polecat", "plover", "phoenix")}
    with Store(root / "s.duckdb") as store:
        store.write([coded])
        for fmt, path in paths.items():
            export(store, fmt, path)
        merged = [d[0] for d in store.connection.execute("SELECT * FROM merged_events LIMIT 0").description]
    return {**paths, "merged_events": merged}


def header(path: Path, delimiter: str) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle, delimiter=delimiter))


def test_every_column_of_the_store_and_the_exports_is_documented(exports) -> None:
    actual = {table: columns(table) for table in TABLES}
    actual["merged_events"] = exports["merged_events"]
    actual["flat"] = header(exports["csv"], ",")
    actual["polecat"] = header(exports["polecat"], "\t")
    actual["phoenix"] = header(exports["phoenix"], "\t")
    plover = [json.loads(line) for line in exports["plover"].read_text(encoding="utf-8").splitlines()]
    actual["plover"] = list(dict.fromkeys(k for line in plover for k in dotted_keys(line)))
    records: dict[str, list[str]] = {}
    for line in exports["jsonl"].read_text(encoding="utf-8").splitlines():
        json_keys(json.loads(line), "", records)
    assert set(records) == set(RECORD_AT.values()), "a JSONL record type without a section"
    actual.update(records)
    assert problems(actual, documented(DOC.read_text(encoding="utf-8"))) == []


def test_a_new_column_without_a_line_fails() -> None:
    docs = documented(DOC.read_text(encoding="utf-8"))
    assert problems({"events": [*columns("events"), "severity"]}, docs) == ["events: `severity` is not documented"]
    assert problems({"events": columns("events")[1:]}, docs) == ["events: `article_id` is documented but not there"]
