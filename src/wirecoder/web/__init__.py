"""WEB: the analyst's browser UI and JSON API over a store (``wirecoder serve``).

    from wirecoder.web import create_app, serve

    app = create_app("news.duckdb")          # a FastAPI app; StoreError if the store cannot be read
    serve("news.duckdb", port=8000)          # uvicorn on 127.0.0.1:8000 until interrupted
"""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
