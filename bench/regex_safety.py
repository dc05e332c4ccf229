"""Every regex in src/ against long hostile strings: is any of them catastrophic (backtracking)?

    python bench/regex_safety.py [--length 20000] [--timeout 10] [--show 15]

Patterns are collected two ways: by importing every wirecoder module and walking its globals
(and class attributes, dicts, lists, tuples, sets and frozensets in them) for compiled
``re.Pattern`` objects, and by reading every source file for ``re.compile/search/match/...``
calls with a literal pattern (those compiled inside functions).  Each pattern is run
(``search``, ``findall`` and ``sub``) over adversarial strings at two lengths: runs of one
character, of each character the pattern names, of word-and-space, of the pattern's own
literal pieces repeated, each with and without a character at the end that spoils a match.
Each pattern runs in a worker process under ``--timeout`` seconds for all its strings (60), so a catastrophic one is
reported, not waited for.  The table lists the slowest patterns; the exit status is 1 when any
pattern took over ``--limit`` seconds on one string or grew about quadratically (x40 for x10 length).

This is a benchmark (run it when regexes change), not a timed unit test.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import multiprocessing
import pkgutil
import re
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
FILLERS = ["a", "A", " ", "\n", "1", ".", ",", "-", "'", '"', "(", "\t", "é", "a ", "A. ", "1,", "ab", "Aa ",
           "\u00a0", "—", "…", "http://", "www.", "@", "#", "x-", " and ", "Mr. ", "U.S. ", "2024-"]
SPOILERS = ["", "!", "\x00", "\n\n"]


def compiled_patterns() -> dict[tuple[str, int], str]:
    """(pattern, flags) -> where it was found, from imported modules."""
    sys.path.insert(0, str(SRC))
    import wirecoder

    found: dict[tuple[str, int], str] = {}

    def visit(value, where: str, depth: int = 0) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.setdefault((value.pattern, value.flags), where)
        elif depth < 3 and isinstance(value, dict):
            for key, item in list(value.items())[:5000]:
                visit(item, f"{where}[{key!r}]"[:120], depth + 1)
                visit(key, where, depth + 1)
        elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
            for item in list(value)[:5000]:
                visit(item, where, depth + 1)
        elif depth < 2 and isinstance(value, type) and value.__module__.startswith("wirecoder"):
            for name, item in vars(value).items():
                visit(item, f"{where}.{name}", depth + 1)

    for info in pkgutil.walk_packages(wirecoder.__path__, "wirecoder."):
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # noqa: BLE001 - an optional dependency missing: say so, go on
            print(f"# could not import {info.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        for name, value in vars(module).items():
            visit(value, f"{info.name}.{name}")
    return found


def literal_patterns() -> dict[tuple[str, int], str]:
    """(pattern, flags) of re.<call>("literal", ...) in the source, flags when they are re.X names."""
    found: dict[tuple[str, int], str] = {}
    for path in sorted((SRC / "wirecoder").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "regex")
                    and node.func.attr in CALLS and node.args):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            flags = 0
            for arg in [*node.args[1:], *(k.value for k in node.keywords if k.arg == "flags")]:
                for name in ast.walk(arg):
                    if isinstance(name, ast.Attribute) and isinstance(name.value, ast.Name) and name.value.id == "re":
                        flags |= int(getattr(re, name.attr, 0)) if isinstance(getattr(re, name.attr, 0), int) else 0
            found.setdefault((first.value, flags), f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def hostile_strings(pattern: str, length: int) -> list[str]:
    pieces = list(FILLERS)
    pieces += sorted({c for c in pattern if c.isprintable() and c not in "\\[](){}*+?|^$"})[:40]
    pieces += [p for p in re.findall(r"[A-Za-z]{2,}", pattern)[:20]]
    strings = []
    for piece in dict.fromkeys(pieces):
        body = (piece * (length // len(piece) + 1))[:length]
        strings.extend(body + spoil for spoil in SPOILERS)
    return strings


def time_pattern(args: tuple[str, int, int, float]) -> tuple[float, str]:
    """The slowest of search/findall/sub over the hostile strings, (seconds, the string's start);
    the first over ``limit`` ends the search."""
    pattern, flags, length, limit = args
    regex = re.compile(pattern, flags)
    worst, which = 0.0, ""
    for text in hostile_strings(pattern, length):
        for run in (regex.search, regex.findall, lambda t: regex.sub("", t)):
            started = time.perf_counter()
            run(text)
            spent = time.perf_counter() - started
            if spent > worst:
                worst, which = spent, repr(text[:12])
            if worst > limit:
                return worst, which
    return worst, which


def measure(pattern: str, flags: int, length: int, timeout: float, limit: float) -> tuple[float | None, str]:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        job = pool.apply_async(time_pattern, [(pattern, flags, length, limit)])
        try:
            return job.get(timeout)
        except multiprocessing.TimeoutError:
            pool.terminate()
            return None, f"all: > {timeout:g} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=20_000, help="characters of each hostile string")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds one pattern may take over all its strings (a catastrophic one never ends)")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds on one string that count as unsafe")
    parser.add_argument("--show", type=int, default=15, help="slowest patterns to list")
    parser.add_argument("--only", default="", help="patterns found where this text is in the place's name")
    options = parser.parse_args()

    patterns = {key: where for key, where in {**literal_patterns(), **compiled_patterns()}.items()
                if options.only in where}
    print(f"{len(patterns)} distinct patterns; hostile strings of {options.length:,} and "
          f"{options.length // 10:,} characters")
    rows, unsafe = [], 0
    started = time.perf_counter()
    for (pattern, flags), where in patterns.items():
        short, _ = measure(pattern, flags, options.length // 10, options.timeout, options.limit)
        long, which = measure(pattern, flags, options.length, options.timeout, options.limit)
        growth = (long / short) if long is not None and short else None
        bad = long is None or long > options.limit or (growth is not None and growth > 40 and long > 0.05)
        unsafe += bad
        rows.append((float("inf") if long is None else long, growth, which, where, pattern, bad))
    rows.sort(key=lambda r: -r[0])
    print(f"{'seconds':>8} {'x10 len':>8}  {'string':14} where / pattern")
    for long, growth, which, where, pattern, bad in rows[: options.show]:
        shown = "timeout" if long == float("inf") else f"{long:8.3f}"
        grew = f"{growth:7.0f}x" if growth is not None else "      -"
        print(f"{shown:>8} {grew:>8}  {which:14} {where}{'   <-- UNSAFE' if bad else ''}\n{'':34}{pattern[:100]!r}")
    print(f"worst {rows[0][0]:.3f} s on one string; {unsafe} unsafe; {time.perf_counter() - started:.0f} s in all")
    return 1 if unsafe else 0


if __name__ == "__main__":
    sys.exit(main())
