"""The article text behind a parsed Doc, built once.

spaCy's ``Doc.text`` joins every token's text on each access (about 2 ms for a news
article), and the stages after the parse read it many times per article.  ``doc_text``
keeps it in ``doc.user_data``; the pipeline seeds it with the article text it parsed,
which spaCy reproduces exactly.
"""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "wirecoder.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed at most once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text`` as the Doc's text when it is the text the Doc was parsed from (lengths agree)."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end == len(text):
        doc.user_data[TEXT_KEY] = text
