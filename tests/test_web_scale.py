"""The workbench at 2,000 articles, in a real browser (Playwright on Debian's Chromium).

One store of 2,000 varied synthetic articles (10,000 events; ``synthetic.build_workbench_store``,
no spaCy) is built once per session.  The tests check what an analyst does with it: sorting and
facets change the rows, Back undoes a filter, a timeline bar and a network edge open the right
events, every chart view survives a reload of its URL, the map is usable from the keyboard, the
390 px events page never scrolls sideways, dark mode is honoured.  Expected figures come from the
JSON API (itself checked against the store in test_web_workbench.py), never typed in.
Screenshots go to artifacts/screenshots/scale-*.png.  Server time is reported by
``bench/web_pages.py`` (a bench, not a timed test).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from test_web_browser import SCREENSHOTS, Watched, browser  # noqa: F401, I001 (skips without chromium)

from wirecoder.store.synthetic import build_workbench_store  # noqa: E402
from wirecoder.web.localserver import serving  # noqa: E402
from browser_waits import wait_for_graph_to_settle  # noqa: E402

ARTICLES = 2000


@pytest.fixture(scope="session")
def scale_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("scale") / "workbench.duckdb"
    assert build_workbench_store(db, articles=ARTICLES, events=5) == ARTICLES * 5
    return db


@pytest.fixture(scope="module")
def scale_site(scale_store: Path):
    with serving(scale_store) as base:
        yield base


@pytest.fixture
def watched(browser, scale_site):  # noqa: F811
    page = Watched(browser, scale_site)
    yield page
    page.close()


def api(watched: Watched, path: str) -> dict:
    response = watched.page.request.get(watched.base + path)
    assert response.ok, (path, response.status, response.text())
    return response.json()


def rows(watched: Watched) -> list[str]:
    return watched.page.eval_on_selector_all("#results table.events tbody tr", "rs => rs.map(r => r.dataset.event)")


def total(watched: Watched) -> int:
    text = watched.page.inner_text("#results .pager .count")
    return int(text.split(" of ")[1]) if " of " in text else 0


def params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_sorting_changes_the_rows_and_back_undoes_it(watched: Watched) -> None:
    watched.open("/events")
    page = watched.page
    first = rows(watched)
    assert len(first) == 50 and total(watched) == ARTICLES * 5
    page.click("th a.sort:text('Conf.')")
    page.wait_for_url("**sort=-confidence**")
    page.wait_for_function("() => document.querySelector('th[aria-sort]')")
    best = api(watched, "/api/events?sort=-confidence&limit=50")["items"]
    assert rows(watched) == [e["id"] for e in best] != first
    shown = page.eval_on_selector_all("#results tbody tr td.num:nth-of-type(6)", "cs => cs.map(c => c.textContent)")
    assert shown[0] == f"{best[0]['confidence']:.2f}"
    page.click("th a.sort:text('Sources')")
    page.wait_for_url("**sort=-sources**")
    reported = api(watched, "/api/events?sort=-sources&limit=50&provenance=true")["items"]
    assert rows(watched) == [e["id"] for e in reported] and reported[0]["provenance"]["num_sources"] > 1
    page.go_back()
    page.wait_for_url("**sort=-confidence**")
    page.wait_for_function("ids => document.querySelector('#results tbody tr').dataset.event === ids[0]",
                           arg=[best[0]["id"]])
    watched.shoot("scale-events-sorted")
    watched.assert_clean()


def test_a_facet_click_filters_and_the_form_keeps_it(watched: Watched) -> None:
    watched.open("/events")
    page = watched.page
    facet = {f["param"]: f for f in api(watched, "/api/events/facets")["facets"]}
    outlet = facet["source"]["values"][1]
    page.click(f".facet[data-facet=source] a:text-is('{outlet['value']}')")
    page.wait_for_url("**source=**")
    page.wait_for_function(f"() => document.querySelector('#results .pager .count').innerText.endsWith('of {outlet['count']}')")
    assert params(page.url)["source"] == outlet["value"]
    assert page.is_visible(".active-filters a.chip")
    # untyped events are a facet value of their own, not a blank chip that lists everything
    untyped = next(v for v in facet["type"]["values"] if v["value"] == "none")
    page.click(".facet[data-facet=type] a:text-is('no PLOVER type')")
    page.wait_for_url("**type=none**")
    both = api(watched, f"/api/events?type=none&source={outlet['value']}&limit=1")["total"]
    assert 0 < both < untyped["count"]
    page.wait_for_function(f"() => document.querySelector('#results .pager .count').innerText.endsWith('of {both}')")
    # typing a filter keeps the facet filters (the form took them from the URL)
    page.fill("input[name=country]", "Britain")
    page.wait_for_url("**country=Britain**")
    expected = api(watched, f"/api/events?type=none&source={outlet['value']}&country=UK&limit=1")["total"]
    page.wait_for_function(f"() => document.querySelector('#results .pager .count').innerText.endsWith('of {expected}')")
    assert params(page.url)["source"] == outlet["value"] and params(page.url)["type"] == "none"
    page.go_back()
    page.wait_for_function(f"() => document.querySelector('#results .pager .count').innerText.endsWith('of {both}')")
    watched.shoot("scale-events-faceted")
    watched.assert_clean()


def test_the_results_are_marked_busy_while_loading(watched: Watched) -> None:
    watched.open("/events")
    page = watched.page
    page.route("**/fragments/events**", lambda route: (page.wait_for_timeout(600), route.continue_()))
    page.fill("input[name=place]", "Mosul")
    page.wait_for_selector("#results.htmx-request", timeout=3000)
    assert page.get_attribute("#results", "aria-busy") == "true"
    page.wait_for_selector("#results:not(.htmx-request)", timeout=5000)
    assert "Mosul" in page.inner_text("#results tbody tr")
    watched.assert_clean()


def test_plain_errors_for_impossible_dates(watched: Watched) -> None:
    watched.open("/events")
    page = watched.page
    page.fill("input[name=since]", "2024-02-30")
    page.wait_for_selector("#results .error", timeout=5000)
    assert "not a real date" in page.inner_text("#results .error")
    watched.errors = [e for e in watched.errors if "422" not in e]  # the refused request is expected
    page.fill("input[name=since]", "2024-12")
    page.wait_for_selector("#results table.events")
    watched.assert_clean()


def test_a_timeline_bar_opens_its_events_and_the_view_survives_a_reload(watched: Watched) -> None:
    watched.open("/timeline?by=quad&interval=month")
    page = watched.page
    page.wait_for_function("() => window.wirecoderTimeline && document.querySelectorAll('rect.bar').length")
    page.reload()
    page.wait_for_function("() => window.wirecoderTimeline && document.querySelectorAll('rect.bar').length")
    assert page.input_value("select[name=by]") == "quad" and page.input_value("select[name=interval]") == "month"
    data = page.evaluate("window.wirecoderTimeline.data")
    assert data["interval"] == "month" and len(data["keys"]) <= 8
    assert data["earlier"] > 0 and data["later"] > 0  # the 1991 and 2031 dates do not stretch the axis
    assert {p["period"][:4] for p in data["series"]} == {"2024"} | ({"2025"} & {p["period"][:4] for p in data["series"]})
    assert page.is_visible("a.outside-bin[data-bin=earlier]")
    watched.shoot("scale-timeline")
    bar = page.query_selector("rect.bar[data-key='material conflict'][data-period='2024-03']")
    expected = next(p["count"] for p in data["series"] if p["key"] == "material conflict" and p["period"] == "2024-03")
    bar.click()
    page.wait_for_url("**/events?**")
    assert {k: params(page.url)[k] for k in ("since", "until", "quad")} == {"since": "2024-03", "until": "2024-03",
                                                                          "quad": "4"}
    page.wait_for_selector("#results table.events")
    assert total(watched) == expected
    watched.assert_clean()


def test_timeline_defaults_to_at_most_eight_series_and_an_interval_from_the_span(watched: Watched) -> None:
    watched.open("/timeline")
    page = watched.page
    page.wait_for_function("() => window.wirecoderTimeline")
    data = page.evaluate("window.wirecoderTimeline.data")
    assert data["interval"] == "week" and data["keys"][-1] == "other" and len(data["keys"]) == 8
    legend = page.eval_on_selector_all("#timeline-chart [class$='-swatch']", "s => s.map(e => e.textContent.trim())")
    assert legend == data["keys"]
    watched.open("/timeline?since=2024-03-01&until=2024-03-20")
    page.wait_for_function("() => window.wirecoderTimeline")
    assert page.evaluate("window.wirecoderTimeline.data.interval") == "day"
    watched.assert_clean()


def test_brushing_the_timeline_sets_since_and_until(watched: Watched) -> None:
    watched.open("/timeline?interval=month")
    page = watched.page
    page.wait_for_function("() => window.wirecoderTimeline && document.querySelector('.brush .overlay')")
    box = page.query_selector(".brush .overlay").bounding_box()
    y = box["y"] + 4  # above the bars: the brush's own area
    page.mouse.move(box["x"] + box["width"] * 0.25, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.up()
    page.wait_for_url("**until=**")
    found = params(page.url)
    assert "2024-03" <= found["since"] < found["until"] <= "2024-08"
    watched.assert_clean()


def _network_ready(page) -> None:
    page.wait_for_function("() => window.wirecoderNetwork && window.wirecoderNetwork.edges().length > 0")
    wait_for_graph_to_settle(page)  # on a loaded machine the graph may still be moving


def test_network_reads_its_settings_from_the_url_and_an_edge_lists_its_events(watched: Watched) -> None:
    watched.open("/network?min_count=20&limit=15")
    page = watched.page
    _network_ready(page)
    page.reload()
    _network_ready(page)
    assert page.input_value("input[name=min_count]") == "20" and page.input_value("input[name=limit]") == "15"
    edges = page.evaluate("window.wirecoderNetwork.edges().map(e => e.data())")
    assert 0 < len(edges) <= 15 and min(e["count"] for e in edges) >= 20
    names = page.evaluate("window.wirecoderNetwork.nodes().map(n => n.id())")
    assert not [n for n in names if not n[0].isupper()]  # generic actors hidden by default
    # click the edge whose midpoint is farthest from any node
    where = page.evaluate("""() => {
        const cy = window.wirecoderNetwork, box = document.getElementById('network').getBoundingClientRect();
        let best = null;
        cy.edges().forEach(e => {
            const m = e.renderedMidpoint();
            const gap = Math.min(...cy.nodes().map(n => Math.hypot(n.renderedPosition().x - m.x, n.renderedPosition().y - m.y)
                                                       - n.renderedWidth() / 2));
            const clear = cy.edges().every(o => o === e || Math.hypot(o.renderedMidpoint().x - m.x, o.renderedMidpoint().y - m.y) > 12);
            if (clear && m.x > 5 && m.y > 5 && m.x < box.width - 5 && m.y < box.height - 5 && (!best || gap > best.gap))
                best = {gap, x: box.left + m.x, y: box.top + m.y, data: e.data()};
        });
        return best;
    }""")
    assert where and where["gap"] > 4
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url("**from=**")
    page.wait_for_selector("#results table.events")
    edge = where["data"]
    assert total(watched) == edge["count"]
    assert params(page.url)["from"] == edge["source"] and params(page.url)["to"] == edge["target"]
    actors = page.eval_on_selector_all("#results tbody tr td:nth-child(2)", "cs => cs.map(c => c.innerText)")
    assert actors and all(edge["source"] in a for a in actors)
    watched.shoot("scale-network")
    page.reload()  # the selected edge is part of the link
    page.wait_for_selector("#results table.events")
    assert total(watched) == edge["count"] and edge["target"] in page.inner_text("#network-events-title")
    watched.assert_clean()


def test_network_generic_toggle_dyads_tooltips_and_search(watched: Watched) -> None:
    watched.open("/network?generic=true&limit=200")
    page = watched.page
    _network_ready(page)
    assert page.is_checked("input[name=generic]")
    names = page.evaluate("window.wirecoderNetwork.nodes().map(n => n.id())")
    assert {"government", "60 people", "his party"} <= set(names)
    watched.open("/network?by=dyad&limit=30")
    _network_ready(page)
    assert page.input_value("select[name=by]") == "dyad"
    dyads = page.evaluate("window.wirecoderNetwork.nodes().map(n => n.id())")
    assert "USA GOV" in dyads and all(d.split()[0].isupper() or d.startswith("---") for d in dyads)
    page.fill("input[name=find]", "IRQ GOV")
    page.wait_for_url("**find=IRQ**")
    page.wait_for_function("() => window.wirecoderNetwork && window.wirecoderNetwork.$('node.found').length === 1")
    assert page.evaluate("window.wirecoderNetwork.$('node.found').id()") == "IRQ GOV"
    assert page.is_visible("#network-tip") and "IRQ GOV" in page.inner_text("#network-tip")
    watched.assert_clean()


def test_map_selection_legend_precision_and_keyboard(watched: Watched) -> None:
    watched.open("/map?size=mentions")
    page = watched.page
    page.wait_for_selector("#map circle.place")
    page.reload()
    page.wait_for_selector("#map circle.place")
    assert page.input_value("select[name=size]") == "mentions"
    assert page.query_selector_all("svg.world .size-legend circle")
    assert page.query_selector("circle.place.cluster") is not None  # Baghdad, Mosul and Iraq's centre overlap
    page.focus("circle.place[data-name=London]")
    assert page.is_visible("#map-tip") and "London" in page.inner_text("#map-tip")
    page.keyboard.press("Enter")
    page.wait_for_url("**at=2643743**")
    page.wait_for_selector("#results table.events")
    there = api(watched, "/api/events?geonameid=2643743&limit=1")["total"]
    assert total(watched) == there and page.inner_text("#map-events-title") == "Events at London"
    page.reload()
    page.wait_for_selector("#results table.events")
    assert total(watched) == there
    watched.shoot("scale-map")
    # zoomed onto one country, its centre (hollow) and its capital (solid) come apart
    watched.open("/map?location_country=Syria")
    page.wait_for_selector("#map circle.place")
    assert page.query_selector("circle.place.area[data-name=Syria]") is not None
    assert page.query_selector("circle.place:not(.area):not(.cluster)[data-name=Damascus]") is not None
    watched.assert_clean()


def test_small_screen_scrolls_the_table_not_the_page(browser, scale_site) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(scale_site + "/events", wait_until="load")
        page.wait_for_selector("table.events tbody tr")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        table_box = page.eval_on_selector(".table-scroll", "b => [b.scrollWidth, b.clientWidth]")
        assert table_box[0] > table_box[1]  # the table scrolls inside its box
        assert not page.eval_on_selector("details.fold", "d => d.open")  # the filters start folded
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "scale-events-390.png"))
        for path, ready in [("/actors", "table.actors"), ("/articles", "table.articles"), ("/quotes", ".quote-item"),
                            ("/timeline", "#timeline-chart svg"), ("/map", "#map svg")]:
            page.goto(scale_site + path, wait_until="load")
            page.wait_for_selector(ready)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    finally:
        context.close()


def test_dark_mode_follows_the_system(browser, scale_site) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(scale_site + "/events", wait_until="load")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        channels = [int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]]
        assert max(channels) < 60, background
        # cooperation and conflict differ by sign and words, not colour alone
        badges = page.eval_on_selector_all(".quad", "qs => qs.map(q => q.textContent)")
        assert any("+" in b for b in badges) and any("−" in b for b in badges)
        page.screenshot(path=str(SCREENSHOTS / "scale-events-dark.png"))
    finally:
        context.close()


def test_server_time_is_reported(watched: Watched) -> None:
    """Every response names its server time (Server-Timing); bench/web_pages.py reports the figures."""
    response = watched.page.request.get(watched.base + "/events?sort=-sources")
    timing = response.headers.get("server-timing", "")
    assert timing.startswith("app;dur=") and float(timing.split("=")[1]) >= 0
    json.dumps(timing)


def test_a_quote_link_lands_on_the_quote_in_its_article(watched: Watched) -> None:
    quote = api(watched, "/api/quotes?limit=1")["items"][0]
    watched.open("/quotes")
    page = watched.page
    page.click(f"a.quote-link[href$='#quote-{quote['id']}']")
    page.wait_for_url(f"**/articles/{quote['article_id']}#quote-{quote['id']}")
    page.wait_for_selector("#article-text .hl-quote.active")
    shown = page.eval_on_selector_all("#article-text .hl-quote.active", """spans => spans.map(s => {
        const c = s.cloneNode(true); c.querySelectorAll('.hl-label').forEach(l => l.remove()); return c.textContent;
    }).join('')""")
    assert shown == quote["text"]
    assert page.is_visible(f"#quote-{quote['id']}.active")
    watched.assert_clean()
