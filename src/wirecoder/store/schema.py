"""The store's tables, written once here so DDL, inserts and exports agree.

Column names follow the field names in ``wirecoder.model`` (they are an
interface); nested records are flattened with a prefix (``date_value``,
``location_lat``, ``speaker_name``).  Every child table carries ``article_id``
so one article's rows can be replaced together, and a ``position`` that keeps
the order the pipeline produced.

Version 2 added what runs across many sources need: ``event_mentions`` (every
sentence that reports an event, in its own article or in a copy of it, with
the key that merges reports of one real-world event), ``duplicates`` (a
near-duplicate article and the original it copies) and the MinHash tables
that find near-duplicates again in later runs.

Version 3 added ``events.primary`` and ``events.location_precision``, ``places.precision``, and the actors'
CAMEO-style ``code`` and ``country_source``.
"""

from __future__ import annotations

SCHEMA_VERSION = 3

# (column, type, constraint) per table, in insert order.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "articles": [
        ("id", "VARCHAR", "PRIMARY KEY"),
        ("title", "VARCHAR", ""),
        ("source", "VARCHAR", ""),
        ("url", "VARCHAR", ""),
        ("reference_date", "VARCHAR", ""),  # exactly as ingest gave it
        ("reference_day", "DATE", ""),  # the same as a DATE when it is one
        ("reference_date_origin", "VARCHAR", ""),
        ("captions", "STRUCT(text VARCHAR, credit VARCHAR)[]", ""),
        ("paragraphs", "INTEGER[][]", ""),
        ("text", "VARCHAR", ""),
        ("fingerprint", "VARCHAR", ""),  # hash of everything coded; tells a re-code from a re-run
    ],
    "sentences": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("index", "INTEGER", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
        ("text", "VARCHAR", ""),
    ],
    "entities": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("position", "INTEGER", ""),
        ("name", "VARCHAR", ""),
        ("label", "VARCHAR", ""),
        ("role", "VARCHAR", ""),
        ("country", "VARCHAR", ""),
        ("sector", "VARCHAR", ""),
        ("mentions", "INTEGER", ""),
        ("aliases", "VARCHAR[]", ""),
        ("spans", "INTEGER[][]", ""),
    ],
    "events": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("position", "INTEGER", ""),
        ("id", "VARCHAR", "NOT NULL"),
        ("sentence", "VARCHAR", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
        ("event", "VARCHAR", ""),
        ("mode", "VARCHAR", ""),
        ("context", "VARCHAR", ""),
        ("cameo", "VARCHAR", ""),
        ("quad_class", "INTEGER", ""),
        ("goldstein", "DOUBLE", ""),
        ("negated", "BOOLEAN", ""),
        ("hypothetical", "BOOLEAN", ""),
        ("confidence", "DOUBLE", ""),
        ("trigger", "VARCHAR", ""),
        ("trigger_start", "INTEGER", ""),
        ("trigger_end", "INTEGER", ""),
        ("primary", "BOOLEAN", ""),
        ("date_text", "VARCHAR", ""),
        ("date_value", "VARCHAR", ""),
        ("date_granularity", "VARCHAR", ""),
        ("date_type", "VARCHAR", ""),
        ("date_start", "INTEGER", ""),
        ("date_end", "INTEGER", ""),
        ("date_from_reference", "BOOLEAN", ""),
        # ISO calendar prefix (YYYY, YYYY-MM or YYYY-MM-DD) of the event date,
        # else of the article's reference date: what since/until compare.
        ("date_key", "VARCHAR", ""),
        ("day", "DATE", ""),  # date_key as a DATE when it names one day
        ("location_text", "VARCHAR", ""),
        ("location_name", "VARCHAR", ""),
        ("location_country", "VARCHAR", ""),
        ("location_lat", "DOUBLE", ""),
        ("location_lon", "DOUBLE", ""),
        ("location_geonameid", "BIGINT", ""),
        ("location_feature", "VARCHAR", ""),
        ("location_precision", "VARCHAR", ""),
        ("location_start", "INTEGER", ""),
        ("location_end", "INTEGER", ""),
    ],
    "event_actors": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("event_id", "VARCHAR", "NOT NULL"),
        ("role", "VARCHAR", "CHECK (role IN ('actor', 'recipient'))"),
        ("position", "INTEGER", ""),
        ("text", "VARCHAR", ""),
        ("name", "VARCHAR", ""),
        ("country", "VARCHAR", ""),
        ("sector", "VARCHAR", ""),
        ("code", "VARCHAR", ""),
        ("country_source", "VARCHAR", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
    ],
    "quotes": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("position", "INTEGER", ""),
        ("id", "VARCHAR", "NOT NULL"),
        ("text", "VARCHAR", ""),
        ("kind", "VARCHAR", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
        ("cue", "VARCHAR", ""),
        ("cue_start", "INTEGER", ""),
        ("cue_end", "INTEGER", ""),
        ("has_speaker", "BOOLEAN", ""),
        ("speaker_text", "VARCHAR", ""),
        ("speaker_name", "VARCHAR", ""),
        ("speaker_country", "VARCHAR", ""),
        ("speaker_sector", "VARCHAR", ""),
        ("speaker_code", "VARCHAR", ""),
        ("speaker_country_source", "VARCHAR", ""),
        ("speaker_start", "INTEGER", ""),
        ("speaker_end", "INTEGER", ""),
    ],
    "places": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("position", "INTEGER", ""),
        ("text", "VARCHAR", ""),
        ("name", "VARCHAR", ""),
        ("country", "VARCHAR", ""),
        ("lat", "DOUBLE", ""),
        ("lon", "DOUBLE", ""),
        ("geonameid", "BIGINT", ""),
        ("feature", "VARCHAR", ""),
        ("precision", "VARCHAR", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
    ],
    "times": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("position", "INTEGER", ""),
        ("text", "VARCHAR", ""),
        ("value", "VARCHAR", ""),
        ("granularity", "VARCHAR", ""),
        ("type", "VARCHAR", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
        ("from_reference", "BOOLEAN", ""),
    ],
    # One row per report of an event: the coded event's own sentence, and the matching
    # sentence of each near-duplicate copy of its article.  Rows sharing an event_key are
    # one real-world event (see wirecoder.dedup.events); `merged_events` counts them.
    "event_mentions": [
        ("article_id", "VARCHAR", "NOT NULL"),  # the article the mention is in
        ("position", "INTEGER", ""),
        ("event_key", "VARCHAR", "NOT NULL"),
        ("event_id", "VARCHAR", "NOT NULL"),  # the coded event it reports
        ("coded_article_id", "VARCHAR", "NOT NULL"),  # the article that event was coded in
        ("copied", "BOOLEAN", ""),  # True when article_id is a near-duplicate of coded_article_id
        ("source", "VARCHAR", ""),
        ("sentence", "VARCHAR", ""),
        ("start", "INTEGER", ""),
        ("end", "INTEGER", ""),
        ("trigger_start", "INTEGER", ""),
        ("trigger_end", "INTEGER", ""),
        ("date_key", "VARCHAR", ""),
    ],
    # A near-duplicate article (syndicated copy, light reprint): stored, linked, not coded again.
    "duplicates": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("original_id", "VARCHAR", "NOT NULL"),
        ("similarity", "DOUBLE", ""),  # estimated Jaccard similarity of word shingles
    ],
    # MinHash of each coded (original) article, so later runs find copies of it.
    "minhash_signatures": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("signature", "UINTEGER[]", ""),
    ],
    "minhash_bands": [
        ("article_id", "VARCHAR", "NOT NULL"),
        ("band", "SMALLINT", ""),
        ("key", "UBIGINT", ""),
    ],
}

# One row per real-world event: its mentions counted like GDELT's NumMentions, NumArticles, NumSources.
MERGED_EVENTS_VIEW = """
CREATE OR REPLACE VIEW merged_events AS
SELECT m.event_key,
       count(*) AS num_mentions,
       count(DISTINCT m.article_id) AS num_articles,
       count(DISTINCT coalesce(m.source, '')) AS num_sources,
       min(m.date_key) AS date_key,
       arg_min(e.event, m.article_id || ':' || m.event_id) AS event,
       arg_min(e.cameo, m.article_id || ':' || m.event_id) AS cameo,
       arg_min(m.event_id, m.article_id || ':' || m.event_id) AS first_event_id,
       arg_min(m.coded_article_id, m.article_id || ':' || m.event_id) AS first_article_id
FROM event_mentions m
LEFT JOIN events e ON e.article_id = m.coded_article_id AND e.id = m.event_id
GROUP BY m.event_key
"""

# Tables whose rows belong to one article (deleted together on a re-code).
CHILD_TABLES = [name for name in TABLES if name != "articles"]


def quote(identifier: str) -> str:
    """Double-quote an identifier (several column names, like "end", are SQL keywords)."""
    return '"' + identifier.replace('"', '""') + '"'


def columns(table: str) -> list[str]:
    return [name for name, _, _ in TABLES[table]]


def create_statements() -> list[str]:
    statements = ["CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"]
    for table, cols in TABLES.items():
        body = ", ".join(f"{quote(name)} {type_} {constraint}".rstrip() for name, type_, constraint in cols)
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} ({body})")
    statements.append(MERGED_EVENTS_VIEW)
    return statements


# Tables of plain columns (no lists, no structs): inserted from a scan of one NumPy array per column.
FLAT_TABLES = frozenset(name for name, cols in TABLES.items() if not any("[]" in type_ for _, type_, _ in cols))


def scan_insert_statement(table: str, view: str) -> str:
    """An INSERT of every row of ``view``, whose columns are the table's in schema order."""
    names = ", ".join(quote(name) for name in columns(table))
    return f"INSERT INTO {table} ({names}) SELECT * FROM {view}"


def insert_statement(table: str) -> str:
    """One INSERT that takes each column as a list parameter and unnests them side by side.

    Passing columns instead of rows lets DuckDB convert the whole batch in C++,
    about twenty times faster than ``executemany`` with one row per call.
    """
    cols = TABLES[table]
    names = ", ".join(quote(name) for name, _, _ in cols)
    values = ", ".join(f"unnest(?::{type_}[])" for _, type_, _ in cols)
    return f"INSERT INTO {table} ({names}) SELECT {values}"
