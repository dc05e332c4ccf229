"""What the user says about inputs that do not say it themselves: the outlet (``--source``) and the
reference date (``--date``), and the count of articles left without a reference date.

An article keeps its own date (metadata, dateline, caption); the user's date fills in only where it found
none, with origin "option". The CLI warns once, at the end of a run, about the articles still undated:
relative dates in them stay unresolved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from wirecoder.errors import InputError
from wirecoder.model import Article


def given_date(value: str | dt.date | None) -> str | None:
    """The ISO day of a user's ``--date``; ``InputError`` unless it is one written YYYY-MM-DD (2024-02-30 is not)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise InputError(f"--date must be a day written YYYY-MM-DD, got {value!r}")
    return day.isoformat()


class Given:
    """What the user said about inputs that do not say it themselves: the outlet and the reference date."""

    def __init__(self, source: str | None, date: str | None) -> None:
        self.source = source
        self.date = date

    def dated(self, article: Article) -> None:
        """Give ``article`` the user's date when it found none."""
        if article.reference_date is None and self.date is not None:
            article.reference_date, article.reference_date_origin = self.date, "option"


class Undated:
    """Counts the articles that pass through with no reference date, for one warning at the end of a run."""

    def __init__(self) -> None:
        self.count = 0

    def watch(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.count += article.reference_date is None
            yield article

    def warning(self) -> str | None:
        if not self.count:
            return None
        return (f"{self.count} article{'s' if self.count > 1 else ''} got no reference date: relative dates "
                "('on Friday') stay unresolved and office-holders are today's; "
                "give the publication day with --date YYYY-MM-DD")
