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
from wirecoder.evaluate.folds import fold_figures, format_folds, score_folds
from wirecoder.evaluate.metrics import parse_fold

# Figures any suite may add to its headline (ranking and calibration of the events' confidence).
EXTRA_FIGURES = ("precision_top_half", "precision_bottom_half", "ece", "precision_at_80", "share_at_80")


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

    def coder(self, path: Path, **options: Any) -> Any:
        """The suite's default coder, built once (None when the suite makes none it can share)."""
        make = getattr(importlib.import_module(f"wirecoder.evaluate.{self.module}"), "make_coder", None)
        return make(path, **options) if make is not None else None


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
            "spurious_strict", "ece", "precision_at_80"))),
}


def evaluate(
    suite: Annotated[str, typer.Argument(help="One of: " + ", ".join(SUITES))],
    path: Annotated[Path, typer.Argument(help="The gold file or folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="End with one JSON line of headline metrics.")] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N records.")] = None,
    fold: Annotated[str | None, typer.Option(
        help="Score one fold of the records, K/N (e.g. 2/2): folds are fixed by a hash of each record's id.")
    ] = None,
    folds: Annotated[int | None, typer.Option(
        help="Also score each of N folds and print the fold mean and spread beside the whole-set figure.")
    ] = None,
    dictionaries: Annotated[Path | None, typer.Option(
        help="petrarch: code with the PETRARCH dictionaries in this folder (default: those the records' "
             "<Environment> names, else the records file's folder).")
    ] = None,
) -> None:
    """Score wirecoder on a gold set and print a per-class table."""
    if suite not in SUITES:
        raise InputError(f"unknown suite {suite!r}; choose one of {', '.join(SUITES)}")
    if not path.exists():
        raise InputError(f"{path} does not exist")
    spec = SUITES[suite]
    scorer = spec.scorer()
    parameters = inspect.signature(scorer).parameters
    options = dict(spec.options)
    if (fold is not None or folds is not None) and "fold" not in parameters:
        raise InputError(f"the {suite} suite is not split into folds")
    if fold is not None and folds is not None:
        raise InputError("give --fold K/N (one fold) or --folds N (every fold), not both")
    if dictionaries is not None:
        if "dictionaries" not in parameters:
            raise InputError(f"the {suite} suite takes no --dictionaries")
        if not dictionaries.is_dir():
            raise InputError(f"{dictionaries} is not a folder of dictionaries")
        options["dictionaries"] = dictionaries
    if fold is not None:
        try:
            parse_fold(fold)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        options["fold"] = fold
    figures = None
    if folds is not None:
        if folds < 2:
            raise InputError(f"--folds needs at least 2 folds, got {folds}")
        coder_arg = "pipeline" if "pipeline" in parameters else "coder"
        coder_options = {"dictionaries": dictionaries} if dictionaries is not None else {}
        result, parts = score_folds(scorer, path, folds, spec.coder(path, **coder_options), coder_arg, limit=limit,
                                    **options)
        figures = fold_figures(result, parts, spec.metrics + EXTRA_FIGURES)
    else:
        result = scorer(path, limit=limit, **options)
    out.file.write(spec.table(result).rstrip() + "\n")
    if figures is not None:
        out.file.write("\n" + format_folds(figures, folds) + "\n")
    if as_json:
        headline = {"suite": suite, **{k: result.get(k) for k in spec.metrics}}
        for extra in ("records", "documents", "sentences", "skipped") + EXTRA_FIGURES:
            if extra in result:
                headline[extra] = result[extra]
        if figures is not None:
            headline["folds"] = folds
            headline["fold_mean"] = {k: row["mean"] for k, row in figures.items()}
            headline["fold_sd"] = {k: row["sd"] for k, row in figures.items()}
        out.file.write(json.dumps(headline) + "\n")


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)
