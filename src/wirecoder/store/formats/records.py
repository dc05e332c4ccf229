"""One row per stored event with everything the exports need: its article, its actors and recipients, the
sentence's number, the real-world event it reports and that event's counts, its article's people,
organisations and places, and the quotes in its sentence.

``records_sql(select)`` wraps the query; ``iter_records`` streams it as dicts. Every export starts here, so
the formats agree on what a value means.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb

RECORDS_CTE = """
WITH titles AS (
    SELECT article_id, name, min(role) AS title FROM entities WHERE role IS NOT NULL GROUP BY article_id, name
), parties AS (
    SELECT x.article_id, x.event_id,
           list(struct_pack(text := x.text, name := x.name, country := x.country, sector := x.sector,
                            code := x.code, country_source := x.country_source, title := t.title)
                ORDER BY x.position) FILTER (WHERE x.role = 'actor') AS actors,
           list(struct_pack(text := x.text, name := x.name, country := x.country, sector := x.sector,
                            code := x.code, country_source := x.country_source, title := t.title)
                ORDER BY x.position) FILTER (WHERE x.role = 'recipient') AS recipients
    FROM event_actors x LEFT JOIN titles t ON t.article_id = x.article_id AND t.name = x.name
    GROUP BY x.article_id, x.event_id
), counts AS (
    SELECT m.article_id, m.event_id, m.event_key, g.num_mentions, g.num_articles, g.num_sources
    FROM event_mentions m JOIN merged_events g ON g.event_key = m.event_key
    WHERE NOT m.copied
), sequence AS (
    SELECT e.article_id, e.id AS event_id, min(s."index") AS sentence_index
    FROM events e JOIN sentences s ON s.article_id = e.article_id AND s.start <= e.start AND e.start < s."end"
    GROUP BY e.article_id, e.id
), story AS (
    SELECT article_id,
           list(name ORDER BY position) FILTER (WHERE label = 'PERSON') AS story_people,
           list(name ORDER BY position) FILTER (WHERE label IN ('ORG', 'NORP')) AS story_organizations
    FROM entities GROUP BY article_id
), story_places AS (
    SELECT article_id, list(name ORDER BY first) AS story_locations
    FROM (SELECT article_id, name, min(position) AS first FROM places WHERE name IS NOT NULL
          GROUP BY article_id, name)
    GROUP BY article_id
), quoted AS (
    SELECT e.article_id, e.id AS event_id,
           list(struct_pack(text := q.text, kind := q.kind, speaker := q.speaker_name, speaker_code := q.speaker_code,
                            cue := q.cue, start := q.start, "end" := q."end") ORDER BY q.position) AS quotes
    FROM events e JOIN quotes q ON q.article_id = e.article_id AND q.start < e."end" AND q."end" > e.start
    GROUP BY e.article_id, e.id
), records AS (
    SELECT e.*, a.title AS article_title, a.source, a.url, a.reference_date, a.reference_day,
           a.reference_date_origin,
           coalesce(p.actors, []) AS actors, coalesce(p.recipients, []) AS recipients,
           c.event_key, c.num_mentions, c.num_articles, c.num_sources, sq.sentence_index,
           coalesce(st.story_people, []) AS story_people, coalesce(st.story_organizations, []) AS story_organizations,
           coalesce(sp.story_locations, []) AS story_locations, coalesce(qu.quotes, []) AS quotes
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN parties p ON p.article_id = e.article_id AND p.event_id = e.id
    LEFT JOIN counts c ON c.article_id = e.article_id AND c.event_id = e.id
    LEFT JOIN sequence sq ON sq.article_id = e.article_id AND sq.event_id = e.id
    LEFT JOIN story st ON st.article_id = e.article_id
    LEFT JOIN story_places sp ON sp.article_id = e.article_id
    LEFT JOIN quoted qu ON qu.article_id = e.article_id AND qu.event_id = e.id
)
"""

# Articles by reference date, events within an article by position in the text: the order of every export.
RECORDS_ORDER = 'ORDER BY reference_date ASC NULLS LAST, article_id, start, id, "position"'
FETCH_ROWS = 2000


def records_sql(select: str = "*") -> str:
    """The records query with its own select list (expressions over the ``records`` columns)."""
    return f"{RECORDS_CTE} SELECT {select} FROM records {RECORDS_ORDER}"


def iter_records(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Every event record as a dict (lists of structs come back as lists of dicts), streamed."""
    cursor = con.execute(records_sql())
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(FETCH_ROWS):
        for row in rows:
            yield dict(zip(names, row, strict=True))
