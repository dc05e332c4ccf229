"""STORE: coded articles into one embedded DuckDB file, and back out.

    from wirecoder.store import Store, export

    with Store("news.duckdb") as store:
        stats = store.write(coded_articles)  # one transaction per batch
    with Store("news.duckdb", read_only=True) as store:
        store.events(actor="blinken", since="2024-12")
        export(store, "csv", "events.csv")
"""

from .database import Store
from .exports import FORMATS, export
from .schema import SCHEMA_VERSION
from .writer import WriteStats

__all__ = ["FORMATS", "SCHEMA_VERSION", "Store", "WriteStats", "export"]
