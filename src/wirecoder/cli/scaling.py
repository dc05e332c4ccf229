"""`bench`, `watch` and `check`: throughput, coding as files arrive, and a store's integrity."""

from __future__ import annotations

import json
import os
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
    repeats: Annotated[int, typer.Option(min=1, help="Rounds of interleaved spaCy-alone / pipeline runs.")] = 3,
    scale: Annotated[bool, typer.Option("--scale", help="Time per article against the store's size instead.")
                     ] = False,
    sizes: Annotated[str, typer.Option(help="With --scale: store sizes (articles), comma-separated.")
                     ] = "250,1000,2500,10000",
    as_json: Annotated[bool, typer.Option("--json", help="End with one line of JSON.")] = False,
) -> None:
    """The whole pipeline against spaCy alone (median ratio of interleaved runs), stage costs, memory, scaling."""
    from wirecoder.bench import run_bench, run_scale

    say = lambda line: err.print(line, highlight=False)  # noqa: E731
    if scale:
        try:
            store_sizes = sorted({int(x) for x in sizes.split(",") if x.strip()})
        except ValueError:
            raise typer.BadParameter(f"--sizes takes whole numbers separated by commas, not {sizes!r}") from None
        if not store_sizes or min(store_sizes) < 0:
            raise typer.BadParameter("--sizes needs at least one size, none negative")
        rows = run_scale(paths, limit=limit, sizes=store_sizes, repeats=repeats, warn=warn, report=say)
        table = Table(title="wirecoder bench --scale: time per article against the store's size (1 process)")
        for col in ("stored", "ms/article", "range", "store+dedup ms", "range ", "vs smallest"):
            table.add_column(col, justify="right")
        for row in rows:
            total, growing = row["ms_per_article"], row["store_dedup_ms"]
            table.add_row(str(row["stored"]), f"{total['median']:.1f}", f"{total['low']:.1f}-{total['high']:.1f}",
                          f"{growing['median']:.2f}", f"{growing['low']:.2f}-{growing['high']:.2f}",
                          f"{row['vs_smallest']:.2f}")
        out.print(table)
        if as_json:
            out.file.write(json.dumps({"scale": rows}) + "\n")
        return
    result = run_bench(paths, limit=limit, processes=processes, repeats=repeats, warn=warn, report=say)
    table = Table(title=f"wirecoder bench: {result.articles} articles, {result.repeats} interleaved rounds, "
                        f"{os.cpu_count()} cores; ratio = pipeline / spaCy alone, median of the pairs")
    for col in ("procs", "ratio", "range", "pipe art/s", "spaCy art/s", "CPU ratio", "speed-up", "RSS MB"):
        table.add_column(col, justify="right")
    for row in result.scaling:
        ratio = row["ratio"]
        table.add_row(str(row["processes"]), f"{ratio['median']:.3f}", f"{ratio['low']:.3f}-{ratio['high']:.3f}",
                      f"{row['pipeline_aps']:.2f}", f"{row['spacy_aps']:.2f}", f"{row['cpu_ratio']:.2f}",
                      f"{row['speedup']:.2f}", f"{row['peak_rss_mb']:.0f}")
    out.print(table)
    stages = Table(title="cost of each stage as a share of spaCy's parse (1 process, medians)")
    stages.add_column("stage")
    stages.add_column("seconds", justify="right")
    stages.add_column("of the parse", justify="right")
    stages.add_row("nlp (the parse)", f"{result.seconds['nlp']:.2f}", "100%")
    for stage, share in result.stages.items():
        label = "all after spaCy" if stage == "after_spacy" else stage
        seconds = sum(result.seconds.get(s, 0.0) for s in result.seconds if s != "nlp") \
            if stage == "after_spacy" else result.seconds.get(stage, 0.0)
        stages.add_row(label, f"{seconds:.2f}", f"{share:.1%}")
    out.print(stages)
    load = result.to_dict()["load_average"]
    if load:
        err.print(f"load average after the runs: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", highlight=False)
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
