"""The events workbench over a varied synthetic store (no spaCy): sorting, provenance, facets,
country names, relative and impossible dates, safe article links.  Expected figures are
recomputed here in Python from the store's own ``Store.events()`` / ``mentions()``, never typed in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wirecoder.errors import StoreError
from wirecoder.store import Store
from wirecoder.store.countries import resolve_country
from wirecoder.store.dates import date_bound
from wirecoder.store.event_search import SORTS
from wirecoder.store.synthetic import build_workbench_store
from wirecoder.web import create_app

ARTICLES = 180  # 900 events: one API page holds them all


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("workbench") / "wb.duckdb"
    build_workbench_store(db, articles=ARTICLES, events=5)
    return db


@pytest.fixture(scope="module")
def everything(store_path: Path) -> list[dict]:
    with Store(store_path, read_only=True) as store:
        return store.events()


@pytest.fixture(scope="module")
def client(store_path: Path) -> TestClient:
    return TestClient(create_app(str(store_path)))


def _all(client: TestClient, **params) -> list[dict]:
    found = client.get("/api/events", params={**params, "limit": 1000, "provenance": "true"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["total"] == len(body["items"])
    return body["items"]


def test_every_column_sorts_both_ways(client: TestClient, everything: list[dict]) -> None:
    default = [e["id"] for e in _all(client)]
    assert default == [e["id"] for e in everything]  # no sort: the store's order
    for key in SORTS:
        up, down = _all(client, sort=key), _all(client, sort="-" + key)
        assert sorted(e["id"] for e in up) == sorted(default), key
        assert [e["id"] for e in up] != [e["id"] for e in down], key
    confidences = [e["confidence"] for e in _all(client, sort="-confidence")]
    assert confidences == sorted(confidences, reverse=True)
    assert confidences[0] == max(e["confidence"] for e in everything)
    titles = [e["provenance"]["article_title"] for e in _all(client, sort="title")]
    assert titles == sorted(titles)
    reported = [e["provenance"]["num_articles"] for e in _all(client, sort="-articles")]
    assert reported == sorted(reported, reverse=True) and reported[0] > 1
    bad = client.get("/api/events", params={"sort": "colour"})
    assert bad.status_code == 422 and list(bad.json()) == ["error"]


def test_provenance_counts_the_articles_and_outlets_reporting_an_event(store_path: Path, client: TestClient) -> None:
    with Store(store_path, read_only=True) as store:
        mentions = store.mentions()
        sources = {a["id"]: a["source"] for a in store.articles()}
    by_key: dict[str, list[dict]] = {}
    for m in mentions:
        by_key.setdefault(m["event_key"], []).append(m)
    for event in _all(client, sort="-sources")[:20]:
        key = next(m["event_key"] for m in mentions if m["event_id"] == event["id"] and not m["copied"])
        reports = by_key[key]
        assert event["provenance"]["num_articles"] == len({m["article_id"] for m in reports})
        assert event["provenance"]["num_sources"] == len({m["source"] for m in reports})
        assert event["provenance"]["source"] == sources[event["article_id"]]


def test_confidence_type_and_location_filters(client: TestClient, everything: list[dict]) -> None:
    sure = _all(client, min_confidence="0.75")
    assert {e["id"] for e in sure} == {e["id"] for e in everything if e["confidence"] >= 0.75}
    untyped = _all(client, type="none")
    assert untyped and {e["id"] for e in untyped} == {e["id"] for e in everything if not e["event"]}
    in_syria = {e["id"] for e in everything if e["location"] and e["location"]["country"] == "SY"}
    assert {e["id"] for e in _all(client, location_country="Syria")} == in_syria
    # "country" also takes participants: more events than those located in Syria
    involving = {e["id"] for e in everything if (e["location"] and e["location"]["country"] == "SY")
                 or any(a["country"] == "SYR" for a in e["actor"] + e["recipient"])}
    assert {e["id"] for e in _all(client, country="Syria")} == involving and involving > in_syria


@pytest.mark.parametrize("names", [("UK", "Britain", "GB", "GBR", "united kingdom"), ("Syria", "SY", "SYR")])
def test_country_filters_take_names_and_aliases(client: TestClient, names: tuple[str, ...]) -> None:
    found = [{e["id"] for e in _all(client, country=name)} for name in names]
    assert found[0] and all(f == found[0] for f in found), names


def test_facets_count_the_matching_events_and_a_value_filters_to_its_count(client: TestClient,
                                                                           everything: list[dict]) -> None:
    facets = {f["param"]: f for f in client.get("/api/events/facets", params={"size": 50}).json()["facets"]}
    assert set(facets) == {"type", "quad", "participant_country", "location_country", "source", "precision"}
    types = Counter(e["event"] or "none" for e in everything)
    assert {v["value"]: v["count"] for v in facets["type"]["values"]} == dict(types)
    precisions = Counter(e["date"]["granularity"] if e["date"] else "article date" for e in everything)
    assert {v["value"]: v["count"] for v in facets["precision"]["values"]} == dict(precisions)
    for param in facets:
        top = facets[param]["values"][0]
        assert client.get("/api/events", params={param: top["value"]}).json()["total"] == top["count"], param
    # under a filter, the facets count only what matches it
    narrowed = client.get("/api/events/facets", params={"source": "Gulf Daily"}).json()["facets"]
    sources = next(f for f in narrowed if f["param"] == "source")["values"]
    assert [v["value"] for v in sources] == ["Gulf Daily"]


def test_relative_dates_and_impossible_ones(client: TestClient) -> None:
    today = dt.date(2025, 3, 14)
    assert date_bound("since", "last month", today) == "2025-02-01"
    assert date_bound("until", "last month", today) == "2025-02-28"
    assert date_bound("since", "past 7 days", today) == "2025-03-07"
    assert date_bound("since", "2024-2", today) == "2024-02"
    for bad in ("2024-02-30", "2024-13", "Dec 2024", "soonish"):
        with pytest.raises(StoreError):
            date_bound("since", bad, today)
        refused = client.get("/api/events", params={"since": bad})
        assert refused.status_code == 422 and "since must be a date such as 2024-12-01" in refused.json()["error"]
    assert client.get("/api/events", params={"until": "last month"}).status_code == 200
    page = client.get("/events", params={"since": "2024-02-30"})
    assert page.status_code == 422 and "not a real date" in page.text


def test_unknown_country_is_refused_in_plain_words(client: TestClient) -> None:
    with pytest.raises(StoreError):
        resolve_country("Atlantis")
    refused = client.get("/api/events", params={"country": "Atlantis"})
    assert refused.status_code == 422 and "country's name such as Iraq" in refused.json()["error"]


def test_only_web_addresses_become_links(store_path: Path, client: TestClient) -> None:
    with Store(store_path, read_only=True) as store:
        articles = store.articles()
    risky = next(a for a in articles if a["url"].startswith("javascript:"))
    page = client.get(f"/articles/{risky['id']}").text
    assert 'href="javascript:' not in page and "javascript:alert(document.domain)" in page
    safe = next(a for a in articles if a["url"].startswith("https://"))
    assert f'href="{safe["url"]}"' in client.get(f"/articles/{safe['id']}").text


def test_events_page_shows_quality_columns_facets_and_sort_links(client: TestClient) -> None:
    page = client.get("/events", params={"sort": "-confidence", "source": "Gulf Daily"}).text
    for header in ("Conf.", "Articles", "Sources", "Article", "Source"):
        assert f">{header}" in page
    assert 'aria-sort="descending"' in page
    assert 'href="/events?source=Gulf+Daily&amp;sort=confidence"' in page  # a second click flips it
    assert 'class="facets"' in page and "no PLOVER type" in page
    assert 'name="sort" value="-confidence"' in page  # the form keeps the sort for its next request


def test_quotes_have_anchors_and_a_partial_quote_is_listed_once(store_path: Path, client: TestClient) -> None:
    with Store(store_path, read_only=True) as store:
        stored = store.quotes()
    nested = [q for q in stored if any(o is not q and o["article_id"] == q["article_id"] and o["start"] <= q["start"]
                                       and q["end"] <= o["end"] for o in stored)]
    assert nested  # the corpus has partial quotes inside longer ones
    listed = client.get("/api/quotes", params={"limit": 1000}).json()
    assert listed["total"] == len(stored) - len(nested)
    assert not {q["id"] for q in listed["items"]} & {q["id"] for q in nested}
    inner = nested[0]
    outer = next(o for o in stored if o["article_id"] == inner["article_id"] and o is not inner)
    page = client.get(f"/articles/{inner['article_id']}").text
    assert f'id="quote-{outer["id"]}"' in page and f'id="quote-{inner["id"]}"' not in page
    assert f'data-quote="{outer["id"]}"' in page  # the quote in the text carries its id
    quotes_page = client.get("/quotes", params={"q": outer["text"]}).text
    assert f'href="/articles/{outer["article_id"]}#quote-{outer["id"]}"' in quotes_page


@pytest.mark.parametrize("kind, params", [("quotes", {"kind": "direct"}), ("actors", {"label": "PERSON"}),
                                          ("articles", {"source": "Gulf Daily"})])
def test_quotes_actors_and_articles_download_like_events(client: TestClient, kind: str, params: dict) -> None:
    listed = client.get(f"/api/{kind}", params={**params, "limit": 1000}).json()
    as_json = client.get(f"/api/{kind}/download", params={**params, "format": "json"})
    assert as_json.status_code == 200 and f"wirecoder-{kind}.json" in as_json.headers["content-disposition"]
    records = as_json.json()
    key = "name" if kind == "actors" else "id"
    assert [r[key] for r in records] == [r[key] for r in listed["items"]] and len(records) == listed["total"]
    as_csv = client.get(f"/api/{kind}/download", params=params)
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(as_csv.text)))
    assert len(lines) == listed["total"] + 1 and lines[0][0] == key
    page = client.get(f"/{kind}", params=params).text
    assert f"/api/{kind}/download?" in page


def test_openapi_documents_the_error_shape_and_the_bodies(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and schemas["Error"]["required"] == ["error"]
    events = spec["paths"]["/api/events"]["get"]["responses"]
    assert events["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/EventPage")
    assert events["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    for path in ("/api/quotes", "/api/actors", "/api/articles", "/api/places", "/api/aggregates/timeline",
                 "/api/aggregates/pairs", "/api/events/facets", "/api/articles/{article_id}"):
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok.get("$ref", "").split("/")[-1] in schemas, path
    for path in ("/api/quotes/download", "/api/actors/download", "/api/articles/download"):
        assert path in spec["paths"]


@pytest.mark.parametrize("params, says", [
    ({"limit": "ten"}, "limit must be a whole number, got 'ten'"),
    ({"limit": "0"}, "limit must be at least 1"),
    ({"quad": "7"}, "quad must be 1, 2, 3 or 4"),
    ({"min_confidence": "2"}, "min_confidence must be a number from 0 to 1"),
    ({"sort": "colour"}, "sort must be a column name"),
])
def test_parameter_errors_are_plain_sentences(client: TestClient, params: dict, says: str) -> None:
    refused = client.get("/api/events", params=params)
    assert refused.status_code == 422 and refused.json()["error"].startswith(says), refused.json()
    assert "pattern" not in refused.json()["error"] and "^" not in refused.json()["error"]


def test_cors_is_off_unless_an_origin_is_named(store_path: Path) -> None:
    origin = "http://localhost:8888"
    closed = TestClient(create_app(str(store_path))).get("/api/summary", headers={"Origin": origin})
    assert "access-control-allow-origin" not in closed.headers
    opened = TestClient(create_app(str(store_path), cors=[origin]))
    assert opened.get("/api/summary", headers={"Origin": origin}).headers["access-control-allow-origin"] == origin
    assert "access-control-allow-origin" not in opened.get(
        "/api/summary", headers={"Origin": "http://elsewhere.example"}).headers
    with pytest.raises(ValueError):
        create_app(str(store_path), cors=["*"])


def test_serve_refuses_a_cors_value_that_is_not_an_origin(store_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "serve", "--db", str(store_path),
                           "--cors", "javascript:alert(1)"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "--cors takes an origin such as http://localhost:8888" in done.stdout + done.stderr


def test_article_lists_take_relative_dates_and_refuse_impossible_ones(client: TestClient) -> None:
    assert client.get("/api/articles", params={"since": "2024-03", "until": "2024-03-31"}).json()["total"] == \
        client.get("/api/articles", params={"since": "2024-03-01", "until": "2024-03"}).json()["total"] > 0
    assert client.get("/api/articles", params={"until": "last month"}).status_code == 200
    for path in ("/api/articles", "/articles", "/api/articles/download"):
        refused = client.get(path, params={"since": "2024-02-30"})
        assert refused.status_code == 422 and "not a real date" in refused.text, path


def test_home_lists_untyped_events_as_a_chip_of_their_own(client: TestClient, everything: list[dict]) -> None:
    page = client.get("/").text
    untyped = sum(1 for e in everything if not e["event"])
    assert f'href="/events?type=none" class="none">no PLOVER type <span class="n">{untyped}</span>' in page
    assert 'href="/events?type="' not in page
