"""The verb-pattern lexicon (lexicon/verbs.yaml), loaded once into plain lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from wirecoder.errors import LexiconError

DEFAULT_RECIPIENT = ("dobj", "dative", "to", "with", "against", "on")


@dataclass(frozen=True)
class VerbPattern:
    lemma: str
    code: str | None
    prep: dict[str, str | None] = field(default_factory=dict)
    prt: dict[str, str | None] = field(default_factory=dict)
    object: dict[str, str | None] = field(default_factory=dict)
    recipient: tuple[str, ...] = DEFAULT_RECIPIENT
    reciprocal: bool = False
    control: str | None = None
    requires_prep: tuple[str, ...] = ()
    requires_object: bool = False


@dataclass
class VerbLexicon:
    verbs: dict[str, VerbPattern]
    nouns: dict[str, VerbPattern]
    control: dict[str, dict[str, str]]
    intent_predicates: frozenset[str]
    hypothetical_governors: frozenset[str]
    speech_complements: frozenset[str]

    def reshape(self, control: str, inner_code: str | None) -> str:
        """The code a control verb gives its embedded event ("ask to help" -> 103)."""
        table = self.control[control]
        if inner_code is None:
            return table["default"]
        return table.get(inner_code[:2], table["default"])


def _pattern(lemma: str, spec: dict) -> VerbPattern:
    def codes(value) -> dict[str, str | None]:
        return {str(k): (None if v is None else str(v)) for k, v in (value or {}).items()}

    try:
        return VerbPattern(
            lemma=lemma,
            code=None if spec.get("code") is None else str(spec["code"]),
            prep=codes(spec.get("prep")),
            prt=codes(spec.get("prt")),
            object=codes(spec.get("object")),
            recipient=tuple(spec.get("recipient", DEFAULT_RECIPIENT)),
            reciprocal=bool(spec.get("reciprocal", False)),
            control=spec.get("control"),
            requires_prep=tuple(spec.get("requires_prep", ())),
            requires_object=bool(spec.get("requires_object", False)),
        )
    except (TypeError, AttributeError) as exc:
        raise LexiconError(f"verbs.yaml: malformed entry for {lemma!r}") from exc


def build_verb_lexicon(path: Path | None = None) -> VerbLexicon:
    if path is None:
        text = resources.files("wirecoder.lexicon").joinpath("verbs.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"verbs.yaml is not valid YAML: {str(exc).splitlines()[0]}") from exc
    return VerbLexicon(
        verbs={k: _pattern(k, v or {}) for k, v in data.get("verbs", {}).items()},
        nouns={k: _pattern(k, v or {}) for k, v in data.get("nouns", {}).items()},
        control={k: {str(a): str(b) for a, b in v.items()} for k, v in data.get("control", {}).items()},
        intent_predicates=frozenset(data.get("intent_predicates", [])),
        hypothetical_governors=frozenset(data.get("hypothetical_governors", [])),
        speech_complements=frozenset(data.get("speech_complements", [])),
    )


@lru_cache(maxsize=4)
def load_verb_lexicon(path: str | None = None) -> VerbLexicon:
    return build_verb_lexicon(Path(path) if path else None)
