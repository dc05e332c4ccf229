"""The loopback server that benchmarks, screenshots and browser tests share: it serves, then it is gone."""

import socket

import httpx
import pytest

from wirecoder.store import Store
from wirecoder.store.synthetic import synthetic_article
from wirecoder.web.localserver import free_port, serving


def test_free_port_can_be_bound():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))


def test_serving_answers_until_the_block_ends(tmp_path):
    db = tmp_path / "news.duckdb"
    with Store(db) as store:
        store.write([synthetic_article(0)])
    with serving(db) as base:
        assert base.startswith("http://127.0.0.1:")
        found = httpx.get(base + "/api/articles", timeout=30).json()
        assert found["total"] == 1
    with pytest.raises(httpx.ConnectError):
        httpx.get(base + "/api/articles", timeout=5)
