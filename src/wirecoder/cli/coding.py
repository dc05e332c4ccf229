"""`code` (print JSON, store nothing) and `run` (code into the store)."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from wirecoder.cli.console import err, out, warn
from wirecoder.errors import InputError
from wirecoder.ingest import read_paths

DEFAULT_DB = "wirecoder.duckdb"
Paths = Annotated[list[Path], typer.Argument(help="Files or directories: text dumps, .txt folders, JSONL.")]


def coded_to_json(coded: list) -> dict:
    """The `code` document: articles, events, quotes, entities and places of every article."""
    doc = {"articles": [], "events": [], "quotes": [], "entities": [], "places": []}
    for c in coded:
        doc["articles"].append(c.article.to_dict())
        doc["events"] += [e.to_dict() for e in c.events]
        doc["quotes"] += [q.to_dict() for q in c.quotes]
        doc["entities"] += [e.to_dict() for e in c.entities]
        doc["places"] += [p.to_dict() for p in c.places]
    return doc


def code(paths: Paths, indent: Annotated[int, typer.Option(help="JSON indent; 0 for one line.")] = 2) -> None:
    """Code the input and print one JSON document (articles, events, quotes, entities, places). Stores nothing."""
    from wirecoder.pipeline import Pipeline

    articles = list(read_paths(paths, warn=warn))
    coded = list(Pipeline().code_articles(articles))
    out.file.write(json.dumps(coded_to_json(coded), ensure_ascii=False, indent=indent or None) + "\n")


def run(
    paths: Paths,
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store to write.")] = Path(DEFAULT_DB),
    batch: Annotated[int, typer.Option(help="Articles per transaction.")] = 50,
) -> None:
    """Code the input into the store, with a progress bar; already-stored articles are skipped."""
    from wirecoder.pipeline import Pipeline
    from wirecoder.store import Store

    skipped_inputs: list[str] = []

    def note(message: str) -> None:
        skipped_inputs.append(message)
        warn(message)

    with Store(db) as store:
        known = store.article_ids()
        pipeline = Pipeline()
        totals = {"articles": 0, "events": 0, "quotes": 0, "places": 0, "entities": 0, "already stored": 0}
        articles = read_paths(paths, warn=note)

        def fresh():
            for article in articles:
                if article.id in known:
                    totals["already stored"] += 1
                    continue
                yield article

        coded_stream = pipeline.code_articles(fresh())
        columns = [SpinnerColumn(), TextColumn("coding"), BarColumn(bar_width=None),
                   TextColumn("{task.completed} articles"), TimeElapsedColumn()]
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("coding", total=None)
            while True:
                chunk = list(islice(coded_stream, batch))
                if not chunk:
                    break
                stats = store.write(chunk)
                for c in chunk:
                    totals["events"] += len(c.events)
                    totals["quotes"] += len(c.quotes)
                    totals["places"] += len(c.places)
                    totals["entities"] += len(c.entities)
                totals["articles"] += len(chunk)
                progress.advance(task, len(chunk))
                del stats
        if totals["articles"] == 0 and totals["already stored"] == 0:
            raise InputError("nothing could be coded from the input")
        counts = store.counts()

    table = Table(title=f"wirecoder run -> {db}")
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("in store", justify="right")
    for key in ("articles", "events", "quotes", "places", "entities"):
        table.add_row(key, str(totals[key]), str(counts.get(key, "")))
    table.add_row("already stored", str(totals["already stored"]), "")
    table.add_row("inputs skipped", str(len(skipped_inputs)), "")
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(code)
    app.command()(run)
