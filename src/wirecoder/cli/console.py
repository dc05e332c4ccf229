"""The two consoles every command writes to: results on stdout, messages on stderr."""

import sys

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    print(f"Warning: {message}", file=sys.stderr)  # one line, never wrapped
