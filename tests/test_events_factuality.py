"""Which coded events are facts, and which one is the sentence's own (events/factuality.py)."""

import pytest

from wirecoder.actors import DocActors, load_lexicon
from wirecoder.events import EventCoder, load_verb_lexicon


@pytest.fixture(scope="module")
def coder(nlp):
    return EventCoder(nlp.vocab, load_verb_lexicon())


def code(nlp, coder, text):
    doc = nlp(text)
    return coder.code(doc, DocActors(doc, load_lexicon(), "2022-09-01"), "a1")


def triggers(events):
    return sorted(e.trigger for e in events)


def test_a_purpose_clause_is_no_event_of_its_own(nlp, coder):
    events = code(nlp, coder, "Nurses staged a sit-in outside the ministry to demand unpaid wages.")
    assert "demand" not in triggers(events)
    assert any(e.event == "PROTEST" for e in events)


def test_a_participle_reports_what_an_act_of_force_said(nlp, coder):
    events = code(nlp, coder, "Farmers rioted in the market town, accusing the mayor of selling their land.")
    assert [e.event for e in events] == ["PROTEST"]


def test_what_is_rejected_or_only_possible_is_no_event(nlp, coder):
    vetoed = code(nlp, coder, "Moscow vetoed a draft resolution demanding that troops withdraw from the port.")
    assert [e.event for e in vetoed] == ["REJECT"]
    assert not code(nlp, coder, "The militia is capable of striking targets deep inside the province.")
    assert not [e for e in code(nlp, coder, "The rebels may attack the garrison if talks fail.")
                if e.event == "ASSAULT"]


def test_each_sentence_has_one_primary_event(nlp, coder):
    events = code(nlp, coder, "Police arrested twelve protesters after clashes with youths who had looted shops.")
    assert sum(e.primary for e in events) == 1
    assert next(e for e in events if e.primary).trigger == "arrested"
