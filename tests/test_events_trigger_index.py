"""The token-array trigger tests (events/trigger_index.py) find what the Matcher patterns they replace found;
nlp/arrays.in_sorted answers as numpy.isin."""

import pytest
from spacy.matcher import Matcher

from wirecoder.events import load_verb_lexicon
from wirecoder.events.grammar import OBLIGATION_AUX
from wirecoder.events.trigger_index import TriggerIndex

TEXTS = [
    "Russia said Sudan must return the helicopter. Police arrested 12 protesters after the attack on Monday.",
    "Israel launched air strikes on Gaza, and Hamas fired rockets. The talks should resume, officials said.",
    "The ceasefire collapsed. Iran rejected the offer of talks and threatened a cyber-attack on its rivals.",
    "Rebels reportedly shelled the town; troops were deployed and the army raped and looted, witnesses said.",
    "",
    "Hello.",
]


@pytest.fixture(scope="module")
def verbs():
    return load_verb_lexicon()


def matcher_spans(nlp, verbs):
    """The patterns the event coder used to give a Matcher."""
    matcher = Matcher(nlp.vocab)
    matcher.add("VERB", [[{"LEMMA": {"IN": sorted(verbs.verb_heads)}, "POS": {"IN": ["VERB"]}}],
                         [{"LOWER": {"IN": sorted(verbs.inflections)}, "POS": {"IN": ["VERB"]}}]])
    heads = sorted(verbs.noun_heads)
    matcher.add("NOUN", [[{"LEMMA": {"IN": heads}, "POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}],
                         [{"LOWER": {"IN": heads}, "POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}]])
    obligations = Matcher(nlp.vocab)
    obligations.add("MUST", [[{"LOWER": {"IN": sorted(OBLIGATION_AUX)}, "DEP": "aux"}]])
    return matcher, obligations


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_as_the_matcher(nlp, verbs, text):
    doc = nlp(text)
    matcher, obligations = matcher_spans(nlp, verbs)
    verb_id = nlp.vocab.strings["VERB"]
    expected_verbs = sorted({s for m, s, _ in matcher(doc) if m == verb_id})
    expected_nouns = sorted({s for m, s, _ in matcher(doc) if m != verb_id})
    scan = TriggerIndex(nlp.vocab, verbs.verb_heads, verbs.inflections, verbs.noun_heads, OBLIGATION_AUX).scan(doc)
    assert scan.verbs() == expected_verbs
    assert scan.nouns() == expected_nouns
    assert scan.obligations() == [s for _, s, _ in obligations(doc)]
    assert scan.sentence_starts().tolist() == [t.sent.start for t in doc]


def test_in_sorted_is_isin():
    import numpy

    from wirecoder.nlp.arrays import in_sorted

    rng = numpy.random.default_rng(7)
    table = numpy.unique(rng.integers(0, 2**63, 500, dtype=numpy.uint64) * numpy.uint64(2))
    values = numpy.concatenate([table[::3], rng.integers(0, 2**63, 300, dtype=numpy.uint64) * numpy.uint64(2),
                                numpy.array([0, 2**64 - 1], dtype=numpy.uint64)])
    assert (in_sorted(values, table) == numpy.isin(values, table)).all()
    assert not in_sorted(values, table[:0]).any()
