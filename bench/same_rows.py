"""Do two stores hold the same rows?  For checking a change leaves clean runs alone.

    wirecoder run ../shared/corpus/bbc/politics --db before.duckdb   # on the old code
    wirecoder run ../shared/corpus/bbc/politics --db after.duckdb    # on the new code
    python bench/same_rows.py before.duckdb after.duckdb

Prints, per table, the row count in each and how many rows only one of them has (every column
compared), and the event, quote and place ids found in one only; exits 1 if anything differs.
"""

from __future__ import annotations

import sys

import duckdb

TABLES = ("articles", "sentences", "entities", "events", "event_actors", "event_mentions", "quotes", "places",
          "times", "duplicates")
IDS = {"events": "article_id || '/' || id", "quotes": "article_id || '/' || id",
       "places": "article_id || '/' || position"}


def rows(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(f"SELECT CAST(t AS VARCHAR) FROM {table} t").fetchall()}


def main(before: str, after: str) -> int:
    old, new = duckdb.connect(before, read_only=True), duckdb.connect(after, read_only=True)
    differ = False
    for table in TABLES:
        a, b = rows(old, table), rows(new, table)
        line = f"{table:15} {len(a):7,} {len(b):7,}  only before {len(a - b):5,}  only after {len(b - a):5,}"
        if table in IDS:
            ids = [{r[0] for r in con.execute(f"SELECT {IDS[table]} FROM {table}").fetchall()} for con in (old, new)]
            line += f"  ids equal: {ids[0] == ids[1]}"
        print(line)
        differ |= a != b
    print("IDENTICAL" if not differ else "DIFFERENT")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
