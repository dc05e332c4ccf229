"""Defaults shared by the runner and the CLI (kept light: the CLI imports this at start-up)."""

DEFAULT_BATCH = 128  # articles per block and per transaction: the store's fixed cost (open, commit, checkpoint) is per block
CODING_BLOCK = 32  # articles per coding task, a block's slices: two spaCy batches; small enough to share among workers

from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True)
class Budget:
    """What one article may cost a worker before it is skipped (a run goes on with the next).

    Real news articles take well under a second each; the budget only stops hostile text
    (see docs/robustness.md). ``seconds`` is enforced where coding runs on a process's main
    thread (serial runs, ``--processes N`` workers); ``memory_mb`` caps the address space an
    article may add (Linux, RLIMIT_AS), so a runaway allocation raises MemoryError in the
    worker instead of inviting the OOM killer. ``warn_after``: an article still being coded
    after this many seconds is named in a warning while it runs.
    """

    seconds: float = 60.0
    memory_mb: int = 1024
    warn_after: float = 10.0


DEFAULT_BUDGET = Budget()
