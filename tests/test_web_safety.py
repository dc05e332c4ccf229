"""Serving safety: loopback by default, read-only, admin behind the token, SQL only parameterised.

Plus two display rules found on real stores: events with no PLOVER type are charted as
"unknown" (not an unnamed series), and a sentence's trailing blank line is not part of its element.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from test_web_api import PAGES, build_sample_store
from wirecoder.model import ActorRef, Article, CodedArticle, Event, Sentence, content_id
from wirecoder.store import Store
from wirecoder.web import create_app, highlight, serve
from wirecoder.web.app import loopback_hosts

WEB = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "web"
STORE = WEB.parent / "store"
# The store modules holding the workbench's SQL: every f-string in them is checked.
QUERY_MODULES = [STORE / "browse.py", STORE / "event_search.py", STORE / "aggregates.py"]
TOKEN = "t0ken"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("safety") / "news.duckdb"
    build_sample_store(path)
    return path


@pytest.fixture(scope="module")
def app(store_path: Path):
    return create_app(str(store_path), token=TOKEN)


# ---- loopback by default ----------------------------------------------------------------

def _captured_uvicorn_run(monkeypatch: pytest.MonkeyPatch) -> dict:
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs, app=app))
    return seen


def test_serve_binds_loopback_unless_told(monkeypatch: pytest.MonkeyPatch, store_path: Path) -> None:
    seen = _captured_uvicorn_run(monkeypatch)
    serve(str(store_path))
    assert seen["host"] == "127.0.0.1"
    # on loopback, a request naming another host (DNS rebinding) is refused
    local = TestClient(seen["app"], base_url="http://127.0.0.1:8000")
    assert local.get("/api/summary").status_code == 200
    assert local.get("/api/summary", headers={"Host": "localhost:8000"}).status_code == 200
    assert local.get("/api/summary", headers={"Host": "attacker.example:8000"}).status_code == 400
    serve(str(store_path), host="0.0.0.0", port=9000)
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 9000)
    # opened to the network on purpose: any name the machine is reached by
    assert TestClient(seen["app"], base_url="http://news-box.lan:9000").get("/api/summary").status_code == 200


def test_loopback_hosts() -> None:
    assert "localhost" in loopback_hosts("127.0.0.1") and "127.0.0.1" in loopback_hosts("localhost")
    assert "127.0.0.5" in loopback_hosts("127.0.0.5") and loopback_hosts("::1")
    assert loopback_hosts("0.0.0.0") is None and loopback_hosts("192.168.1.20") is None
    assert loopback_hosts("news-box.lan") is None


def test_the_serve_command_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch, store_path: Path) -> None:
    from wirecoder.cli.main import app as cli

    seen = _captured_uvicorn_run(monkeypatch)
    monkeypatch.delenv("WIRECODER_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and "127.0.0.1" in result.output


# ---- read-only --------------------------------------------------------------------------

def api_routes(routes) -> list[APIRoute]:
    """Every endpoint, through included routers (newer FastAPI keeps them nested)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += api_routes(route.original_router.routes)
        elif hasattr(route, "routes") and not hasattr(route, "app"):
            found += api_routes(route.routes)
    return found


def test_every_route_only_reads(app) -> None:
    routes = api_routes(app.routes)
    assert len(routes) > 20  # the API and the pages were all found
    for route in routes:
        assert route.methods <= {"GET", "HEAD"}, (route.path, route.methods)


def test_browsing_never_changes_the_store_file(store_path: Path) -> None:
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    client = TestClient(create_app(str(store_path), token=TOKEN))
    for path in [*PAGES, "/api/summary", "/api/events", "/api/events/download?format=json", "/api/quotes",
                 "/api/actors", "/api/places", "/api/aggregates/timeline", "/api/aggregates/pairs",
                 "/api/admin/status"]:
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200, path
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/events").status_code == 405
    client.app.state.warm_reader.close()
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before


# ---- admin endpoints need the token -------------------------------------------------------

def _admin_paths(app) -> list[str]:
    return [r.path for r in api_routes(app.routes) if r.path.startswith("/api/admin")]


def test_every_admin_endpoint_needs_the_token(app, store_path: Path) -> None:
    paths = _admin_paths(app)
    assert paths, "no admin endpoints found"
    client = TestClient(app)
    off = TestClient(create_app(str(store_path)))  # no token: admin endpoints are off altogether
    for path in paths:
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get(path, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert off.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    # and nothing outside /api/admin reveals what only admins see (the file's path on disk)
    for path in ("/api/summary", "/openapi.json"):
        assert str(store_path) not in client.get(path).text


# ---- SQL is parameterised -----------------------------------------------------------------

# What the web module may splice into SQL text: clauses and fragments it builds itself from
# fixed strings (their values travel as ? parameters), and choices from fixed tables.  Every
# f-string in the store's workbench query modules is checked, and those that look like SQL elsewhere; a new splice must
# be added here, after checking that no caller's value can reach it.
FIXED_FRAGMENTS = {
    "where", "event_clause", "ILIKE", "EVENT_ORDER", "ARTICLE_ORDER", "queries.EVENT_ORDER",
    "FLAT_EVENTS_SQL", "period", "series", "_where(mention_clauses)", "_where(outer)",
    "_PLACE_KEY.format(p='p.')", "_PLACE_KEY.format(p='e.location_')",
    "' AND ' if event_clause else ' WHERE '", "'WHERE m.key IS NOT NULL' if article_id else ''",
    "escaped",  # like(): the LIKE pattern is itself a parameter value, its wildcards escaped
    # store/event_search.py: registries and fixed SQL built there (sort keys are checked against SORTS)
    "column", "SORTS[key]", "direction", "_PROVENANCE.format(where='')", "NO_TYPE", "ARTICLE_DATE",
    "_country_clause('e.location_country')", "_country_clause('c.country')", "DYAD.format(p='d')", "join", "order",
    "sql",  # a FACETS registry value
    # store/aggregates.py: node expressions from _NODE (by is a Literal), the date-span clause, the generic rule
    "x", "y", "generic", "inside", "GENERIC_NAME.format(col='x.name')", "GENERIC_NAME.format(col='y.name')",
}
SQL_WORDS = re.compile(r"\b(SELECT|WHERE|FROM|ORDER BY|JOIN|GROUP BY)\b")


def _spliced(tree: ast.AST, source: str, every_fstring: bool) -> list[str]:
    """What f-strings (all of them, or those that look like SQL) and template .format calls splice in."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if every_fstring or SQL_WORDS.search(text):
                found += [ast.get_source_segment(source, v.value) for v in node.values
                          if isinstance(v, ast.FormattedValue)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and isinstance(node.func.value, ast.Name)):
            found += [f"{node.func.value.id}.format({ast.get_source_segment(source, k.value)})"
                      for k in node.keywords if node.func.value.id == "_ACTOR_SELECT"]
    return found


def test_sql_text_only_splices_fixed_fragments() -> None:
    allowed = FIXED_FRAGMENTS | {"_ACTOR_SELECT.format(where)", "_ACTOR_SELECT.format(\" WHERE t.name = ?\")"}
    offenders = []
    for path in [*sorted(WEB.glob("*.py")), *QUERY_MODULES]:
        source = path.read_text()
        spliced = _spliced(ast.parse(source), source, every_fstring=path in QUERY_MODULES)
        offenders += [f"{path.name}: {{{s}}}" for s in spliced if s not in allowed]
    assert offenders == [], "values must be ? parameters, not spliced into SQL: " + ", ".join(offenders)


def test_execute_is_never_given_a_percent_formatted_or_concatenated_value() -> None:
    for path in [*sorted(WEB.glob("*.py")), *QUERY_MODULES]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
                sql = node.args[0]
                assert not (isinstance(sql, ast.BinOp) and isinstance(sql.op, ast.Mod)), (path.name, node.lineno)


# ---- display rules ---------------------------------------------------------------------------

def _untyped_store(path: Path) -> None:
    text = "Officials met in the capital. The talks went on."
    article = Article(title="Untyped", text=text, source="Wire", reference_date="2024-12-02")
    aid = article.id
    who = ActorRef("Officials", "Officials", "IRQ", "GOV", 0, 9)
    events = [Event(id=content_id(aid, n), article_id=aid, sentence=text[:29], start=0, end=29, event=kind,
                    cameo=cameo, quad_class=1, goldstein=1.0, actor=[who], recipient=[], confidence=0.5,
                    trigger="met", trigger_start=10, trigger_end=13)
              for n, (kind, cameo) in enumerate([("", "010"), ("CONSULT", "040"), ("", "011")])]
    with Store(path) as store:
        store.write([CodedArticle(article=article, sentences=[Sentence(aid, 0, 0, 31, text[:31]),
                                                              Sentence(aid, 1, 31, len(text), text[31:])],
                                  events=events)])


def test_events_without_a_type_are_charted_as_unknown(tmp_path: Path) -> None:
    path = tmp_path / "untyped.duckdb"
    _untyped_store(path)
    series = TestClient(create_app(str(path))).get("/api/aggregates/timeline").json()["series"]
    assert sorted((p["key"], p["count"]) for p in series) == [("CONSULT", 1), ("unknown", 2)]


def test_a_sentence_element_leaves_its_trailing_blank_line_out() -> None:
    text = "First sentence.\n\nSecond one."
    bounds = highlight.sentence_bounds(len(text), [{"start": 0, "end": 17}, {"start": 17, "end": len(text)}], [],
                                       text)
    assert bounds == [(0, 15), (17, len(text))]
    markup = str(highlight.render(text, bounds, [], []))
    assert '<span class="sent" id="sent-0" data-sent="0">First sentence.</span>\n\n<span' in markup
    assert highlight.sentence_of(bounds, 0) == 0 and highlight.sentence_of(bounds, 17) == 1
