"""The Phoenix dictionaries PETRARCH2 ships (../shared/dictionaries/phoenix), read from ../shared, never copied:
every pattern loads, and coding follows PETRARCH2's reading of its grouped patterns.  Sentences are our own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wirecoder.actors import petrarch_dicts as pd
from wirecoder.actors.petrarch2_patterns import NounSlot, PrepSlot, parse_grouped, parse_transformation
from wirecoder.actors.petrarch_report import format_report, load_report

PHOENIX = Path(__file__).resolve().parent.parent.parent / "shared" / "dictionaries" / "phoenix"
pytestmark = pytest.mark.skipif(not (PHOENIX / "CAMEO.2.0.txt").is_file(),
                                reason="../shared/dictionaries/phoenix is not beside the checkout")


@pytest.fixture(scope="module")
def lexicon():
    return pd.load_dictionaries(PHOENIX)


@pytest.fixture(scope="module")
def coder(nlp, lexicon):
    from wirecoder.events.petrarch_coder import PetrarchCoder

    return PetrarchCoder(nlp.vocab, lexicon)


def _triples(nlp, coder, text, day="2015-06-01"):
    from wirecoder.evaluate.petrarch import event_triples

    doc = nlp(text)
    return event_triples([e for s in doc.sents for e in coder.code_sentence(s, "a", day)])


def test_every_pattern_line_loads(lexicon):
    lines = (PHOENIX / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace").splitlines()
    pattern_lines = [line for line in lines if re.match(r"^-\s+\S", line) and not line.startswith("---")]
    transformation_lines = [line for line in lines if line.startswith("~")]
    assert len(lexicon.verbs.patterns) == len(pattern_lines) > 4000
    assert len(lexicon.verbs.transformations) == len(transformation_lines) == 8
    assert lexicon.verbs.style == "petrarch2"
    assert all(p.grouped is not None for p in lexicon.verbs.patterns)
    assert not [p for p in lexicon.problems if p.startswith("CAMEO") and p.endswith("skipped")]
    report = load_report(lexicon)
    forms = report["pattern_forms"]
    assert forms["noun_phrase"] > 500 and forms["prepositional"] > 1000 and forms["synset"] > 500
    assert forms["negative"] > 100 and forms["reverse_only"] > 50 and forms["compound_marker"] >= 1
    assert len(report["skipped"]) == 1  # the agent line without a code, which PETRARCH2 skips too
    assert "pattern forms:" in format_report(report)


def test_actor_files_load_with_petrarch_dates(lexicon):
    assert len(lexicon.actors) > 25000 and len(lexicon.agents) > 3000 and lexicon.discards
    assert not [p for p in lexicon.problems if "cannot read code" in p]  # junk after YYYYMMDD is ignored


def test_grouped_patterns_read_as_petrarch2_reads_them():
    grouped = parse_grouped("* {HUMANITARIAN AID} (TO +)")
    assert grouped.lower_nouns == (NounSlot("AID", ("HUMANITARIAN",)),)
    assert grouped.lower_preps == (PrepSlot("TO", (NounSlot("+"),)),)
    upper = parse_grouped("&MILITARY (FROM ^) *")
    assert upper.upper_nouns == (NounSlot("&MILITARY"),) and upper.upper_preps == (PrepSlot("FROM", (NounSlot("^"),)),)
    nested = parse_grouped("* (OVER {&WEAPON DEAL}) (WITH)")
    assert nested.lower_preps == (PrepSlot("OVER", (NounSlot("DEAL", ("&WEAPON",)),)), PrepSlot("WITH"))
    assert parse_grouped("* DEBT_RELIEF").lower_nouns == (NounSlot("RELIEF", ("DEBT",)),)
    assert parse_grouped("{A B}") is None  # no verb
    t = parse_transformation("~ x (x y HIT) TELL = x y 099")
    assert (t.outer_source, t.inner_source, t.inner_target, t.inner, t.outer, t.code) == ("x", "x", "y", "HIT",
                                                                                         "TELL", "099")


def test_noun_phrase_with_modifier_beats_the_bare_head(nlp, coder):
    assert _triples(nlp, coder, "Norway sent aid to Chad.") == {("NOR", "TCD", "070")}
    assert _triples(nlp, coder, "Norway sent humanitarian aid to Chad.") == {("NOR", "TCD", "073")}


def test_prepositional_pattern_and_the_more_specific_one(nlp, coder):
    assert _triples(nlp, coder, "Chile rushed soldiers to the border with Peru.") == {("CHL", "---MIL", "154")}
    assert _triples(nlp, coder, "Chile rushed police to the border with Peru.") == {("CHL", "---COP", "153")}


def test_negative_pattern_on_the_subject_side_stops_the_verb(nlp, coder):
    assert _triples(nlp, coder, "Pilgrims from Nigeria visited Israel.") == set()
    assert ("NGA", "ISR", "042") in _triples(nlp, coder, "Nigerian officials visited Israel.")


def test_reverse_only_code(nlp, coder):
    # "[:173]": only target -> source, the court arrests the one who appears before it
    assert _triples(nlp, coder, "The Kenyan opposition leader appeared before a court in Nairobi.") == {
        ("KENJUD", "KENOPP", "173")}


def test_eval_petrarch_with_dictionaries(tmp_path):
    from typer.testing import CliRunner

    from wirecoder.cli.main import app

    records = tmp_path / "records.xml"
    records.write_text("""<Sentences>
<Sentence date="20150601" id="T1_1" source="test" sentence="True"><Text>Norway sent humanitarian aid to Chad.</Text>
<EventCoding sourcecode="NOR" targetcode="TCD" eventcode="073"/></Sentence>
<Sentence date="20150601" id="T2_1" source="test" sentence="True"><Text>Pilgrims from Nigeria visited Israel.</Text>
<EventCoding noevents="True"/></Sentence>
</Sentences>""", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "petrarch", str(records), "--dictionaries", str(PHOENIX), "--json"])
    assert result.exit_code == 0, result.output
    assert "petrarch2 reading" in result.output and '"exact": 1.0' in result.output
    bad = CliRunner().invoke(app, ["eval", "petrarch", str(records), "--dictionaries", str(tmp_path / "none")])
    assert bad.exit_code != 0


def test_verb_transformations(nlp, coder):
    # a says a attacked b: a claims the attack (015); a says b attacked: a accuses b (112);
    # a wants to attack b (no subject of its own): a threatens b (138)
    assert _triples(nlp, coder, "Iran said it had attacked Kurdish rebels in Iraq.") == {("IRN", "---REB", "015")}
    assert _triples(nlp, coder, "Egypt said Hamas attacked Israeli soldiers.") == {("EGY", "PSEREBHMS", "112")}
    assert _triples(nlp, coder, "Turkey wants to attack Syria.") == {("TUR", "SYR", "138")}


def test_code_families_of_transformations():
    from wirecoder.events.petrarch2_transform import _under

    assert _under("193", "190") and _under("1951", "190") and _under("012", "010")
    assert not _under("180", "190") and not _under("1862", "185") and _under("1862", "186")
    assert not _under("190", "---") and not _under(None, "190")
