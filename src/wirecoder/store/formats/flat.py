"""Flat events: one row per event, every column named for what it holds, for CSV and a Parquet file.

Parquet keeps the types: DATE for days, lists for the actors' and recipients' fields (position-aligned:
the first name goes with the first code), integers and doubles as such. CSV has no types, so lists are
joined with ";" (an empty slot where a value is unknown) and dates are written ISO. CAMEO codes are
strings ("042"): read the CSV with ``dtype=CSV_DTYPES`` (pandas) or they turn into numbers and lose their
leading zero. Country codes: ISO 3166 alpha-3 for actors, alpha-2 for locations, as the column names say.
"""

from __future__ import annotations

# (column, SQL over the records columns, is a list). The order is the files' column order.
COLUMNS: list[tuple[str, str, bool]] = [
    ("event_id", "id", False),
    ("article_id", "article_id", False),
    ("article_title", "article_title", False),
    ("source", "source", False),
    ("url", "url", False),
    ("reference_date", "reference_date", False),
    ("reference_day", "reference_day", False),
    ("sentence", "sentence", False),
    ("sentence_index", "sentence_index", False),
    ("start", "start", False),
    ("end", '"end"', False),
    ("trigger", "trigger", False),
    ("event", "nullif(event, '')", False),
    ("mode", "mode", False),
    ("context", "context", False),
    ("cameo", "cameo", False),
    ("cameo_root", "left(cameo, 2)", False),
    ("quad_class", "quad_class", False),
    ("goldstein", "goldstein", False),
    ("actor_names", "list_transform(actors, lambda x: x.name)", True),
    ("actor_texts", "list_transform(actors, lambda x: x.text)", True),
    ("actor_codes", "list_transform(actors, lambda x: x.code)", True),
    ("actor_country_iso3", "list_transform(actors, lambda x: x.country)", True),
    ("actor_sectors", "list_transform(actors, lambda x: x.sector)", True),
    ("recipient_names", "list_transform(recipients, lambda x: x.name)", True),
    ("recipient_texts", "list_transform(recipients, lambda x: x.text)", True),
    ("recipient_codes", "list_transform(recipients, lambda x: x.code)", True),
    ("recipient_country_iso3", "list_transform(recipients, lambda x: x.country)", True),
    ("recipient_sectors", "list_transform(recipients, lambda x: x.sector)", True),
    ("date_text", "date_text", False),
    ("date_value", "date_value", False),
    ("date_granularity", "date_granularity", False),
    ("date_type", "date_type", False),
    ("date_from_reference", "date_from_reference", False),
    ("date_key", "date_key", False),
    ("event_day", "day", False),
    ("location_text", "location_text", False),
    ("location_name", "location_name", False),
    ("location_country_iso2", "location_country", False),
    ("location_lat", "location_lat", False),
    ("location_lon", "location_lon", False),
    ("location_geonameid", "location_geonameid", False),
    ("location_feature", "location_feature", False),
    ("location_precision", "location_precision", False),
    ("event_key", "event_key", False),
    ("num_mentions", "num_mentions", False),
    ("num_articles", "num_articles", False),
    ("num_sources", "num_sources", False),
    ("negated", "negated", False),
    ("hypothetical", "hypothetical", False),
    ("primary", '"primary"', False),
    ("confidence", "round(confidence, 3)", False),
]

# Columns a CSV reader must keep as text (codes with leading zeros, ids that look like numbers).
CSV_DTYPES = {"cameo": "string", "cameo_root": "string", "event_id": "string", "article_id": "string",
              "event_key": "string"}


def _quote(name: str) -> str:
    return '"' + name + '"'


def parquet_select() -> str:
    """The select list with types kept (lists, DATEs)."""
    return ", ".join(f"{expr} AS {_quote(name)}" for name, expr, _ in COLUMNS)


def csv_select() -> str:
    """The select list for CSV: lists joined with ";", an empty slot for each unknown value."""
    parts = []
    for name, expr, is_list in COLUMNS:
        if is_list:
            expr = f"array_to_string(list_transform({expr}, lambda v: coalesce(v, '')), ';')"
        parts.append(f"{expr} AS {_quote(name)}")
    return ", ".join(parts)
