"""Named errors. The library raises these; the CLI turns each into one `Error: ...` line."""


class WirecoderError(Exception):
    """Base class: anything the user can fix, reported in one line."""


class InputError(WirecoderError):
    """The input cannot be read or holds nothing to code (missing file, empty file, nothing readable)."""


class ModelMissingError(WirecoderError):
    """The pinned spaCy model is not installed."""


class StoreError(WirecoderError):
    """The DuckDB store cannot be opened or written."""


class LexiconError(WirecoderError):
    """A lexicon or dictionary file is malformed."""
