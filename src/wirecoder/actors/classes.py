"""Noun classes (lexicon/noun_classes.yaml): what kind of thing a noun phrase names.

``NounClasses.of(token)`` gives the class of the noun phrase headed by ``token``: "peacekeepers", "people",
"quantities",
"weapon", "hazard", "crime", "goods", "facility", "permit" or "report", or None.  A phrase of the head
with the words before it wins over the head alone ("gas explosion" is a hazard, "explosion" a weapon).
The events stage reads these to tell an attack from a disaster and an actor from a device.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from wirecoder.actors.lexicon import phrase_key
from wirecoder.errors import LexiconError
from wirecoder.lexicon_files import lexicon_file, read_yaml

CLASSES = ("peacekeepers", "body", "people", "quantities", "weapon", "hazard", "crime", "goods", "facility", "permit",
           "report")
MODIFIER_DEPS = ("compound", "amod", "nmod")


@dataclass(frozen=True)
class NounClasses:
    by_phrase: dict[str, str]  # phrase_key -> class (the first class listing it)
    max_words: int

    def of_phrase(self, text: str) -> str | None:
        key = phrase_key(text)
        found = self.by_phrase.get(key)
        if found is None and key.endswith("s"):  # "floods", "bombs", "robberies" -> "robberie" misses: fine
            found = self.by_phrase.get(key[:-1]) or (self.by_phrase.get(key[:-2]) if key.endswith("es") else None)
        return found

    def of(self, token: Token) -> str | None:
        """The class of the noun phrase headed by `token`, its modifiers first ("car bomb"), then its lemma."""
        modifiers = [t for t in token.lefts if t.dep_ in MODIFIER_DEPS and t.i == token.i - 1]
        if modifiers and self.max_words > 1:
            found = self.of_phrase(f"{modifiers[0].text} {token.text}") or self.of_phrase(
                f"{modifiers[0].lemma_} {token.lemma_}")
            if found is not None:
                return found
        return self.of_phrase(token.lemma_) or self.of_phrase(token.text)


def build_noun_classes(path: Path | None = None) -> NounClasses:
    data = read_yaml(path or lexicon_file("noun_classes.yaml"), "the noun classes")
    try:
        classes = data["classes"]
        unknown = set(classes) - set(CLASSES)
        if unknown:
            raise LexiconError(f"noun_classes.yaml: unknown classes {sorted(unknown)}")
        by_phrase: dict[str, str] = {}
        for name in CLASSES:
            for phrase in classes.get(name) or []:
                by_phrase.setdefault(phrase_key(str(phrase)), name)
    except (KeyError, TypeError, AttributeError) as exc:
        raise LexiconError(f"malformed noun classes {path or 'noun_classes.yaml'}: {exc!r}") from exc
    return NounClasses(by_phrase, max(key.count(" ") + 1 for key in by_phrase))


@lru_cache(maxsize=2)
def load_noun_classes(path: str | None = None) -> NounClasses:
    return build_noun_classes(Path(path) if path else None)
