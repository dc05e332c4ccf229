"""A line classifier's answers, remembered for short lines.

A dump of millions of one-letter lines (or of any few lines repeated) asks the same question
of the same line again and again; ``memo[line]`` answers a repeat with one dict look-up. Only
lines of at most ``max_chars`` characters are kept, and at most ``max_entries`` of them (all
forgotten at once when full), so what is held stays small whatever the input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

MEMO_MAX_CHARS = 64
MEMO_MAX_ENTRIES = 256


class ShortLineMemo(dict, Generic[T]):
    """``memo[line]`` is ``classify(line)``; the answer must not be changed by the caller."""

    def __init__(self, classify: Callable[[str], T], *, max_chars: int = MEMO_MAX_CHARS,
                 max_entries: int = MEMO_MAX_ENTRIES) -> None:
        super().__init__()
        self.classify = classify
        self.max_chars = max_chars
        self.max_entries = max_entries

    def __missing__(self, line: str) -> T:
        answer = self.classify(line)
        if len(line) <= self.max_chars:
            if len(self) >= self.max_entries:
                self.clear()
            self[line] = answer
        return answer
