"""MinHash signatures of word shingles, and the LSH band keys that find candidate copies.

An article is the set of its word 5-grams (lower-cased words, punctuation dropped), so
a syndicated copy with a new byline or a trimmed last paragraph keeps most of its set.
Each shingle is hashed once (BLAKE2b, 32 bits) and put through 128 random affine
permutations h -> a*h + b (mod 2^32, a odd: a bijection); the signature is the minimum
under each.  Two signatures agree at a position with probability equal to the Jaccard
similarity J of the two sets (the scheme datasketch calls "affine32"; done here in a
few numpy lines so a run needs neither datasketch nor scipy at start-up).

The 128 positions split into 32 bands of 4: two articles share at least one band with
probability 1 - (1 - J**4)**32 (0.99 at J = 0.6, 0.0001 at J = 0.1), and candidates
are then kept only if their signatures agree on enough positions.
"""

from __future__ import annotations

import hashlib
import re
from hashlib import blake2b as _blake2b

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
SEED = 1

Signature = np.ndarray  # NUM_PERM uint32 values

_WORD = re.compile(r"\w+")
_random = np.random.RandomState(SEED)
_A = (_random.randint(0, 1 << 31, NUM_PERM, dtype=np.uint64) * 2 + 1).astype(np.uint32)
_B = _random.randint(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def shingles(text: str, size: int = SHINGLE) -> list[bytes]:
    """The article's word n-grams; a text shorter than n words is one shingle."""
    words = [w.encode("utf-8") for w in _WORD.findall(text.lower())]  # each word encoded once, not 5 times
    if len(words) <= size:
        return [b" ".join(words)] if words else []
    return [b" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]


def _hash32(shingle: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(shingle, digest_size=4).digest(), "little")


def signature(text: str) -> Signature:
    """The MinHash signature of ``text`` (same text, same signature, in every process)."""
    found = shingles(text)
    if not found:
        return _EMPTY.copy()
    # the 4-byte digests side by side read as little-endian uint32: _hash32 of each, without a call per shingle
    hashes = np.frombuffer(b"".join([_blake2b(s, digest_size=4).digest() for s in found]), dtype="<u4")
    hashes = hashes.astype(np.uint32, copy=False)
    return (np.multiply.outer(hashes, _A) + _B).min(axis=0)  # uint32 arithmetic wraps: mod 2^32


def band_keys(sig: Signature) -> list[int]:
    """One unsigned 64-bit key per band (the band's index is hashed in, so keys never collide across bands)."""
    rows = np.asarray(sig, dtype=np.uint32).reshape(BANDS, ROWS)
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + rows[band].tobytes(), digest_size=8).digest(), "little")
            for band in range(BANDS)]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the share of positions where the signatures agree."""
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / NUM_PERM
