"""Dump the pipeline's output on N articles as canonical JSON, or check it against an earlier dump.

Performance work must not change what is coded: run this on the code before a change
(``--out /tmp/before.json``), then after it (``--against /tmp/before.json``).  Every
field of every coded article is compared: sentences, entities, events (ids, actors,
dates, places), quotes and places.

    python bench/compare_output.py ../shared/corpus/bbc/business ../shared/corpus/bbc/politics \
        --limit 200 --out /tmp/before.json
    python bench/compare_output.py ... --limit 200 --against /tmp/before.json
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from wirecoder.bench import load_sample
from wirecoder.pipeline import Pipeline


def canonical(coded) -> dict:
    record = dataclasses.asdict(coded)
    record["article"] = {"id": coded.article.id, "title": coded.article.title}  # the input, not the output
    return record


def dump(paths: list[str], limit: int) -> list[dict]:
    articles = load_sample(paths, limit).articles
    return [canonical(c) for c in Pipeline().code_articles(articles)]


def first_difference(a, b, where: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: present on one side only"
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{where}: {len(a)} items != {len(b)}"
    return None if a == b else f"{where}: {a!r} != {b!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--out", type=Path, help="write the dump here")
    parser.add_argument("--against", type=Path, help="compare with this earlier dump")
    args = parser.parse_args()
    records = dump(args.paths, args.limit)
    text = json.dumps(records, sort_keys=True, ensure_ascii=False, indent=0)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    counts = {k: sum(len(r[k]) for r in records) for k in ("events", "quotes", "places", "entities", "times")}
    print(f"{len(records)} articles, {counts}, sha256 {digest}")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.against:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        found = first_difference(before, json.loads(text))
        if found:
            print(f"DIFFERENT from {args.against}: {found}")
            return 1
        print(f"identical on {len(records)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
