"""Readers: paths in, ``Article`` records out.

``read_paths`` takes files and directories (walked recursively, in sorted order, hidden
files skipped) and dispatches each file on its extension:

- ``.jsonl`` / ``.ndjson``: one article per line (``text``; optional ``title``, ``date``,
  ``url``, ``source``); a bad line is skipped with a warning naming file and line.
- ``.json``: one such object, or a list of them.
- ``.gz``: decompressed, then read by the extension underneath.
- anything else: a plain-text dump of one or more articles (see dump.py).
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.dump import clean_article, split_dump
from wirecoder.model import Article

Warn = Callable[[str], None]
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Field names accepted for each article field, first present wins.
TEXT_FIELDS = ("text", "body", "content", "article")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at", "publish_date", "pubdate", "date_published", "datetime")
URL_FIELDS = ("url", "link")

logger = logging.getLogger("wirecoder.ingest")


def read_paths(paths: Iterable[str | Path], *, warn: Warn | None = None) -> Iterator[Article]:
    """Articles from files and directories, in input order (directories in sorted order).

    Missing paths and directories without files raise ``InputError`` at once; the rest is
    read lazily. Unreadable or empty files are skipped with a warning, except when a
    single file is the whole input, and ``InputError`` is raised if nothing was read.
    """
    warn = warn or logger.warning
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not paths:
        raise InputError("No input paths given")
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"No such file or directory: {path}")
        if path.is_dir():
            found = _walk(path)
            if not found:
                raise InputError(f"Nothing readable in directory: {path}")
            files.extend(found)
        else:
            files.append(path)
    return _read_files(files, paths, warn)


def _walk(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def _read_files(files: list[Path], inputs: list[Path], warn: Warn) -> Iterator[Article]:
    single_file = len(inputs) == 1 and len(files) == 1 and not inputs[0].is_dir()
    count = 0
    for path in files:
        problem = None
        try:
            for article in read_file(path, warn=warn):
                count += 1
                yield article
        except InputError as error:
            problem = str(error)
        else:
            continue
        if single_file:
            raise InputError(problem)
        warn(f"{problem}; skipped")
    if count == 0:
        if len(inputs) == 1 and inputs[0].is_dir():
            raise InputError(f"Nothing readable in directory: {inputs[0]}")
        raise InputError(f"No articles found in: {', '.join(str(p) for p in inputs)}")


def read_file(path: Path, *, warn: Warn) -> Iterator[Article]:
    """Articles in one file; raises ``InputError`` when it holds none."""
    data, suffix = _read_bytes(path)
    decoded = decode_bytes(data)
    if decoded.text is None:
        raise InputError(f"Not a text file (looks binary): {path}")
    if decoded.note:
        warn(f"{path}: {decoded.note}")
    if not decoded.text.strip():
        raise InputError(f"Empty file: {path}")
    source = _stem(path)
    if suffix in JSONL_SUFFIXES:
        articles = list(_jsonl_articles(decoded.text, path, source, warn))
    elif suffix == ".json":
        articles = list(_json_articles(decoded.text, path, source, warn))
    else:
        articles = split_dump(decoded.text, source=source)
    if not articles:
        raise InputError(f"No articles found in: {path}")
    yield from articles


def _read_bytes(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror or error}") from None
    suffix = path.suffix.lower()
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise InputError(f"Cannot decompress {path}: {error}") from None
        suffix = Path(path.stem).suffix.lower()
    return data, suffix


def _stem(path: Path) -> str:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def _jsonl_articles(text: str, path: Path, source: str, warn: Warn) -> Iterator[Article]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            warn(f"{path}:{number}: not valid JSON ({error.msg}); line skipped")
            continue
        article, problem = record_article(record, source)
        if article is None:
            warn(f"{path}:{number}: {problem}; line skipped")
            continue
        yield article


def _json_articles(text: str, path: Path, source: str, warn: Warn) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # A JSONL file named .json is common enough to try before giving up.
        if len(text.strip().splitlines()) > 1:
            yield from _jsonl_articles(text, path, source, warn)
            return
        raise InputError(f"{path}: not valid JSON ({error.msg})") from None
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        article, problem = record_article(record, source)
        if article is None:
            warn(f"{path}: record {number}: {problem}; skipped")
            continue
        yield article


def record_article(record: object, default_source: str | None) -> tuple[Article | None, str | None]:
    """An article from one JSON object, or (None, why not)."""
    if not isinstance(record, dict):
        return None, "not a JSON object"
    text = _first(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        return None, "no 'text' field with article text"
    title = _first(record, TITLE_FIELDS)
    source = _first(record, ("source",))
    url = _first(record, URL_FIELDS)
    article = clean_article(
        text,
        title=title if isinstance(title, str) else None,
        source=str(source) if source else default_source,
        url=str(url) if url else None,
        date=_first(record, DATE_FIELDS),
    )
    if not article.text:
        return None, "no article text left after cleaning"
    return article, None


def _first(record: dict, names: tuple[str, ...]) -> object:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None
