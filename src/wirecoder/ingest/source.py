"""A file as a stream of bytes: decompressed on the fly, with a look at its first bytes.

Compression is recognised by its magic bytes, not by the name (a ``.gz`` that is not gzip
is read as it is). Gzip members and zstd frames may follow one another. A stream that
breaks off or turns corrupt keeps everything decompressed before the break, with one
warning. Decompression is fed in small pieces, and gzip's output is taken 1 MB at a time, so one piece
never inflates to more than 1 MB (gzip) or a few tens of MB (zstd), whatever the compression ratio.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from wirecoder.ingest.context import FileContext, Skip
from wirecoder.ingest.decode import TextDecoder, decode_stream

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
COMPRESSED_SUFFIXES = (".gz", ".gzip", ".zst", ".zstd")
READ_BYTES = 64 * 1024
# Input fed to a decompressor at once: zlib inflates at most ~1000x, zstd up to ~30,000x.
GZIP_FEED_BYTES = 32 * 1024
ZSTD_FEED_BYTES = 1024
# Gzip output taken at once: a piece of very compressible input (a file of one-letter lines) comes
# out in pieces of this size, so each is split promptly and progress is reported on time.
OUT_BYTES = 1024 * 1024
HEAD_BYTES = 64 * 1024
MB = 1024 * 1024


class ByteSource:
    """The decompressed bytes of one file: ``head`` to sniff, ``chunks()`` to read once."""

    def __init__(self, path: Path, context: FileContext) -> None:
        self.path = path
        self.context = context
        self.name = inner_name(path.name)
        try:
            self._handle = path.open("rb")
        except OSError as error:
            raise Skip(f"cannot open ({error.strerror or error})") from None
        magic = self._handle.read(4)
        try:
            self.size = path.stat().st_size
        except OSError:
            self.size = 0
        raw = _prepend(magic, _raw_chunks(self._handle))
        if magic.startswith(GZIP_MAGIC):
            self.compression: str | None = "gzip"
            stream = _decompress(raw, _new_gzip, GZIP_MAGIC, GZIP_FEED_BYTES, "gzip", context)
        elif magic.startswith(ZSTD_MAGIC):
            self.compression = "zstd"
            stream = _decompress(raw, _new_zstd, ZSTD_MAGIC, ZSTD_FEED_BYTES, "zstd", context)
        else:
            self.compression = None
            stream = raw
        self._stream = _reported(_capped(stream, context), self)
        self._pulled: list[bytes] = []
        size = 0
        for chunk in self._stream:
            self._pulled.append(chunk)
            size += len(chunk)
            if size >= HEAD_BYTES:
                break
        self.head = b"".join(self._pulled)[:HEAD_BYTES]

    def chunks(self) -> Iterator[bytes]:
        """All the bytes, head included; a second call yields nothing more."""
        while self._pulled:
            yield self._pulled.pop(0)
        yield from self._stream

    def read_all(self, limit: int) -> bytes:
        """The whole content, for formats parsed in one piece; ``Skip`` past ``limit`` bytes."""
        parts: list[bytes] = []
        size = 0
        for chunk in self.chunks():
            size += len(chunk)
            if size > limit:
                raise Skip(f"larger than {limit:,} bytes (max_document_bytes)")
            parts.append(chunk)
        return b"".join(parts)

    def text_pieces(self) -> Iterator[str]:
        """The content decoded (decode.py); ``Skip`` if binary, a warning if not plain UTF-8."""
        decoder = TextDecoder(self.head)
        if decoder.binary:
            raise Skip("looks binary, not text")
        if decoder.note:
            self.context.warn(decoder.note)
        return decode_stream(self.chunks(), decoder, self.context.warn)

    def as_file(self) -> io.BufferedReader:
        """The content as a read-only binary file object (for libraries that want one)."""
        return io.BufferedReader(_ChunkReader(self.chunks()), buffer_size=READ_BYTES)

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> ByteSource:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            self._rest = next(self._chunks, b"")
            if not self._rest:
                return 0
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def inner_name(name: str) -> str:
    """The file name without a compression suffix: "feed.jsonl.gz" -> "feed.jsonl"."""
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _raw_chunks(handle) -> Iterator[bytes]:
    while chunk := handle.read(READ_BYTES):
        yield chunk


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _new_gzip():
    return zlib.decompressobj(wbits=31)


def _new_zstd():
    import zstandard

    return zstandard.ZstdDecompressor().decompressobj()


def _decompress(raw: Iterator[bytes], new: Callable, magic: bytes, feed: int, label: str,
                context: FileContext) -> Iterator[bytes]:
    """Members or frames one after another; a break or corruption ends the stream with a warning."""
    decompressor = None
    buffer, pos = b"", 0
    while True:
        if pos >= len(buffer) or (decompressor is None and len(buffer) - pos < len(magic)):
            more = next(raw, b"")
            if not more:
                if pos < len(buffer) and decompressor is None:
                    _trailing(buffer[pos:], label, context)
                break
            buffer, pos = buffer[pos:] + more, 0
            continue
        if decompressor is None:
            if not buffer.startswith(magic, pos):
                _trailing(buffer[pos:], label, context)
                return
            decompressor = new()
        piece = memoryview(buffer)[pos: pos + feed]
        pos += len(piece)
        while True:
            try:
                # zlib: at most OUT_BYTES at once (the rest of the input waits in unconsumed_tail)
                out = decompressor.decompress(piece, OUT_BYTES) if label == "gzip" else decompressor.decompress(piece)
            except Exception as error:  # zlib.error, zstandard.ZstdError
                context.warn(f"corrupt {label} data ({error}); kept what was read before it")
                return
            if out:
                yield out
            if label != "gzip" or decompressor.eof:  # at the end, the rest of the input is unused_data
                break
            # A full OUT_BYTES may leave output pending inside zlib even when all input was taken.
            piece = decompressor.unconsumed_tail
            if not piece and len(out) < OUT_BYTES:
                break
        if decompressor.eof:
            buffer, pos = bytes(decompressor.unused_data) + buffer[pos:], 0
            decompressor = None
    if decompressor is not None:
        context.warn(f"truncated {label} data (the stream breaks off); kept what was read before the break")


def _trailing(data: bytes, label: str, context: FileContext) -> None:
    if data.strip(b"\x00"):
        context.warn(f"data after the end of the {label} stream ignored")


def _reported(stream: Iterator[bytes], source: ByteSource) -> Iterator[bytes]:
    """The stream, with a progress line every ``progress_seconds`` while one file takes long."""
    context = source.context
    every = context.settings.progress_seconds
    started = time.monotonic()
    next_report = started + every
    size = 0
    for chunk in stream:
        size += len(chunk)
        if every and time.monotonic() >= next_report:
            next_report = time.monotonic() + every
            where = source._handle.tell() if not source._handle.closed else source.size
            of = f" of {source.size / MB:,.0f} MB" if source.size else ""
            inflated = f" ({size / MB:,.0f} MB after {source.compression})" if source.compression else ""
            context.progress(f"still reading: {where / MB:,.0f} MB{of}{inflated} in "
                             f"{time.monotonic() - started:.0f} s")
        yield chunk


def _capped(stream: Iterator[bytes], context: FileContext) -> Iterator[bytes]:
    limit = context.settings.max_file_bytes
    size = 0
    for chunk in stream:
        if size + len(chunk) > limit:
            yield chunk[: limit - size]
            context.warn(f"larger than {limit:,} bytes (max_file_bytes); only the first {limit:,} read")
            return
        size += len(chunk)
        yield chunk
