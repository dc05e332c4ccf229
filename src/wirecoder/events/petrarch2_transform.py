"""PETRARCH2's verb transformations: an event told inside a reporting verb's clause, rewritten.

``~ a (a b ATTACK) SAY = a b 015`` reads: when *a* says (SAY) that *a* attacked (ATTACK) *b*, code
*a* -> *b* 015 instead of the saying.  As in PETRARCH2 (PETRtree's match_transform):

- the outer verb is one whose event code falls under the named verb's code (SAY 010: any 01x), or the
  named verb itself when its code is ``---`` (ATTEMPT); the inner event is the verb heading the outer
  verb's clausal complement (ccomp/xcomp), and its code falls under the inner verb's (ATTACK 190: 19x);
  ``Q`` is any inner event, and a result code ``Q`` keeps the inner one;
- letters are variables: the outer source is the first; the same letter again means the same actor, a new
  letter an actor other than those bound; ``_`` is a side that is missing ("wants to attack b": the
  infinitive has no subject of its own), ``.`` any actor, bound to nothing;
- the first transformation that fits, in file order, replaces the outer event; none fits: the verbs code
  as they would without it.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from wirecoder.actors.petrarch2_patterns import VerbTransformation
from wirecoder.actors.petrarch_dicts import NULL_CODE, VerbEntry

CLAUSE_DEPS = {"ccomp", "xcomp"}


def _under(code: str | None, family: str | None) -> bool:
    """Whether a CAMEO code falls under a verb's code: 190 covers 19x and 19xx; 186 covers 186x."""
    if not code or not family or not any(ch.isdigit() for ch in family) or not any(ch.isdigit() for ch in code):
        return False
    stem = family[:2] if len(family) == 3 and family.endswith("0") else family
    return code.startswith(stem)


def verb_codes(entries: list[VerbEntry]) -> dict[str, str]:
    """Verb lemma -> its code, the first entry of each lemma (what PETRARCH2's transformations name)."""
    codes: dict[str, str] = {}
    for entry in entries:
        codes.setdefault(entry.lemma, entry.code)
    return codes


def _outer_fits(t: VerbTransformation, entry: VerbEntry, code: str | None, codes: dict[str, str]) -> bool:
    named = codes.get(t.outer)
    if named is None:
        return False
    if named == NULL_CODE:
        return entry.lemma == t.outer
    return _under(code, named)


def _inner_fits(t: VerbTransformation, code: str, codes: dict[str, str]) -> bool:
    return t.inner == "Q" or _under(code, codes.get(t.inner))


def content_verb(reader: Any, coder: Any, verb: Token, region: set[int]) -> tuple[Any, int, int, Token] | None:
    """The dictionary verb heading the outer verb's clausal complement: (form, first word, last word, token)."""
    for w in sorted(region):
        found = coder.verb_at(reader, w)
        if found is None:
            continue
        form, first, last = found
        token = next((t for t in reader.words[w].tokens if t.tag_.startswith("VB")), reader.words[w].tokens[-1])
        if token.dep_ in CLAUSE_DEPS and token.head.i == verb.i:
            return form, first, last, token
    return None


def own_subject(reader: Any, verb: Token, outer_source: int | None) -> int | None:
    """The inner verb's own subject phrase: an infinitive ("to attack") has none; a personal pronoun is the
    reporting verb's source ("X said they ..."), as PETRARCH2 resolves it."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ == "PRP" and outer_source is not None:
                return outer_source
            for w in reader.words_of.get(child.i, ()):
                if w in reader.phrase_of:
                    return reader.phrase_of[w]
    return None


def _bind(var: str, phrase: int | None, key: str | None, bound: dict[str, str], taken: set[str]) -> bool:
    """Whether one side of the inner event fits a variable; binds new letters."""
    if var == "_":
        return phrase is None
    if phrase is None or key is None:
        return False
    if var == ".":
        return True
    if var in bound:
        return bound[var] == key
    if key in taken:
        return False
    bound[var] = key
    taken.add(key)
    return True


def apply(transformations: list[VerbTransformation], codes: dict[str, str], reader: Any, coder: Any,
          entry: VerbEntry, outer_code: str | None, outer_source: int | None, verb: Token,
          region: set[int]) -> tuple[str, int, int] | None:
    """(code, source phrase, target phrase) of the first transformation that fits, else None."""
    candidates = [t for t in transformations if _outer_fits(t, entry, outer_code, codes)]
    if not candidates or outer_source is None:
        return None
    inner = content_verb(reader, coder, verb, region)
    if inner is None:
        return None
    form, first, last, token = inner
    inner_region = reader.region(token)
    match = coder.match_verb(form.entry, reader, first, last, inner_region, token)
    if match is None or match.code == NULL_CODE:
        return None
    inner_source = own_subject(reader, token, outer_source)
    _, inner_target = coder.sides(reader, match, token, first, last, inner_region)
    if inner_target == inner_source:
        inner_target = None

    def key(phrase: int | None) -> str | None:
        return None if phrase is None else coder.phrase_key(reader, phrase)

    for t in candidates:
        if not _inner_fits(t, match.code, codes):
            continue
        bound = {t.outer_source: key(outer_source)}
        taken = {key(outer_source)}
        if not (_bind(t.inner_source, inner_source, key(inner_source), bound, taken)
                and _bind(t.inner_target, inner_target, key(inner_target), bound, taken)):
            continue
        phrases = {t.outer_source: outer_source}
        for var, phrase in ((t.inner_source, inner_source), (t.inner_target, inner_target)):
            if var not in "._" and var not in phrases:
                phrases[var] = phrase
        source, target = phrases.get(t.result_source), phrases.get(t.result_target)
        if source is None or target is None:
            continue
        return (match.code if t.code == "Q" else t.code), source, target
    return None
