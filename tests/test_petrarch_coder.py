"""PetrarchCoder: PETRARCH/TABARI dictionaries applied over our own parse, on tiny hand-written dictionaries."""

from __future__ import annotations

import pytest

from wirecoder.actors import petrarch_dicts as pd
from wirecoder.errors import LexiconError
from wirecoder.evaluate.petrarch import event_triples
from wirecoder.events import petrarch_coder as pc

ACTORS = """NORTHLAND [NTH]
+THE_NORTH
SOUTHLAND [STH]
WESTMARK [WMK]
EASTLAND
\t[ELD <19991231]
\t[ELDREB >20000105]
TWIN_REALMS [NTH/STH]
"""

AGENTS = """GOVERNMENT [~GOV]
PRESIDENT [~GOV]
OFFICIAL [~GOV]
MILITIA {} [~MIL]
RELIEF_SOCIETY [NGO~]
LAWMAKER [~LEG]
"""

VERBS = """&COIN
+SILVER_CROWNS
+GOLD MARKS

--- RESTORE [064] ---
RESTORE
- * THE FULL [---]

--- CONDEMN [122] ---
CONDEMN

--- CONTRIBUTE [070] ---
CONTRIBUTE
- * &COIN [071]

--- LEAVE [032:033] ---
LEAVE {LEFT LEAVES LEAVING}

--- FREE [066] ---
FREE
- + * FROM $ [067]

--- BREAK [191] ---
BREAK {BROKE BROKEN}
+BREAK_DOWN {+BROKE_DOWN +BROKEN_DOWN}
- * TALKS [192]

--- AGREE [081] ---
AGREE
- % * [030:030]
"""

DISCARDS = """FOOTBALL
+FILM FESTIVAL
"""


@pytest.fixture(scope="module")
def lexicon():
    problems: list[str] = []
    lex = pd.PetrarchLexicon(actors=pd.parse_actors(ACTORS, problems=problems),
                             agents=pd.parse_agents(AGENTS, problems=problems),
                             verbs=pd.parse_verbs(VERBS, problems=problems),
                             discards=pd.parse_discards(DISCARDS, problems=problems))
    assert problems == []
    return lex


@pytest.fixture(scope="module")
def coder(nlp, lexicon):
    return pc.PetrarchCoder(nlp.vocab, lexicon)


class Dated:
    def __init__(self, day):
        self.date = day


def triples(nlp, coder, text, day=None, **options):
    events = coder.code(nlp(text), Dated(day), "a1")
    return event_triples(events, require_dyad=options.get("require_dyad", True),
                         new_actor_length=options.get("new_actor_length", 0))


def test_default_code_source_and_target(nlp, coder):
    assert triples(nlp, coder, "Northland restored diplomatic ties with Southland on Monday.") == {
        ("NTH", "STH", "064")}


def test_event_fields(nlp, coder):
    text = "Northland restored diplomatic ties with Southland on Monday."
    [event] = coder.code(nlp(text), Dated(None), "a1")
    assert (event.trigger, text[event.trigger_start:event.trigger_end]) == ("restored", "restored")
    assert event.actor[0].country == "NTH" and event.actor[0].text == "Northland"
    assert event.recipient[0].text.endswith("Southland") and (event.start, event.end) == (0, len(text))
    assert event.quad_class == 2 and event.event  # CAMEO 064 is known, so PLOVER fields are filled


def test_passive_with_agent_swaps_source_and_target(nlp, coder):
    assert triples(nlp, coder, "Northland was condemned by Southland.") == {("STH", "NTH", "122")}


def test_compound_source_and_agent_suffix(nlp, coder):
    assert triples(nlp, coder, "Northland and Westmark condemned the Southland government.") == {
        ("NTH", "STHGOV", "122"), ("WMK", "STHGOV", "122")}


def test_compound_agents_and_actors_multiply(nlp, coder):
    text = "Lawmakers and officials in Northland and Westmark condemned Southland."
    assert triples(nlp, coder, text) == {("NTHLEG", "STH", "122"), ("NTHGOV", "STH", "122"),
                                         ("WMKLEG", "STH", "122"), ("WMKGOV", "STH", "122")}


def test_agent_prefix_and_agent_without_actor(nlp, coder):
    found = triples(nlp, coder, "The Relief Society of Northland condemned the militia.", require_dyad=False)
    assert found == {("NGONTH", "---MIL", "122")}


def test_reciprocal_code_and_agents_from_a_prepositional_phrase(nlp, coder):
    assert triples(nlp, coder, "The Northland president left for Southland on Tuesday.") == {
        ("NTHGOV", "STH", "032"), ("STH", "NTHGOV", "033")}


def test_synset_pattern_beats_the_default_code(nlp, coder):
    text = "Officials from Northland will contribute a million silver crowns to Southland."
    assert triples(nlp, coder, text) == {("NTHGOV", "STH", "071")}
    assert triples(nlp, coder, "Northland will contribute a million coins to Southland.") == {
        ("NTH", "STH", "070")}


def test_pattern_roles_and_null_pattern(nlp, coder):
    assert triples(nlp, coder, "The Northland militia was freed from Southland.") == {("STH", "NTHMIL", "067")}
    # "* THE FULL [---]" matches: the verb codes nothing
    assert triples(nlp, coder, "Northland will restore the full ties with Southland.") == set()


def test_multi_word_verb_and_its_patterns(nlp, coder):
    assert triples(nlp, coder, "Northland broke down talks with Southland.") == {("NTH", "STH", "192")}
    assert triples(nlp, coder, "Northland broke relations with Southland.") == {("NTH", "STH", "191")}


def test_compound_marker_codes_between_the_members(nlp, coder):
    assert triples(nlp, coder, "Northland and Westmark agree that the dispute should end.") == {
        ("NTH", "WMK", "030"), ("WMK", "NTH", "030")}


def test_compound_dictionary_code_and_synonym(nlp, coder):
    assert triples(nlp, coder, "The Twin Realms condemned Westmark.") == {("NTH", "WMK", "122"),
                                                                          ("STH", "WMK", "122")}
    assert triples(nlp, coder, "The North condemned Westmark.") == {("NTH", "WMK", "122")}


def test_date_restricted_actor_codes(nlp, coder):
    text = "Eastland condemned Westmark."
    assert triples(nlp, coder, text, "1995-06-01") == {("ELD", "WMK", "122")}
    assert triples(nlp, coder, text, "2005-06-01") == {("ELDREB", "WMK", "122")}
    assert triples(nlp, coder, text, "2000-01-03") == set()  # between the restrictions: no code


def test_dyad_and_new_actor_options(nlp, lexicon):
    coder = pc.PetrarchCoder(nlp.vocab, lexicon, require_dyad=False, new_actor_length=2)
    found = triples(nlp, coder, "Northland condemned the blockade.", require_dyad=False, new_actor_length=2)
    assert found == {("NTH", '"THE BLOCKADE"', "122")}
    strict = pc.PetrarchCoder(nlp.vocab, lexicon)
    assert triples(nlp, strict, "Northland condemned the blockade.") == set()


def test_discards(nlp, coder):
    assert triples(nlp, coder, "Northland condemned Southland after the football match.") == set()
    story = "Northland condemned Southland. The film festival opened."
    assert coder.code(nlp(story), Dated(None), "a1") == []


def test_a_coded_verb_hides_the_verbs_inside_its_phrase(nlp, coder):
    text = "Northland condemned Southland after Westmark restored ties with Eastland."
    assert triples(nlp, coder, text, "1995-01-01") == {("NTH", "STH", "122")}


def test_match_sequence_gaps_synsets_and_roles():
    items = [pc.Item("WILL"), pc.Item(None, 0), pc.Item("GOLD"), pc.Item(None, 0), pc.Item("MARKS"),
             pc.Item("TO"), pc.Item(None, 1), pc.Item("SOUTHLAND"), pc.Item(None, 1)]
    synsets = {"&COIN": ({"CROWNS"}, [("GOLD", "MARKS")])}
    word = pd.PatternElement("word", "TO")
    coin = pd.PatternElement("synset", "&COIN")
    target = pd.PatternElement("target", "+")
    found = pc.Match("071", None)
    # open gaps: words may come between; the synset phrase runs over a phrase edge
    assert pc.match_sequence(((coin, True), (word, True), (target, True)), items, False, synsets, found)
    assert found.target == 1
    # "_": nothing may come between the verb and TO
    assert not pc.match_sequence(((word, False),), items, False, synsets, pc.Match("071", None))
    assert pc.match_sequence((), items, False, synsets, pc.Match("071", None))


def test_agent_codes_are_not_repeated():
    gov = pd.AgentEntry(pd.parse_phrase("GOVERNMENT"), "GOV")
    med = pd.AgentEntry(pd.parse_phrase("NEWSPAPER"), "MED")
    ngo = pd.AgentEntry(pd.parse_phrase("RELIEF"), "NGO", prefix=True)
    assert pc._assemble_codes("USAGOV", [gov]) == ("USAGOV", [])
    assert pc._assemble_codes("ARN", [ngo, gov]) == ("NGOARNGOV", ["NGO~", "~GOV"])
    assert pc._assemble_codes(None, [gov, med]) == ("---GOVMED", ["~GOV", "~MED"])
    assert pc.new_actor_code("Eriador's injury toll", 3) == '"ERIADOR INJURY TOLL"'


def test_petrarch_pipeline_from_a_folder(tmp_path, nlp):
    (tmp_path / "test.verbs.txt").write_text(VERBS, encoding="utf-8")
    (tmp_path / "test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "test.agents.txt").write_text(AGENTS, encoding="utf-8")
    found = pd.find_dictionaries(tmp_path)
    assert sorted(found) == ["actors", "agents", "verbs"]
    pipeline = pc.petrarch_pipeline(tmp_path, nlp=nlp, geocode=False)
    [article] = pipeline.code_texts(["Northland was condemned by Southland."], reference_date="1995-01-01")
    assert event_triples(article.events) == {("STH", "NTH", "122")}
    records = tmp_path / "records.xml"
    records.write_text("<Validation><Environment><Verbfile>test.verbs.txt</Verbfile>"
                       "<Actorfile>test.actors.txt</Actorfile></Environment>"
                       "<Sentences><Sentence id='x' date='19950101'><Text>x</Text></Sentence></Sentences>"
                       "</Validation>", encoding="utf-8")
    assert pd.find_dictionaries(records) == {"verbs": [tmp_path / "test.verbs.txt"],
                                             "actors": [tmp_path / "test.actors.txt"]}
    with pytest.raises(LexiconError):
        pd.find_dictionaries({"nouns": tmp_path / "x"})
    (tmp_path / "test.verbs.txt").unlink()
    with pytest.raises(LexiconError):
        pd.find_dictionaries(tmp_path)


def test_cli_codes_with_a_users_dictionary_folder(tmp_path):
    """`wirecoder code --dictionaries DIR` and `run --dictionaries DIR` use the user's PETRARCH files."""
    import json
    import subprocess
    import sys

    folder = tmp_path / "dicts"
    folder.mkdir()
    for name, text in (("my.actors.txt", ACTORS), ("my.agents.txt", AGENTS), ("my.verbs.txt", VERBS),
                       ("my.discards.txt", DISCARDS)):
        (folder / name).write_text(text)
    article = tmp_path / "news.txt"
    article.write_text("Northland condemned Southland on Tuesday.\n")
    cli = [sys.executable, "-m", "wirecoder.cli.main"]
    coded = subprocess.run([*cli, "code", str(article), "--dictionaries", str(folder)], capture_output=True,
                           text=True, timeout=300)
    assert coded.returncode == 0, coded.stderr
    events = json.loads(coded.stdout)["events"]
    assert [(e["cameo"], e["actor"][0]["country"], e["recipient"][0]["country"]) for e in events] == [
        ("122", "NTH", "STH")]
    db = tmp_path / "store.duckdb"
    ran = subprocess.run([*cli, "run", str(article), "--db", str(db), "--dictionaries", str(folder)],
                         capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    stored = subprocess.run([*cli, "events", "--db", str(db), "--format", "json"], capture_output=True, text=True)
    assert [e["cameo"] for e in json.loads(stored.stdout)] == ["122"]
    missing = subprocess.run([*cli, "code", str(article), "--dictionaries", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.startswith("Error:")
