"""The aggregates behind the workbench's charts: a timeline that reads at scale, and the actor network.

Timeline: the interval follows the filtered date span unless one is asked for; the axis spans
the store's article dates, and event dates far outside them (a history recalled, a typo) fall
into an "earlier" or "later" bin instead of stretching it; at most ``MAX_SERIES`` series (the
top types, the rest as "other"), so colours stay distinct.

Network: actor -> recipient pairs, by canonical name or by country/sector dyad ("USA GOV"),
with generic or unnamed actors ("government", "60 people", "his party") left out unless asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from .event_search import DYAD, EventQuery, event_where

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
MAX_SERIES = 8
OTHER = "other"
OUTSIDE_MARGIN_DAYS = 31  # event dates this far before the first article or after the last are "earlier"/"later"

_PERIOD = {
    "day": "strftime(e.day, '%Y-%m-%d')",
    "week": "strftime(date_trunc('week', e.day), '%Y-%m-%d')",
    "month": "CASE WHEN length(e.date_key) >= 7 THEN left(e.date_key, 7) END",
    "year": "left(e.date_key, 4)",
}
_SERIES = {"type": "nullif(e.event, '')", "quad": "CAST(e.quad_class AS VARCHAR)"}
INTERVALS = tuple(_PERIOD)


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def article_span(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    """The first and last article reference day in the store."""
    return con.execute("SELECT min(reference_day), max(reference_day) FROM articles").fetchone()


def auto_interval(first: dt.date | None, last: dt.date | None) -> str:
    """The interval that shows a span in some tens of bars: day up to ~2 months, week to ~1.5 years, ..."""
    if first is None or last is None:
        return "day"
    days = (last - first).days
    return "day" if days <= 62 else "week" if days <= 550 else "month" if days <= 366 * 8 else "year"


def _inside(first: dt.date | None, last: dt.date | None) -> tuple[str, list[Any]]:
    """SQL true for events dated within the article span (with its margin); their prefix compared on its length."""
    if first is None or last is None:
        return "TRUE", []
    low = (first - dt.timedelta(days=OUTSIDE_MARGIN_DAYS)).isoformat()
    high = (last + dt.timedelta(days=OUTSIDE_MARGIN_DAYS)).isoformat()
    return ("(e.date_key >= left(?, length(e.date_key)) AND e.date_key <= left(?, length(e.date_key)))", [low, high])


def timeline(con: duckdb.DuckDBPyConnection, query: EventQuery, by: str = "type",
             interval: str | None = None) -> dict[str, Any]:
    """Events per period per series (PLOVER type or quad class).

    An event's period comes from its own date, or the article's date when it has none; events
    whose date is coarser than the interval are counted as ``undated``, those far outside the
    articles' dates as ``earlier`` or ``later``.  ``interval`` None (or "auto") chooses one from
    the filtered events' span.
    """
    where, params = event_where(query)
    first, last = article_span(con)
    inside, inside_params = _inside(first, last)
    join = " AND " if where else " WHERE "
    earlier, later, span_first, span_last = con.execute(
        f"SELECT count(*) FILTER (WHERE NOT {inside} AND e.date_key < ?), "
        f"count(*) FILTER (WHERE NOT {inside} AND e.date_key > ?), "
        f"min(e.day) FILTER (WHERE {inside}), max(e.day) FILTER (WHERE {inside}) FROM events e{where}",
        [*inside_params, str(first or ""), *inside_params, str(first or ""), *inside_params, *inside_params,
         *params]).fetchone()
    if interval in (None, "", "auto"):
        interval = auto_interval(span_first, span_last)
    period, series = _PERIOD[interval], _SERIES[by]
    rows = con.execute(
        f"SELECT {period} AS period, {series} AS key, count(*) AS n FROM events e{where}{join}{inside} "
        "GROUP BY ALL ORDER BY period NULLS LAST, n DESC, key NULLS LAST", [*params, *inside_params]).fetchall()
    totals: dict[str, int] = {}
    points: dict[tuple[str, str], int] = {}
    undated = 0
    for when, key, n in rows:
        if when is None:
            undated += n
            continue
        label = key
        if by == "quad":
            label = QUAD_CLASSES.get(int(key), key) if key is not None else "unknown"
        label = label if label not in (None, "") else "unknown"
        points[(when, label)] = points.get((when, label), 0) + n
        totals[label] = totals.get(label, 0) + n
    keys = sorted(totals, key=lambda k: (-totals[k], k))
    if by == "quad":
        keys = [k for k in [*QUAD_CLASSES.values(), "unknown"] if k in totals]
    elif len(keys) > MAX_SERIES:
        kept = set(keys[:MAX_SERIES - 1])
        merged: dict[tuple[str, str], int] = {}
        for (when, label), n in points.items():
            target = (when, label if label in kept else OTHER)
            merged[target] = merged.get(target, 0) + n
        points, keys = merged, [*keys[:MAX_SERIES - 1], OTHER]
    series_points = [{"period": when, "key": label, "count": n} for (when, label), n in sorted(points.items())]
    dated = sum(p["count"] for p in series_points)
    return {"by": by, "interval": interval, "keys": keys, "series": series_points, "undated": undated,
            "earlier": earlier, "later": later, "total": dated + undated + earlier + later,
            "articles_span": [str(first) if first else None, str(last) if last else None],
            "margin_days": OUTSIDE_MARGIN_DAYS}


# ---- the network -------------------------------------------------------------------------

# Names a coder could not resolve to someone: they start lower-case or with a number.
GENERIC_NAME = "NOT regexp_matches({col}, '^[[:upper:]]')"
_NODE = {
    "name": "{p}.name",
    "dyad": DYAD,
}
DEFAULT_PAIRS = 50


def pairs(con: duckdb.DuckDBPyConnection, query: EventQuery, limit: int = DEFAULT_PAIRS, min_count: int = 1,
          by: str = "name", include_generic: bool = False) -> list[dict[str, Any]]:
    """Who acts on whom: pairs with event counts, split by cooperation and conflict, most events first.

    ``by="dyad"`` pairs country/sector codes ("USA GOV" -> "IRQ GOV") instead of names.  Generic
    actors are left out unless ``include_generic``.
    """
    where, params = event_where(query)
    x, y = _NODE[by].format(p="x"), _NODE[by].format(p="y")
    generic = "" if include_generic else (
        f" AND NOT ({GENERIC_NAME.format(col='x.name')}) AND NOT ({GENERIC_NAME.format(col='y.name')})")
    return _dicts(con.execute(
        f"""WITH ev AS (SELECT e.article_id, e.id, e.quad_class FROM events e{where})
        SELECT {x} AS actor, mode(x.country) AS actor_country, {y} AS recipient,
               mode(y.country) AS recipient_country, count(*) AS count,
               count(*) FILTER (WHERE ev.quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE ev.quad_class IN (3, 4)) AS conflict
        FROM ev
        JOIN event_actors x ON x.article_id = ev.article_id AND x.event_id = ev.id AND x.role = 'actor'
        JOIN event_actors y ON y.article_id = ev.article_id AND y.event_id = ev.id AND y.role = 'recipient'
        WHERE x.name IS NOT NULL AND y.name IS NOT NULL AND {x} <> {y}{generic}
        GROUP BY 1, 3 HAVING count(*) >= ?
        ORDER BY count DESC, actor, recipient LIMIT ?""",
        [*params, min_count, limit]))
