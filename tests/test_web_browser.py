"""The pages in a real browser: Playwright driving Debian's Chromium against a live uvicorn.

Each page must load with no console error and no request leaving 127.0.0.1;
filters must change what is shown; the article page must mark the right spans
and never run markup found in an article.  Screenshots of every page go to
artifacts/screenshots/.  Skipped when /usr/bin/chromium or playwright is
missing (``apt-get install chromium``; ``pip install playwright``; no
``playwright install`` is needed).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

from test_web_api import SCRIPT, build_sample_store  # noqa: E402
from wirecoder.web.localserver import serving  # noqa: E402
from browser_waits import wait_for_graph_to_settle  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """A live server over the sample store: yields (base URL, the coded articles by name)."""
    db = tmp_path_factory.mktemp("browser") / "news.duckdb"
    articles = build_sample_store(db)
    with serving(db) as base:
        yield base, articles


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records console errors, uncaught exceptions, dialogs and requests leaving the server."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if urlsplit(route.request.url).netloc == urlsplit(self.base).netloc:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == 200, path

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], f"requests left the server: {self.outside}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, site):
    page = Watched(browser, site[0])
    yield page
    page.close()


# (screenshot name, path, a selector that shows the page finished drawing)
PAGES = [
    ("search", "/?q=talks", ".search-results"),
    ("articles", "/articles", "table.articles tbody tr"),
    ("events", "/events", "table.events tbody tr"),
    ("quotes", "/quotes", ".quote-item"),
    ("actors", "/actors", "table.actors tbody tr"),
    ("actor", "/actors/Antony%20Blinken", "table.events tbody tr"),
    ("timeline", "/timeline", "#timeline-chart svg"),
    ("network", "/network", "#network canvas"),
    ("map", "/map", "#map circle.place"),
]


@pytest.mark.parametrize("name, path, ready", PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_cleanly(watched: Watched, name: str, path: str, ready: str) -> None:
    watched.open(path)
    watched.page.wait_for_selector(ready, timeout=10_000)
    watched.page.wait_for_timeout(200)  # let late scripts report errors
    watched.shoot(name)
    watched.assert_clean()


def test_article_page_marks_spans_and_follows_events(watched: Watched, site) -> None:
    coded = site[1]["baghdad"]
    watched.open(f"/articles/{coded.article.id}")
    page = watched.page

    def texts(selector: str) -> list[str]:
        return [t.strip() for t in page.eval_on_selector_all(
            "#article-text " + selector, "els => els.map(e => e.firstChild ? e.firstChild.textContent : '')")]

    assert texts("mark.hl-trigger") == ["met", "accused"]
    assert texts("mark.hl-place") == ["Baghdad"] and texts("mark.hl-date") == ["on Friday"]
    assert {"Blinken", "Mohammed Shia al-Sudani", "Israel", "Hamas"} <= set(texts("mark.hl-actor"))
    assert page.inner_text("#article-text .hl-quote").strip() == "The talks are serious"
    # the colours differ by kind
    colours = {kind: page.eval_on_selector(f"#article-text mark.hl-{kind}", "e => getComputedStyle(e).backgroundColor")
               for kind in ("actor", "trigger", "date", "place")}
    assert len(set(colours.values())) == 4, colours

    accuse = coded.events[1]
    page.click(f"#event-{accuse.id}")
    page.wait_for_selector("#sent-1.active")
    without_labels = "e => { const c = e.cloneNode(true); c.querySelectorAll('.hl-label').forEach(l => l.remove()); " \
                     "return c.textContent; }"
    assert page.eval_on_selector("#sent-1", without_labels) == accuse.sentence
    assert page.eval_on_selector("mark.hl-trigger.active", "e => e.firstChild.textContent") == "accused"
    assert page.url.endswith(f"#event-{accuse.id}")
    watched.shoot("article")

    # arriving from the events table lands on the event's sentence
    consult = coded.events[0]
    page.goto("about:blank")
    watched.open(f"/articles/{coded.article.id}#event-{consult.id}")
    page.wait_for_selector("#sent-0.active")
    assert page.is_visible(f"#event-{consult.id}.active")
    watched.assert_clean()


def test_markup_in_an_article_is_shown_not_run(watched: Watched, site) -> None:
    coded = site[1]["tyre"]
    watched.open(f"/articles/{coded.article.id}")
    text = watched.page.inner_text("#article-text")
    assert SCRIPT in text and "<b>more</b>" in text
    assert "<img src=x onerror=alert(1)>" in watched.page.inner_text("h1")
    assert watched.page.eval_on_selector_all("#article-text script, #article-text b, h1 img", "els => els.length") == 0
    watched.shoot("article-with-markup")
    watched.assert_clean()  # includes: no alert() dialog opened


def _rows(watched: Watched) -> int:
    return watched.page.eval_on_selector_all("#results table.events tbody tr", "rows => rows.length")


def test_event_filters_update_the_table(watched: Watched) -> None:
    watched.open("/events")
    page = watched.page
    assert _rows(watched) == 6
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 2")
    assert "type=ASSAULT" in page.url  # the address bar follows the filter
    assert "type=ASSAULT" in page.get_attribute("a[download]", "href")
    page.fill("input[name=actor]", "Russia")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert "Russia" in page.inner_text("#results tbody tr")
    with page.expect_download() as download:
        page.click("a[download]:text('CSV')")
    lines = Path(download.value.path()).read_text().splitlines()
    assert len(lines) == 2 and "Russia" in lines[1]
    page.fill("input[name=actor]", "")
    page.select_option("select[name=type]", "")
    page.fill("input[name=since]", "not a date")
    page.wait_for_selector("#results .error, #results h1", timeout=5000)
    watched.errors = [e for e in watched.errors if "422" not in e]  # the refused request is expected
    page.fill("input[name=since]", "2024-12-14")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 2")
    # a row links to its article and sentence
    page.click("#results tbody tr:first-child td.sentence a")
    page.wait_for_url("**/articles/**#event-*")
    page.wait_for_selector(".sent.active")
    watched.assert_clean()


def test_search_box_finds_articles_actors_and_quotes(watched: Watched) -> None:
    watched.open("/")
    page = watched.page
    page.fill(".big-search input[name=q]", "Blinken")
    page.wait_for_selector(".search-results")
    results = page.inner_text("#search-results")
    assert "Blinken in Baghdad" in results and "Antony Blinken" in results
    page.fill(".big-search input[name=q]", "power plants")
    page.wait_for_url("**/?q=power+plants")
    assert "Russia attacked power plants overnight" in page.inner_text("#search-results")
    assert "Blinken in Baghdad" not in page.inner_text("#search-results")
    watched.shoot("search-typed")
    watched.assert_clean()


def test_timeline_switches_to_quad_classes(watched: Watched) -> None:
    watched.open("/timeline")
    page = watched.page
    page.wait_for_selector("#timeline-chart svg")
    assert "CONSULT" in page.inner_text("#timeline-chart")
    page.select_option("select[name=by]", "quad")
    page.wait_for_function("() => document.querySelector('#timeline-chart').innerText.includes('material conflict')")
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("() => document.querySelector('#chart-status').innerText.startsWith('2 events')")
    watched.assert_clean()


def test_network_node_opens_the_actor_profile(watched: Watched) -> None:
    watched.open("/network")
    page = watched.page
    page.wait_for_function("() => window.wirecoderNetwork && window.wirecoderNetwork.nodes().length > 0")
    assert page.evaluate("window.wirecoderNetwork.nodes().length") == 10
    colours = page.evaluate("window.wirecoderNetwork.edges().map(e => e.data('tone')).sort()")
    assert colours.count("coop") == 3 and colours.count("conflict") == 3
    wait_for_graph_to_settle(page)  # on a loaded machine the graph may still be moving
    where = page.evaluate("""() => {
        const p = window.wirecoderNetwork.$id('Antony Blinken').renderedPosition();
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url(f"**/actors/{quote('Antony Blinken')}")
    assert page.inner_text("h1") == "Antony Blinken"
    watched.assert_clean()


def test_map_point_filters_the_events(watched: Watched) -> None:
    watched.open("/map")
    page = watched.page
    page.wait_for_selector("#map circle.place")
    assert sorted(page.eval_on_selector_all("circle.place", "cs => cs.map(c => c.dataset.name)")) == [
        "Baghdad", "Kyiv", "Tyre"]
    page.dispatch_event("circle.place[data-name=Kyiv]", "click")
    page.wait_for_selector("#results table.events tbody tr")
    assert _rows(watched) == 1 and "Russia" in page.inner_text("#results tbody tr")
    assert page.inner_text("#map-events-title") == "Events at Kyiv"
    page.select_option("select[name=type]", "CONSULT")
    page.wait_for_function("() => document.querySelectorAll('circle.place').length === 1")
    watched.shoot("map-filtered")
    watched.assert_clean()
