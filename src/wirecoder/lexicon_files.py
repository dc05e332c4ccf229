"""Reading the YAML data files in wirecoder/lexicon/ (or a user's copy of one).

    from wirecoder.lexicon_files import lexicon_file, read_yaml

    data = read_yaml(lexicon_file("speech_verbs.yaml"), "the speech-verb lexicon")

A file that is missing, unreadable or not YAML raises ``LexiconError`` naming it, so a bad edit
stops a run with a message about the file rather than a traceback from inside a stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wirecoder.errors import LexiconError

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


def lexicon_file(name: str) -> Path:
    """The bundled data file ``name`` ("time_words.yaml")."""
    return LEXICON_DIR / name


def read_yaml(path: str | Path, what: str) -> Any:
    """The parsed contents of the YAML file at ``path``; ``what`` names it in the error ("time lexicon")."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read {what} {path}: {exc}") from exc
