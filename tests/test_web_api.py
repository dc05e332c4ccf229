"""The web API and pages over a small hand-built store (FastAPI TestClient, no browser)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import threading
import time
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest
from fastapi.testclient import TestClient

from wirecoder.errors import StoreError
from wirecoder.model import (
    ActorRef,
    Article,
    CodedArticle,
    Entity,
    Event,
    Place,
    Quote,
    Sentence,
    TimeRef,
    content_id,
)
from wirecoder.store import Store
from wirecoder.store.synthetic import synthetic_article
from wirecoder.web import create_app, serve
from wirecoder.web.highlight import Span, choose_marks, render

# ---- a small store built by hand -------------------------------------------------------


def _at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def _ref(text: str, piece: str, name: str, country: str | None, sector: str | None = None, nth: int = 0) -> ActorRef:
    return ActorRef(piece, name, country, sector, *_at(text, piece, nth))


def _sentences(aid: str, text: str, parts: list[str]) -> list[Sentence]:
    return [Sentence(aid, i, *_at(text, p), p) for i, p in enumerate(parts)]


def _event(aid: str, text: str, sentence: str, n: int, plover: str, cameo: str, quad: int, trigger: str,
           actor: list[ActorRef], recipient: list[ActorRef], date: TimeRef | None = None,
           location: Place | None = None) -> Event:
    start, end = _at(text, sentence)
    t_start, t_end = _at(text, trigger)
    return Event(id=content_id(aid, n), article_id=aid, sentence=sentence, start=start, end=end, event=plover,
                 cameo=cameo, quad_class=quad, goldstein=1.0, actor=actor, recipient=recipient, date=date,
                 location=location, confidence=0.8, trigger=trigger, trigger_start=t_start, trigger_end=t_end)


def baghdad() -> CodedArticle:
    s = ["Blinken met Iraqi Prime Minister Mohammed Shia al-Sudani in Baghdad on Friday.",
         "Israel accused Hamas of delaying the talks.",
         '"The talks are serious," Blinken said.']
    text = " ".join(s)
    art = Article(title="Blinken in Baghdad", text=text, source="Wire", reference_date="2024-12-13",
                  reference_date_origin="dateline")
    aid = art.id
    blinken = _ref(text, "Blinken", "Antony Blinken", "USA", "GOV")
    sudani = _ref(text, "Mohammed Shia al-Sudani", "Mohammed Shia al-Sudani", "IRQ", "GOV")
    city = Place("Baghdad", "Baghdad", "IQ", 33.34, 44.40, 98182, "P.PPLC", *_at(text, "Baghdad"), aid)
    friday = TimeRef("on Friday", "2024-12-13", "day", "DATE", *_at(text, "on Friday"))
    quote_start, quote_end = _at(text, "The talks are serious")
    return CodedArticle(
        article=art,
        sentences=_sentences(aid, text, s),
        entities=[Entity("Antony Blinken", "PERSON", "Secretary of State", "USA", "GOV", 2, [aid], ["Blinken"],
                         [_at(text, "Blinken"), _at(text, "Blinken", 1)]),
                  Entity("Mohammed Shia al-Sudani", "PERSON", "Prime Minister", "IRQ", "GOV", 1, [aid], [],
                         [_at(text, "Mohammed Shia al-Sudani")]),
                  Entity("Baghdad", "GPE", None, "IRQ", None, 1, [aid], [], [_at(text, "Baghdad")]),
                  Entity("Hamas", "ORG", None, "PSE", "REB", 1, [aid], [], [_at(text, "Hamas")])],
        events=[
            _event(aid, text, s[0], 0, "CONSULT", "040", 1, "met", [blinken], [sudani], friday, city),
            _event(aid, text, s[1], 1, "ACCUSE", "112", 3, "accused", [_ref(text, "Israel", "Israel", "ISR")],
                   [_ref(text, "Hamas", "Hamas", "PSE", "REB")]),
        ],
        quotes=[Quote(content_id(aid, "q0"), aid, "The talks are serious", "direct", quote_start, quote_end,
                      _ref(text, "Blinken", "Antony Blinken", "USA", "GOV", nth=1), "said", *_at(text, "said"))],
        places=[city],
        times=[friday],
    )


def kyiv() -> CodedArticle:
    s = ["Ukraine asked the United States for air defence in November.",
         "Officials in Kyiv said Russia attacked power plants overnight."]
    text = " ".join(s)
    art = Article(title="Kyiv asks for air defence", text=text, source="Agency", reference_date="2024-11-20")
    aid = art.id
    city = Place("Kyiv", "Kyiv", "UA", 50.45, 30.52, 703448, "P.PPLC", *_at(text, "Kyiv"), aid)
    officials = ActorRef("Officials", "Ukrainian officials", "UKR", "GOV", *_at(text, "Officials"))
    q_start, q_end = _at(text, "Russia attacked power plants overnight")
    return CodedArticle(
        article=art,
        sentences=_sentences(aid, text, s),
        entities=[Entity("Ukraine", "GPE", None, "UKR", None, 1, [aid], [], [_at(text, "Ukraine")]),
                  Entity("Russia", "GPE", None, "RUS", None, 1, [aid], [], [_at(text, "Russia")])],
        events=[
            _event(aid, text, s[0], 0, "REQUEST", "020", 1, "asked", [_ref(text, "Ukraine", "Ukraine", "UKR")],
                   [_ref(text, "the United States", "United States", "USA")],
                   TimeRef("in November", "2024-11", "month", "DATE", *_at(text, "in November"))),
            _event(aid, text, s[1], 1, "ASSAULT", "180", 4, "attacked", [_ref(text, "Russia", "Russia", "RUS")],
                   [_ref(text, "Officials", "Ukraine", "UKR")], location=city),
        ],
        quotes=[Quote(content_id(aid, "q0"), aid, "Russia attacked power plants overnight", "indirect", q_start, q_end,
                      officials, "said", *_at(text, "said"))],
        places=[city],
    )


SCRIPT = "<script>alert('xss')</script>"


def tyre() -> CodedArticle:
    """An article whose text and title carry markup that must be shown, never run."""
    s = ["Hezbollah fighters fired rockets at Israeli troops near Tyre on Saturday.",
         f"A banner read {SCRIPT} & <b>more</b>."]
    text = " ".join(s)
    art = Article(title="Rockets <img src=x onerror=alert(1)> near Tyre", text=text, source="Wire",
                  reference_date="2024-12-14")
    aid = art.id
    city = Place("Tyre", "Tyre", "LB", 33.27, 35.20, 267008, "P.PPLA", *_at(text, "Tyre"), aid)
    saturday = TimeRef("on Saturday", "2024-12-14", "day", "DATE", *_at(text, "on Saturday"))
    return CodedArticle(
        article=art,
        sentences=_sentences(aid, text, s),
        entities=[Entity("Hezbollah", "ORG", None, "LBN", "REB", 1, [aid], [], [_at(text, "Hezbollah")])],
        events=[_event(aid, text, s[0], 0, "ASSAULT", "190", 4, "fired", [_ref(text, "Hezbollah fighters", "Hezbollah",
                                                                                "LBN", "REB")],
                       [_ref(text, "Israeli troops", "Israeli army", "ISR", "MIL")], saturday, city)],
        places=[city],
        times=[saturday],
    )


def security_pact() -> CodedArticle:
    s = ["Iraq and the United States agreed to expand security cooperation.",
         '"Support is 100% assured," said Fuad Hussein.']
    text = " ".join(s)
    art = Article(title="Iraq and US expand security ties", text=text, source="Wire", reference_date="2024-12-15")
    aid = art.id
    hussein = _ref(text, "Fuad Hussein", "Fuad Hussein", "IRQ", "GOV")
    q_start, q_end = _at(text, "Support is 100% assured")
    return CodedArticle(
        article=art,
        sentences=_sentences(aid, text, s),
        entities=[Entity("Fuad Hussein", "PERSON", "Foreign Minister", "IRQ", "GOV", 1, [aid], [],
                         [_at(text, "Fuad Hussein")])],
        events=[_event(aid, text, s[0], 0, "AGREE", "057", 1, "agreed", [_ref(text, "Iraq", "Iraq", "IRQ")],
                       [_ref(text, "the United States", "United States", "USA")])],
        quotes=[Quote(content_id(aid, "q0"), aid, "Support is 100% assured", "direct", q_start, q_end, hussein,
                      "said", *_at(text, "said"))],
    )


def build_sample_store(path: Path) -> dict[str, CodedArticle]:
    """Four articles, six events, three quotes; returns them by a short name."""
    articles = {"baghdad": baghdad(), "kyiv": kyiv(), "tyre": tyre(), "pact": security_pact()}
    with Store(path) as store:
        store.write(list(articles.values()))
    return articles


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, CodedArticle]]:
    path = tmp_path_factory.mktemp("web") / "news.duckdb"
    return path, build_sample_store(path)


@pytest.fixture(scope="module")
def client(sample) -> TestClient:
    return TestClient(create_app(str(sample[0]), token="s3cret"))


@pytest.fixture(scope="module")
def ids(sample) -> dict[str, str]:
    return {name: coded.article.id for name, coded in sample[1].items()}


def _get(client: TestClient, path: str, **params) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _event_types(client: TestClient, **params) -> list[str]:
    return [e["event"] for e in _get(client, "/api/events", **params)["items"]]


# ---- the API ---------------------------------------------------------------------------

def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    paths = _get(client, "/openapi.json")["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/download",
                 "/api/quotes", "/api/actors", "/api/actors/{name}", "/api/places", "/api/aggregates/timeline",
                 "/api/aggregates/pairs", "/api/summary"):
        assert path in paths
    assert not any(p.startswith("/fragments") or p == "/" for p in paths)  # pages stay out of the API


def test_summary(client: TestClient) -> None:
    found = _get(client, "/api/summary")
    assert (found["articles"], found["events"], found["quotes"]) == (4, 6, 3)
    assert found["event_types"] == ["ACCUSE", "AGREE", "ASSAULT", "CONSULT", "REQUEST"]


def test_articles_list_filters_and_detail(client: TestClient, ids: dict[str, str]) -> None:
    listed = _get(client, "/api/articles")
    assert listed["total"] == 4
    assert [a["id"] for a in listed["items"]] == [ids["kyiv"], ids["baghdad"], ids["tyre"], ids["pact"]]
    assert "text" not in listed["items"][0] and listed["items"][1]["events"] == 2
    assert [a["id"] for a in _get(client, "/api/articles", q="air DEFENCE")["items"]] == [ids["kyiv"]]
    assert _get(client, "/api/articles", source="Agency")["total"] == 1
    assert _get(client, "/api/articles", since="2024-12-14")["total"] == 2
    assert _get(client, "/api/articles", since="2024-12", until="2024-12-13")["total"] == 1

    detail = _get(client, f"/api/articles/{ids['baghdad']}")
    assert detail["article"]["title"] == "Blinken in Baghdad"
    assert [e["event"] for e in detail["events"]] == ["CONSULT", "ACCUSE"]
    assert len(detail["sentences"]) == 3 and detail["quotes"][0]["speaker"]["name"] == "Antony Blinken"
    assert detail["places"][0]["geonameid"] == 98182
    assert detail["entities"][0]["spans"] == [[0, 7], list(_at(baghdad().article.text, "Blinken", 1))]

    missing = client.get("/api/articles/no-such-article")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no article with id 'no-such-article'"}


def test_event_filters_change_results(client: TestClient, ids: dict[str, str]) -> None:
    assert _get(client, "/api/events")["total"] == 6
    assert _event_types(client, actor="blinken") == ["CONSULT"]
    assert _event_types(client, actor="IRQ") == ["AGREE"]  # a code matches codes, not names
    assert _event_types(client, recipient="IQ") == ["CONSULT"]  # alpha-2 finds alpha-3 participants
    assert _event_types(client, type="assault") == ["ASSAULT", "ASSAULT"]
    assert _event_types(client, cameo_root="19") == ["ASSAULT"]
    assert _event_types(client, since="2024-12-14") == ["ASSAULT", "AGREE"]
    assert _event_types(client, until="2024-11") == ["REQUEST", "ASSAULT"]
    assert _event_types(client, country="LB") == ["ASSAULT"]
    assert _event_types(client, place="bagh") == ["CONSULT"]
    assert _event_types(client, geonameid=703448) == ["ASSAULT"]
    assert _event_types(client, q="power plants") == ["ASSAULT"]
    assert _event_types(client, quad=1) == ["REQUEST", "CONSULT", "AGREE"]
    assert _event_types(client, article_id=ids["baghdad"]) == ["CONSULT", "ACCUSE"]
    assert _event_types(client, type="ASSAULT", country="UKR") == ["ASSAULT"]
    assert _event_types(client, actor="", type="") == _event_types(client)  # empty form fields mean "any"
    event = _get(client, "/api/events", actor="blinken")["items"][0]
    assert event == baghdad().events[0].to_dict()  # the model's own shape


def test_event_paging_is_stable_and_counts_the_total(client: TestClient) -> None:
    everything = _get(client, "/api/events", limit=100)["items"]
    pages = [_get(client, "/api/events", limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [p["total"] for p in pages] == [6, 6, 6]
    assert [e["id"] for p in pages for e in p["items"]] == [e["id"] for e in everything]
    past_the_end = _get(client, "/api/events", limit=2, offset=10)
    assert past_the_end["items"] == [] and past_the_end["total"] == 6
    assert _get(client, "/api/events", quad=4, limit=1, offset=1)["total"] == 2


def test_event_downloads_follow_the_filter(client: TestClient) -> None:
    response = client.get("/api/events/download", params={"format": "csv", "type": "ASSAULT"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event"] for r in rows] == ["ASSAULT", "ASSAULT"]
    assert rows[0]["actor_names"] == "Russia" and rows[1]["location_name"] == "Tyre"
    as_json = client.get("/api/events/download", params={"format": "json", "actor": "blinken"})
    assert [e["event"] for e in json.loads(as_json.text)] == ["CONSULT"]
    assert json.loads(client.get("/api/events/download", params={"format": "json", "q": "nowhere"}).text) == []


def test_quotes(client: TestClient, ids: dict[str, str]) -> None:
    assert _get(client, "/api/quotes")["total"] == 3
    assert [q["text"] for q in _get(client, "/api/quotes", q="SERIOUS")["items"]] == ["The talks are serious"]
    assert [q["kind"] for q in _get(client, "/api/quotes", kind="indirect")["items"]] == ["indirect"]
    assert _get(client, "/api/quotes", speaker="hussein")["items"][0]["speaker"]["country"] == "IRQ"
    assert _get(client, "/api/quotes", article_id=ids["pact"])["total"] == 1


def test_actors_and_profiles(client: TestClient) -> None:
    listed = _get(client, "/api/actors")
    assert listed["items"][0]["name"] == "Antony Blinken" and listed["items"][0]["mentions"] == 2
    assert [a["name"] for a in _get(client, "/api/actors", q="sudani")["items"]] == ["Mohammed Shia al-Sudani"]
    assert {a["name"] for a in _get(client, "/api/actors", label="org")["items"]} == {"Hamas", "Hezbollah"}
    assert {a["name"] for a in _get(client, "/api/actors", country="IQ")["items"]} == {
        "Baghdad", "Fuad Hussein", "Mohammed Shia al-Sudani"}

    profile = _get(client, "/api/actors/Antony Blinken")
    assert profile["role"] == "Secretary of State" and profile["acts"] == 1
    assert [e["event"] for e in profile["events_given"]["items"]] == ["CONSULT"]
    assert profile["quoted"]["items"][0]["text"] == "The talks are serious"
    assert profile["partners"] == [{"direction": "acts on", "partner": "Mohammed Shia al-Sudani", "events": 1}]
    assert profile["entity_roles"] == [{"role": "Secretary of State", "label": "PERSON", "articles": 1,
                                        "first_seen": "2024-12-13", "last_seen": "2024-12-13"}]
    # a participant that is no entity still has a profile
    usa = _get(client, "/api/actors/United States")
    assert usa["events_received"]["total"] == 2 and usa["country"] == "USA"
    missing = client.get("/api/actors/Nobody At All")
    assert missing.status_code == 404 and missing.json()["error"].startswith("no actor named")


def test_places_with_counts(client: TestClient, ids: dict[str, str]) -> None:
    places = {p["name"]: p for p in _get(client, "/api/places")["items"]}
    assert set(places) == {"Baghdad", "Kyiv", "Tyre"}
    assert (places["Kyiv"]["mentions"], places["Kyiv"]["events"]) == (1, 1)
    assert places["Tyre"]["lat"] == pytest.approx(33.27)
    assert [p["name"] for p in _get(client, "/api/places", type="CONSULT")["items"]] == ["Baghdad"]
    assert [p["name"] for p in _get(client, "/api/places", country="LBN")["items"]] == ["Tyre"]
    assert [p["name"] for p in _get(client, "/api/places", name="ky")["items"]] == ["Kyiv"]
    assert [p["name"] for p in _get(client, "/api/places", article_id=ids["baghdad"])["items"]] == ["Baghdad"]


def test_timeline(client: TestClient) -> None:
    by_type = _get(client, "/api/aggregates/timeline")
    assert by_type["total"] == 6 and by_type["undated"] == 1  # "in November" names no day
    assert {"period": "2024-12-13", "key": "CONSULT", "count": 1} in by_type["series"]
    by_quad = _get(client, "/api/aggregates/timeline", by="quad", interval="month")
    assert by_quad["undated"] == 0
    assert {"period": "2024-11", "key": "material conflict", "count": 1} in by_quad["series"]
    assert {"period": "2024-12", "key": "verbal cooperation", "count": 2} in by_quad["series"]
    filtered = _get(client, "/api/aggregates/timeline", type="ASSAULT", interval="year")
    assert filtered["series"] == [{"period": "2024", "key": "ASSAULT", "count": 2}]


def test_pairs(client: TestClient) -> None:
    pairs = _get(client, "/api/aggregates/pairs")["items"]
    assert len(pairs) == 6
    consult = next(p for p in pairs if p["actor"] == "Antony Blinken")
    assert consult == {"actor": "Antony Blinken", "actor_country": "USA", "recipient": "Mohammed Shia al-Sudani",
                       "recipient_country": "IRQ", "count": 1, "cooperation": 1, "conflict": 0}
    conflict_only = _get(client, "/api/aggregates/pairs", quad=4)["items"]
    assert {(p["actor"], p["recipient"]) for p in conflict_only} == {("Russia", "Ukraine"), ("Hezbollah", "Israeli army")}
    assert _get(client, "/api/aggregates/pairs", min_count=2)["items"] == []


@pytest.mark.parametrize("path, params", [
    ("/api/events", {"limit": 0}),
    ("/api/events", {"limit": 100000}),
    ("/api/events", {"limit": "ten"}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"since": "Dec 2024"}),
    ("/api/events", {"until": "2024-13-45-1"}),
    ("/api/events", {"quad": 7}),
    ("/api/events", {"geonameid": "abc"}),
    ("/api/events", {"country": "Iraq!"}),
    ("/api/events", {"cameo_root": "04a"}),
    ("/api/events", {"actor": "x" * 500}),
    ("/api/events/download", {"format": "xml"}),
    ("/api/aggregates/timeline", {"by": "colour"}),
    ("/api/aggregates/timeline", {"interval": "fortnight"}),
    ("/api/aggregates/pairs", {"min_count": 0}),
    ("/api/quotes", {"kind": "rumour"}),
])
def test_bad_parameters_are_422_with_the_error_shape(client: TestClient, path: str, params: dict) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    body = response.json()
    assert list(body) == ["error"] and isinstance(body["error"], str) and body["error"]


@pytest.mark.parametrize("evil", ["' OR 1=1 --", "'; DROP TABLE events; --", '" OR ""="', "_", "\\", "%' --",
                                  "\x00", "😀", "Robert'); DELETE FROM articles;--"])
def test_injection_looking_input_is_only_text(client: TestClient, evil: str) -> None:
    for path, name in [("/api/events", "actor"), ("/api/events", "recipient"), ("/api/events", "type"),
                       ("/api/events", "place"), ("/api/events", "q"), ("/api/articles", "q"),
                       ("/api/articles", "source"), ("/api/quotes", "q"), ("/api/quotes", "speaker"),
                       ("/api/actors", "q"), ("/api/actors", "label"), ("/api/places", "name"),
                       ("/api/aggregates/timeline", "actor"), ("/api/aggregates/pairs", "type")]:
        response = client.get(path, params={name: evil})
        assert response.status_code == 200, (path, name, response.text)
        found = response.json()
        assert (found.get("total", len(found.get("items", found.get("series", [])))) == 0), (path, name)
    assert client.get(f"/api/articles/{quote(evil, safe='')}").status_code == 404
    assert _get(client, "/api/summary")["events"] == 6  # nothing was dropped or deleted


def test_like_wildcards_are_literal(client: TestClient) -> None:
    assert [q["text"] for q in _get(client, "/api/quotes", q="100%")["items"]] == ["Support is 100% assured"]
    assert _get(client, "/api/quotes", q="1_0")["total"] == 0


def test_errors_have_one_shape(client: TestClient) -> None:
    for path in ("/api/nothing-here", "/api/events/123/456"):
        response = client.get(path)
        assert response.status_code == 404 and list(response.json()) == ["error"]
    response = client.post("/api/events")
    assert response.status_code == 405 and list(response.json()) == ["error"]
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_admin_needs_the_token(client: TestClient, sample) -> None:
    assert client.get("/api/admin/status").status_code == 401
    assert client.get("/api/admin/status", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.get("/api/admin/status", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["counts"]["events"] == 6
    no_token = TestClient(create_app(str(sample[0])))
    refused = no_token.get("/api/admin/status", headers={"Authorization": "Bearer s3cret"})
    assert refused.status_code == 403 and "error" in refused.json()


def test_missing_store_raises_store_error_up_front(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        create_app(str(tmp_path / "absent.duckdb"))
    with pytest.raises(StoreError, match="no store at"):
        serve(str(tmp_path / "absent.duckdb"), port=1)  # before it ever listens
    not_a_store = tmp_path / "plain.duckdb"
    duckdb.connect(str(not_a_store)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(StoreError):
        create_app(str(not_a_store))


def test_a_writer_holding_the_file_past_the_wait_gives_503(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    build_sample_store(path)
    app_client = TestClient(create_app(str(path), wait=0.2))
    with Store(path) as writer:
        writer.connection  # a writer that has the file open (DuckDB then refuses readers) and keeps it
        busy = app_client.get("/api/events")
        assert busy.status_code == 503 and "being written" in busy.json()["error"]
        assert busy.headers["retry-after"] == "5"
        assert app_client.get("/events").status_code == 503
    assert app_client.get("/api/events").status_code == 200  # and recovers once it is done


def test_a_request_waits_for_a_writer_at_work_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    build_sample_store(path)
    app_client = TestClient(create_app(str(path), wait=10))
    with Store(path) as writer:
        writer.connection  # the writer has the file until its batch is in
        timer = threading.Timer(0.4, lambda: writer.write([synthetic_article(1)]))
        timer.start()
        began = time.perf_counter()
        answer = app_client.get("/api/summary")
        waited = time.perf_counter() - began
        timer.join()
    assert answer.status_code == 200 and answer.json()["articles"] == 5  # the batch, whole
    assert 0.3 < waited < 5


def test_the_server_lets_the_file_go_between_requests(tmp_path: Path) -> None:
    path = tmp_path / "shared.duckdb"
    build_sample_store(path)
    app = create_app(str(path))
    app.state.warm_reader.linger = 0.05
    app_client = TestClient(app)
    assert app_client.get("/api/events").status_code == 200
    time.sleep(0.5)
    with Store(path, wait=0) as writer:  # no waiting: the idle server holds nothing
        writer.write([synthetic_article(1)])
    assert app_client.get("/api/summary").json()["articles"] == 5  # and the next request sees the new article


def test_the_warm_connection_gives_way_to_a_writer_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.duckdb"
    build_sample_store(path)
    app = create_app(str(path))
    app.state.warm_reader.linger = 60  # it would keep the file for a minute after the last request
    app_client = TestClient(app)
    assert app_client.get("/api/events").status_code == 200
    began = time.perf_counter()
    with Store(path, wait=5) as writer:  # says it wants the file; the warm connection goes
        writer.write([synthetic_article(1)])
    assert time.perf_counter() - began < 1
    assert app_client.get("/api/summary").json()["articles"] == 5


# ---- pages -----------------------------------------------------------------------------

PAGES = ["/", "/?q=talks", "/articles", "/events", "/events?type=ASSAULT", "/quotes", "/actors",
         "/actors/Antony%20Blinken", "/timeline", "/network", "/map"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert "<script>" not in page  # no inline script: everything comes from /static
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing loaded from outside


def test_static_vendor_files_are_served(client: TestClient) -> None:
    for name in ("htmx.min.js", "d3.min.js", "plot.umd.min.js", "cytoscape.min.js", "topojson-client.min.js",
                 "countries-110m.json"):
        assert client.get(f"/static/vendor/{name}").status_code == 200


def test_fragments_follow_filters(client: TestClient) -> None:
    events = client.get("/fragments/events", params={"type": "ASSAULT", "limit": 1}).text
    assert "1–1 of 2" in events and "/api/events/download?type=ASSAULT&amp;format=csv" in events
    assert 'href="/events?type=ASSAULT&amp;limit=1&amp;offset=1"' in events  # the next page keeps its size
    assert 'hx-get="/fragments/events?type=ASSAULT&amp;limit=1&amp;offset=1"' in events
    assert 'data-page-url="/events?type=ASSAULT&amp;limit=1"' in events
    assert "<html" not in events
    search = client.get("/fragments/search", params={"q": "Blinken"}).text
    assert "Antony Blinken" in search and "Blinken in Baghdad" in search
    assert "The talks are serious" in client.get("/fragments/quotes", params={"q": "talks"}).text
    assert "Hezbollah" in client.get("/fragments/actors", params={"label": "ORG"}).text
    assert "Kyiv asks" in client.get("/fragments/articles", params={"source": "Agency"}).text
    bad = client.get("/fragments/events", params={"since": "some day"})
    assert bad.status_code == 422 and "since" in bad.text


def test_article_page_escapes_markup_in_the_article(client: TestClient, ids: dict[str, str]) -> None:
    page = client.get(f"/articles/{ids['tyre']}").text
    assert SCRIPT not in page and "<b>more</b>" not in page and "<img src=x" not in page
    assert html.escape(SCRIPT, quote=False) in page.replace("&#39;", "'")
    assert "&lt;b&gt;more&lt;/b&gt;" in page
    api = _get(client, f"/api/articles/{ids['tyre']}")
    assert SCRIPT in api["article"]["text"]  # the API returns the text as stored


def test_article_page_marks_the_coded_spans(client: TestClient, ids: dict[str, str], sample) -> None:
    coded = sample[1]["baghdad"]
    page = client.get(f"/articles/{ids['baghdad']}").text
    text = page[page.index('id="article-text"'):page.index("</div>", page.index('id="article-text"'))]
    kinds = re.findall(r'<mark class="hl hl-(\w+)"[^>]*>([^<]+)', text)
    assert [word for kind, word in kinds if kind == "trigger"] == ["met", "accused"]
    assert ("actor", "Mohammed Shia al-Sudani") in kinds and ("actor", "Hamas") in kinds
    assert [kind for kind, word in kinds if word == "Blinken"] == ["actor", "actor"]  # event actor, then speaker
    assert ("date", "on Friday") in kinds and ("place", "Baghdad") in kinds and ("cue", "said") in kinds
    assert re.search(r'<span class="hl-quote"[^>]*>The talks are serious</span>', page)
    consult = coded.events[0]
    assert f'data-events="{consult.id}"' in page  # the trigger knows its event
    assert f'id="event-{consult.id}"' in page and 'data-sent="0"' in page and 'id="sent-2"' in page


# ---- highlighting, directly ------------------------------------------------------------

def _visible_text(markup: str) -> str:
    without_labels = re.sub(r'<span class="hl-label">.*?</span>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", without_labels))


def test_highlight_keeps_the_text_and_nests_cleanly() -> None:
    text = "Blinken met <al-Sudani> & \"said\" it, in Baghdad."
    spans = [Span(0, 7, "entity", "PERSON"), Span(0, 7, "actor", "USA"), Span(8, 11, "trigger", "MEET"),
             Span(5, 20, "place", "X"),  # overlaps stronger marks: dropped
             Span(12, 24, "actor", "IRQ"), Span(40, 47, "place", "IQ"), Span(26, 33, "quote", "direct"),
             Span(30, 200, "date", "bad")]  # would need clamping; still must not break anything
    marks = choose_marks(spans)
    assert [(m.start, m.end, m.kind) for m in marks] == [(0, 7, "actor"), (8, 11, "trigger"), (12, 24, "actor"),
                                                         (40, 47, "place")]
    markup = str(render(text, [(0, 25), (26, len(text))], choose_marks([s for s in spans if s.end <= len(text)]),
                        [s for s in spans if s.kind == "quote"]))
    assert _visible_text(markup) == text
    assert "<al-Sudani>" not in markup and "&lt;al-Sudani&gt;" in markup
    # well nested: every closing tag closes the innermost open one
    stack = []
    for closing, tag in re.findall(r"<(/?)(\w+)", markup):
        if closing:
            assert stack.pop() == tag
        else:
            stack.append(tag)
    assert stack == []
