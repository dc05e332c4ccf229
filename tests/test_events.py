"""The event coder on hand-made sentences."""

import pytest

from wirecoder.actors import DocActors, load_lexicon
from wirecoder.events import EventCoder, load_verb_lexicon
from wirecoder.events.cameo import cameo_table, lookup


@pytest.fixture(scope="module")
def coder(nlp):
    return EventCoder(nlp.vocab, load_verb_lexicon())


def code(nlp, coder, text, date="2024-12-13"):
    doc = nlp(text)
    return coder.code(doc, DocActors(doc, load_lexicon(), date), "a1")


def one(events, plover):
    found = [e for e in events if e.event == plover]
    assert found, f"no {plover} in {[(e.event, e.cameo, e.trigger) for e in events]}"
    return found[0]


def countries(refs):
    return [r.country for r in refs]


def test_cameo_table_derives_quad_class_and_plover():
    table = cameo_table()
    assert lookup("042").plover == "CONSULT" and lookup("042").quad_class == 1
    assert lookup("190").plover == "ASSAULT" and lookup("190").quad_class == 4
    assert lookup("0234").code == "023"  # unknown subcode falls back to its parent
    roots = {code[:2] for code, entry in table.items() if entry.plover}
    assert roots == {f"{i:02d}" for i in range(2, 21)}


def test_meeting_with_recipient(nlp, coder):
    e = one(code(nlp, coder, "Blinken met Iraqi Prime Minister Mohammed Shia al-Sudani in Baghdad on Friday."),
            "CONSULT")
    assert (countries(e.actor), countries(e.recipient)) == (["USA"], ["IRQ"])
    assert e.cameo == "040" and e.trigger == "met"


def test_control_verb_is_a_request_to_its_object(nlp, coder):
    events = code(nlp, coder, "Blinken pressed Iraq to crack down on Iranian-backed militias.")
    e = one(events, "REQUEST")
    assert countries(e.recipient) == ["IRQ"]
    assert not any(x.event == "COERCE" for x in events)  # the embedded act is not coded again


def test_ask_to_help_is_a_demand_for_aid(nlp, coder):
    e = one(code(nlp, coder, "Blinken asked Sudani to help prevent the transfer of weapons."), "REQUEST")
    assert e.cameo == "103"


def test_intent_predicate(nlp, coder):
    e = one(code(nlp, coder, "Qatar is ready to invest in Syria's energy sector, Sharaa said.", "2024-12-23"),
            "AGREE")
    assert (countries(e.actor), countries(e.recipient)) == (["QAT"], ["SYR"])
    assert e.cameo == "031"


def test_future_cooperation_is_a_promise(nlp, coder):
    e = one(code(nlp, coder, "Jordan will provide aid to Syria."), "AGREE")
    assert e.cameo.startswith("033") and countries(e.recipient) == ["SYR"]


def test_passive_voice(nlp, coder):
    e = one(code(nlp, coder, "Three Kenyan protesters were arrested by Ugandan police on Monday."), "COERCE")
    assert countries(e.actor) == ["UGA"] and countries(e.recipient) == ["KEN"]


def test_compound_actors_become_lists(nlp, coder):
    e = one(code(nlp, coder, "Qatar and Jordan condemned Israel."), "ACCUSE")
    assert sorted(countries(e.actor)) == ["JOR", "QAT"] and countries(e.recipient) == ["ISR"]


def test_negation_and_modality(nlp, coder):
    assert one(code(nlp, coder, "Russia did not attack Ukraine."), "ASSAULT").negated
    e = one(code(nlp, coder, "Russia may impose sanctions on Georgia."), "SANCTION")
    assert e.hypothetical and not e.negated
    assert not one(code(nlp, coder, "Russia imposed sanctions on Georgia."), "SANCTION").hypothetical


def test_light_verb_nominal_event(nlp, coder):
    e = one(code(nlp, coder, "China held talks with Vietnam on Tuesday."), "CONSULT")
    assert e.cameo == "046" and countries(e.recipient) == ["VNM"]


def test_pronoun_in_reported_speech_is_the_speaker(nlp, coder):
    e = one(code(nlp, coder, "Egypt said it was ready to host talks with Sudan."), "AGREE")
    assert countries(e.actor) == ["EGY"]


def test_reported_speech_codes_the_inner_actor(nlp, coder):
    events = code(nlp, coder, "A US official said Blinken asked Sudani to act.")
    e = one(events, "REQUEST")
    assert e.actor[0].name == "Antony Blinken" and e.recipient[0].name == "Mohammed Shia al-Sudani"


def test_declined_to_comment_is_no_rejection(nlp, coder):
    assert not any(e.event == "REJECT" for e in code(nlp, coder, "The US official declined to comment."))


def test_quad_class_goldstein_and_offsets(nlp, coder):
    text = "Some context here. Israel struck Gaza overnight."
    e = one(code(nlp, coder, text), "ASSAULT")
    assert e.quad_class == 4 and e.goldstein < 0
    assert text[e.start:e.end] == e.sentence and text[e.trigger_start:e.trigger_end] == e.trigger
    assert 0 < e.confidence <= 1
