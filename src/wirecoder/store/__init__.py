"""STORE: coded articles into one embedded DuckDB file, and back out.

    from wirecoder.store import Store, export

    with Store("news.duckdb") as store:
        stats = store.write(coded_articles)  # one transaction per batch; the file is free between
    with Store("news.duckdb", read_only=True) as store:
        store.events(actor="blinken", since="2024-12")
        store.merged_events()  # one row per real-world event, with num_mentions/articles/sources
        store.check()          # integrity problems, [] when sound
        export(store, "csv", "events.csv")

A writer and any number of readers (``wirecoder run`` and ``wirecoder serve``) share
one file: the writer holds a lock file for its run but the database only per batch,
and each side waits for the other instead of failing (see sharing.py).

Near-duplicate articles are written with ``store.write([], copies=[...])``
(``wirecoder.dedup.Copy``): linked to their original, with its events' mentions.
Dask workers write Parquet shards that ``shards.merge_shard`` brings in.
"""

from .database import Store
from .exports import FORMATS, export
from .schema import SCHEMA_VERSION
from .writer import WriteStats

__all__ = ["FORMATS", "SCHEMA_VERSION", "Store", "WriteStats", "export"]
