"""Issue 7's "done when", in a real browser over a REAL store: the bundled example, coded by the CLI.

A session fixture runs ``python -m wirecoder.cli.main run examples/asharq-al-awsat-2024-12.txt``
into a temporary store and serves it with uvicorn on loopback; Playwright drives Debian's
Chromium as tests/test_web_browser.py does.  The assertions name what a reader of the example
must see: the Blinken article's actors, place, date and quotes marked; Baghdad and Damascus on
the map; the US -> Iraq, Qatar -> Syria and Jordan -> Syria edges in the network.  Actors are
checked by the country codes the page shows, since a pipeline may name a person or a state.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_web_browser import Watched, browser  # noqa: F401, I001 (skips without chromium; browser is a fixture)

from wirecoder.web.localserver import serving  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "asharq-al-awsat-2024-12.txt"

# Every mark and quote element in #article-text with its character offsets in the article
# text (the small country/type labels after each mark are not article text, so not counted).
SPANS_JS = """() => {
  const root = document.getElementById('article-text');
  const found = [];
  let offset = 0;
  function walk(node) {
    if (node.nodeType === Node.TEXT_NODE) { offset += node.textContent.length; return; }
    if (node.classList && node.classList.contains('hl-label')) return;
    const kind = node.classList && node.classList.contains('hl-quote') ? 'quote'
      : (node.tagName === 'MARK' ? [...node.classList].find(c => c.startsWith('hl-')).slice(3) : null);
    const start = offset;
    node.childNodes.forEach(walk);
    if (kind) {
      const label = node.tagName === 'MARK' ? node.querySelector(':scope > .hl-label') : null;
      found.push({kind, start, end: offset, title: node.getAttribute('title') || '',
                  label: label ? label.textContent : ''});
    }
  }
  root.childNodes.forEach(walk);
  return found;
}"""


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example coded by the CLI, as a user would: ``wirecoder run <example> --db demo.duckdb``."""
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is missing")
    db = tmp_path_factory.mktemp("example") / "demo.duckdb"
    done = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "run", str(EXAMPLE), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return db


@pytest.fixture(scope="session")
def example_site(example_store: Path):
    with serving(example_store) as base:
        yield base


@pytest.fixture
def watched(browser, example_site):
    page = Watched(browser, example_site)
    yield page
    page.close()


def stored_events(db: Path) -> list[dict]:
    """What the store holds, through the CLI: quoted in failure messages so they say why."""
    out = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "events", "--db", str(db), "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=True).stdout
    return json.loads(out)


def _codes(events: list[dict]) -> list[str]:
    return sorted({f"{e['event']} {[a['name'] + '/' + str(a['country']) for a in e['actor']]} -> "
                   f"{[r['name'] + '/' + str(r['country']) for r in e['recipient']]}" for e in events})


def _blinken_article(watched: Watched) -> dict:
    found = watched.page.request.get(watched.base + "/api/articles?q=Blinken%20Presses").json()["items"]
    assert len(found) == 1, found
    return watched.page.request.get(watched.base + f"/api/articles/{found[0]['id']}").json()


# ---- the article page -------------------------------------------------------------------

def test_blinken_article_marks_actors_place_date_and_quotes(watched: Watched) -> None:
    record = _blinken_article(watched)
    text = record["article"]["text"]
    watched.open(f"/articles/{record['article']['id']}")
    spans = watched.page.evaluate(SPANS_JS)
    for s in spans:  # every mark sits on the very characters it claims
        s["text"] = text[s["start"]:s["end"]]
    shown = watched.page.eval_on_selector("#article-text", "e => { const c = e.cloneNode(true); "
                                          "c.querySelectorAll('.hl-label').forEach(l => l.remove()); return c.textContent; }")
    assert shown == text  # marking adds elements, never changes the text

    def marked(kind: str) -> list[dict]:
        return [s for s in spans if s["kind"] == kind]

    actors = marked("actor")
    blinken = [s for s in actors if "Blinken" in s["text"]]
    assert any("Antony Blinken" in s["text"] for s in blinken), blinken
    # a participant's mark shows its country; a bare entity mention shows its NER label
    assert "USA" in {s["label"] for s in blinken} and {s["label"] for s in blinken} <= {"USA", "PERSON"}, blinken
    assert all("Antony Blinken" in s["title"] for s in blinken), blinken
    sudani = [s for s in actors if "Sudani" in s["text"]]
    assert any("al-Sudani" in s["text"] for s in sudani), sudani
    assert "IRQ" in {s["label"] for s in sudani} and {s["label"] for s in sudani} <= {"IRQ", "PERSON"}, sudani
    assert all("Mohammed Shia al-Sudani" in s["title"] for s in sudani), sudani

    baghdad = [s for s in marked("place") if s["text"] == "Baghdad"]
    assert baghdad and {s["label"] for s in baghdad} == {"IQ"}, marked("place")
    meeting = next(s for s in record["sentences"] if "Blinken met" in s["text"])
    dates = [s for s in marked("date") if s["label"] == "2024-12-13"]
    assert any(meeting["start"] <= s["start"] < meeting["end"] for s in dates), marked("date")

    # each stored quote lies inside quote elements, and the direct one is Blinken's
    quoted = [s for s in spans if s["kind"] == "quote"]
    assert record["quotes"], "the example's quotes were not stored"
    for q in record["quotes"]:
        inside = all(any(s["start"] <= i < s["end"] for s in quoted) for i in range(q["start"], q["end"]))
        assert inside, q["text"]
    direct = [q for q in record["quotes"] if q["kind"] == "direct" and "reinforce its own sovereignty" in q["text"]]
    assert direct and direct[0]["speaker"]["name"] == "Antony Blinken", record["quotes"]
    holding = [s for s in quoted if s["start"] <= direct[0]["start"] < s["end"]]
    assert holding and holding[0]["title"] == "direct quote, Antony Blinken"
    assert "said" in {s["text"] for s in marked("cue")}
    watched.page.wait_for_timeout(200)
    watched.assert_clean()


# ---- the map and the network -------------------------------------------------------------

def test_map_shows_baghdad_and_damascus(watched: Watched) -> None:
    watched.open("/map")
    watched.page.wait_for_selector("#map circle.place", timeout=10_000)
    names = watched.page.eval_on_selector_all("circle.place", "cs => cs.map(c => c.dataset.name)")
    assert {"Baghdad", "Damascus"} <= set(names), names
    watched.page.wait_for_timeout(200)
    watched.assert_clean()


def _network_edges(watched: Watched) -> list[dict]:
    watched.open("/network")
    page = watched.page
    page.wait_for_function("() => window.wirecoderNetwork && window.wirecoderNetwork.edges().length > 0",
                           timeout=10_000)
    edges = page.evaluate("""() => window.wirecoderNetwork.edges().map(e => ({
        source: e.source().id(), target: e.target().id(),
        source_country: e.source().data('country'), target_country: e.target().data('country'),
        source_label: e.source().data('label'), target_label: e.target().data('label')}))""")
    page.wait_for_timeout(200)
    watched.assert_clean()
    return edges


@pytest.mark.parametrize("actor, recipient", [("USA", "IRQ"), ("QAT", "SYR"), ("JOR", "SYR")])
def test_network_shows_the_country_edges(watched: Watched, example_store: Path, actor: str, recipient: str) -> None:
    edges = _network_edges(watched)
    found = [e for e in edges if (e["source_country"], e["target_country"]) == (actor, recipient)]
    assert found, (f"no {actor} -> {recipient} edge; the network has "
                   f"{sorted((e['source_label'], e['target_label']) for e in edges)}; "
                   f"the store holds {_codes(stored_events(example_store))}")
    for e in found:  # the code the page shows on the node is the one tested
        assert e["source_label"].endswith(f"({actor})") and e["target_label"].endswith(f"({recipient})")


def test_network_links_blinken_to_iraq(watched: Watched, example_store: Path) -> None:
    edges = _network_edges(watched)
    from_blinken = {e["target"] for e in edges if e["source"] == "Antony Blinken" and e["target_country"] == "IRQ"}
    assert from_blinken & {"Mohammed Shia al-Sudani", "Iraq"}, (
        sorted((e["source"], e["target"]) for e in edges), _codes(stored_events(example_store)))


# ---- every page ------------------------------------------------------------------------

PAGES = [
    ("/?q=Blinken", ".search-results"),
    ("/articles", "table.articles tbody tr"),
    ("/events", "table.events tbody tr"),
    ("/events?country=SYR&type=CONSULT", "table.events tbody tr"),
    ("/quotes", ".quote-item"),
    ("/actors", "table.actors tbody tr"),
    ("/actors/Antony%20Blinken", "table.events tbody tr"),
    ("/actors/Ahmed%20al-Sharaa", "table.events tbody tr"),
    ("/timeline", "#timeline-chart svg"),
    ("/network", "#network canvas"),
    ("/map", "#map circle.place"),
]


@pytest.mark.parametrize("path, ready", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_loads_cleanly(watched: Watched, path: str, ready: str) -> None:
    watched.open(path)
    watched.page.wait_for_selector(ready, timeout=10_000)
    watched.page.wait_for_timeout(200)  # let late scripts report errors
    watched.assert_clean()


def test_second_article_page_loads_cleanly(watched: Watched) -> None:
    found = watched.page.request.get(watched.base + "/api/articles?q=Qatar%20and%20Jordan").json()["items"]
    assert found
    watched.open(f"/articles/{found[0]['id']}")
    watched.page.wait_for_selector("#article-text mark.hl-trigger")
    watched.page.wait_for_timeout(200)
    watched.assert_clean()
