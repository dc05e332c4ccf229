"""Deciding, in input order, which articles are copies of an earlier one.

An article is a copy when its estimated shingle similarity to an earlier original
reaches the threshold; it is then linked to the most similar original and not coded
again.  Originals are looked for in two places: the store (every earlier run), through
a ``lookup`` that answers a whole block of band keys in one query, and the originals
this run has screened but not yet written (``pending``), forgotten once written.  So
memory holds only the in-flight blocks, and a run killed and resumed decides exactly
as a clean run does.  Only originals are indexed: a copy of a copy links to the
original when it is still similar enough, and is an original otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wirecoder.dedup.minhash import Signature, band_keys, signature, similarity
from wirecoder.model import Article

DEFAULT_THRESHOLD = 0.6

# (band keys of a block) -> {article id: signature} of stored originals sharing any of them
Lookup = Callable[[list[int]], dict[str, Signature]]


@dataclass
class Copy:
    """A near-duplicate article: stored and linked to its original, not coded."""

    article: Article
    original_id: str
    similarity: float


@dataclass
class Verdict:
    article: Article
    signature: Signature
    copy: Copy | None = None  # None: an original, to be coded


class Deduplicator:
    def __init__(self, lookup: Lookup | None = None, threshold: float = DEFAULT_THRESHOLD):
        self.lookup = lookup
        self.threshold = threshold
        self._pending: dict[str, tuple[Signature, list[int]]] = {}  # screened originals not yet written
        self._pending_bands: dict[int, list[str]] = {}

    def screen(self, articles: list[Article], signatures: list[Signature] | None = None) -> list[Verdict]:
        """One verdict per article, in order; originals become candidates for the articles after them.

        ``signatures``, when given, are the articles' own (computed where they were read).
        """
        sigs = signatures if signatures is not None else [signature(a.text) for a in articles]
        keys = [band_keys(s) for s in sigs]
        stored: dict[str, Signature] = {}
        if self.lookup is not None and articles:
            stored = self.lookup(sorted({k for ks in keys for k in ks}))
        stored_bands: dict[int, list[str]] = {}
        for aid, sig in stored.items():
            for key in band_keys(sig):
                stored_bands.setdefault(key, []).append(aid)
        verdicts = []
        for article, sig, own_keys in zip(articles, sigs, keys, strict=True):
            best_id, best = None, 0.0
            for aid, other in self._candidates(own_keys, stored_bands, stored):
                if aid == article.id:
                    continue
                score = similarity(sig, other)
                if score > best or (score == best and best_id is not None and aid < best_id):
                    best_id, best = aid, score
            if best_id is not None and best >= self.threshold:
                verdicts.append(Verdict(article, sig, Copy(article, best_id, round(best, 4))))
                continue
            verdicts.append(Verdict(article, sig))
            self._pending[article.id] = (sig, own_keys)
            for key in own_keys:
                self._pending_bands.setdefault(key, []).append(article.id)
        return verdicts

    def _candidates(self, keys: list[int], stored_bands: dict[int, list[str]],
                    stored: dict[str, Signature]) -> Iterable[tuple[str, Signature]]:
        seen: set[str] = set()
        for key in keys:
            for aid in stored_bands.get(key, ()):
                if aid not in seen:
                    seen.add(aid)
                    yield aid, stored[aid]
            for aid in self._pending_bands.get(key, ()):
                if aid not in seen:
                    seen.add(aid)
                    yield aid, self._pending[aid][0]

    def written(self, article_ids: Iterable[str]) -> None:
        """These originals are in the store now: the lookup finds them from here on."""
        for aid in article_ids:
            entry = self._pending.pop(aid, None)
            if entry is None:
                continue
            for key in entry[1]:
                kept = [i for i in self._pending_bands.get(key, ()) if i != aid]
                if kept:
                    self._pending_bands[key] = kept
                else:
                    self._pending_bands.pop(key, None)

    @property
    def pending(self) -> int:
        """Originals screened but not yet written (bounded by the blocks in flight)."""
        return len(self._pending)
