"""The grammar helpers of the event coder on parses built by hand, so that each repair is tested on the
misparse it exists for, whatever the model does with a sentence (events/grammar.py)."""

from spacy.tokens import Doc

from wirecoder.events.grammar import particle_quantity, prep_objects


def parse(nlp, words, heads, deps, pos):
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_prepositions_object_read_as_the_next_clauses_subject(nlp):
    words = ["Oslo", "gave", "shelter", "to", "two", "sailors", "hiding", "in", "ports"]
    doc = parse(nlp, words, [1, 1, 1, 1, 5, 6, 3, 6, 7],
                ["nsubj", "ROOT", "dobj", "prep", "nummod", "nsubj", "pcomp", "prep", "pobj"],
                ["PROPN", "VERB", "NOUN", "ADP", "NUM", "NOUN", "VERB", "ADP", "NOUN"])
    assert [t.text for t in prep_objects(doc[3])] == ["sailors"]
    assert [t.text for t in prep_objects(doc[7])] == ["ports"]  # an ordinary object stays itself
    # a clause that starts elsewhere is not the preposition's
    doc = parse(nlp, ["Oslo", "gave", "shelter", "to", "them", "when", "sailors", "fled"], [1, 1, 1, 1, 3, 7, 7, 1],
                ["nsubj", "ROOT", "dobj", "prep", "pobj", "advmod", "nsubj", "advcl"],
                ["PROPN", "VERB", "NOUN", "ADP", "PRON", "SCONJ", "NOUN", "VERB"])
    assert [t.text for t in prep_objects(doc[3])] == ["them"]


def test_up_to_a_number_is_the_verbs_object(nlp):
    words = ["Gunmen", "seized", "up", "to", "40", "miners"]
    doc = parse(nlp, words, [1, 1, 1, 1, 5, 3], ["nsubj", "ROOT", "prt", "prep", "nummod", "pobj"],
                ["NOUN", "VERB", "ADP", "ADP", "NUM", "NOUN"])
    assert [t.text for t in particle_quantity(doc[1])] == ["miners"]
    # "sped up to catch buses": the "to" of an infinitive, no quantity
    doc = parse(nlp, ["They", "sped", "up", "to", "catch", "buses"], [1, 1, 1, 4, 1, 4],
                ["nsubj", "ROOT", "prt", "aux", "advcl", "dobj"], ["PRON", "VERB", "ADP", "PART", "VERB", "NOUN"])
    assert particle_quantity(doc[1]) == []


def test_the_subject_of_a_verb_hung_under_an_opening_preposition(nlp):
    from wirecoder.events.grammar import misparsed_main, misparsed_subject

    words = ["On", "Monday", ",", "over", "forty", "tailors", "marched"]
    doc = parse(nlp, words, [0, 0, 0, 2, 5, 3, 5], ["ROOT", "pobj", "punct", "prep", "nummod", "pobj", "acl"],
                ["ADP", "PROPN", "PUNCT", "ADP", "NUM", "NOUN", "VERB"])
    assert misparsed_subject(doc[6]).text == "tailors" and misparsed_main(doc[6])


def test_an_acronym_read_as_the_verb_is_leaves_its_noun_the_subject(nlp):
    from wirecoder.events.grammar import misparsed_main, misparsed_subject

    words = ["12", "LRA", "rebels", "surrendered", "to", "troops"]
    doc = parse(nlp, words, [1, 1, 1, 2, 3, 4], ["nsubj", "ROOT", "attr", "acl", "prep", "pobj"],
                ["NUM", "AUX", "NOUN", "VERB", "ADP", "NOUN"])
    assert misparsed_subject(doc[3]).text == "rebels" and misparsed_main(doc[3])
    # the verb "is" itself, in lower case, is no acronym
    doc = parse(nlp, ["It", "is", "rebels", "trained", "abroad"], [1, 1, 1, 2, 3],
                ["nsubj", "ROOT", "attr", "acl", "advmod"], ["PRON", "AUX", "NOUN", "VERB", "ADV"])
    assert not misparsed_main(doc[3])
