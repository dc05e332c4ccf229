"""Which way in time a temporal expression's governing verb points.

"met on Friday" looks back, "will meet on Monday" looks forward: bare weekday
and month names are resolved to the past or the future of the reference date
by the tense of the verb they hang from.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from wirecoder.when.lexicon import time_words

PAST = "past"
FUTURE = "future"
PRESENT = "present"

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "ll"})
_MAX_HOPS = 4
_DEADLINE_WORDS = frozenset({"until", "till", "til", "through"})
# Participles that schedule what they modify: "a summit set for April", "was planned for March".
_SCHEDULING_PARTICIPLES = frozenset({"plan", "schedule", "set", "expect", "slate", "due"})
# Modals that are also the past of "can" and "will": negated, they report what did not happen.
_PAST_MODALS = frozenset({"could", "would"})
_NEGATING_WORDS = frozenset({"not", "n't", "never", "neither", "nobody", "none"})


def governing_verb(token: Token) -> Token | None:
    """The nearest verb (or auxiliary) at or above the token in the parse."""
    for _ in range(_MAX_HOPS):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def tense_of_verb(verb: Token, depth: int = 0) -> str | None:
    """PAST, FUTURE, PRESENT or None (cannot tell), from the verb and its auxiliaries."""
    if depth > _MAX_HOPS:
        return None
    lex = time_words()
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    lowers = {child.lower_ for child in auxiliaries}
    lemma = verb.lemma_.lower()
    if lowers & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return FUTURE
    if lemma in lex.scheduling_verbs:
        return FUTURE  # "has scheduled a news conference Thursday", "is due Monday"
    has_perfect = any(a.lemma_ == "have" for a in auxiliaries)
    if any(a.tag_ == "MD" for a in auxiliaries):
        # "could come as soon as Tuesday" looks ahead; "could have met" looks back, and so does the
        # reporter's failed contact: "could not be reached Thursday", "would not comment Friday".
        # Other denials still look ahead: "would not attend the summit Friday".
        if has_perfect or (lowers & _PAST_MODALS and _is_negated(verb) and _is_failed_contact(verb, lemma)):
            return PAST
        return FUTURE
    if "to" in lowers:
        # an infinitive: "plans to meet Monday", "is to resume Tuesday", "agreed to meet Monday"
        head = verb.head if verb.head is not verb else None
        if head is None:
            return None
        if _is_past_perfect(head):
            return PAST  # "had been scheduled to expire Friday": a plan overtaken by the telling
        if head.lemma_.lower() in lex.future_cues or head.lemma_ == "be":
            return FUTURE
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return tense_of_verb(head, depth + 1) if head.pos_ != "ADJ" else FUTURE
        return None
    if verb.tag_ == "VBN" and lemma in _SCHEDULING_PARTICIPLES and not has_perfect:
        if not auxiliaries and verb.dep_ == "acl":
            # "a service planned for Saturday was canceled": the plan is as old as its clause
            clause = governing_verb(verb.head)
            if clause is not None and tense_of_verb(clause, depth + 1) == PAST:
                return PAST
        return FUTURE  # "the summit set for April", "the accession was planned for early March"
    if verb.tag_ == "VBN":
        aux_tenses = [t for a in auxiliaries for t in a.morph.get("Tense")]
        if has_perfect or "Past" in aux_tenses:
            return PAST  # "has met", "had met", "was held"
        if "Pres" in aux_tenses:
            return PRESENT  # "is held"
        return PAST if not auxiliaries else None  # "the talks held Friday"
    finite = [*auxiliaries] + ([verb] if verb.tag_ in ("VBD", "VBZ", "VBP") else [])
    tenses = [t for tok in finite for t in tok.morph.get("Tense")]
    if "Past" in tenses:
        return PAST
    if "Pres" in tenses:
        return PRESENT
    if verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
        return tense_of_verb(verb.head, depth + 1)  # "said after meeting him on Monday": the saying's tense
    return None


def tense_of(span: Span) -> str | None:
    """The tense that governs a temporal expression, or None when no verb does."""
    verb = governing_verb(span.root)
    if _is_scheduled(span.root, verb) and not (verb is not None and _is_present_perfect(verb)):
        return FUTURE  # "declared a dividend payable Dec. 7"; but "the rule, effective Jan. 1, has cut ..."
    tense = tense_of_verb(verb) if verb is not None else None
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in _DEADLINE_WORDS and verb is not None and _is_present_perfect(verb):
        return FUTURE  # "has given them until Tuesday": a deadline still ahead
    return tense


def _is_scheduled(token: Token, verb: Token | None) -> bool:
    """"a dividend payable Dec. 7": an adjective between the date and its verb that schedules it."""
    adjectives = time_words().scheduling_adjectives
    for _ in range(_MAX_HOPS):
        if token.head is token or token.head is verb:
            return False
        token = token.head
        if token.pos_ == "ADJ" and token.lower_ in adjectives:
            return not _is_past_perfect(token)  # "had been due to expire Friday" has passed
    return False


def _is_failed_contact(verb: Token, lemma: str) -> bool:
    """"could not be reached / located", "would not comment": a passive, or a verb of answering."""
    return lemma in time_words().no_comment_verbs or any(child.dep_ == "auxpass" for child in verb.children)


def _is_negated(verb: Token) -> bool:
    """"could not be reached", "neither he nor she could be located"."""
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in _NEGATING_WORDS:
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and any(t.lower_ in _NEGATING_WORDS for t in child.children):
            return True
    return False


def _is_past_perfect(word: Token) -> bool:
    """"had been scheduled", "had planned", "had been due" (the copula carries the "had")."""
    for token in (word, word.head):
        if any(a.lower_ in ("had", "'d") for a in token.children if a.dep_ == "aux"):
            return True
        if token.pos_ != "ADJ":
            break
    return False


def _is_present_perfect(verb: Token) -> bool:
    """"has given", "have set": done now, with effects (like a deadline) that reach forward."""
    return verb.tag_ == "VBN" and any(a.lower_ in ("has", "have") for a in verb.children if a.dep_ == "aux")
