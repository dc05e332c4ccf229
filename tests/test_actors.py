"""Mentions -> actors with country and sector, on the article's date."""

import pytest

from wirecoder.actors import DocActors, build_lexicon, load_lexicon, phrase_key
from wirecoder.actors.lexicon import Role


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def actor_of(nlp, lexicon, text, word, date="2024-12-13"):
    doc = nlp(text)
    actors = DocActors(doc, lexicon, date)
    token = next(t for t in doc if t.text == word)
    return actors.actor_at(token), actors


def test_phrase_key_ignores_dots_case_and_hyphens():
    assert phrase_key("U.S.") == phrase_key("us") == "us"
    assert phrase_key("al-Sudani") == "al sudani"


def test_every_country_has_a_name_and_codes(lexicon):
    assert len(lexicon.countries) >= 240
    assert lexicon.lookup("Türkiye").country == lexicon.lookup("Turkey").country == "TUR"
    assert lexicon.lookup("Iraqi").kind == "demonym"
    capital = lexicon.lookup("Baghdad")
    assert (capital.country, capital.sector, capital.kind) == ("IRQ", "GOV", "capital")


def test_office_holders_resolve_by_date(lexicon):
    trump = lexicon.lookup("Trump")
    assert trump.on("2024-12-01")[0] == "President-elect"
    assert trump.on("2025-03-01")[0] == "President"
    assert lexicon.holder_of("president-elect", "2024-12-01").name == "Donald Trump"
    assert lexicon.holder_of("president", "2022-01-01", country="USA").name == "Joe Biden"


def test_role_activity_bounds():
    role = Role("President", "USA", "GOV", "2021-01-20", "2025-01-20")
    assert role.active("2021-01-20") and not role.active("2025-01-20")


def test_premodifiers_give_role_country_and_sector(nlp, lexicon):
    ref, actors = actor_of(nlp, lexicon, "Kenyan Foreign Minister Wanjiru Otieno met reporters.", "Otieno")
    assert (ref.name, ref.country, ref.sector) == ("Wanjiru Otieno", "KEN", "GOV")
    assert actors.profiles["Wanjiru Otieno"].role == "Foreign Minister"


def test_unnamed_actor_from_demonym_and_agent_noun(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "A US official said the talks went well.", "official")
    assert (ref.country, ref.sector) == ("USA", "GOV")
    ref, _ = actor_of(nlp, lexicon, "Iraqi lawmakers rejected the bill.", "lawmakers")
    assert (ref.country, ref.sector) == ("IRQ", "LEG")


def test_backed_by_is_not_membership(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "Iranian-backed militias attacked the base.", "militias")
    assert ref is not None and ref.sector == "REB" and ref.country is None


def test_capital_as_government_metonym(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "Baghdad agreed to the plan.", "Baghdad")
    assert (ref.country, ref.sector) == ("IRQ", "GOV")


def test_title_resolves_to_the_holder_in_the_article(nlp, lexicon):
    text = "Iraqi Prime Minister Mohammed Shia al-Sudani met Blinken. The prime minister expressed hope."
    ref, _ = actor_of(nlp, lexicon, text, "minister")
    assert ref is not None and ref.name == "Mohammed Shia al-Sudani"


def test_a_city_is_not_an_actor(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "Mosul welcomed the decision.", "Mosul")
    assert ref is None


def test_custom_lexicon_directory(tmp_path):
    (tmp_path / "countries.yaml").write_text("XAN:\n  name: Xanadu\n  iso2: XA\n  names: [Xanadu]\n"
                                             "  demonyms: [Xanaduan]\n  capitals: [Kublai]\n")
    (tmp_path / "actors.yaml").write_text("- {name: Red Lotus, label: ORG, country: XAN, sector: REB}\n")
    (tmp_path / "agents.yaml").write_text("GOV: [vizier]\n")
    lex = build_lexicon(tmp_path)
    assert lex.lookup("Kublai").country == "XAN"
    assert lex.lookup("red lotus").sector == "REB"
    assert lex.agent_sector("Vizier") == "GOV"


def refs_of(nlp, lexicon, text, word, owners=True):
    doc = nlp(text)
    actors = DocActors(doc, lexicon, None)
    token = next(t for t in doc if t.text == word)
    return actors.actors_at(token, owners=owners), actors


def test_lookup_ignores_a_leading_article(lexicon):
    assert lexicon.lookup("the United States").country == "USA"
    assert lexicon.lookup("The Kremlin") is not None


def test_noun_phrase_span_keeps_titles_and_leaves_out_coordination(nlp, lexicon):
    (ref,), actors = refs_of(nlp, lexicon, "On Monday the US Secretary of State Rex Tillerson met Lavrov.", "Tillerson")
    assert ref.text == "the US Secretary of State Rex Tillerson" and ref.name == "Rex Tillerson"
    doc = actors.doc
    assert doc.text[ref.start:ref.end] == ref.text
    india = next(t for t in nlp("Both India and Pakistan agreed.") if t.text == "India")
    assert DocActors(india.doc, lexicon, None).np_span(india).text == "India"


def test_coordinated_country_modifiers_name_several_actors(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "Senior Hungarian and Romanian officials met.", "officials")
    assert [(r.country, r.sector) for r in refs] == [("HUN", "GOV"), ("ROU", "GOV")]
    assert {r.text for r in refs} == {"Senior Hungarian and Romanian officials"}


def test_group_heads_and_places_give_the_country(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "Thousands of Kenyans protested.", "Thousands")
    assert refs[0].country == "KEN" and refs[0].text == "Thousands of Kenyans"
    refs, _ = refs_of(nlp, lexicon, "Protesters in Baghdad blocked roads.", "Protesters")
    assert (refs[0].country, refs[0].sector) == ("IRQ", "CVL")


def test_owner_of_a_non_actor_phrase(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "Iran rejected an Indian proposal.", "proposal")
    assert refs[0].country == "IND" and refs[0].text == "an Indian proposal"
    assert refs_of(nlp, lexicon, "Iran rejected an Indian proposal.", "proposal", owners=False)[0] == []
    refs, _ = refs_of(nlp, lexicon, "Qatar will invest in Syria's energy sector.", "sector")
    assert refs[0].country == "SYR"


def test_relational_noun_is_not_its_possessor(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "Serbia lodged a protest, charging its neighbour with meddling.", "neighbour")
    assert refs == []


def test_group_pronoun_takes_the_nearest_subject(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "Hamas fired rockets overnight. It said the attack was a warning.", "It")
    assert refs[0].name == "Hamas" and refs[0].text == "It"
    # an unresolvable nearer subject blocks an older one
    refs, _ = refs_of(nlp, lexicon, "Iran spoke. The Tehran-backed group said its fighters were ready.", "its")
    assert refs == []


def test_unknown_organisation_names_say_country_and_sector(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "The Nigerian Union of Teachers called off the strike.", "Union")
    assert (refs[0].country, refs[0].sector) == ("NGA", "LAB")


def test_unknown_proper_name_subject_is_an_actor(nlp, lexicon):
    refs, _ = refs_of(nlp, lexicon, "UNDOF withdrew its peacekeepers.", "UNDOF")
    assert refs[0].name == "UNDOF" and refs[0].country is None


def test_well_known_figures_carry_their_country(lexicon):
    assert lexicon.lookup("Mugabe").on(None)[1:] == ("ZWE", "GOV")
    assert lexicon.lookup("Kofi Annan").on(None)[2] == "IGO"


def test_a_group_named_before_an_agent_noun_is_the_actor(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "Three Taliban fighters ambushed a supply convoy on Tuesday.", "fighters")
    assert (ref.name, ref.country, ref.sector, ref.country_source) == ("Taliban", "AFG", "REB", "lexicon")
    assert ref.text == "Three Taliban fighters"
    ref, _ = actor_of(nlp, lexicon, "Suspected PKK militants fired on a border post.", "militants")
    assert (ref.country, ref.sector, ref.country_source) == ("TUR", "REB", "lexicon")


def test_country_sources_say_how_the_country_is_known(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "Ghanaian soldiers cleared the checkpoint.", "soldiers")
    assert (ref.country, ref.country_source) == ("GHA", "explicit")
    ref, _ = actor_of(nlp, lexicon, "Soldiers cleared the checkpoint.", "Soldiers")
    assert (ref.country, ref.country_source) == (None, None)


def test_generic_agents_take_their_events_country_and_named_ones_keep_theirs():
    from wirecoder.actors.context import fill_countries, main_country
    from wirecoder.model import ActorRef, Event, Place

    def place(country):
        return Place(text="x", name="x", country=country, lat=0.0, lon=0.0, geonameid=1)

    def event(actor, recipient, location=None):
        return Event(id="e", article_id="a", sentence="", start=0, end=1, event="ASSAULT", cameo="190",
                     actor=[actor], recipient=[recipient], location=location)

    iso3 = {"KE": "KEN", "UG": "UGA", "US": "USA"}
    police = ActorRef("police", "police", sector="COP")
    foreign = ActorRef("US troops", "US troops", country="USA", sector="MIL", country_source="explicit")
    un = ActorRef("UN monitors", "UN monitors", sector="IGO")
    vague = ActorRef("the convoy", "the convoy")
    here = event(police, un, place("UG"))
    elsewhere = event(foreign, vague)
    fill_countries([here, elsewhere], [place("KE"), place("KE"), place("UG")], iso3)
    assert (police.country, police.country_source) == ("UGA", "context")  # where its event is
    assert un.country is None  # international: no one country's
    assert (vague.country, vague.country_source) == ("KEN", "context")  # no location: the article's country
    assert foreign.country == "USA" and foreign.country_source == "explicit"
    rebels = ActorRef("rebels", "rebels", sector="REB")
    fill_countries([event(rebels, ActorRef("x", "x"))], [place("KE"), place("UG"), place("KE")], iso3)
    assert rebels.country == "KEN"  # the article's most named country
    assert main_country([], [event(foreign, vague)], iso3) == "USA"  # no places: its actors' countries


def test_a_pronoun_whose_antecedent_is_named_in_its_sentence_spans_the_name(nlp, lexicon):
    doc = nlp("Austria has said it will back the plan.")
    actors = DocActors(doc, lexicon, "2023-01-01")
    ref = actors.actor_at(next(t for t in doc if t.text == "it"))
    assert (ref.name, ref.text, doc.text[ref.start:ref.end]) == ("Austria", "Austria", "Austria")


def test_a_misattached_apposition_far_to_the_right_is_not_part_of_the_phrase(nlp, lexicon):
    doc = nlp("Norway eased curfew rules on Tuesday in Finnmark province, the scene of riots last year.")
    actors = DocActors(doc, lexicon, "2023-01-01")
    assert actors.np_span(doc[0]).text == "Norway"


def test_people_from_a_countrys_organisations_are_of_that_country(nlp, lexicon):
    ref, _ = actor_of(nlp, lexicon, "Nurses from two Dutch charities delivered kits.", "Nurses")
    assert ref.country == "NLD"


def test_a_capital_named_as_a_city_is_a_place_not_its_government(nlp, lexicon):
    actor, _ = actor_of(nlp, lexicon, "Police in Nairobi city detained four traders on Monday.", "Nairobi")
    assert actor is None
    actor, _ = actor_of(nlp, lexicon, "Nairobi accused Kampala of stalling the talks.", "Nairobi")
    assert actor is not None and actor.country == "KEN"


def test_a_name_before_a_settlement_word_is_no_actor_whatever_the_ner_calls_it(nlp, lexicon):
    doc = nlp("Suspected raiders attacked Dabel village near the river.")
    actors = DocActors(doc, lexicon, "2024-01-01")
    assert not any(actors.actors_at(t) for t in doc if t.text in ("Dabel", "village"))
    assert actors.agents_at(next(t for t in doc if t.text == "raiders"))


def test_an_office_of_another_country_is_not_the_articles_holder_of_it(nlp, lexicon):
    doc = nlp("Erdogan spoke by phone with the president of Portugal on Sunday.")
    actors = DocActors(doc, lexicon, "2024-01-01")
    ref = actors.actors_at(next(t for t in doc if t.text == "president"))
    assert [(r.country, r.sector) for r in ref] == [("PRT", "GOV")]  # never Erdogan himself


def test_a_demonym_the_ner_took_into_a_name_still_gives_the_country(nlp, lexicon):
    doc = nlp("British Energy Secretary Paul Ledoux has pledged more money for Leeds.")  # "British Energy": ORG
    actors = DocActors(doc, lexicon, "2024-01-01")
    head = next(t for t in doc if t.text == "Ledoux")
    assert {r.country for r in actors.actors_at(head)} == {"GBR"}


def test_an_adjective_of_kind_on_an_act_makes_no_actor_but_an_owner_or_a_role_does(nlp):
    from wirecoder.actors import DocActors, load_lexicon

    def actor_of(text, word):
        doc = nlp(text)
        return DocActors(doc, load_lexicon(), "2024-01-01").actors_at(next(t for t in doc if t.text == word))

    assert actor_of("They warned of a military crackdown.", "crackdown") == []
    assert actor_of("The union cut official contact.", "contact") == []
    assert [r.sector for r in actor_of("Shells hit a military barracks.", "barracks")] == ["MIL"]
    assert [r.sector for r in actor_of("Gunmen fired at military personnel.", "personnel")] == ["MIL"]
    assert actor_of("She blamed government policy.", "policy") != []


def test_an_actor_is_reported_with_the_place_and_participle_that_belong_to_its_phrase(nlp):
    from wirecoder.actors import DocActors, load_lexicon

    doc = nlp("The police in Mombasa arrested two smugglers.")
    refs = DocActors(doc, load_lexicon(), "2024-01-01").actors_at(next(t for t in doc if t.text == "police"))
    assert [r.text for r in refs] == ["The police in Mombasa"]
    doc = nlp("Rebels loyal to the colonel shelled the airport.")
    refs = DocActors(doc, load_lexicon(), "2024-01-01").actors_at(next(t for t in doc if t.text == "Rebels"))
    assert [r.text for r in refs] == ["Rebels loyal to the colonel"] and refs[0].sector == "REB"


def test_coordinated_countries_after_of_make_one_actor_each(nlp):
    from wirecoder.actors import DocActors, load_lexicon

    doc = nlp("Troops of Armenia and Azerbaijan exchanged fire along the border.")
    actors = DocActors(doc, load_lexicon(), "2021-06-01")
    head = next(t for t in doc if t.dep_ == "nsubj")
    assert [r.country for r in actors.actors_at(head)] == ["ARM", "AZE"]
    doc = nlp("Protesters in Baghdad and Basra blocked roads.")  # two places of one country: one actor
    head = next(t for t in doc if t.dep_ == "nsubj")
    assert [r.country for r in DocActors(doc, load_lexicon(), "2021-06-01").actors_at(head)] == ["IRQ"]
