"""Serving a store on a free loopback port in a background thread, for benchmarks, screenshots and browser tests.

    from wirecoder.web.localserver import serving

    with serving("news.duckdb") as base:     # "http://127.0.0.1:PORT" once uvicorn is listening
        httpx.get(base + "/api/events")

``wirecoder serve`` is the way to run the workbench for people; this is for code that needs
a live server for a while and then wants it gone.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from wirecoder.web.app import create_app

HOST = "127.0.0.1"


def free_port(host: str = HOST) -> int:
    """A port nothing listens on now (the OS picks it; another process could still take it first)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db: str | Path, *, within: float = 30.0) -> Iterator[str]:
    """Serve the store at ``db`` with uvicorn in a daemon thread; yields the base URL and stops it on exit.

    Raises ``RuntimeError`` when the server has not started ``within`` seconds.
    """
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host=HOST, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + within
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
