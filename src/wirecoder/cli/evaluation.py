"""`eval SUITE PATH`: score wirecoder on a gold set; with --json the last line is the headline metrics."""

from __future__ import annotations

import importlib
import inspect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Callable

import typer

from wirecoder.cli.console import out
from wirecoder.errors import InputError
from wirecoder.evaluate.metrics import parse_fold


@dataclass(frozen=True)
class Suite:
    module: str  # wirecoder.evaluate.<module>
    function: str  # its scorer
    metrics: tuple[str, ...]  # the headline metrics printed by --json
    options: tuple[tuple[str, Any], ...] = ()

    def scorer(self) -> Callable[..., dict]:
        return getattr(importlib.import_module(f"wirecoder.evaluate.{self.module}"), self.function)

    def table(self, result: dict) -> str:
        return importlib.import_module(f"wirecoder.evaluate.{self.module}").format_table(result)


# The registry: adding a suite is one line here plus its module in wirecoder/evaluate.
SUITES: dict[str, Suite] = {
    "plover": Suite("plover", "evaluate", ("event_f1", "actor_country_f1", "recipient_country_f1", "pair_found",
                                           "macro_f1")),
    "petrarch": Suite("petrarch", "evaluate", ("exact", "triple_f1")),
    "conflibert-class": Suite("conflibert", "evaluate", ("macro_f1", "accuracy"), (("task", "class"),)),
    "conflibert-ner": Suite("conflibert", "evaluate", ("micro_f1", "source_f1", "target_f1"), (("task", "ner"),)),
    "tempeval": Suite("tempeval", "evaluate", ("strict_f1", "relaxed_f1", "value_f1", "type_accuracy")),
    "geo": Suite("geo", "evaluate", ("resolution_acc161", "ner_f1", "e2e_acc161", "mean_error_km", "auc")),
    "polnear": Suite("polnear", "evaluate", ("content_f1", "speaker_accuracy")),
    "conll": Suite("conll", "evaluate", ("f1", "raw_f1", "gain")),
    "realworld": Suite("realworld", "evaluate", tuple(
        f"{dataset}_{metric}" for dataset in ("acled", "gtd") for metric in (
            "event_recall", "actor_country", "party_country", "location_event", "date_from_text",
            "spurious_strict"))),
}


def evaluate(
    suite: Annotated[str, typer.Argument(help="One of: " + ", ".join(SUITES))],
    path: Annotated[Path, typer.Argument(help="The gold file or folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="End with one JSON line of headline metrics.")] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N records.")] = None,
    fold: Annotated[str | None, typer.Option(
        help="Score one fold of the records, K/N (e.g. 2/2): folds are fixed by a hash of each record's id.")
    ] = None,
) -> None:
    """Score wirecoder on a gold set and print a per-class table."""
    if suite not in SUITES:
        raise InputError(f"unknown suite {suite!r}; choose one of {', '.join(SUITES)}")
    if not path.exists():
        raise InputError(f"{path} does not exist")
    spec = SUITES[suite]
    scorer = spec.scorer()
    options = dict(spec.options)
    if fold is not None:
        if "fold" not in inspect.signature(scorer).parameters:
            raise InputError(f"the {suite} suite is not split into folds")
        try:
            parse_fold(fold)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        options["fold"] = fold
    result = scorer(path, limit=limit, **options)
    out.file.write(spec.table(result).rstrip() + "\n")
    if as_json:
        headline = {"suite": suite, **{k: result.get(k) for k in spec.metrics}}
        for extra in ("records", "documents", "sentences", "skipped", "precision_top_half", "precision_bottom_half"):
            if extra in result:
                headline[extra] = result[extra]
        out.file.write(json.dumps(headline) + "\n")


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)
