"""The verb-pattern lexicon (lexicon/verbs.yaml), loaded once into plain lookups."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from wirecoder.errors import LexiconError
from wirecoder.lexicon_files import lexicon_file, read_yaml

DEFAULT_RECIPIENT = ("dobj", "dative", "to", "with", "against", "on")
SAME = "same"  # a control table value: the governed event keeps its own code


@dataclass(frozen=True)
class VerbPattern:
    lemma: str
    code: str | None
    prep: dict[str, str | None] = field(default_factory=dict)
    prt: dict[str, str | None] = field(default_factory=dict)
    object: dict[str, str | None] = field(default_factory=dict)
    recipient: tuple[str, ...] = DEFAULT_RECIPIENT
    reciprocal: bool = False
    reverse_code: str | None = None  # the mirrored event's code when it differs ("visit" 042 <-> "host" 043)
    control: str | None = None
    table: str | None = None  # a control table applied to an event noun object ("reject the offer" -> 125)
    that_clause: bool | str = False  # the control reshapes a that-clause too; a code: what an eventless one is
    requires_prep: tuple[str, ...] = ()
    requires_object: bool = False
    requires_recipient: bool = False  # no event without an actor acted upon ("arrived at the start", "Labour's plan")
    passive_prep: dict[str, str | None] = field(default_factory=dict)  # in the passive only: "armed with" -> null
    # senses by the kind of participant (events/arguments.py ARGUMENT_CLASSES): "troops arrived" is a deployment
    subject_class: dict[str, str | None] = field(default_factory=dict)
    object_class: dict[str, str | None] = field(default_factory=dict)
    speech: str | None = None  # the code when the verb reports speech ("protested that ...")
    object_control: bool = False  # the control applies only to a complement with a subject of its own


@dataclass
class VerbLexicon:
    verbs: dict[str, VerbPattern]
    nouns: dict[str, VerbPattern]
    control: dict[str, dict[str, str]]
    intent_predicates: frozenset[str]
    hypothetical_governors: frozenset[str]
    speech_complements: frozenset[str]
    light_verbs: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    allegation_governors: frozenset[str] = frozenset()
    object_control_verbs: frozenset[str] = frozenset()
    stative_verbs: frozenset[str] = frozenset()
    partitive_nouns: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    accident_verbs: frozenset[str] = frozenset()
    crime_verbs: frozenset[str] = frozenset()
    desire_verbs: frozenset[str] = frozenset()
    aspect_verbs: frozenset[str] = frozenset()
    transitive_harms: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # A light verb without an entry of its own is an event only through its object.
        for lemma in self.light_verbs:
            self.verbs.setdefault(lemma, VerbPattern(lemma=lemma, code=None))
        # "redeploy", "re-arrest": the verb again, unless it has an entry of its own ("reopen", "return")
        for lemma, pattern in list(self.verbs.items()):
            if " " not in lemma:
                for prefixed in (f"re{lemma}", f"re-{lemma}"):
                    self.verbs.setdefault(prefixed, replace(pattern, lemma=prefixed))
        # Phrasal verbs ("call off") are found through their verb, multi-word nouns ("hunger strike") through
        # their last word.
        self.verb_heads: frozenset[str] = frozenset(key.split(" ", 1)[0] for key in self.verbs)
        # the small model's lemmatizer sometimes misses a listed verb ("raped" -> "rap"): its regular
        # forms lead back to it, used only when the lemma given is no listed verb
        self.inflections: dict[str, str] = {}
        for head in sorted(self.verb_heads):
            for form in regular_forms(head):
                self.inflections.setdefault(form, head)
        # "shoot-out" is split by the tokenizer: it is found through "out" too
        self.noun_heads: frozenset[str] = frozenset(part for key in self.nouns for part in {
            key.rsplit(" ", 1)[-1], key.rsplit(" ", 1)[-1].rsplit("-", 1)[-1]})

    def verb_pattern(self, lemma: str, particles: list[str]) -> VerbPattern | None:
        """The pattern of a verb with its particles: "call off" before "call"."""
        for particle in particles:
            found = self.verbs.get(f"{lemma} {particle}")
            if found is not None:
                return found
        return self.verbs.get(lemma)

    def reshape(self, control: str, inner_code: str | None) -> str | None:
        """The code a control verb gives its embedded event ("ask to help" -> 103); None where the table
        says the combination is no event ("failed to attack")."""
        table = self.control[control]
        if inner_code is not None:
            # the most specific key wins: the full code ("164"), then its root ("16")
            for key in (inner_code, inner_code[:3], inner_code[:2]):
                if key in table:
                    return inner_code if table[key] == SAME else table[key]
        return table.get("default")

    def noun_pattern(self, lemma: str, lower: str, modifier: str | None = None) -> VerbPattern | None:
        """The event noun a word is, trying its compound modifier first ("hunger strike", then "strike")."""
        if modifier:
            for key in (f"{modifier} {lemma}", f"{modifier} {lower}"):
                if key in self.nouns:
                    return self.nouns[key]
        return self.nouns.get(lemma) or self.nouns.get(lower)


def _word(value) -> str:
    """A word as YAML 1.1 may have read it: unquoted `on`/`off` arrive as booleans."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value)


def _pattern(lemma: str, spec: dict) -> VerbPattern:
    def codes(value) -> dict[str, str | None]:
        return {_word(k): (None if v is None else str(v)) for k, v in (value or {}).items()}

    try:
        return VerbPattern(
            lemma=lemma,
            code=None if spec.get("code") is None else str(spec["code"]),
            prep=codes(spec.get("prep")),
            prt=codes(spec.get("prt")),
            object=codes(spec.get("object")),
            recipient=tuple(_word(w) for w in spec.get("recipient", DEFAULT_RECIPIENT)),
            reciprocal=bool(spec.get("reciprocal", False)),
            reverse_code=spec["reciprocal"] if isinstance(spec.get("reciprocal"), str) else None,
            control=spec.get("control"),
            table=spec.get("table"),
            that_clause=(str(spec["that_clause"]) if isinstance(spec.get("that_clause"), str)
                         else bool(spec.get("that_clause", False))),
            requires_prep=tuple(_word(w) for w in spec.get("requires_prep", ())),
            requires_object=bool(spec.get("requires_object", False)),
            requires_recipient=bool(spec.get("requires_recipient", False)),
            passive_prep=codes(spec.get("passive_prep")),
            subject_class=codes(spec.get("subject_class")),
            object_class=codes(spec.get("object_class")),
            speech=None if spec.get("speech") is None else str(spec["speech"]),
            object_control=bool(spec.get("object_control", False)),
        )
    except (TypeError, AttributeError) as exc:
        raise LexiconError(f"verbs.yaml: malformed entry for {lemma!r}") from exc


def build_verb_lexicon(path: Path | None = None) -> VerbLexicon:
    data = read_yaml(path if path is not None else lexicon_file("verbs.yaml"), "the verb lexicon")
    lexicon = VerbLexicon(
        verbs={k: _pattern(k, v or {}) for k, v in data.get("verbs", {}).items()},
        nouns={k: _pattern(k, v or {}) for k, v in data.get("nouns", {}).items()},
        control={k: {str(a): (None if b is None else str(b)) for a, b in v.items()}
                 for k, v in data.get("control", {}).items()},
        intent_predicates=frozenset(data.get("intent_predicates", [])),
        hypothetical_governors=frozenset(data.get("hypothetical_governors", [])),
        speech_complements=frozenset(data.get("speech_complements", [])),
        light_verbs=frozenset(data.get("light_verbs", [])),
        speech_verbs=frozenset(data.get("speech_verbs", [])),
        allegation_governors=frozenset(data.get("allegation_governors", [])),
        object_control_verbs=frozenset(data.get("object_control_verbs", [])),
        stative_verbs=frozenset(data.get("stative_verbs", [])),
        partitive_nouns=frozenset(data.get("partitive_nouns", [])),
        occurrence_verbs=frozenset(data.get("occurrence_verbs", [])),
        accident_verbs=frozenset(data.get("accident_verbs", [])),
        crime_verbs=frozenset(data.get("crime_verbs", [])),
        desire_verbs=frozenset(data.get("desire_verbs", [])),
        aspect_verbs=frozenset(data.get("aspect_verbs", [])),
        transitive_harms=frozenset(data.get("transitive_harms", [])),
    )
    from wirecoder.events.arguments import ARGUMENT_CLASSES

    for pattern in [*lexicon.verbs.values(), *lexicon.nouns.values()]:
        unknown = (set(pattern.subject_class) | set(pattern.object_class)) - set(ARGUMENT_CLASSES)
        if unknown:
            raise LexiconError(f"verbs.yaml: {pattern.lemma!r} names unknown argument classes {sorted(unknown)}")
        for table in (pattern.control, pattern.table):
            if table is not None and table not in lexicon.control:
                raise LexiconError(f"verbs.yaml: {pattern.lemma!r} names an unknown control table {table!r}")
    return lexicon


@lru_cache(maxsize=4)
def load_verb_lexicon(path: str | None = None) -> VerbLexicon:
    return build_verb_lexicon(Path(path) if path else None)


VOWELS = frozenset("aeiou")


def regular_forms(lemma: str) -> set[str]:
    """The regular -s, -ed and -ing forms of a verb ("rape" -> rapes, raped, raping; "stab" -> stabbed)."""
    if " " in lemma or not lemma.isalpha():
        return set()
    if lemma.endswith("e"):
        forms = {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in VOWELS:
        forms = {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms = {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms = {lemma + "s", lemma + "ed", lemma + "ing"}
        if len(lemma) >= 3 and lemma[-1] not in VOWELS | {"w", "x", "y"} and lemma[-2] in VOWELS \
                and lemma[-3] not in VOWELS:
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "stab" -> "stabbed"
    return forms
