"""Text pieces (as decoded from a stream) to lines, holding at most one capped line.

A line longer than ``max_chars`` is never assembled whole: its head is kept (cut by
``cut``, or dropped when ``cut`` is None), ``on_long`` hears about it once, and the rest
is skipped up to the next line break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

# Characters split into lines at once by ``split_line_batches``.
BATCH_CHARS = 4 * 1024


def split_lines(pieces: Iterable[str], *, max_chars: int, on_long: Callable[[int], None],
                cut: Callable[[str, int], str] | None = None, keepends: bool = False,
                universal: bool = False) -> Iterator[tuple[int, str]]:
    """(number, line) for each line of the text, numbered from 1.

    ``universal``: CR LF and a lone CR end lines too (plain text); otherwise only LF does
    (CSV and JSONL, whose quoted fields may hold a CR). ``keepends`` keeps the LF.
    """
    parts: list[str] = []  # pieces of the current line
    size = 0
    dropping = False  # inside a too-long line: skip to its end
    number = 1
    held_cr = False
    for piece in pieces:
        if universal:
            piece, held_cr = _lf_only(piece, held_cr)
        start = 0
        while True:
            end = piece.find("\n", start)
            if end < 0:
                if not dropping and start < len(piece):
                    parts.append(piece[start:])
                    size += len(piece) - start
                    if size > max_chars:
                        head = "".join(parts)
                        parts, size, dropping = [], 0, True
                        on_long(number)
                        if cut is not None:
                            yield number, cut(head, max_chars)
                break
            if dropping:
                dropping = False
            else:
                parts.append(piece[start: end + 1 if keepends else end])
                line = "".join(parts)
                if size + end - start > max_chars:
                    on_long(number)
                    if cut is not None:
                        yield number, cut(line, max_chars)
                else:
                    yield number, line
            parts, size = [], 0
            number += 1
            start = end + 1
    if held_cr and not dropping:
        parts.append("\n" if keepends else "")
    if parts and not dropping:
        line = "".join(parts)
        if len(line) > max_chars:
            on_long(number)
            if cut is not None:
                yield number, cut(line, max_chars)
        elif line:
            yield number, line


def split_line_batches(pieces: Iterable[str], *, max_chars: int) -> Iterator[list[str]]:
    """The lines of plain text in lists, one list per piece that ends a line (never an empty list).

    The same lines as ``split_lines(pieces, universal=True, cut=lambda line, n: line[: n + 1])``
    gives, without the line numbers: CR LF, a lone CR and LF end lines, a line longer than
    ``max_chars`` is cut to its first ``max_chars + 1`` characters (its rest never held), and an
    empty last line is left out. Each piece (cut to at most ``BATCH_CHARS`` characters first: a
    piece of very compressible gzip may hold tens of MB) is split by ``str.split``, so a file of
    millions of one-letter lines costs a few C calls per piece, not a round of Python per line.
    """
    keep = max_chars + 1
    rest = ""  # the line read so far, at most ``keep`` characters (a longer one: its head)
    held_cr = False
    for piece in _slices(pieces, BATCH_CHARS):
        piece, held_cr = _lf_only(piece, held_cr)
        if "\n" not in piece:
            if len(rest) < keep:
                rest = (rest + piece)[:keep]
            continue
        lines = piece.split("\n")
        lines[0] = (rest + lines[0])[:keep] if len(rest) < keep else rest
        rest = lines.pop()[:keep]
        if max(map(len, lines)) >= keep:
            lines = [line[:keep] for line in lines]
        yield lines
    if rest:
        yield [rest]


def _lf_only(piece: str, held_cr: bool) -> tuple[str, bool]:
    """The piece with CR LF and lone CRs as LF, and whether it ended in a CR held back for the next piece
    (a CR LF may be split across two pieces)."""
    if held_cr:
        piece = "\r" + piece
    held_cr = piece.endswith("\r")
    if held_cr:
        piece = piece[:-1]
    if "\r" in piece:
        piece = piece.replace("\r\n", "\n").replace("\r", "\n")
    return piece, held_cr


def _slices(pieces: Iterable[str], size: int) -> Iterator[str]:
    for piece in pieces:
        if len(piece) <= size:
            yield piece
        else:
            for start in range(0, len(piece), size):
                yield piece[start: start + size]
