"""Readers: paths in, ``Article`` records out.

``read_paths`` takes files and directories (walked recursively, in sorted order, hidden
files and folders skipped) and reads each file with the reader its kind needs
(``formats.READERS``; the kind comes from the extension, else from the first bytes, see
detect.py): plain-text dumps, JSONL/JSON, CSV/TSV, HTML pages, RSS/Atom feeds and WARC
crawls, each also gzip- or zstd-compressed.

Nothing in a file stops the batch: an empty, binary, broken or hostile file, a bad line
or a non-English article costs one warning line and is skipped (limits: settings.py).
``InputError`` is raised only for a path that does not exist, a ``date`` that is not a day,
and when nothing at all could be read from the whole input.

``source`` names the outlet of articles whose input does not (see outlet.py); ``date`` is the
reference date of articles that found none of their own (origin "option"); see given.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.ingest.context import FileContext, Skip, Warn
from wirecoder.ingest.decode import TextDecoder
from wirecoder.ingest.detect import detect_kind
from wirecoder.ingest.formats import READERS
from wirecoder.ingest.given import Given, given_date
from wirecoder.ingest.language import not_english
from wirecoder.ingest.limits import apply_article_limits
from wirecoder.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from wirecoder.ingest.source import HEAD_BYTES, ByteSource
from wirecoder.model import Article, Loss

logger = logging.getLogger("wirecoder.ingest")


def read_paths(paths: Iterable[str | Path] | str | Path, *, warn: Warn | None = None,
               settings: IngestSettings | None = None, source: str | None = None,
               date: str | dt.date | None = None, on_file: Callable[[Path], None] | None = None,
               on_loss: Callable[[Loss], None] | None = None,
               on_progress: Warn | None = None) -> Iterator[Article]:
    """Articles from files and directories, in input order (directories in sorted order).

    A missing path or a bad ``date`` raises ``InputError`` at once; the rest is read lazily,
    and ``InputError`` is raised at the end if not a single article could be read.
    ``on_file`` hears of each file as its reading starts (for progress); ``on_loss`` of each
    article a limit cut or that was skipped (``Loss``, for the run's report); ``on_progress`` of
    how far a file that takes long to read has got (every ``settings.progress_seconds``).
    """
    warn = warn or logger.warning
    settings = settings or DEFAULT_SETTINGS
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not paths:
        raise InputError("No input paths given")
    for path in paths:
        if not path.exists():
            raise InputError(f"No such file or directory: {path}")
    return _read_all(paths, warn, settings, Given(source or None, given_date(date)), on_file, on_loss, on_progress)


def read_file(path: str | Path, *, warn: Warn | None = None, settings: IngestSettings | None = None,
              source: str | None = None, date: str | dt.date | None = None,
              on_loss: Callable[[Loss], None] | None = None) -> Iterator[Article]:
    """Articles in one file. Problems are warned about and skipped; only a missing file or a bad date raises."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"No such file or directory: {path}")
    given = Given(source or None, given_date(date))
    context = FileContext(path, settings or DEFAULT_SETTINGS, warn or logger.warning, source=given.source,
                          on_loss=on_loss)
    for article in _read_one(path, context, []):
        given.dated(article)
        yield article


def _read_all(paths: list[Path], warn: Warn, settings: IngestSettings, given: Given,
              on_file: Callable[[Path], None] | None, on_loss: Callable[[Loss], None] | None,
              on_progress: Warn | None) -> Iterator[Article]:
    count = 0
    problems: list[str] = []
    files = 0
    for path in paths:
        for file in walk_folder(path) if path.is_dir() else [path]:
            files += 1
            if on_file is not None:
                on_file(file)
            context = FileContext(file, settings, warn, source=given.source, on_loss=on_loss,
                                  on_progress=on_progress)
            for article in _read_one(file, context, problems):
                count += 1
                given.dated(article)
                yield article
    if count == 0:
        where = ", ".join(str(p) for p in paths)
        if files == 0:
            raise InputError(f"No files found in: {where}")
        why = f" ({problems[0]})" if files == 1 and problems else " (see the warnings)"
        raise InputError(f"No articles could be read from: {where}{why}")


def _read_one(path: Path, context: FileContext, problems: list[str]) -> Iterator[Article]:
    """One file's articles; whatever goes wrong becomes a warning, recorded in ``problems``."""
    count = 0
    problem = None
    try:
        with ByteSource(path, context) as source:
            if _is_blank(source.head, len(source.head) < HEAD_BYTES):
                raise Skip("empty file")
            kind = detect_kind(source.name, source.head)
            if kind != "warc" and TextDecoder(source.head).binary:
                raise Skip("looks binary, not text")
            for article in READERS[kind](source, context):
                article, notes = apply_article_limits(article, context.settings)
                for limit, what in notes:
                    context.warn_record(f"article {article_name(article)!r}: {what} ({limit})")
                reason = not_english(article.text) if context.settings.english_only else None
                if reason:
                    message = f"article {article.title[:60]!r} is not English ({reason}); skipped"
                    context.warn_record(message)
                    context.skip(article, "not_english", message)
                    continue
                context.cut(article, notes)
                count += 1
                yield article
    except Skip as skip:
        problem = str(skip)
    except RecursionError:
        problem = "nested too deeply to read"
    except Exception as error:  # a bug or a library failing on hostile input: never stop the batch
        problem = f"could not be read ({type(error).__name__}: {' '.join(str(error).split())[:200]})"
    context.finish()
    if problem:
        problems.append(problem)
        context.warn(f"{problem}; {'the rest ' if count else ''}skipped")
    elif count == 0:
        # Said once: after warnings about each record, "no articles found" adds nothing.
        problems.append(context.first_warning or "no articles found")
        if context.first_warning is None:
            context.warn("no articles found")


def article_name(article: Article) -> str:
    """What a warning calls an article: its headline, else its first words."""
    return (article.title or " ".join(article.text[:200].split()))[:60]


def _is_blank(head: bytes, whole: bool) -> bool:
    """A file holding nothing but whitespace (in any encoding the decoder knows)."""
    if not whole:
        return False
    decoder = TextDecoder(head)
    return not decoder.binary and not decoder.decode(head, final=True).strip()


def walk_folder(directory: Path) -> list[Path]:
    """Files under ``directory``, sorted, hidden names skipped; symlinked folders are not followed."""
    found: list[Path] = []
    for root, folders, names in os.walk(directory):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found.extend(Path(root) / name for name in names if not name.startswith("."))
    return sorted(p for p in found if p.is_file())

