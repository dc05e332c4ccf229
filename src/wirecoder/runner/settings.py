"""Defaults shared by the runner and the CLI (kept light: the CLI imports this at start-up)."""

DEFAULT_BATCH = 32  # articles per block and per transaction: two spaCy batches; small enough to share among workers
