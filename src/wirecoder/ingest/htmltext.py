"""An HTML fragment (a feed entry's content) to plain text, one paragraph per block element.

Whole pages go through trafilatura, which also removes navigation and other boilerplate;
a feed entry is already just the article, so the standard library's tolerant parser is
enough, and it copes with any nesting depth or broken markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that end a paragraph.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt",
})
# Elements whose content is never text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
_MARKUP = re.compile(r"<[a-zA-Z!/]")


def looks_like_html(text: str) -> bool:
    return _MARKUP.search(text) is not None


def html_to_text(fragment: str) -> str:
    """Text with a blank line between blocks; entities resolved; whitespace inside a block collapsed."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    paragraphs = ("".join(block).split() for block in parser.blocks)
    return "\n\n".join(" ".join(words) for words in paragraphs if words)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.blocks[-1].append(data)

    def _break(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])
