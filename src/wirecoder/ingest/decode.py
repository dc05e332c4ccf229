"""Bytes to text, with a fallback cascade for files that are not plain UTF-8.

1. UTF-8 with a byte-order mark: decoded silently (it is UTF-8).
2. UTF-16 with a byte-order mark, or UTF-16 without one but with the NUL pattern of
   ASCII text in UTF-16: decoded, with a note.
3. NUL bytes in the first KB otherwise: binary, not decoded.
4. Plain UTF-8.
5. cp1252 (Windows Western, the usual culprit), then latin-1 (never fails): with a note.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

SNIFF_BYTES = 1024
# Share of control characters (other than tab, newline, carriage return, form feed) in the first
# KB above which decoded text is treated as binary; text never has more than a stray one or two.
MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class Decoded:
    text: str | None  # None when the bytes look binary
    note: str | None = None  # why the file was not read as plain UTF-8, for a warning


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes; see the module docstring for the order of attempts."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), None)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"), "decoded as UTF-16")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding is None:
            return Decoded(None, "looks binary")
        return _checked(data.decode(encoding, errors="replace"), f"decoded as {encoding.upper()}")
    try:
        return _checked(data.decode("utf-8"), None)
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("cp1252"), "not valid UTF-8; decoded as cp1252")
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"), "not valid UTF-8; decoded as latin-1")


def _utf16_without_bom(head: bytes) -> str | None:
    """ASCII-heavy text in UTF-16 has NUL in every other byte and almost nowhere else."""
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, note: str | None) -> Decoded:
    sample = text[:SNIFF_BYTES]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        return Decoded(None, "looks binary")
    return Decoded(text, note)
