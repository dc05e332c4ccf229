"""HTML pages: the article text found by trafilatura, with title, date, URL and site name from the metadata.

A page left with fewer than ``MIN_PAGE_WORDS`` words once cleaned holds no article and is skipped.
The date is only taken from the page's metadata and markup (``extensive_search`` off):
guessing from the text or a copyright line gives a wrong reference date ("Copyright
2024" -> 2024-01-01), which is worse than none.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from wirecoder.ingest.context import FileContext, Skip
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.records import make_article
from wirecoder.ingest.source import ByteSource
from wirecoder.model import Article

DATE_PARAMS = {"extensive_search": False, "original_date": True}
# A page whose cleaned text is shorter than this is a front page, a menu or a notice, not an article (the
# shortest news reports, one-sentence conflict notes, run to about eight words).
MIN_PAGE_WORDS = 8


def read_html(source: ByteSource, context: FileContext) -> Iterator[Article]:
    article = html_article(source.read_all(context.settings.max_document_bytes), context)
    if article is None:
        raise Skip("no article text found in the page")
    yield article


def html_article(page: bytes, context: FileContext, *, url: str | None = None, date: object = None,
                 label: str = "page") -> Article | None:
    """The page's article; ``url`` wins over the page's own, ``date`` is used when the page has none."""
    import trafilatura

    document = trafilatura.bare_extraction(
        _markup(page),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_PARAMS,
    )
    if document is None or not document.text:
        return None
    article = make_article(
        context,
        document.text,
        title=document.title,
        url=url or document.url,
        date=document.date or date,
        source=document.sitename,  # og:site_name and the like
        label=label,
    )
    return article if article is not None and len(article.text.split()) >= MIN_PAGE_WORDS else None


def _markup(page: bytes) -> bytes | str:
    """UTF-16 is decoded here; other bytes go to trafilatura, which honours <meta charset>."""
    if page.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in page[:1024]:
        return decode_bytes(page).text or ""
    return page
