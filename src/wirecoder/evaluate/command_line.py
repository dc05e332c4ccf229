"""The command line the record-by-record scorers share: ``python -m wirecoder.evaluate.<suite> PATH``.

    parser = scorer_parser(__doc__, "a PLOVER_GSR JSON file", "records", "print up to N records coded wrongly")
    print_scores(evaluate, format_table, parser.parse_args(argv))

prints the scorer's table, then up to ``--errors`` of the records it got wrong.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable


def scorer_parser(doc: str, path_help: str, unit: str, errors_help: str) -> argparse.ArgumentParser:
    """A parser for the gold ``path``, ``--limit N`` (score only the first N ``unit``) and ``--errors N``.

    The description is the first paragraph of ``doc`` (the scorer's module docstring); add a scorer's
    own options to the parser before parsing.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("path", help=path_help)
    parser.add_argument("--limit", type=int, default=None, help=f"score only the first N {unit}")
    parser.add_argument("--errors", type=int, default=0, help=errors_help)
    return parser


def print_scores(evaluate: Callable[..., dict[str, Any]], format_table: Callable[[dict[str, Any]], str],
                 args: argparse.Namespace, **options: Any) -> None:
    """Score ``args.path`` with ``evaluate(path, limit=, errors=, **options)`` and print its table,
    then up to ``args.errors`` of the errors it collected (collected only when asked for)."""
    errors: list[dict[str, Any]] | None = [] if args.errors else None
    result = evaluate(args.path, limit=args.limit, errors=errors, **options)
    print(format_table(result))
    for error in (errors or [])[: args.errors]:
        print(error)
