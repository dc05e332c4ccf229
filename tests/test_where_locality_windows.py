"""where/localities.py runs its Matcher over windows around the locality words: the same matches as over
the whole doc."""

import pytest

from wirecoder.where.localities import _matcher, _matches

TEXTS = [
    "Fighting in Bor town and the village of Juhr ad Dik, Jonglei state, and Helmand Province District of Nad Ali.",
    "Kupwara District of Jammu and Kashmir State town of Upper Nile State.",
    "Gunmen raided the district of Shinwar and a Mobbar LGA village on Tuesday, officials in the area said.",
    "Nothing here names a place by its kind.",
    "Shelling hit a market 12 km east of Kafr-Nabl and the main square of Tal Rifaat, north of Aleppo city.",
    "of",
    "town",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_windows_find_the_whole_doc_matches(nlp, text):
    doc = nlp(text)
    assert sorted(_matches(doc)) == sorted(_matcher(doc.vocab)(doc))


def test_the_texts_have_matches(nlp):
    assert sum(len(_matches(nlp(t))) for t in TEXTS) >= 4
