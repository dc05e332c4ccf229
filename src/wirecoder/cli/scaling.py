"""`bench`, `watch` and `check`: throughput, coding as files arrive, and a store's integrity."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from wirecoder.cli.coding import DEFAULT_DB
from wirecoder.cli.console import err, out, warn
from wirecoder.runner.settings import DEFAULT_BATCH


def bench(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to take the articles from.")],
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many articles, shared among the paths.")
                     ] = 400,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1,
                                           help="Measure scaling from 1 up to this many processes.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="End with one line of JSON.")] = False,
) -> None:
    """Articles per second of the whole pipeline against spaCy alone, stage shares, memory, scaling."""
    from wirecoder.bench import run_bench

    result = run_bench(paths, limit=limit, processes=processes, warn=warn,
                       report=lambda line: err.print(line, highlight=False))
    table = Table(title=f"wirecoder bench: {result.articles} articles")
    for col in ("processes", "pipeline art/s", "spaCy alone art/s", "ratio", "CPU ratio", "speedup",
                "peak RSS/worker MB"):
        table.add_column(col, justify="right")
    for row in result.scaling:
        table.add_row(str(row["processes"]), f"{row['pipeline_aps']:.2f}", f"{row['spacy_aps']:.2f}",
                      f"{row['ratio']:.2f}", f"{row['cpu_ratio']:.2f}", f"{row['speedup']:.2f}",
                      f"{row['peak_rss_mb']:.0f}")
    out.print(table)
    stages = Table(title="where the time goes (1 process)")
    stages.add_column("stage")
    stages.add_column("seconds", justify="right")
    stages.add_column("share", justify="right")
    for stage, share in result.stages.items():
        stages.add_row(stage, f"{result.seconds[stage]:.2f}", f"{share:.1%}")
    out.print(stages)
    if as_json:
        out.file.write(json.dumps(result.to_dict()) + "\n")


def watch(
    directory: Annotated[Path, typer.Argument(help="The folder to watch (and its subfolders).")],
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store to write.")] = Path(DEFAULT_DB),
    interval: Annotated[float, typer.Option(min=0.05, help="Seconds between polls.")] = 2.0,
    settle: Annotated[float, typer.Option(min=0, help="A file must be unchanged this long to be read.")] = 1.0,
    once: Annotated[bool, typer.Option("--once", help="Code what is there now, then stop.")] = False,
    timeout: Annotated[float | None, typer.Option(help="Stop after this many seconds.")] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes.")] = 1,
    batch: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = DEFAULT_BATCH,
) -> None:
    """Code files as they arrive in DIRECTORY (polling); stop with Ctrl-C, --once or --timeout."""
    from wirecoder.runner.watch import watch as watch_folder

    def told(files: list[Path], stats) -> None:
        err.print(f"{len(files)} file(s): {stats.articles} articles coded, {stats.copies} duplicates linked, "
                  f"{stats.events} events, {stats.already_stored} already stored", highlight=False)

    if not once:
        err.print(f"watching {directory} every {interval:g} s; Ctrl-C stops", highlight=False)
    try:
        total = watch_folder(directory, db, interval=interval, settle=settle, once=once, timeout=timeout, warn=warn,
                             on_round=told, processes=processes, batch=batch)
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)
        return
    out.print(f"{total.articles} articles coded, {total.copies} duplicates linked, {total.events} events -> {db}",
              highlight=False)


def check(db: Annotated[Path, typer.Option("--db", help="The DuckDB store to check.")] = Path(DEFAULT_DB)) -> None:
    """Check a store's integrity (orphan rows, offsets outside the text, repeated ids); exit 1 on problems."""
    from wirecoder.store import Store

    with Store(db, read_only=True) as store:
        counts = store.counts()
        problems = store.check()
    table = Table(title=f"wirecoder check {db}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)
    if problems:
        for line in problems:
            print(f"Problem: {line}", file=sys.stderr)
        raise typer.Exit(1)
    out.print("ok: no orphans, every offset inside its article")


def register(app: typer.Typer) -> None:
    app.command()(bench)
    app.command()(watch)
    app.command()(check)
