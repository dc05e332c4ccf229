"""Values as the tab-separated exchange formats write them: one line a row, ";" between several values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

MULTI = ";"


def cell(value: object) -> str:
    """A value as one TSV cell: "" for none, lists joined with ";", no tab or line break inside."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return MULTI.join(cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).replace(MULTI, ",").split()) if isinstance(value, str) else str(value)


def joined(values: Iterable[object]) -> str:
    """Position-aligned values of several actors: "IRQ;;USA" keeps the empty slot of an unknown one."""
    return MULTI.join(cell(v) for v in values)


def day_of(record: dict) -> str:
    """The event's day (its date key as a DATE), else its date key as far as it is known ("2024-12"), else ""."""
    return record["day"].isoformat() if record.get("day") else (record.get("date_key") or "")


def contexts(record: dict) -> list[str]:
    """PLOVER's context list: the coded context, and "negation" / "hypothetical" as the manual asks."""
    found = [record["context"]] if record.get("context") else []
    if record.get("negated"):
        found.append("negation")
    if record.get("hypothetical"):
        found.append("hypothetical")
    return found
