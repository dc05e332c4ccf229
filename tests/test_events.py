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


# --- grammar ------------------------------------------------------------------------------------------


def test_actor_spans_cover_the_whole_noun_phrase(nlp, coder):
    text = "US Secretary of State Rex Tillerson met Russian Foreign Minister Sergei Lavrov."
    e = one(code(nlp, coder, text), "CONSULT")
    actor, recipient = e.actor[0], e.recipient[0]
    assert actor.text == "US Secretary of State Rex Tillerson" and actor.name == "Rex Tillerson"
    assert text[actor.start:actor.end] == actor.text
    assert recipient.text == "Russian Foreign Minister Sergei Lavrov" and recipient.country == "RUS"


def test_compound_modifiers_and_recipient_lists(nlp, coder):
    events = [e for e in code(nlp, coder, "Senior Hungarian and Romanian officials agreed to cooperate.")
              if e.event == "AGREE"]
    # a mutual act: each agrees with the other, both named by the phrase as written
    assert {(e.actor[0].country, e.recipient[0].country) for e in events} == {("HUN", "ROU"), ("ROU", "HUN")}
    assert {a.sector for e in events for a in e.actor} == {"GOV"}
    assert {a.text for e in events for a in e.actor} == {"Senior Hungarian and Romanian officials"}
    e = one(code(nlp, coder, "Russia attacked Ukraine and Georgia."), "ASSAULT")
    assert countries(e.recipient) == ["UKR", "GEO"]


def test_reciprocal_events_are_coded_both_ways(nlp, coder):
    events = [e for e in code(nlp, coder, "Egypt and Sudan held talks on Tuesday.") if e.event == "CONSULT"]
    assert {(e.actor[0].country, e.recipient[0].country) for e in events} == {("EGY", "SDN"), ("SDN", "EGY")}
    assert {a.text for e in events for a in e.actor + e.recipient} == {"Egypt and Sudan"}
    assert all(e.cameo == "046" for e in events)
    # an agreement reached through a complement is no reciprocal act with its object
    events = code(nlp, coder, "Russia agreed to lift its ban on US poultry.")
    assert [countries(e.actor) for e in events] == [["RUS"]]
    first, mirrored = [e for e in code(nlp, coder, "Putin met Erdogan in Ankara.") if e.event == "CONSULT"]
    assert (countries(first.actor), countries(first.recipient)) == (["RUS"], ["TUR"])
    assert (countries(mirrored.actor), countries(mirrored.recipient)) == (["TUR"], ["RUS"])
    assert mirrored.confidence < first.confidence
    visit = [e.cameo for e in code(nlp, coder, "Macron visited China.")]
    assert visit == ["042", "043"]  # the host's side of a visit is hosting it


def test_refused_or_negated_cooperation_is_a_rejection(nlp, coder):
    e = one(code(nlp, coder, "Syria said it will not accept refugees from Iraq."), "REJECT")
    assert countries(e.actor) == ["SYR"] and not e.negated
    e = one(code(nlp, coder, "Israel refused to lift the blockade."), "REJECT")
    assert e.cameo == "124"
    e = one(code(nlp, coder, "Israel and the Palestinians failed to reach agreement."), "REJECT")
    assert e.cameo == "127"


def test_threats_promises_and_uncertainty(nlp, coder):
    e = one(code(nlp, coder, "Iran threatened to attack Israel."), "THREATEN")
    assert e.cameo == "138" and countries(e.recipient) == ["ISR"] and not e.hypothetical
    e = one(code(nlp, coder, "Nigeria will withdraw its troops from Chad unless the rebels agree to a ceasefire."),
            "THREATEN")
    assert countries(e.actor) == ["NGA"] and countries(e.recipient) == ["TCD"]
    e = one(code(nlp, coder, "Officials said they would meet the mediator."), "AGREE")
    assert e.cameo == "036" and not e.hypothetical
    e = one(code(nlp, coder, "Turkey is expected to attack Kurdish positions in Syria."), "ASSAULT")
    assert e.hypothetical


def test_reported_obligation_is_a_demand_of_the_speaker(nlp, coder):
    e = one(code(nlp, coder, "Russia said Sudan must return the helicopter."), "REQUEST")
    assert (countries(e.actor), countries(e.recipient)) == (["RUS"], ["SDN"]) and e.cameo == "105"
    assert not any(x.event == "RETREAT" for x in code(nlp, coder, "Russia said Sudan must return the helicopter."))
    # the clause's verb need not be a trigger of its own
    e = one(code(nlp, coder, "Human Rights Watch said Sudan must ensure security in Darfur."), "REQUEST")
    assert countries(e.recipient) == ["SDN"] and e.actor[0].name == "Human Rights Watch"


def test_that_clause_of_a_demand(nlp, coder):
    events = code(nlp, coder, "China demanded that the United States cancel the arms sale to Taiwan.")
    e = one(events, "REQUEST")
    assert countries(e.actor) == ["CHN"] and countries(e.recipient) == ["USA"]


def test_light_verbs_carry_their_event_noun(nlp, coder):
    e = one(code(nlp, coder, "Hamas launched an attack on Israel."), "ASSAULT")
    assert (countries(e.actor), countries(e.recipient)) == (["PSE"], ["ISR"]) and e.trigger == "launched"
    e = one(code(nlp, coder, "Workers in Nigeria went on strike on Monday."), "PROTEST")
    assert e.cameo == "143" and countries(e.actor) == ["NGA"]
    e = one(code(nlp, coder, "Israel launched air strikes on Gaza."), "ASSAULT")
    assert e.cameo == "195"


def test_table_verbs_reshape_their_event_noun(nlp, coder):
    assert one(code(nlp, coder, "Iran rejected the offer of talks with the United States."), "REJECT").cameo == "125"
    e = one(code(nlp, coder, "The European Union lifted sanctions on Iran."), "RETREAT")
    assert e.cameo == "085" and countries(e.recipient) == ["IRN"]
    e = one(code(nlp, coder, "The teachers' union called off the strike."), "CONCEDE")
    assert e.cameo == "080"
    e = one(code(nlp, coder, "Greece called for sanctions against Turkey."), "ACCUSE")
    assert countries(e.recipient) == ["TUR"]


def test_a_nouns_complement_is_its_matter(nlp, coder):
    events = code(nlp, coder, "The Palestinians rejected an invitation to attend a meeting with Israel.")
    assert [e.event for e in events] == ["REJECT"]
    assert countries(events[0].recipient) == ["ISR"]


def test_what_is_alleged_is_no_event(nlp, coder):
    events = code(nlp, coder, "Human Rights Watch accused Canada of breaching a treaty on refugees.")
    assert [e.event for e in events] == ["ACCUSE"]


def test_statements_keep_their_cameo_code(nlp, coder):
    e = next(e for e in code(nlp, coder, "China denied accusations by the United States."))
    assert e.cameo == "016" and e.event == "" and countries(e.recipient) == ["USA"]
    e = next(e for e in code(nlp, coder, "Jordan expressed concern over the fighting."))
    assert e.cameo == "012" and countries(e.actor) == ["JOR"]


def test_nominal_event_with_an_actor_of_its_own(nlp, coder):
    events = code(nlp, coder, "The Israeli bombardment of Gaza continued on Sunday.")
    e = one(events, "ASSAULT")
    assert e.cameo == "194" and countries(e.actor) == ["ISR"] and e.trigger == "bombardment"
    # an event noun that another event is about is not coded again
    assert [e.event for e in code(nlp, coder, "Egypt condemned the Israeli attack on Gaza.")] == ["ACCUSE"]


def test_confidence_ranks_main_clause_events_above_embedded_ones(nlp, coder):
    events = code(nlp, coder, "Jordan condemned Israel after troops who had entered the town arrested a mayor.")
    main = one(events, "ACCUSE")
    embedded = one(events, "COERCE")
    assert main.confidence > embedded.confidence


# --- the verb lexicon -----------------------------------------------------------------------------------


def test_verb_lexicon_reads_yaml_one_one_words_and_checks_tables(tmp_path):
    from wirecoder.errors import LexiconError
    from wirecoder.events import build_verb_lexicon

    path = tmp_path / "verbs.yaml"
    path.write_text("verbs:\n  crack down: {code: '170', recipient: [on]}\n  call: {code: '020', prep: {on: '020'},"
                    " control: appeal}\n  call off: {code: null, table: halt}\n"
                    "control:\n  appeal: {default: '020'}\n  halt: {'14': '080', '143': '081', '09': null}\n")
    lex = build_verb_lexicon(path)
    assert lex.verbs["crack down"].recipient == ("on",) and lex.verbs["call"].prep == {"on": "020"}
    assert lex.verb_pattern("call", ["off"]).lemma == "call off" and lex.verb_pattern("call", []).lemma == "call"
    assert lex.verb_heads >= {"crack", "call"}
    # the most specific key wins; null means no event
    assert (lex.reshape("halt", "143"), lex.reshape("halt", "141"), lex.reshape("halt", "090")) == ("081", "080", None)
    path.write_text("verbs:\n  urge: {code: '020', control: plead}\ncontrol: {}\n")
    with pytest.raises(LexiconError):
        build_verb_lexicon(path)


def test_bundled_lexicon_covers_every_cameo_root():
    lex = load_verb_lexicon()
    codes = {p.code for p in [*lex.verbs.values(), *lex.nouns.values()] if p.code}
    codes |= {c for p in lex.verbs.values() for table in (p.object, p.prep) for c in table.values() if c}
    assert {c[:2] for c in codes} >= {f"{i:02d}" for i in range(1, 21)}
    for code in codes:
        lookup(code)  # every code the lexicon uses is in the CAMEO table


@pytest.mark.parametrize(("text", "cameo"), [
    ("Israeli troops razed the village of Khuza'a.", "171"),
    ("Venezuela nationalized the oil fields of ExxonMobil.", "171"),
    ("Syrian police quelled the protest in Daraa.", "175"),
    ("Chinese coast guard ships harassed Philippine fishermen.", "170"),
    ("The army deposed President Bazoum.", "190"),
    ("Russian jets strafed Ukrainian positions.", "195"),
    ("Serbia ceded control of the border to Kosovo.", "080"),
])
def test_less_common_verbs_of_force_and_yielding(nlp, coder, text, cameo):
    events = code(nlp, coder, text)
    assert cameo in {e.cameo for e in events}, [(e.cameo, e.trigger) for e in events]


def test_coordinate_is_cooperation_only_with_a_partner(nlp, coder):
    assert "060" in {e.cameo for e in code(nlp, coder, "France coordinated with Germany on the border.")}
    assert "060" not in {e.cameo for e in code(nlp, coder, "The commander coordinated the attack.")}


def test_a_threat_is_made_to_whoever_its_condition_names(nlp, coder):
    e = one(code(nlp, coder, "Ankara threatened to halt gas sales if Athens sent warships to the islands."), "THREATEN")
    assert countries(e.actor) == ["TUR"] and countries(e.recipient) == ["GRC"]


def test_the_doer_of_an_act_named_by_a_participle_is_acted_upon(nlp, coder):
    e = one(code(nlp, coder, "Riot police broke up a vigil organised by dockworkers near the quay."), "ASSAULT")
    assert [r.text.split(" near ")[0] for r in e.recipient] == ["dockworkers"]


def test_a_title_and_the_name_after_it_are_one_subject_even_without_the_closing_comma(nlp, coder):
    e = one(code(nlp, coder, "Peru's foreign minister, Ana Quispe opened talks with Chile on Monday."), "CONSULT")
    assert [a.text for a in e.actor] == ["Peru's foreign minister, Ana Quispe"] and countries(e.actor) == ["PER"]


def test_committing_an_act_of_force_is_doing_it_and_committing_to_peace_an_intent(nlp, coder):
    events = code(nlp, coder, "Bandits committed a massacre near the mill.")
    assert [e.event for e in events] == ["ASSAULT"]
    assert [e.event for e in code(nlp, coder, "The junta committed to the transition.")] == ["AGREE"]
    assert code(nlp, coder, "Monitors counted the crimes committed by the guards.") == []


def test_a_demand_or_call_told_by_its_noun_is_made_of_the_clause_subject(nlp, coder):
    e = one(code(nlp, coder, "The fishermen's union repeated its demand that Norway reopen the fishery."), "REQUEST")
    assert countries(e.recipient) == ["NOR"]
    e = one(code(nlp, coder, "The fishermen's union renewed its call for Norway to reopen the fishery."), "REQUEST")
    assert countries(e.recipient) == ["NOR"]
    assert not [x for x in code(nlp, coder, "The fishermen's union renewed its call for Norway to reopen the fishery.")
                if x.trigger == "reopen"]  # what was asked for is no fact


def test_verbs_coded_only_for_what_they_act_on(nlp, coder):
    assert code(nlp, coder, "Loggers were cutting down oaks along the ridge.") == []
    assert code(nlp, coder, "The cell posted and shared the footage online.") == []
    assert [e.event for e in code(nlp, coder, "Crowds gathered in the square, breaking the lockdown.")] in ([], ["PROTEST"])
    events = code(nlp, coder, "Vendors accused the mayor of failing to supply clean water.")
    assert all(e.event != "AID" for e in events)  # what an accusation alleges was not done


def test_going_into_a_building_is_no_deployment_but_into_a_town_is(nlp, coder):
    assert code(nlp, coder, "Militiamen entered the compound of a trader at dawn.") == []
    assert [e.event for e in code(nlp, coder, "Rebel troops entered the town of Beni.")] == ["MOBILIZE"]


def test_restrictions_attempts_regrouping_positions_and_evictions(nlp, coder):
    kinds_of = lambda text: {e.event for e in code(nlp, coder, text)}
    assert "COERCE" in kinds_of("The cabinet imposed a lockdown on the port city.")
    assert "ASSAULT" in kinds_of("An assassination attempt was made against the governor.")
    assert "MOBILIZE" in kinds_of("The insurgents regrouped in the hills.")
    assert "MOBILIZE" in kinds_of("The militia established defensive positions near the ford.")
    assert "COERCE" in kinds_of("Landlords' thugs began evicting tenants from the estate.")


def test_a_claim_of_ones_own_act_of_force_tells_the_act(nlp, coder):
    events = code(nlp, coder, "The Taliban claimed to have overrun an army post near Ghazni.")
    assert {e.cameo for e in events} >= {"015"} and any(e.event in ("ASSAULT", "COERCE") and e.trigger == "overrun"
                                                        for e in events)
    events = code(nlp, coder, "The Taliban claimed that the army had shelled a village.")
    assert [e.event for e in events] == ["ACCUSE"]  # about another party: an accusation, the shelling untold


def test_getting_ready_to_use_force_is_mobilising_and_phase_verbs_are_seen_through(nlp, coder):
    kinds = lambda text: [(e.event, e.cameo) for e in code(nlp, coder, text)]
    assert kinds("Rebel fighters were preparing to continue shelling the garrison.") == [("MOBILIZE", "154")]
    assert kinds("Rebels were preparing to storm the town.") == [("MOBILIZE", "154")]
    assert kinds("The ministry prepared a report on the floods.") == []
    assert [e.event for e in code(nlp, coder, "Kenya is preparing to sign a trade deal with Uganda.")] == ["AGREE"]
    assert kinds("Rebels plan to continue attacking convoys.") == []  # a plan of force, told: no act yet


def test_a_month_is_no_march_and_joining_an_armed_group_is_fighting_on_its_side(nlp, coder):
    events = code(nlp, coder, "A dozen border guards defected and joined the FACT rebels last week.")
    assert [(e.event, e.cameo) for e in events] == [("COOPERATE", "062")]
    assert code(nlp, coder, "Teachers joined the parents outside the school.") == []
    assert [e.event for e in code(nlp, coder, "Thousands joined the march in Nairobi on 3 March.")] == ["PROTEST"]
    assert code(nlp, coder, "On 14 March, villagers joined the search for the missing boys.") == []
