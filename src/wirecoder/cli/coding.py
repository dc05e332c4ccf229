"""`code` (print JSON, store nothing) and `run` (code into the store, serial, over worker processes or on Dask)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from wirecoder.cli.console import err, out, warn
from wirecoder.cli.progress import RunProgress, place_index_note
from wirecoder.errors import InputError
from wirecoder.ingest import read_paths
from wirecoder.ingest.given import Undated
from wirecoder.runner.settings import DEFAULT_BATCH, DEFAULT_BUDGET, Budget

DEFAULT_DB = "wirecoder.duckdb"
Paths = Annotated[list[Path], typer.Argument(help="Files or directories: text dumps, .txt folders, JSONL.")]
Dictionaries = Annotated[Path | None, typer.Option(
    help="Code events with your PETRARCH/TABARI dictionaries: a folder of them (verbs, actors, agents, "
         "discards) or a PETRARCH records file naming them.")]
Source = Annotated[str | None, typer.Option(
    "--source", help="The outlet of inputs that do not name one (plain text, records without a source or URL).")]
Date = Annotated[str | None, typer.Option(
    "--date", help="Reference date (YYYY-MM-DD) of inputs that carry none: relative dates and office-holders "
                   "resolve by it.")]


def note_place_index() -> None:
    note = place_index_note()
    if note:
        err.print(note, highlight=False)


def pipeline_factory(dictionaries: Path | None):
    """None for the default pipeline, else a recipe that builds a PETRARCH-dictionary pipeline."""
    if dictionaries is None:
        return None
    if not dictionaries.exists():
        raise InputError(f"{dictionaries} does not exist")
    from wirecoder.events.petrarch_coder import PetrarchPipelineFactory

    return PetrarchPipelineFactory(str(dictionaries))


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


def code(paths: Paths, indent: Annotated[int, typer.Option(help="JSON indent; 0 for one line.")] = 2,
         dictionaries: Dictionaries = None, source: Source = None, date: Date = None) -> None:
    """Code the input and print one JSON document (articles, events, quotes, entities, places). Stores nothing."""
    from wirecoder.pipeline import Pipeline

    factory = pipeline_factory(dictionaries) or Pipeline
    undated = Undated()
    articles = list(undated.watch(read_paths(paths, warn=warn, source=source, date=date)))
    if undated.count:
        warn(undated.warning())
    note_place_index()
    coded = list(factory().code_articles(articles))
    out.file.write(json.dumps(coded_to_json(coded), ensure_ascii=False, indent=indent or None) + "\n")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def run(
    paths: Paths,
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store to write.")] = Path(DEFAULT_DB),
    processes: Annotated[int, typer.Option("--processes", "-p", min=1,
                                           help="Worker processes, each with its own pipeline (local engine).")] = 1,
    batch: Annotated[int, typer.Option(min=1, help="Articles per block and per transaction.")] = DEFAULT_BATCH,
    engine: Annotated[Engine, typer.Option(help="local (this machine) or dask (a Dask cluster).")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://HOST:8786.")] = None,
    shards: Annotated[Path | None, typer.Option(
        help="Dask: folder for the Parquet shards, seen by workers and client (default: a temp folder).")] = None,
    dataset: Annotated[bool, typer.Option(
        "--dataset", help="Dask: keep the shards as a Parquet dataset; --db becomes views that read it in place.")
    ] = False,
    dedup: Annotated[bool, typer.Option("--dedup/--no-dedup",
                                        help="Link near-duplicate articles to their original instead of coding them.")
                     ] = True,
    dictionaries: Dictionaries = None,
    source: Source = None,
    date: Date = None,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Write one JSON line per article cut, skipped or failed, and why, to this file.")] = None,
    article_seconds: Annotated[float, typer.Option(
        min=0, help="Seconds one article may take to code before it is skipped (0: no limit).")] = DEFAULT_BUDGET.seconds,
    article_memory: Annotated[int, typer.Option(
        "--article-memory-mb", min=0,
        help="MB of memory one article may add before it is skipped (0: no limit).")] = DEFAULT_BUDGET.memory_mb,
) -> None:
    """Code the input into the store; articles already stored are skipped, so a re-run or a killed run resumes.

    An article over a limit is cut (ingest) or, over its time or memory budget, skipped; the summary
    counts them by reason and ``--report`` lists them."""
    from wirecoder.runner.report import LossReport

    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        warn(message)

    budget = Budget(seconds=article_seconds, memory_mb=article_memory, warn_after=min(DEFAULT_BUDGET.warn_after,
                                                                                     article_seconds or 1e9))
    with LossReport(report, note) as losses:
        stats = _run(paths, db, processes, batch, engine, scheduler, shards, dataset, dedup, dictionaries, source,
                     date, budget, losses, note)
    _summary(db, stats, losses, len(warnings))


def _run(paths, db, processes, batch, engine, scheduler, shards, dataset, dedup, dictionaries, source, date,
         budget, losses, note):
    from wirecoder.runner import run_dask
    from wirecoder.runner.inputs import input_files
    from wirecoder.runner.local import run_articles

    undated = Undated()
    files = input_files(paths)
    note_place_index()
    with RunProgress(len(files)) as progress:

        def advance(stats) -> None:
            progress.coded(stats.articles + stats.copies)

        if engine is Engine.dask:
            if dictionaries is not None:
                raise InputError("--dictionaries goes with the local engine")
            if source is not None or date is not None:
                raise InputError("--source and --date go with the local engine")
            if not scheduler:
                raise InputError("--engine dask needs --scheduler tcp://HOST:PORT")
            stats = run_dask(paths, db, scheduler, shards=shards, dataset=dataset, dedup=dedup, warn=note,
                             progress=advance, on_loss=losses.coding)
        else:
            if scheduler or dataset or shards:
                raise InputError("--scheduler, --shards and --dataset go with --engine dask")
            articles = read_paths(paths, warn=note, source=source, date=date, on_file=progress.file_started,
                                  on_loss=losses.ingest, on_progress=progress.note)
            stats = run_articles(undated.watch(articles), db, progress=advance, processes=processes, batch=batch,
                                 dedup=dedup, pipeline_factory=pipeline_factory(dictionaries), budget=budget,
                                 on_loss=losses.coding)
    if undated.count:
        warn(undated.warning())
    if stats.articles == 0 and stats.copies == 0 and stats.already_stored == 0:
        lost = sum(losses.articles(kind) for kind in ("skipped", "failed"))
        raise InputError("nothing could be coded from the input" + (f" ({lost} article(s) left out, see the "
                                                                    "warnings)" if lost else ""))
    return stats


def _summary(db: Path, stats, losses, warnings: int) -> None:
    counts = stats.in_store
    table = Table(title=f"wirecoder run -> {db}")
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("in store", justify="right")
    for key in ("articles", "events", "quotes", "places", "entities"):
        table.add_row(key, str(getattr(stats, key)), str(counts.get(key, "")))
    table.add_row("event mentions", str(stats.mentions), str(counts.get("event_mentions", "")))
    table.add_row("duplicates linked", str(stats.copies), str(counts.get("duplicates", "")))
    table.add_row("already stored", str(stats.already_stored), "")
    for label, value in losses.rows():
        table.add_row(label, value, "")
    if stats.workers_replaced:
        table.add_row("workers replaced", str(stats.workers_replaced), "")
    table.add_row("warnings", str(warnings), "")
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(code)
    app.command()(run)
