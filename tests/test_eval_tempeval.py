"""The TempEval-3 scorer on small hand-written TimeML files."""

import spacy

from wirecoder.evaluate import tempeval
from wirecoder.model import TimeRef

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test-001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-12-13" temporalFunction="false" functionInDocument="CREATION_TIME">20241213</TIMEX3></DCT>
<TEXT>
Blinken <EVENT eid="e1" class="OCCURRENCE">met</EVENT> Sudani in Baghdad on <TIMEX3 tid="t1" type="DATE" value="2024-12-13">Friday</TIMEX3> &amp; will return <TIMEX3 tid="t2" type="DATE" value="2025">next year</TIMEX3>. The war lasted <TIMEX3 tid="t3" type="DURATION" value="P13Y">more than 13 years</TIMEX3>. Talks began <TIMEX3 tid="t4" type="DATE" value="2024-12">earlier this month</TIMEX3>.
</TEXT>
</TimeML>
"""


def _at(text: str, phrase: str, type_: str, value: str) -> TimeRef:
    start = text.index(phrase)
    return TimeRef(text=phrase, value=value, granularity="day", type=type_, start=start, end=start + len(phrase))


def test_read_timeml_offsets_and_reference(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    document = tempeval.read_timeml(path)
    assert document.doc_id == "test-001"
    assert document.reference_date == "2024-12-13"
    assert [t.text for t in document.timexes] == ["Friday", "next year", "more than 13 years", "earlier this month"]
    for t in document.timexes:
        assert document.text[t.start:t.end] == t.text
    assert "&" in document.text and "<EVENT" not in document.text


def test_scores_with_known_predictions(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "copy.tml").write_text(TML, encoding="utf-8")  # same DOCID: scored once
    seen_references = []

    def fake_find_times(doc, reference_date):
        seen_references.append(reference_date)
        text = doc.text
        return [
            _at(text, "Friday", "DATE", "2024-12-13"),  # exact: strict, value and type right
            _at(text, "this month", "TIME", "2024-12"),  # overlaps "earlier this month": value right, type wrong
            _at(text, "13 years", "DURATION", "P12Y"),  # overlaps: value wrong
            _at(text, "Baghdad", "DATE", "2024"),  # spurious; "next year" is missed
        ]

    monkeypatch.setattr("wirecoder.when.find_times", fake_find_times)
    result = tempeval.evaluate(tmp_path, nlp=spacy.blank("en"))
    assert seen_references == ["2024-12-13"]
    assert result["documents"] == 1
    assert (result["gold"], result["predicted"]) == (4, 4)  # the creation time is not counted
    assert result["strict_f1"] == 0.25
    assert result["relaxed_f1"] == 0.75
    assert result["value_f1"] == 0.5
    assert result["type_accuracy"] == round(2 / 3, 4)
    assert result["per_type"]["DATE"]["gold"] == 3
    assert result["per_type"]["DURATION"]["relaxed_matches"] == 1
    # the TIME prediction overlapped a DATE: TIME's precision, DATE's recall
    assert result["per_type"]["TIME"]["relaxed_precision"] == 1.0
    assert result["per_type"]["TIME"]["gold"] == 0
    assert result["per_type"]["DATE"]["relaxed_recall"] == round(2 / 3, 4)
    table = tempeval.format_table(result)
    assert "DURATION" in table and "ALL" in table


def test_match_spans_is_one_to_one_and_prefers_exact():
    pairs = tempeval.match_spans([(0, 10), (12, 20)], [(0, 10), (5, 15), (14, 16)])
    assert sorted(pairs) == [(0, 0), (1, 1)]


def test_real_pipeline_on_a_tiny_file(tmp_path, nlp):
    (tmp_path / "doc.tml").write_text(TML, encoding="utf-8")
    result = tempeval.evaluate(tmp_path / "doc.tml", nlp=nlp)
    assert result["strict_f1"] == 1.0
    assert result["value_f1"] == 1.0
