"""Ingest: files and directories in; clean ``Article`` records out.

- ``read_paths(paths, warn=..., settings=...)``: read files and directories of plain-text
  dumps, JSONL/JSON, CSV/TSV, HTML pages, RSS/Atom feeds and WARC crawls, each also
  gzip- or zstd-compressed, streamed (see readers.py, formats/).
- ``read_file(path, warn=..., settings=...)``: the same for one file.
- ``split_dump(text, source=...)``: the scraper-dump cleaner on its own (see dump.py).
- ``clean_article(text, title=..., ...)``: clean one article whose limits are known.
- ``IngestSettings``: the size limits and the English-only switch (settings.py).
"""

from wirecoder.ingest.dump import clean_article, split_dump
from wirecoder.ingest.readers import read_file, read_paths
from wirecoder.ingest.settings import IngestSettings

__all__ = ["IngestSettings", "clean_article", "read_file", "read_paths", "split_dump"]
