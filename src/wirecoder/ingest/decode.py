"""Bytes to text, with a fallback cascade for files that are not plain UTF-8.

The encoding is chosen from the first bytes of a file, then the rest is decoded
incrementally (``TextDecoder``), so a file of any size streams:

1. UTF-8 with a byte-order mark: decoded silently (it is UTF-8).
2. UTF-16 with a byte-order mark, or UTF-16 without one but with the NUL pattern of
   ASCII text in UTF-16: decoded, with a note.
3. NUL bytes in the first KB otherwise: binary, not decoded.
4. UTF-8, where each invalid byte sequence is decoded as cp1252 (Windows Western, the
   usual culprit; latin-1 for its five unassigned bytes), with a note. Mixed files (one
   pasted paragraph in cp1252) keep their valid UTF-8 as it is.
A decoded first KB with many control characters is binary too.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

SNIFF_BYTES = 1024
# Share of control characters (other than tab, newline, carriage return, form feed) in the first
# KB above which decoded text is treated as binary; text never has more than a stray one or two.
MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
FALLBACK_NOTE = "not valid UTF-8 in places; those bytes decoded as cp1252"


@dataclass
class Decoded:
    text: str | None  # None when the bytes look binary
    note: str | None = None  # why the file was not read as plain UTF-8, for a warning


class TextDecoder:
    """An incremental decoder whose encoding is chosen from the first bytes (``head``)."""

    def __init__(self, head: bytes) -> None:
        self.binary = False
        self.note: str | None = None
        self.fallback_used = False  # set once an invalid UTF-8 sequence was met
        self._pending = b""
        self._skip = 0  # bytes of a UTF-8 byte-order mark still to drop
        utf16: str | None = None
        if head.startswith(codecs.BOM_UTF8):
            self._skip = len(codecs.BOM_UTF8)
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            utf16 = "utf-16"
            self.note = "decoded as UTF-16"
        elif b"\x00" in head[:SNIFF_BYTES]:
            utf16 = _utf16_without_bom(head[:SNIFF_BYTES])
            self.binary = utf16 is None
            self.note = f"decoded as {utf16.upper()}" if utf16 else None
        if not self.binary:
            sample = head[self._skip: self._skip + SNIFF_BYTES]
            self.binary = _looks_binary(sample.decode(utf16 or "utf-8", errors="replace"))
        self._utf16 = codecs.getincrementaldecoder(utf16)(errors="replace") if utf16 else None

    def decode(self, data: bytes, final: bool = False) -> str:
        if self._skip:
            cut = min(self._skip, len(data))
            data, self._skip = data[cut:], self._skip - cut
        if self._utf16 is not None:
            return self._utf16.decode(data, final)
        return self._decode_utf8(data, final)

    def _decode_utf8(self, data: bytes, final: bool) -> str:
        if self._pending:
            data, self._pending = self._pending + data, b""
        view = memoryview(data)
        parts: list[str] = []
        while view:
            try:
                text, used = codecs.utf_8_decode(view, "strict", final)
            except UnicodeDecodeError as error:
                parts.append(codecs.utf_8_decode(view[: error.start], "strict", True)[0])
                parts.append(_cp1252(bytes(view[error.start: error.end])))
                self.fallback_used = True
                view = view[error.end:]
                continue
            parts.append(text)
            self._pending = bytes(view[used:])
            break
        return "".join(parts)


def decode_stream(chunks: Iterable[bytes], decoder: TextDecoder, on_fallback: Callable[[str], None]) -> Iterator[str]:
    """Text pieces of a byte stream; ``on_fallback`` hears once about invalid UTF-8."""
    told = False
    for chunk in chunks:
        text = decoder.decode(chunk)
        if decoder.fallback_used and not told:
            on_fallback(FALLBACK_NOTE)
            told = True
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if decoder.fallback_used and not told:
        on_fallback(FALLBACK_NOTE)
    if tail:
        yield tail


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole file's bytes; see the module docstring for the order of attempts."""
    decoder = TextDecoder(data[: SNIFF_BYTES * 4])
    if decoder.binary:
        return Decoded(None, "looks binary")
    text = decoder.decode(data, final=True)
    return Decoded(text, FALLBACK_NOTE if decoder.fallback_used else decoder.note)


def _cp1252(data: bytes) -> str:
    # cp1252 leaves five bytes unassigned; latin-1 maps every byte.
    return "".join(codecs.decode(bytes([b]), "cp1252", "ignore") or chr(b) for b in data)


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


def _looks_binary(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    return bool(sample) and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE
