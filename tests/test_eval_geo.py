"""The geo scorer on tiny hand-written files in each gold format."""

import math

import pytest

from wirecoder.evaluate.geo import MAX_ERROR_KM, error_stats, evaluate, format_table, read_gold

TEXT = "Officials in Baghdad and Damascus met in Paris."

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[{text}]]></text>
    <toponyms>
      <toponym><start>13</start><end>20</end><phrase>Baghdad</phrase>
        <gaztag geonameid="98182"><name>Baghdad</name><lat>33.34058</lat><lon>44.40088</lon></gaztag></toponym>
      <toponym><start>25</start><end>33</end><phrase>Damascus</phrase>
        <gaztag geonameid="170654"><name>Damascus</name><lat>33.5102</lat><lon>36.29128</lon></gaztag></toponym>
      <toponym><start>41</start><end>46</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name><lat>33.66</lat><lon>-95.55</lon></gaztag></toponym>
      <toponym><start>0</start><end>9</end><phrase>Officials</phrase></toponym>
    </toponyms>
  </article>
</articles>
""".format(text=TEXT)

# GeoVirus offsets may be shifted by a character; the reader realigns them on the name.
GEOVIRUS = """<articles>
    <article>
        <source>https://example.org/a</source>
        <text>{text}</text>
        <locations>
            <location><name>Baghdad</name><start>14</start><end>21</end><lat>33.34</lat><lon>44.4</lon></location>
            <location><name>Damascus</name><start>25</start><end>33</end><lat>33.51</lat><lon>36.29</lon></location>
        </locations>
    </article>
</articles>
""".format(text=TEXT)

GEOWEBNEWS = """<articles>
  <article file="1">
    <title>t</title><link>l</link>
    <text>{text}</text>
    <toponyms>
      <toponym><extractedName>Baghdad</extractedName><normalisedName>Baghdad</normalisedName>
        <type>Literal</type><modifierType></modifierType><nonLocational>No</nonLocational>
        <start>13</start><end>20</end><geonamesID>98182</geonamesID>
        <latitude>33.34058</latitude><longitude>44.40088</longitude></toponym>
      <toponym><extractedName>Officials</extractedName><normalisedName></normalisedName>
        <type>Non_Toponym</type><modifierType></modifierType><nonLocational>Yes</nonLocational>
        <start>0</start><end>9</end></toponym>
    </toponyms>
  </article>
</articles>
""".format(text=TEXT)


@pytest.fixture
def gold_file(tmp_path):
    def write(content):
        path = tmp_path / "gold.xml"
        path.write_text(content, encoding="utf-8")
        return path
    return write


def test_read_lgl(gold_file):
    kind, articles = read_gold(gold_file(LGL))
    assert kind == "lgl" and len(articles) == 1
    toponyms = articles[0].toponyms
    assert [TEXT[t.start:t.end] for t in toponyms] == ["Baghdad", "Damascus", "Paris", "Officials"]
    assert toponyms[3].lat is None  # no gaztag: a toponym without coordinates


def test_the_outlets_address_is_read_and_used(gold_file):
    with_url = LGL.replace('<article docid="1">', '<article docid="1"><url>http://www.example.co.uk/a</url>')
    kind, articles = read_gold(gold_file(with_url))
    assert articles[0].url == "http://www.example.co.uk/a"
    assert read_gold(gold_file(LGL))[1][0].url is None
    text = "Flooding hit Richmond overnight."
    richmond = ('<articles><article><url>{url}</url><text>{text}</text><toponyms><toponym><start>13</start>'
                '<end>21</end><phrase>Richmond</phrase><gaztag><lat>51.46</lat><lon>-0.30</lon></gaztag>'
                '</toponym></toponyms></article></articles>')
    british = evaluate(gold_file(richmond.format(url="https://www.example.co.uk/x", text=text)), e2e=False)
    unknown = evaluate(gold_file(richmond.format(url="https://www.example.com/x", text=text)), e2e=False)
    assert british["resolution_acc161"] == 1.0 and unknown["resolution_acc161"] == 0.0


def test_read_geovirus_realigns_offsets(gold_file):
    kind, articles = read_gold(gold_file(GEOVIRUS))
    assert kind == "geovirus"
    assert [TEXT[t.start:t.end] for t in articles[0].toponyms] == ["Baghdad", "Damascus"]


def test_read_geowebnews_keeps_only_toponyms_with_coordinates(gold_file):
    kind, articles = read_gold(gold_file(GEOWEBNEWS))
    assert kind == "geowebnews"
    assert [t.name for t in articles[0].toponyms] == ["Baghdad"]


def test_read_geowebnews_fields_written_as_attributes(gold_file):
    attributes = ('<articles><article><text>{text}</text><toponyms>'
                  '<toponym extractedName="Baghdad" start="13" end="20" latitude="33.34" longitude="44.40"/>'
                  '</toponyms></article></articles>').format(text=TEXT)
    kind, articles = read_gold(gold_file(attributes))
    assert kind == "geowebnews"
    (toponym,) = articles[0].toponyms
    assert TEXT[toponym.start:toponym.end] == "Baghdad" and toponym.lat == pytest.approx(33.34)


def test_error_stats():
    perfect = error_stats([0.0, 0.0, 0.0])
    assert perfect["acc161"] == 1.0 and perfect["auc"] == 0.0
    worst = error_stats([MAX_ERROR_KM, MAX_ERROR_KM])
    assert worst["acc161"] == 0.0 and worst["auc"] == pytest.approx(1.0, abs=1e-4)
    mixed = error_stats([0.0, 100.0, 1000.0])
    assert mixed["acc161"] == pytest.approx(2 / 3) and mixed["median_error_km"] == 100.0
    expected = ((math.log(1) + math.log(101)) / 2 + (math.log(101) + math.log(1001)) / 2) / (2 * math.log(MAX_ERROR_KM))
    assert mixed["auc"] == pytest.approx(expected)


def test_resolution_scores_on_lgl(gold_file):
    result = evaluate(gold_file(LGL), e2e=False)
    assert result["toponyms"] == 4 and result["toponyms_with_coordinates"] == 3
    # Baghdad and Damascus are right; this Paris is the one in Texas, which nothing in the text says
    assert result["resolution_acc161"] == pytest.approx(2 / 3)
    assert result["mean_error_km"] > 1000
    assert "ner_f1" not in result


def test_end_to_end_scores(gold_file, nlp):
    result = evaluate(gold_file(GEOVIRUS))
    assert result["resolution_acc161"] == 1.0
    assert result["ner_recall"] == 1.0 and result["e2e_acc161"] == 1.0
    assert 0 < result["ner_precision"] <= 1.0  # Paris is found but not in this gold


def test_format_table(gold_file):
    table = format_table(evaluate(gold_file(GEOWEBNEWS), e2e=False))
    assert "resolution_acc161" in table and "1.000" in table and "geowebnews" in table
