"""The FastAPI application: JSON API under /api, HTML pages elsewhere, vendored static files.

Every request opens its own read-only ``Store`` and closes it when done, so a
``wirecoder run`` can write the same file between requests (DuckDB allows one
writer *or* many readers per file; see ``wirecoder.store.sharing``).  A request
that finds a writer at work waits for it (a batch takes well under a second),
up to the store's wait (``WIRECODER_STORE_WAIT``, 10 s); only past that does it
answer 503 with a one-line reason.  It then sees whole batches only.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import duckdb
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from wirecoder import __version__
from wirecoder.errors import StoreError
from wirecoder.store import Store
from wirecoder.store.sharing import default_wait, writer_waiting

HERE = Path(__file__).parent
STATIC = HERE / "static"

# Everything the pages load comes from this server: no CDN, no tile server, no inline script.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "frame-ancestors 'none'; form-action 'self'")


class StoreUnavailable(Exception):
    """The store cannot be read right now (a writer holds it, or it went away): 503."""


def templates() -> Environment:
    from .pages import url  # the pages' helper, also needed inside imported macros
    from wirecoder.store.browse import QUAD_CLASSES

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=url, quad_names=QUAD_CLASSES)
    env.filters["http_url"] = http_url
    return env


def http_url(value: object) -> str | None:
    """The value when it is an http(s) URL with a host, else None: only those become links."""
    from urllib.parse import urlsplit

    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class WarmReader:
    """Keeps the database open across requests that come close together, and gives way to writers.

    Opening a DuckDB file costs 10-30 ms, but a process that already has it open
    read-only opens further connections in microseconds.  So one idle read-only
    connection is held while requests are in flight and for ``linger`` seconds
    after the last one.  While it is held, a watcher thread reads the store's lock
    file every ``poll`` seconds and lets the connection go at once when a writer
    says it wants the file (new requests then wait for the writer), so browsing
    never keeps a ``wirecoder run`` out for longer than the requests in flight.
    """

    def __init__(self, path: str, linger: float = 1.0, poll: float = 0.02) -> None:
        self.path = path
        self.linger = linger
        self.poll = poll
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._active = 0
        self._last = 0.0  # when the last request came or went
        self._watcher: threading.Thread | None = None

    def enter(self) -> None:
        with self._lock:
            self._active += 1
            self._last = time.monotonic()
            if self._con is None and not writer_waiting(self.path):
                try:
                    self._con = duckdb.connect(self.path, read_only=True)
                except duckdb.Error:
                    return  # a writer has it: the request's own Store waits for it
            if self._con is not None and self._watcher is None:
                self._watcher = threading.Thread(target=self._watch, name="wirecoder-warm-reader", daemon=True)
                self._watcher.start()

    def leave(self) -> None:
        with self._lock:
            self._active -= 1
            self._last = time.monotonic()

    def _watch(self) -> None:
        while True:
            time.sleep(self.poll)
            with self._lock:
                idle = self._active == 0 and time.monotonic() - self._last >= self.linger
                if self._con is None or idle or writer_waiting(self.path):
                    self._close_connection()
                    self._watcher = None
                    return

    def close(self) -> None:
        """Let the file go now (server shutdown)."""
        with self._lock:
            self._close_connection()

    def _close_connection(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def open_store(request: Request) -> Iterator[Store]:
    """A FastAPI dependency: a read-only store for this request, closed afterwards.

    It waits (up to ``app.state.store_wait`` seconds) while a writer has the file.
    """
    warm: WarmReader = request.app.state.warm_reader
    warm.enter()
    try:
        try:
            store = Store(request.app.state.db, read_only=True, wait=request.app.state.store_wait)
        except StoreError as exc:
            raise StoreUnavailable(str(exc)) from exc
        try:
            yield store
        finally:
            store.close()
    finally:
        warm.leave()


def require_token(request: Request) -> None:
    """Admin endpoints: off unless the server has a token, then ``Authorization: Bearer <token>``."""
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "admin endpoints are off; start the server with a token to use them")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                            headers={"WWW-Authenticate": "Bearer"})


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


# What a parameter with a pattern must look like, said plainly (pydantic would quote the regex).
PARAMETER_FORMS = {
    "quad": "1, 2, 3 or 4 (1 verbal / 2 material cooperation, 3 verbal / 4 material conflict)",
    "cameo_root": "up to four digits, such as 04",
    "geonameid": "a GeoNames id, a whole number such as 98182",
    "min_confidence": "a number from 0 to 1, such as 0.5",
    "kind": "direct or indirect",
    "sort": "a column name (date, actor, type, recipient, place, confidence, title, source, articles, sources, "
            "quad), with '-' in front to sort descending",
}


def _plain(err: dict) -> str:
    """One pydantic error as a sentence: "limit must be a whole number, got 'ten'"."""
    name = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")) or "the request"
    kind, ctx, given = err.get("type", ""), err.get("ctx") or {}, err.get("input")
    got = f", got {given!r}" if isinstance(given, str | int | float) and not isinstance(given, bool) else ""
    if kind == "string_pattern_mismatch":
        return f"{name} must be {PARAMETER_FORMS.get(name, 'in the documented form')}{got}"
    if kind in ("int_parsing", "int_from_float"):
        return f"{name} must be a whole number{got}"
    if kind == "float_parsing":
        return f"{name} must be a number{got}"
    if kind == "bool_parsing":
        return f"{name} must be true or false{got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name} must be at least {ctx.get('ge', ctx.get('gt'))}{got}"
    if kind in ("less_than_equal", "less_than"):
        return f"{name} must be at most {ctx.get('le', ctx.get('lt'))}{got}"
    if kind == "string_too_long":
        return f"{name} is too long: at most {ctx.get('max_length')} characters"
    if kind == "literal_error":
        return f"{name} must be one of {ctx.get('expected', '')}{got}"
    if kind == "missing":
        return f"{name} is required"
    return f"{name}: {err.get('msg', 'invalid')}"


def _validation_message(exc: RequestValidationError) -> str:
    return "; ".join(_plain(err) for err in exc.errors()) or "invalid request"


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None):
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    # an HTMX fragment gets a line to show in place of its table, a page gets a whole page
    template = "_error.html" if request.url.path.startswith("/fragments/") else "error.html"
    html = request.app.state.templates.get_template(template).render(status=status, message=message)
    return HTMLResponse(html, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"not found: {request.url.path}"
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable):
        return _error(request, 503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(StoreError)
    async def store_refused(request: Request, exc: StoreError):
        # raised by the store's own checks of a parameter (a date, a limit)
        return _error(request, 400, str(exc))

    @app.exception_handler(duckdb.Error)
    async def database_error(request: Request, exc: duckdb.Error):
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _error(request, 503, f"the store could not be read: {first}", {"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        return _error(request, 500, "internal error")


def cors_origin(origin: str) -> str:
    """An origin for ``--cors`` ("http://localhost:8888"), checked; ValueError when it is not one."""
    from urllib.parse import urlsplit

    text = origin.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or "*" in text:
        raise ValueError(f"--cors takes an origin such as http://localhost:8888 (scheme, host and port only), "
                         f"got {origin!r}")
    return text


def create_app(db: str, token: str | None = None, allowed_hosts: list[str] | None = None,
               wait: float | None = None, cors: list[str] | None = None) -> FastAPI:
    """The web app over the store at ``db``; raises ``StoreError`` at once when it cannot be read.

    ``wait``: seconds a request waits for a writer that has the file (default: the store's).

    ``token`` enables the admin endpoints (``/api/admin/...``) for callers that send it.
    ``allowed_hosts`` (names the Host header may carry) refuses every other Host with a 400;
    ``serve`` sets it to the loopback names when it binds a loopback address.
    ``cors``: origins (a notebook's "http://localhost:8888") whose pages may read the API; none by default.
    """
    from . import api, downloads, pages  # the routers import this module's helpers

    store_wait = default_wait() if wait is None else wait
    Store(db, read_only=True, wait=store_wait).close()  # fail up front: no store, not a store, wrong schema

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.warm_reader.close()

    # docs_url=None: Swagger UI would load its script from a CDN; /openapi.json is the contract
    app = FastAPI(title="wirecoder", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan,
                  description="Coded news events, quotes, actors and places from a wirecoder store (read-only).")
    app.state.db = str(db)
    app.state.token = token or None
    app.state.store_wait = store_wait
    app.state.warm_reader = WarmReader(str(db))
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(downloads.router)  # first: /api/actors/download is not an actor named "download"
    app.include_router(api.router)
    app.include_router(pages.router)
    _install_error_handlers(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    if cors:
        from starlette.middleware.cors import CORSMiddleware

        # read-only: GET (and its preflight) from the named origins, no credentials
        app.add_middleware(CORSMiddleware, allow_origins=[cors_origin(o) for o in cors], allow_methods=["GET"],
                           allow_headers=["Accept", "Authorization"], allow_credentials=False)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        began = time.perf_counter()
        response = await call_next(request)
        # how long the server took (to the first byte of a streamed download): benches and browsers read it
        response.headers.setdefault("Server-Timing", f"app;dur={(time.perf_counter() - began) * 1000:.1f}")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


def loopback_hosts(host: str) -> list[str] | None:
    """The Host names to accept when serving on ``host``: loopback names for a loopback address.

    A page on another site can point its own domain at 127.0.0.1 (DNS rebinding) and then
    read a local server as same-origin; checking the Host header stops that.  None (any Host)
    for other addresses, which a user opens to the network on purpose.
    """
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    return list(dict.fromkeys([*LOOPBACK_NAMES, host])) if loopback else None


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          cors: list[str] | None = None) -> None:
    """Serve the UI and API with uvicorn until interrupted; raises ``StoreError`` before listening."""
    import uvicorn

    app = create_app(db, token, allowed_hosts=loopback_hosts(host), cors=cors)
    uvicorn.run(app, host=host, port=port, log_level="info")
