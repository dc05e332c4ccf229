"""RUNNER: coding many articles into a store, on one machine or a Dask cluster.

- ``Runner`` / ``run_paths`` / ``run_articles``: serial by default, or ``processes=N``
  workers, each with its own Pipeline; blocks written in input order, one
  transaction each; incremental and resumable (see local.py).
- ``run_dask``: the same per-shard work on a Dask distributed cluster (see cluster.py).
- ``watch``: code files as they arrive in a folder (see watch.py).

Names load on first use, so importing the package (the CLI does) costs nothing.
"""

from importlib import import_module

from wirecoder.runner.settings import DEFAULT_BATCH

_HOMES = {"Runner": "local", "run_articles": "local", "run_paths": "local", "RunStats": "stats",
          "run_dask": "cluster", "watch": "watch"}

__all__ = ["DEFAULT_BATCH", *_HOMES]


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(f"wirecoder.runner.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'wirecoder.runner' has no attribute {name!r}")
