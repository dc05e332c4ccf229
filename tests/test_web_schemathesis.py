"""Property-based test of the JSON API: schemathesis reads the app's /openapi.json and sends
generated requests (valid and invalid parameters) to every operation, in-process against the
ASGI app.  No request may end in a server error (5xx): a bad parameter is the client's fault
(4xx), a missing record is 404, and a query the store cannot answer must not happen at all.

Bounded to run in well under a minute: 25 examples per operation and mode, derandomised, no
deadline (``WIRECODER_FUZZ_EXAMPLES=500`` runs more, randomly).
Skipped when schemathesis is not installed (``pip install schemathesis``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install schemathesis)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402

from test_web_api import build_sample_store  # noqa: E402
from wirecoder.store import Store  # noqa: E402
from wirecoder.store.synthetic import synthetic_article  # noqa: E402
from wirecoder.web import create_app  # noqa: E402

TOKEN = "schemathesis-token"
# `make fuzz` sets WIRECODER_FUZZ_EXAMPLES for a longer, randomised run; the default is small and repeatable
FUZZ = os.environ.get("WIRECODER_FUZZ_EXAMPLES")
EXAMPLES_PER_OPERATION = int(FUZZ) if FUZZ else 25


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    """The app over a small store (hand-made articles plus synthetic ones), loaded as schemathesis sees it."""
    db: Path = tmp_path_factory.mktemp("schemathesis") / "news.duckdb"
    build_sample_store(db)
    with Store(db) as store:
        store.write([synthetic_article(i, events=5, entities=4, quotes=2, places=2) for i in range(20)])
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db), token=TOKEN))


def check_operation(operation, mode: GenerationMode) -> None:
    """Hypothesis over one API operation's generated requests; raises on the first 5xx (shrunk)."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=not FUZZ,
              suppress_health_check=list(HealthCheck))
    def no_server_error(case) -> None:
        # the token opens the admin endpoint too; tests/test_web_api.py checks that it is needed
        response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
        where = f"{case.method} {case.formatted_path} query={case.query!r}"
        assert response.status_code < 500, f"{where} -> {response.status_code}: {response.text[:300]}"
        if not case.path.endswith("/download"):  # the downloads answer CSV as well
            assert response.headers["content-type"][0].startswith("application/json"), where
            if response.status_code >= 400:
                assert list(response.json()) == ["error"], where  # one error shape for every refusal

    no_server_error()


# (schemathesis's own pytest loader, ``schemathesis.pytest.from_fixture``, needs a pytest
# internal that pytest 9 no longer has; its strategies are used with Hypothesis directly.)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_request_is_a_server_error(api_schema, mode: GenerationMode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/events", "/api/articles/{article_id}", "/api/actors/{name}",
                                              "/api/aggregates/pairs", "/api/admin/status"}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
            continue  # nothing to get wrong
        check_operation(operation, mode)
