"""Articles from records whose fields are known (a JSON object, a CSV row, a feed entry, a page).

Every reader with fields goes through ``make_article``, so the size limit and the
cleaning are the same whatever the format.
"""

from __future__ import annotations

from wirecoder.ingest.context import FileContext
from wirecoder.ingest.dump import clean_article
from wirecoder.ingest.limits import truncate_text
from wirecoder.ingest.outlet import choose_source
from wirecoder.model import Article

# Field (or column) names accepted for each article field, first present wins.
TEXT_FIELDS = ("text", "body", "content", "article")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at", "publish_date", "pubdate", "date_published", "datetime")
URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "outlet", "publisher", "publication", "site_name", "sitename", "source_name")
# A title longer than this is cut (hostile input; real headlines are far shorter).
MAX_TITLE_CHARS = 1000


def make_article(context: FileContext, text: str, *, title: str | None = None, url: str | None = None,
                 date: object = None, source: object = None, label: str = "article") -> Article | None:
    """A clean article, cut to ``max_article_chars`` with a warning; None when no text is left.

    ``source`` is the record's own outlet metadata; the outlet is chosen as outlet.py says.
    """
    limit = context.settings.max_article_chars
    if title and len(title) > MAX_TITLE_CHARS:
        title = truncate_text(title, MAX_TITLE_CHARS)
    if len(text) > limit:
        name = f"{label} {title[:60]!r}" if title else label
        context.limit_hit("max_article_chars", f"{name} is longer than {limit:,} characters (max_article_chars); "
                            "cut at a paragraph or sentence boundary")
        text = truncate_text(text, limit)
    article = clean_article(text, title=title, source=choose_source(source, context.source, url), url=url,
                            date=date)
    return article if article.text else None


def record_article(record: object, context: FileContext, label: str) -> tuple[Article | None, str | None]:
    """An article from one JSON object (or CSV row as a dict), or (None, why not)."""
    if not isinstance(record, dict):
        return None, "not a JSON object"
    text = first_field(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        return None, "no 'text' field with article text"
    title = first_field(record, TITLE_FIELDS)
    source = first_field(record, SOURCE_FIELDS)
    url = first_field(record, URL_FIELDS)
    article = make_article(
        context,
        text,
        title=title if isinstance(title, str) else None,
        source=source,
        url=str(url) if url else None,
        date=first_field(record, DATE_FIELDS),
        label=label,
    )
    if article is None:
        return None, "no article text left after cleaning"
    return article, None


def first_field(record: dict, names: tuple[str, ...]) -> object:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None
