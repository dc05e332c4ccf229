"""DEDUP: near-duplicate articles and reports of the same event.

- ``minhash``: a MinHash signature of an article's word shingles, and its LSH band keys.
- ``screen``: ``Deduplicator`` tells, in input order, which articles copy an earlier one.
- ``events``: the key that merges reports of one real-world event, and where a copy's
  sentences are, so a copy adds mentions instead of new events.
"""

from wirecoder.dedup.events import event_key, locate_mentions
from wirecoder.dedup.minhash import NUM_PERM, Signature, band_keys, signature, similarity
from wirecoder.dedup.screen import Copy, Deduplicator

__all__ = ["NUM_PERM", "Copy", "Deduplicator", "Signature", "band_keys", "event_key", "locate_mentions",
           "signature", "similarity"]
