"""Light text normalisation: line endings and spacing only.

Quotes, dashes and other punctuation stay exactly as written, because quote
extraction and dateline parsing read them.
"""

from __future__ import annotations

import html
import re

# Invisible characters scrapers leave behind; none of them carries meaning in news text.
_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")
# Horizontal whitespace, including the no-break and thin spaces HTML pages use.
_SPACES = re.compile("[ \t\u00a0\u2007\u2009\u202f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\f\v\u2028\u2029\x85]")
# Whitespace (what str.strip removes, a line break aside) at the start or end of a line.
_EDGE_SPACE = re.compile(r"^[^\S\n]|[^\S\n]$", re.MULTILINE)
# HTML character references left by scrapers ("&#163;1.8m", "&amp;"); only well-formed ones.
_ENTITY = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")


def normalize_text(text: str) -> str:
    """Unify line endings, resolve HTML entities, drop invisible characters, collapse spaces."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = _INVISIBLE.sub("", text)
    # _SPACES holds no line break, so one pass over the text does what one per line would.
    text = _SPACES.sub(" ", text)
    if _EDGE_SPACE.search(text) is None:  # no line to strip (a file of short lines, read in pieces)
        return text
    return "\n".join(line.strip() for line in text.split("\n"))
