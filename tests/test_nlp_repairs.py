"""The news repairs on the one spaCy pass."""


def ents(doc):
    return {(e.text, e.label_) for e in doc.ents}


def test_surname_after_full_name_is_that_person(nlp):
    doc = nlp("Kenyan Foreign Minister Wanjiru Otieno arrived on Monday. Otieno met the delegation in Nairobi.")
    assert ("Otieno", "PERSON") in ents(doc)
    second = next(e for e in doc.ents if e.text == "Otieno")
    assert doc._.wc_canonical[second.start] == "Wanjiru Otieno"


def test_lexicon_names_get_their_label(nlp):
    doc = nlp("Assad's government had been propped up by Iran and its powerful ally Hezbollah in Lebanon.")
    assert ("Hezbollah", "ORG") in ents(doc)
    assert ("Lebanon", "GPE") in ents(doc)


def test_headline_fragment_is_not_an_entity(nlp):
    doc = nlp("JORDAN WILL PROVIDE AID\n\nSyria's stability is a key concern for Jordan.")
    assert not any(e.text.startswith("JORDAN WILL") for e in doc.ents)
    assert doc._.wc_headlines == [0]
    # the subheading does not swallow the next sentence
    assert [s.text.strip() for s in doc.sents][0] == "JORDAN WILL PROVIDE AID"


def test_role_title_words_are_not_entities(nlp):
    doc = nlp("US Secretary of State Antony Blinken pressed Iraq to act.")
    assert not any(e.text == "State" for e in doc.ents)
    assert ("Antony Blinken", "PERSON") in ents(doc)


def test_possessive_is_trimmed_from_names(nlp):
    doc = nlp("Lawmakers criticised US President Joe Biden's administration.")
    assert not any(e.text.endswith("'s") for e in doc.ents)


def test_leading_article_does_not_hide_a_known_name(nlp):
    doc = nlp("Sharaa met the envoy after the Hayat Tahrir al-Sham (HTS) toppled Assad.")
    hts = next(e for e in doc.ents if "Tahrir" in e.text)
    assert hts.label_ == "ORG" and hts.text == "Hayat Tahrir al-Sham"


# --- the repairs on hand-made parses: the rules themselves, whatever the model would have labelled -----------

import pytest
from spacy.tokens import Doc

from wirecoder.actors.lexicon import build_lexicon, hand_kept_aliases, load_lexicon
from wirecoder.nlp.repairs import is_headline_case


def repaired(nlp, text, ents, *, tags=None, pos=None, deps=None, heads=None):
    """Run wirecoder_repairs alone on a Doc of whitespace-split `text` with the given IOB entities; one
    sentence unless a parse (deps and absolute heads) says otherwise."""
    words = text.split()
    if deps is None:
        deps, heads = ["ROOT", *["dep"] * (len(words) - 1)], [0] * len(words)
    doc = Doc(nlp.vocab, words=words, ents=ents.split(), tags=tags, pos=pos, deps=deps, heads=heads)
    return nlp.get_pipe("wirecoder_repairs")(doc)


def test_demonyms_among_the_hand_kept_aliases_are_demonyms():
    lexicon = load_lexicon()
    for word, iso3 in [("English", "GBR"), ("Israeli", "ISR"), ("Palestinians", "PSE"), ("Dutch", "NLD"),
                       ("Thai", "THA")]:
        actor = lexicon.lookup(word)
        assert (actor.country, actor.kind) == (iso3, "demonym"), word
    assert lexicon.lookup("England").kind == "name"
    # demonyms several territories share belong to the country the hand-kept aliases give them
    assert lexicon.lookup("French").country == "FRA"
    assert lexicon.lookup("Americans").country == "USA"


def test_hand_kept_demonyms_in_a_custom_lexicon(tmp_path):
    (tmp_path / "countries.yaml").write_text(
        "XAN:\n  name: Xanadu\n  names: [Xanadu, Xanaduan]\n  demonyms: [Xanaduan]\n"
        "  aliases:\n  - Xan\n  - demonyms: [Xannish, Kublish]\n"
        "KUB:\n  name: Kublai\n  names: [Kublai]\n  demonyms: [Kublish]\n")
    (tmp_path / "actors.yaml").write_text("[]\n")
    (tmp_path / "agents.yaml").write_text("GOV: [vizier]\n")
    assert hand_kept_aliases({"aliases": ["Xan", {"demonyms": ["Xannish"]}]}) == (["Xan"], ["Xannish"])
    lex = build_lexicon(tmp_path)
    assert (lex.lookup("Xan").country, lex.lookup("Xan").kind) == ("XAN", "name")
    assert (lex.lookup("Xannish").country, lex.lookup("Xannish").kind) == ("XAN", "demonym")
    assert lex.lookup("Xanaduan").kind == "demonym"  # a generated name that is also its demonym
    assert lex.lookup("Kublish").country == "XAN"  # the hand-kept alias wins


def test_demonyms_are_not_places(nlp):
    doc = nlp("Israeli troops and Palestinian police met British officials.")
    assert {("Israeli", "NORP"), ("Palestinian", "NORP"), ("British", "NORP")} <= ents(doc)


def test_leading_the_is_left_out_unless_it_is_part_of_the_name(nlp):
    doc = repaired(nlp, "talks in the Netherlands and The Hague and at the Commerce Department .",
                   "O O B-GPE I-GPE O B-GPE I-GPE O O B-ORG I-ORG I-ORG O")
    assert ents(doc) == {("Netherlands", "GPE"), ("The Hague", "GPE"), ("Commerce Department", "ORG")}
    doc = repaired(nlp, "He told The New York Times .", "O O B-ORG I-ORG I-ORG I-ORG O")
    assert ents(doc) == {("The New York Times", "ORG")}  # a capital "The" inside a sentence is the name's


def test_a_name_without_a_capital_letter_is_dropped(nlp):
    doc = repaired(nlp, "the defence ministry said 3 1 0", "B-ORG I-ORG I-ORG O B-PRODUCT I-PRODUCT I-PRODUCT")
    assert ents(doc) == set()


def test_role_title_words_are_trimmed_or_kept(nlp):
    doc = repaired(nlp, "Interfax news agency quoted the Iraqi News Agency and the Foreign Ministry .",
                   "B-ORG I-ORG I-ORG O O B-ORG I-ORG I-ORG O O B-ORG I-ORG O")
    assert ents(doc) == {("Interfax", "ORG"), ("Iraqi News Agency", "ORG"), ("Foreign Ministry", "ORG")}
    doc = repaired(nlp, "Assistant Secretary of State Kornblum said .", "O O O B-ORG B-PERSON O O")
    assert ents(doc) == {("Kornblum", "PERSON")}


def test_numbers_are_no_part_of_names(nlp):
    doc = repaired(nlp, "NEW YORK 1996-08-30", "B-GPE I-GPE I-GPE")
    assert ents(doc) == {("NEW YORK", "GPE")}
    doc = repaired(nlp, "Haitai 2 Samsung 0", "B-ORG I-ORG I-ORG I-ORG")
    assert ents(doc) == {("Haitai", "ORG"), ("Samsung", "ORG")}
    doc = repaired(nlp, "the FTSE 100 fell", "O B-PRODUCT I-PRODUCT O")
    assert ents(doc) == {("FTSE 100", "PRODUCT")}


@pytest.mark.parametrize("line, headline", [
    ("Jordan Pledge Support", True),
    ("JORDAN WILL PROVIDE AID", True),
    ("Millwall 2 Burnley 1", False),  # a score
    ("BIRMINGHAM , England 1996-08-31", False),  # a dateline
    ("7. Irina Privalova ( Russia ) 11.27", False),  # a results table
    ("Wood , Loren Roberts , Steve Stricker , Brian Claar", False),  # a list of names
    ("Richard Finn", False),  # a byline is a name
    ("Syria's stability is a key concern for Jordan", False),
])
def test_headline_case_is_for_headlines(nlp, line, headline):
    assert is_headline_case(nlp.make_doc(line)[:]) is headline


def test_family_name_written_first_links_to_the_person(nlp):
    doc = repaired(nlp, "Police detained Wang Donghai and beat Wang .", "O O B-PERSON I-PERSON O O B-ORG O")
    assert ents(doc) == {("Wang Donghai", "PERSON"), ("Wang", "PERSON")}
    assert doc._.wc_canonical[6] == "Wang Donghai"


def test_a_surname_spacy_missed_is_that_person(nlp):
    words = "Alexander Lebed arrived and Lebed signed"
    doc = repaired(nlp, words, "B-PERSON I-PERSON O O O O", tags=["NNP", "NNP", "VBD", "CC", "NNP", "VBD"],
                   pos=["PROPN", "PROPN", "VERB", "CCONJ", "PROPN", "VERB"])
    assert ("Lebed", "PERSON") in ents(doc) and doc._.wc_canonical[4] == "Alexander Lebed"
    # not inside a longer name that spaCy missed
    doc = repaired(nlp, "Alexander Lebed arrived and Lebed Smith signed", "B-PERSON I-PERSON O O O O O",
                   tags=["NNP", "NNP", "VBD", "CC", "NNP", "NNP", "VBD"],
                   pos=["PROPN", "PROPN", "VERB", "CCONJ", "PROPN", "PROPN", "VERB"])
    assert ents(doc) == {("Alexander Lebed", "PERSON")}


def test_a_seat_is_the_organisation_only_when_it_acts(nlp):
    # "Brussels" is the European Union's in the lexicon: the place where spaCy says so, unless it is a subject
    doc = repaired(nlp, "talks in Brussels", "O O B-GPE", deps=["ROOT", "prep", "pobj"], heads=[0, 0, 1])
    assert ents(doc) == {("Brussels", "GPE")}
    doc = repaired(nlp, "Brussels said no", "B-GPE O O", deps=["nsubj", "ROOT", "dobj"], heads=[1, 1, 1])
    assert ents(doc) == {("Brussels", "ORG")}
    assert doc._.wc_canonical[0] == "European Union"
