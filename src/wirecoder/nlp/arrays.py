"""Set membership on spaCy's token arrays (``doc.to_array``), for lexicons of string hashes.

``numpy.isin`` on 64-bit hashes sorts the article's column together with the whole lexicon on every
call (hash values are too spread out for its table method): tens of microseconds per call, many calls
per article.  A lexicon sorted once and looked up with ``searchsorted`` gives the same answer in a
binary search per token.
"""

from __future__ import annotations

import numpy


def in_sorted(values: numpy.ndarray, table: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, table)`` for a ``table`` sorted ascending (as ``sorted(hashes)`` gives)."""
    if not len(table):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(table, values)
    at[at == len(table)] = 0  # past the end: compared with the first entry, which it cannot equal
    return table[at] == values
