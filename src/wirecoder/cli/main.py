"""The `wirecoder` command: one verb per task, each a thin wrapper over a library call.

Library errors (``WirecoderError``) become one ``Error: ...`` line on stderr and exit code 1; nothing
prints a traceback unless WIRECODER_DEBUG=1 is set.
"""

from __future__ import annotations

import os
import sys

import typer

from wirecoder.cli import coding, evaluation, gazetteer, querying, scaling
from wirecoder.errors import WirecoderError

app = typer.Typer(
    name="wirecoder",
    help="Raw news text in; coded events (PLOVER/CAMEO), quotes, dates and places out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from wirecoder import __version__

        print(f"wirecoder {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")) -> None:
    """Raw news text in; coded events (PLOVER/CAMEO), quotes, dates and places out."""


coding.register(app)
querying.register(app)
evaluation.register(app)
scaling.register(app)
gazetteer.register(app)


def main() -> None:
    try:
        app(standalone_mode=True)
    except WirecoderError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with the way to see more
        if os.environ.get("WIRECODER_DEBUG"):
            raise
        if type(exc).__module__.startswith("duckdb"):  # a store file damaged past what opening it shows
            detail = " ".join(str(exc).split())[:200]
            print(f"Error: the store could not be read: it looks truncated or corrupt ({detail}); "
                  "it was left as it is", file=sys.stderr)
            sys.exit(1)
        detail = str(exc).splitlines()[0] if str(exc) else ""
        print(f"Error: internal error ({type(exc).__name__}: {detail}); rerun with WIRECODER_DEBUG=1 for details",
              file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
