"""Ingest: files, directories, JSONL and scraper dumps in; clean ``Article`` records out.

- ``read_paths(paths, warn=...)``: read files and directories (see readers.py).
- ``split_dump(text, source=...)``: the scraper-dump cleaner on its own (see dump.py).
- ``clean_article(text, title=..., ...)``: clean one article whose limits are known.
"""

from wirecoder.ingest.dump import clean_article, split_dump
from wirecoder.ingest.readers import read_file, read_paths

__all__ = ["clean_article", "read_file", "read_paths", "split_dump"]
