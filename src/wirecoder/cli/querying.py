"""`events`, `show` and `export`: reading the store."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from wirecoder.cli.coding import DEFAULT_DB
from wirecoder.cli.console import out
from wirecoder.errors import InputError

Db = Annotated[Path, typer.Option("--db", help="The DuckDB store to read.")]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _names(actors: list[dict]) -> str:
    return "; ".join(f"{a['name']} ({a.get('country') or '-'} {a.get('sector') or '-'})" for a in actors)


def _event_row(e: dict) -> dict:
    loc = e.get("location") or {}
    return {
        "date": (e.get("date") or {}).get("value", ""),
        "event": e["event"],
        "cameo": e["cameo"],
        "actor": _names(e["actor"]),
        "recipient": _names(e["recipient"]),
        "location": loc.get("name", "") if loc else "",
        "trigger": e.get("trigger", ""),
        "negated": e["negated"],
        "hypothetical": e["hypothetical"],
        "confidence": e["confidence"],
        "sentence": e["sentence"],
    }


_CALENDAR_PREFIX = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_calendar_prefix(text: str) -> bool:
    """2024, 2024-12 or 2024-12-13 naming a real year, month or day: 2024-13 and 2024-02-30 do not."""
    found = _CALENDAR_PREFIX.fullmatch(text)
    if found is None:
        return False
    try:
        dt.date(max(int(found[1]), 1), int(found[2] or 1), int(found[3] or 1))
    except ValueError:
        return False
    return True


def events(
    db: Db = Path(DEFAULT_DB),
    actor: Annotated[str | None, typer.Option(help="A piece of an actor's name, or a country code.")] = None,
    recipient: Annotated[str | None, typer.Option(help="A piece of a recipient's name, or a country code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    since: Annotated[str | None, typer.Option(help="ISO date or prefix (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="ISO date or prefix (inclusive).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    format: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
) -> None:
    """Query the store's events."""
    from wirecoder.events.cameo import cameo_table
    from wirecoder.store import Store

    if type is not None:
        known = sorted({entry.plover for entry in cameo_table().values() if entry.plover})
        if type.strip().upper() not in known:
            raise InputError(f"unknown event type {type!r}; choose one of {', '.join(known)}")
    for name, bound in (("since", since), ("until", until)):
        if bound is not None and not is_calendar_prefix(bound.strip()):
            raise InputError(f"--{name} must be a real date or its prefix (2024, 2024-12, 2024-12-13), got {bound!r}")
    with Store(db, read_only=True) as store:
        rows = store.events(actor=actor, recipient=recipient, type=type.strip().upper() if type else None,
                            since=since, until=until, limit=limit)
    if format is Format.json:
        out.file.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format is Format.csv:
        flat = [_event_row(e) for e in rows]
        writer = csv.DictWriter(out.file, fieldnames=list(_event_row({"event": "", "cameo": "", "actor": [],
                                                                        "recipient": [], "negated": False,
                                                                        "hypothetical": False, "confidence": 0,
                                                                        "sentence": ""})))
        writer.writeheader()
        writer.writerows(flat)
    else:
        table = Table(title=f"{len(rows)} events")
        for col in ("date", "event", "cameo", "actor", "recipient", "location", "trigger"):
            table.add_column(col, overflow="fold")
        for e in rows:
            r = _event_row(e)
            flags = (" (not)" if r["negated"] else "") + (" (hyp.)" if r["hypothetical"] else "")
            table.add_row(r["date"], r["event"] + flags, r["cameo"], r["actor"], r["recipient"], r["location"],
                          r["trigger"])
        out.print(table)


def show(db: Db = Path(DEFAULT_DB)) -> None:
    """A readable summary of the store: each article's title, events, quotes and places."""
    from wirecoder.store import Store

    with Store(db, read_only=True) as store:
        for article in store.articles():
            aid = article["id"]
            out.rule(f"[bold]{article['title'] or '(untitled)'}[/bold]")
            out.print(f"source {article.get('source') or '-'} · reference date {article.get('reference_date') or '-'}"
                      f" · id {aid}", markup=False)
            table = Table(title="Events", title_justify="left")
            for col in ("date", "event", "cameo", "actor", "recipient", "where"):
                table.add_column(col, overflow="fold")
            for e in store.events(article_id=aid):
                r = _event_row(e)
                flags = (" (not)" if r["negated"] else "") + (" (hyp.)" if r["hypothetical"] else "")
                table.add_row(r["date"], r["event"] + flags, r["cameo"], r["actor"], r["recipient"], r["location"])
            out.print(table)
            quotes = store.quotes(article_id=aid)
            if quotes:
                out.print("[bold]Quotes[/bold]")
                for q in quotes:
                    speaker = (q.get("speaker") or {}).get("name") or "unknown"
                    text = q["text"] if len(q["text"]) < 160 else q["text"][:157] + "..."
                    out.print(f"  {speaker} ({q['kind']}): “{text}”", markup=False)
            places = store.places(article_id=aid)
            if places:
                seen = {}
                for p in places:
                    seen.setdefault(p["name"], p)
                out.print("[bold]Places[/bold]  " + ", ".join(
                    f"{p['name']} ({p.get('country') or '-'} {p['lat']:.2f},{p['lon']:.2f})"
                    if p.get("lat") is not None else p["name"] for p in seen.values()), highlight=False)
            out.print()


def export(
    # Checked by the library's registry (wirecoder.store.exports.EXPORTERS): an unknown one is one error line.
    format: Annotated[str, typer.Option("--format", help="jsonl (per article), csv (flat events), "
                                                 "parquet (a folder of tables, or flat events to *.parquet), "
                                                 "polecat (TSV), plover (JSON lines) or phoenix (TSV).")],
    # A str, not a Path: Path drops the trailing slash that says "a folder".
    out_path: Annotated[str, typer.Option("--out", help="Output file ('-' for stdout); for parquet a folder, "
                                                        "or a file ending in .parquet.")],
    db: Db = Path(DEFAULT_DB),
) -> None:
    """Write the store out: JSONL, flat CSV or Parquet, or the field's POLECAT, PLOVER and Phoenix formats."""
    from wirecoder.cli.console import err
    from wirecoder.store import Store
    from wirecoder.store import export as export_store

    with Store(db, read_only=True) as store:
        rows = export_store(store, format, out_path)
    err.print(f"wrote {rows} rows to {out_path}", highlight=False)


def actors(
    db: Db = Path(DEFAULT_DB),
    name: Annotated[str | None, typer.Option(help="Only profiles whose name or alias holds this.")] = None,
    label: Annotated[str | None, typer.Option(help="PERSON, ORG, GPE, LOC, NORP or FAC.")] = None,
    format: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
) -> None:
    """Actor profiles merged across articles: name, aliases, role, country, sector, mentions, articles."""
    from wirecoder.store import Store

    with Store(db, read_only=True) as store:
        rows = store.entities()
    needle = name.lower() if name else None
    rows = [r for r in rows if (label is None or r["label"] == label.upper()) and (
        needle is None or needle in r["name"].lower() or any(needle in a.lower() for a in r.get("aliases", [])))]
    rows.sort(key=lambda r: (-r["mentions"], r["name"]))
    if format is Format.json:
        out.file.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    flat = [{"name": r["name"], "label": r["label"], "role": r.get("role") or "", "country": r.get("country") or "",
             "sector": r.get("sector") or "", "mentions": r["mentions"], "articles": len(r["article_ids"]),
             "aliases": "; ".join(r.get("aliases", []))} for r in rows]
    if format is Format.csv:
        writer = csv.DictWriter(out.file, fieldnames=list(flat[0]) if flat else ["name"])
        writer.writeheader()
        writer.writerows(flat)
        return
    table = Table(title=f"{len(flat)} actors")
    for col in ("name", "label", "role", "country", "sector", "mentions", "articles", "aliases"):
        table.add_column(col, overflow="fold")
    for r in flat:
        table.add_row(*(str(r[c]) for c in ("name", "label", "role", "country", "sector", "mentions", "articles",
                                             "aliases")))
    out.print(table)


def serve(
    db: Db = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to bind; the default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="WIRECODER_TOKEN",
                                              help="Token that admin endpoints require (Bearer).")] = None,
    cors: Annotated[list[str] | None, typer.Option(
        "--cors", metavar="ORIGIN",
        help="Let pages from this origin (e.g. a notebook at http://localhost:8888) read the API; repeatable. "
             "Off by default.")] = None,
) -> None:
    """Open the store in the browser: a read-only web UI and JSON API."""
    import uvicorn

    from wirecoder.web import create_app
    from wirecoder.web.app import cors_origin, loopback_hosts

    for origin in cors or []:
        try:
            cors_origin(origin)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    # Fails here, in one line, when there is no store; on loopback only loopback Host names are served.
    app = create_app(str(db), token=token, allowed_hosts=loopback_hosts(host), cors=cors)
    print(f"wirecoder: serving {db} at http://{host}:{port}/ (read-only; Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(events)
    app.command()(actors)
    app.command()(serve)
    app.command()(show)
    app.command()(export)
