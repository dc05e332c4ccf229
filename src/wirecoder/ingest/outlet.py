"""Which outlet published an article: ``Article.source``.

First found wins:
1. the record's own metadata: a JSONL/CSV ``source`` (or ``outlet``, ``publisher`` ...) field, an HTML page's
   ``og:site_name``, a feed's channel title;
2. the ``--source NAME`` the user gave for inputs that do not say (``read_paths(source=...)``);
3. the host of the article's URL, without ``www.`` ("https://www.bbc.co.uk/news/x" -> "bbc.co.uk").

Never the file name: a folder of files from three outlets counts three sources, not one per file.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Keys of a nested source object ({"id": "reuters", "name": "Reuters"}, as news APIs give it), first wins.
_NESTED_KEYS = ("name", "title", "id")
MAX_SOURCE_CHARS = 200  # an outlet's name; anything longer is not one


def url_outlet(url: str | None) -> str | None:
    """The host of an http(s) URL without "www.", lower-cased; None for other schemes or none."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.rstrip(".").lower()
    return host[4:] if host.startswith("www.") and host.count(".") > 1 else host


def source_name(value: object) -> str | None:
    """An outlet name from a metadata value: a string, or an object with a name; None when there is none."""
    if isinstance(value, dict):
        value = next((value[k] for k in _NESTED_KEYS if isinstance(value.get(k), str) and value[k].strip()), None)
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    name = " ".join(str(value).split())
    return name[:MAX_SOURCE_CHARS] or None


def choose_source(own: object, given: str | None, url: str | None) -> str | None:
    """The article's outlet: its own metadata, else the user's ``--source``, else its URL's host."""
    return source_name(own) or given or url_outlet(url)
