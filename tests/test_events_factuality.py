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


def test_damage_done_in_an_attack_is_the_attack(nlp, coder):
    events = code(nlp, coder, "A car bomb exploded outside the ministry, destroying three vehicles.")
    assert {e.event for e in events} == {"ASSAULT"}
    events = code(nlp, coder, "Two shops were burned in the attack on the market.")
    assert {e.event for e in events} == {"ASSAULT"}


def test_the_means_of_an_act_and_what_is_left_open_are_no_events(nlp, coder):
    events = code(nlp, coder, "Youths blocked the highway by burning tyres.")
    assert triggers(events) == ["blocked"]
    assert not code(nlp, coder, "It is not known whether the hostages were freed.")


def test_a_verbal_act_needs_its_speaker(nlp, coder):
    assert not code(nlp, coder, "Two clerics were accused of inciting riots.")
    assert [e.event for e in code(nlp, coder, "The governor accused two clerics of inciting riots.")] == ["ACCUSE"]


@pytest.mark.parametrize("text, unwanted", [
    ("The defendant pleaded not guilty to all counts.", {"REQUEST", "APPEAL"}),  # a plea in court
    ("The gunmen were armed with pistols.", {"AID"}),  # a state, not someone arming them
    ("The wounded received treatment at a clinic.", {"CONSULT", "AID"}),
    ("The rebels plan to seize the airport.", {"THREATEN", "COERCE"}),  # a plan, not a threat made
])
def test_idioms_are_not_what_their_verb_codes_alone(nlp, coder, text, unwanted):
    assert not {e.event for e in code(nlp, coder, text)} & unwanted


def test_idioms_that_are_events_of_another_kind(nlp, coder):
    assert {e.event for e in code(nlp, coder, "Rioters threw petrol bombs at the police.")} == {"ASSAULT"}
    assert {e.event for e in code(nlp, coder, "Five commanders pledged allegiance to the movement.")} == {"SUPPORT"}


def test_wanting_someone_to_act_is_an_appeal_wanting_to_act_a_wish(nlp, coder):
    appeal = code(nlp, coder, "Chile wants Peru to lift its tariffs.")
    assert [(e.event, e.recipient[0].text) for e in appeal] == [("REQUEST", "Peru")]
    assert not code(nlp, coder, "The militia wants to seize the port.")


def test_a_protest_s_demand_is_its_content_through_its_phrase_or_a_joined_clause(nlp, coder):
    for text in ("Teachers rallied outside the ministry demanding higher pay.",
                 "Traders marched through the capital and demanded lower taxes."):
        events = code(nlp, coder, text)
        assert [e.event for e in events] == ["PROTEST"], text
    events = code(nlp, coder, "Farmers protested and the minister demanded calm.")  # another's demand
    assert {e.event for e in events} == {"PROTEST", "REQUEST"}


def test_entering_a_place_to_attack_it_is_a_step_of_the_attack(nlp, coder):
    events = code(nlp, coder, "Gunmen entered a clinic and shot two nurses.")
    assert [e.event for e in events] == ["ASSAULT"]
    events = code(nlp, coder, "Troops entered the border town on Monday.")  # a movement of its own
    assert [e.event for e in events] == ["MOBILIZE"]


def test_the_act_a_condition_names_has_not_happened(nlp, coder):
    events = code(nlp, coder, "The guild threatened to shut the ports if Lisbon raised fuel duties.")
    assert triggers(events) == ["threatened"]
    events = code(nlp, coder, "Unless the militia disarms, the army will storm the hills.")
    assert "disarms" not in triggers(events)


def test_a_dropped_purpose_lends_its_recipient_to_the_act(nlp, coder):
    events = code(nlp, coder, "Dockers began a sit-in on Friday to protest against Chile's new port law.")
    protest = [e for e in events if e.event == "PROTEST"]
    assert len(protest) == 1 and [r.country for r in protest[0].recipient] == ["CHL"]


def test_the_aim_of_an_attempt_and_the_reason_for_a_harm_are_no_events(nlp, coder):
    events = code(nlp, coder, "Troops sealed the valley in a bid to capture the smugglers.")
    assert "capture" not in triggers(events)
    events = code(nlp, coder, "A headman was shot for sheltering deserters.")
    assert triggers(events) == ["shot"]


def test_what_a_protest_says_is_found_through_its_place_its_means_and_other_participles(nlp, coder):
    kinds = lambda text: sorted(e.event for e in code(nlp, coder, text))
    # through an uncoded participle of the act
    assert kinds("Miners blocked the mine gate using trucks and demanding back pay.") == ["PROTEST"]
    # through the nouns of its place
    assert "REQUEST" not in kinds("Nurses picketed outside the gates of the regional hospital compound demanding "
                                  "overdue wages.")
    # a second demand coordinated with the first
    assert "REQUEST" not in kinds("Youths stoned police vans in Kisii, accusing officers of brutality and calling "
                                  "for a curfew to end.")
    # the purpose of the means of a protest
    assert kinds("Fishermen protested by sailing their boats into the harbour to demand a ban on trawlers.") == [
        "PROTEST"]
    # a demand of its own stays one
    assert "REQUEST" in kinds("Nurses marched through Nakuru. Their union demanded higher pay.")


def test_a_baton_charge_is_repression_not_an_accusation(nlp, coder):
    events = code(nlp, coder, "Riot police charged batons at the marchers outside the court.")
    assert [(e.event, e.cameo) for e in events] == [("ASSAULT", "175")]
    assert [e.event for e in code(nlp, coder, "Prosecutors charged the mayor with fraud.")] == ["ACCUSE"]
