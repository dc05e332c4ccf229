"""Integrity of a store: what `wirecoder check` reports.

Each check is one SQL query that counts offending rows; a sound store has none.
- repeated keys (an article, event or quote stored twice);
- orphans: rows whose article is missing, actors or mentions whose event is missing,
  duplicates whose original is missing, copies that were coded all the same;
- offsets: every (start, end) pair inside its article's text, and the sentence
  columns equal to the text they point at.
"""

from __future__ import annotations

import duckdb

from .schema import CHILD_TABLES, quote

KEYS = {
    "articles": ["id"],
    "sentences": ["article_id", "index"],
    "events": ["article_id", "id"],
    "quotes": ["article_id", "id"],
    "event_actors": ["article_id", "event_id", "role", "position"],
    "event_mentions": ["article_id", "position"],
    "duplicates": ["article_id"],
    "minhash_signatures": ["article_id"],
    "minhash_bands": ["article_id", "band"],
}

ORPHANS = {
    "event_actors without their event":
        "SELECT count(*) FROM event_actors x ANTI JOIN events e ON e.article_id = x.article_id AND e.id = x.event_id",
    "event_mentions without their coded event":
        "SELECT count(*) FROM event_mentions m ANTI JOIN events e "
        "ON e.article_id = m.coded_article_id AND e.id = m.event_id",
    "coded events without their own mention":
        "SELECT count(*) FROM events e ANTI JOIN event_mentions m "
        "ON m.article_id = e.article_id AND m.event_id = e.id AND NOT m.copied",
    "duplicates whose original is missing":
        "SELECT count(*) FROM duplicates d ANTI JOIN articles a ON a.id = d.original_id",
    "duplicates that were coded as well":
        "SELECT count(*) FROM duplicates d SEMI JOIN events e ON e.article_id = d.article_id",
    "copied mentions in an article that is no duplicate":
        "SELECT count(*) FROM event_mentions m ANTI JOIN duplicates d "
        "ON d.article_id = m.article_id AND d.original_id = m.coded_article_id WHERE m.copied",
}

# (table, start column, end column) pairs that point into the article's text.
SPANS = [
    ("sentences", "start", "end"), ("events", "start", "end"), ("events", "trigger_start", "trigger_end"),
    ("events", "date_start", "date_end"), ("events", "location_start", "location_end"),
    ("event_actors", "start", "end"), ("quotes", "start", "end"), ("quotes", "cue_start", "cue_end"),
    ("quotes", "speaker_start", "speaker_end"), ("places", "start", "end"), ("times", "start", "end"),
    ("event_mentions", "start", "end"), ("event_mentions", "trigger_start", "trigger_end"),
]

# (table, text column): the text must be exactly the span (start, end) it claims.
SPAN_TEXTS = [("sentences", "text"), ("events", "sentence"), ("event_mentions", "sentence")]


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per kind of problem found, with the number of rows; empty when the store is sound."""
    found: list[str] = []

    def report(n: int, what: str) -> None:
        if n:
            found.append(f"{n} {what}")

    for table, key in KEYS.items():
        cols = ", ".join(quote(c) for c in key)
        report(_count(con, f"SELECT count(*) FROM (SELECT {cols} FROM {table} GROUP BY ALL HAVING count(*) > 1)"),
               f"repeated keys in {table} ({', '.join(key)})")
    for table in CHILD_TABLES:
        report(_count(con, f"SELECT count(*) FROM {table} t ANTI JOIN articles a ON a.id = t.article_id"),
               f"{table} rows whose article is missing")
    for what, sql in ORPHANS.items():
        report(_count(con, sql), what)
    for table, start, end in SPANS:
        s, e = quote(start), quote(end)
        report(_count(con, f"SELECT count(*) FROM {table} t JOIN articles a ON a.id = t.article_id "
                           f"WHERE (t.{s} IS NULL) <> (t.{e} IS NULL) OR t.{s} < 0 OR t.{e} < t.{s} "
                           f"OR t.{e} > length(a.text)"),
               f"{table} rows whose {start}/{end} fall outside the article text")
    for table, column in SPAN_TEXTS:
        report(_count(con, f'SELECT count(*) FROM {table} t JOIN articles a ON a.id = t.article_id '
                           f'WHERE t.start IS NOT NULL AND t."end" IS NOT NULL AND t."end" <= length(a.text) '
                           f'AND t.{quote(column)} IS DISTINCT FROM substring(a.text, t.start + 1, t."end" - t.start)'),
               f"{table} rows whose {column} differs from the text at start/end")
    return found
