"""One spaCy pass per article, with the repairs news text needs."""

from wirecoder.nlp.model import MODEL_NAME, load_nlp

__all__ = ["MODEL_NAME", "load_nlp"]
