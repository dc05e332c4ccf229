"""The PETRARCH/TABARI dictionary readers on small hand-written snippets."""

from __future__ import annotations

from datetime import date

import pytest

from wirecoder.actors import petrarch_dicts as pd
from wirecoder.errors import LexiconError

ACTORS = """<!-- test actors -->
<!-- a comment
   over two lines [XXX] -->
NORTHLAND_  [NTH]   # trailing comment
+NORTHLANDER
+THE_NORTH_KINGDOM

RIVER CITY [RVC] ; legacy comment
HIGH_COUNCIL [NTH/STH]

OLD_KING  # no code on this line
+GREY KING
\t[NTHGOV < 900101]
\t[NTHELI 19900102 - 051231]
\t[NTHREB >060101]#note
\t[NTH]

LATE_CODE
\t[LTC]
\t[XYZ 20200101-20191231]
#COMMENTED [ZZZ]
ONLY_DATED
\t[OLD <991231]
"""


def test_actor_entries_names_and_codes():
    problems: list[str] = []
    actors = pd.parse_actors(ACTORS, problems=problems)
    assert [a.names[0] for a in actors] == ["NORTHLAND", "RIVER CITY", "HIGH COUNCIL", "OLD KING",
                                            "LATE CODE", "ONLY DATED"]
    north = actors[0]
    assert north.code == "NTH"
    assert north.names == ["NORTHLAND", "NORTHLANDER", "THE NORTH KINGDOM"]
    assert north.phrases[0].whole_word and not north.phrases[1].whole_word
    assert north.phrases[2].gaps == (False, False)
    assert actors[1].phrases[0].gaps == (True,)  # a blank lets words come between
    assert pd.split_code(actors[2].code) == ["NTH", "STH"]
    assert actors[4].code == "LTC"  # the code may sit on the next line
    assert len(problems) == 1 and "ends before it starts" in problems[0]  # kept: it never applies
    assert actors[4].code_on("2020-01-01") == "LTC"


def test_actor_date_restrictions():
    king = pd.parse_actors(ACTORS)[3]
    assert king.names == ["OLD KING", "GREY KING"]
    assert [(r.code, r.start, r.end) for r in king.date_ranges] == [
        ("NTHGOV", None, date(1990, 1, 1)),
        ("NTHELI", date(1990, 1, 2), date(2005, 12, 31)),  # YYMMDD 05 -> 2005
        ("NTHREB", date(2006, 1, 1), None)]
    assert king.code == "NTH"
    assert king.code_on("1989-05-01") == "NTHGOV"
    assert king.code_on("1990-01-01") == "NTHGOV"  # ends are inclusive
    assert king.code_on(date(2000, 6, 1)) == "NTHELI"
    assert king.code_on("20060101") == "NTHREB"
    assert king.code_on(None) == "NTH"
    only_dated = pd.parse_actors(ACTORS)[5]
    assert only_dated.code is None
    assert only_dated.code_on("1995-01-01") == "OLD" and only_dated.code_on("2001-01-01") is None


def test_dictionary_dates():
    assert pd.parse_dictionary_date("300101") == date(2030, 1, 1)
    assert pd.parse_dictionary_date("310101") == date(1931, 1, 1)
    assert pd.parse_dictionary_date("19310101") == date(1931, 1, 1)
    with pytest.raises(ValueError):
        pd.parse_dictionary_date("19990231")


AGENTS = """!FOLK! = MAN, MEN, WOMAN
HARBOUR_MASTER [~GOV] # comment
CHIEF_OF_SPIES {CHIEFS_OF_SPIES} [~SPY]
CAVALRY {} [~MIL]
ALMS_SOCIETY [NGO~]
WATCH!FOLK! [~COP]
GLASS  [ ~BUS]
NO_CODE_HERE
SMITHY [~LAB}
"""


def test_agent_entries():
    problems: list[str] = []
    agents = pd.parse_agents(AGENTS, problems=problems)
    by_name = {a.phrase.text: a for a in agents}
    master = by_name["HARBOUR MASTER"]
    assert (master.code, master.prefix, master.names) == ("GOV", False, ["HARBOUR MASTER", "HARBOUR MASTERS"])
    assert by_name["CHIEF OF SPIES"].names == ["CHIEF OF SPIES", "CHIEFS OF SPIES"]
    assert by_name["CAVALRY"].plurals == []
    assert by_name["ALMS SOCIETY"].prefix and by_name["ALMS SOCIETY"].code == "NGO"
    assert by_name["ALMS SOCIETY"].names[1] == "ALMS SOCIETIES"
    assert [a.phrase.text for a in agents if a.code == "COP"] == ["WATCHMAN", "WATCHMEN", "WATCHWOMAN"]
    assert all(not a.plurals for a in agents if a.code == "COP")
    assert by_name["GLASS"].names == ["GLASS", "GLASSES"] and by_name["GLASS"].code == "BUS"
    assert by_name["SMITHY"].code == "LAB"
    assert len(problems) == 1 and "without a [code]" in problems[0]


VERBS = """<!-- test verbs -->
&WEAPON
+SLING
+BOW_AND_ARROW_
+&FIRE

&FIRE
+TORCH

&LINK_
+BY
+NEAR

--- PARLEY  [031]  ---
PARLEY    # comment
CONVENE {CONVENES CONVENED CONVENING} [036]
+HOLD_COUNCIL {+HOLDS_COUNCIL +HELD_COUNCIL}
SIT_+DOWN
- * WITH + [036]
- $ SAID WOULD_*_AGAIN  [032:033]
- % * &LINK TREATY [0311]
- * &UNKNOWN [099]
- * {A B} [098]

--- SHUN [---] ---
SHUN
DENY
"""


def test_verb_blocks_forms_and_codes():
    problems: list[str] = []
    verbs = pd.parse_verbs(VERBS, problems=problems)
    assert [b.name for b in verbs.blocks] == ["PARLEY", "SHUN"]
    parley, convene, council, sit = verbs.blocks[0].verbs
    assert parley.forms == ["PARLEY", "PARLEYS", "PARLEYED", "PARLEYING"] and parley.code == "031"
    assert convene.forms == ["CONVENE", "CONVENES", "CONVENED", "CONVENING"] and convene.code == "036"
    assert (council.lemma, council.head) == ("HOLD COUNCIL", "HOLD")
    assert council.forms == ["HOLD COUNCIL", "HOLDS COUNCIL", "HELD COUNCIL"]
    assert (sit.lemma, sit.head) == ("SIT DOWN", "DOWN")
    assert verbs.blocks[1].code == "---" and verbs.blocks[1].verbs[1].forms == ["DENY", "DENIES", "DENIED", "DENYING"]
    assert parley.patterns is verbs.blocks[0].patterns
    assert len(problems) == 2  # the disjunctive pattern and the undefined synset


def test_block_and_verb_reciprocal_codes():
    verbs = pd.parse_verbs("--- VISIT [032:033] ---\nVISIT\nTOUR [042]\nCALL_ON [036:037]\n")
    visit, tour, call = verbs.blocks[0].verbs
    assert (verbs.blocks[0].code, verbs.blocks[0].reciprocal_code) == ("032", "033")
    assert (visit.code, visit.reciprocal_code) == ("032", "033")
    assert (tour.code, tour.reciprocal_code) == ("042", None)
    assert (call.code, call.reciprocal_code) == ("036", "037")


def test_verb_patterns():
    verbs = pd.parse_verbs(VERBS)
    patterns = verbs.blocks[0].patterns
    assert [p.code for p in patterns] == ["036", "032", "0311"]
    said = patterns[1]
    assert said.reciprocal_code == "033"
    assert [(e.kind, e.value, e.joined) for e in said.before] == [
        ("source", "$", False), ("word", "SAID", False), ("word", "WOULD", False)]
    assert [(e.kind, e.value, e.joined) for e in said.after] == [("word", "AGAIN", True)]
    assert [e.kind for e in said.elements].count("verb") == 1 and said.elements[3].joined
    treaty = patterns[2]
    assert [e.kind for e in treaty.elements] == ["compound", "verb", "synset", "word"]
    assert treaty.synsets == ["&LINK"]
    assert [e.kind for e in patterns[0].after] == ["word", "target"]


def test_synsets_plurals_and_embedding():
    synsets = pd.parse_verbs(VERBS).synsets
    assert synsets["&LINK"] == ["BY", "NEAR"]  # label ends with "_": no plurals
    assert synsets["&FIRE"] == ["TORCH", "TORCHES"]
    assert synsets["&WEAPON"] == ["SLING", "SLINGS", "BOW AND ARROW", "TORCH", "TORCHES"]


def test_discards():
    entries = pd.parse_discards("CRICKET MATCH  # sport\n+FILM_FESTIVAL\nPOLO_\n")
    assert [(d.phrase, d.story, d.whole_word) for d in entries] == [
        ("CRICKET MATCH", False, False), ("FILM FESTIVAL", True, False), ("POLO", False, True)]


def test_plural_rules():
    assert [pd.plural_of(w) for w in ("TROOP", "ARMY", "ENVOY", "CONGRESS", "CHURCH", "POLICEMEN")] == [
        "TROOPS", "ARMIES", "ENVOYS", "CONGRESSES", "CHURCHES", "POLICEMENS"]
    assert pd.plural_of("OFFICIALS") is None


def test_load_lexicon_from_files(tmp_path):
    (tmp_path / "a.actors").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "b.actors").write_text("SOUTHLAND [STH]\n", encoding="utf-8")
    (tmp_path / "x.agents").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "x.verbs").write_text(VERBS, encoding="utf-8")
    (tmp_path / "x.discards").write_text("+FILM FESTIVAL\n", encoding="utf-8")
    lexicon = pd.load_petrarch_lexicon(verbs=tmp_path / "x.verbs",
                                       actors=[tmp_path / "a.actors", tmp_path / "b.actors"],
                                       agents=tmp_path / "x.agents", discards=tmp_path / "x.discards")
    counts = lexicon.counts()
    assert counts["actors"] == 7 and counts["actors_date_restricted"] == 3
    assert counts["verb_blocks"] == 2 and counts["verbs"] == 6 and counts["verb_patterns"] == 3
    assert counts["synsets"] == 3 and counts["discards"] == 1
    assert counts["problems"] == len(lexicon.problems) == 4
    with pytest.raises(LexiconError):
        pd.load_petrarch_lexicon(verbs=tmp_path / "missing.verbs")


def test_a_block_header_loses_its_closing_rule_in_linear_time():
    import re
    import time

    from wirecoder.actors.petrarch_verbs import _without_closing_rule

    for text in ["ACCUSE [112] ---", "ACCUSE [112]   -----  ", "ACCUSE [112]", "A -- ", "---", "  ---",
                 "a---- ---", "NAME -\t---\n", "x --- y", ""]:
        assert _without_closing_rule(text) == re.sub(r"\s*-{3,}\s*$", "", text), text
    started = time.perf_counter()
    for text in [" " * 50_000 + "x", "-" * 50_000 + " x", " -" * 25_000 + "!"]:
        _without_closing_rule(text)
    assert time.perf_counter() - started < 0.5  # the regex took seconds on each
