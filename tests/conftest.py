import pytest


@pytest.fixture(scope="session")
def nlp():
    """The pinned model with wirecoder's repairs, loaded once for the whole run."""
    from wirecoder.nlp import load_nlp

    return load_nlp()
