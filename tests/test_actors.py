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
