"""News repairs as a spaCy component (filled in by the nlp stage)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("wirecoder_repairs")
def wirecoder_repairs(doc: Doc) -> Doc:
    return doc
