"""Screenshots of the web workbench for the README, from the bundled example and from a large store.

    .venv/bin/python scripts/screenshots.py                   # code the example into a temp store
    .venv/bin/python scripts/screenshots.py --db demo.duckdb  # or use a store you have
    .venv/bin/python scripts/screenshots.py --large 2000      # 2,000 synthetic articles: files named large-*.png
    .venv/bin/python scripts/screenshots.py --out docs/screenshots --chromium /usr/bin/chromium

Serves the store on a free loopback port and saves one PNG per page (search, article,
events, timeline, network, map, actor profile) at a 1280-pixel-wide viewport.  Each image
is the top of the page, 900 pixels tall (the network 1000), so the files stay under 250 KB.
Needs Playwright (``pip install playwright``) and a Chromium binary; nothing is fetched
from the network.  Exits non-zero when a page logs a console error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from wirecoder.web.localserver import serving

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "asharq-al-awsat-2024-12.txt"
WIDTH, HEIGHT = 1280, 900  # the viewport; charts that fill the window size themselves to it
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
               "--font-render-hinting=none"]

# (file name, path, a selector present once the page has drawn, the most pixels to keep of its
# height); "{article}" and "{event}" are the Blinken article's id and one of its events
PAGES = [
    ("search", "/?q=Syria", ".search-results", 900),
    ("article", "/articles/{article}#event-{event}", ".event-item.active", 900),
    ("events", "/events", "table.events tbody tr", 900),
    ("timeline", "/timeline", "#timeline-chart svg", 900),
    ("network", "/network", "#network canvas", 1000),  # the whole graph
    ("map", "/map", "#map circle.place", 900),
    ("actor", "/actors/" + quote("Antony Blinken"), "table.events tbody tr", 900),
]
# A large store shows what only size brings out: facets and sorting, the legend of top types, a busy network.
LARGE_PAGES = [
    ("events", "/events?sort=-sources", "table.events tbody tr", 900),
    ("timeline", "/timeline", "#timeline-chart svg rect.bar", 900),
    ("network", "/network?limit=25", "#network canvas", 900),
    ("map", "/map", "#map circle.place", 900),
]


def code_example(db: Path) -> None:
    """``wirecoder run`` on the bundled example, as a user would."""
    subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "run", str(EXAMPLE), "--db", str(db)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def blinken_article(request, base: str) -> tuple[str, str]:
    """The Blinken article's id and its first event with a recipient (selected in the screenshot)."""
    found = request.get(base + "/api/articles?q=Blinken").json()["items"]
    if not found:
        raise SystemExit("the store has no article about Blinken: pass a store of the bundled example")
    record = request.get(base + f"/api/articles/{found[0]['id']}").json()
    event = next((e for e in record["events"] if e["recipient"]), (record["events"] or [{"id": ""}])[0])
    return found[0]["id"], event["id"]


def shoot(base: str, out: Path, chromium: str, max_height: int | None = None, pages: list | None = None,
          prefix: str = "") -> list[str]:
    """Save every page's PNG under ``out``; returns the console errors seen (none expected)."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        # nothing outside this server is ever loaded
        context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc
                      == urlsplit(base).netloc else route.abort())
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        article, event = blinken_article(context.request, base) if pages is None else ("", "")
        for name, path, ready, keep in pages or PAGES:
            page.goto(base + path.format(article=article, event=event), wait_until="load")
            page.wait_for_selector(ready, timeout=15_000)
            page.wait_for_timeout(400)  # layouts and fonts settle
            page.evaluate("window.scrollTo(0, 0)")
            height = min(max_height or keep, page.evaluate("document.documentElement.scrollHeight"))
            target = out / f"{prefix}{name}.png"
            page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height})
            print(f"{target}  {WIDTH}x{height}  {target.stat().st_size // 1024} KB")
        browser.close()
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to show (default: code the bundled example into a temp store)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--large", type=int, metavar="ARTICLES",
                        help="shoot a synthetic store of this many varied articles instead (large-*.png)")
    parser.add_argument("--max-height", type=int, help="crop every page to this many pixels (default: 900-1000 "
                        "each, which keeps the files under 250 KB)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if args.large:
            from wirecoder.store.synthetic import build_workbench_store

            db = Path(tmp) / "large.duckdb"
            build_workbench_store(db, articles=args.large)
        elif db is None:
            db = Path(tmp) / "demo.duckdb"
            code_example(db)
        with serving(db) as base:
            if args.large:
                errors = shoot(base, args.out, args.chromium, args.max_height, LARGE_PAGES, "large-")
            else:
                errors = shoot(base, args.out, args.chromium, args.max_height)
    if errors:
        print("console errors:\n  " + "\n  ".join(errors), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
