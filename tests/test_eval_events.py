"""The event scorers (PLOVER, ConfliBERT class and spans, PETRARCH records) on tiny gold files and a fake coder."""

from __future__ import annotations

import json

import pytest

from wirecoder.evaluate import conflibert, metrics, petrarch, plover
from wirecoder.model import ActorRef, Article, CodedArticle, Event


def ref(text: str = "", country: str | None = None, sector: str | None = None,
        start: int | None = None, end: int | None = None) -> ActorRef:
    return ActorRef(text=text, name=text, country=country, sector=sector, start=start, end=end)


def event(plover_type: str = "", cameo: str = "", actor=(), recipient=(), confidence: float = 0.5) -> Event:
    return Event(id="e", article_id="a", sentence="", start=0, end=0, event=plover_type, cameo=cameo,
                 actor=list(actor), recipient=list(recipient), confidence=confidence)


class FakeCoder:
    """Returns the events listed for each text, and remembers how it was called."""

    def __init__(self, events_by_text: dict[str, list[Event]]):
        self.events_by_text = events_by_text
        self.calls: list[tuple[list[str], str | None]] = []

    def code_texts(self, texts, reference_date=None):
        self.calls.append((list(texts), reference_date))
        return [CodedArticle(article=Article(title="", text=t), events=self.events_by_text.get(t, []))
                for t in texts]


# ---------------------------------------------------------------- metrics


def test_precision_recall_f1_from_counts():
    assert metrics.precision_recall_f1(2, 1, 1) == (0.6667, 0.6667, 0.6667)
    assert metrics.precision_recall_f1(0, 0, 0) == (0.0, 0.0, 0.0)
    assert metrics.precision_recall_f1(3, 0, 1) == (1.0, 0.75, 0.8571)


def test_tally_counts_sets_and_macro_f1():
    a, b = metrics.Tally(), metrics.Tally()
    a.add_sets({1, 2, 3}, {2, 3, 4, 5})
    assert (a.tp, a.fp, a.fn, a.support, a.predicted) == (2, 2, 1, 3, 4)
    b.add_sets({"x"}, {"x"})
    assert metrics.macro_f1([a, b]) == round((a.f1 + 1.0) / 2, 4)
    table = metrics.format_class_table({"A": a.to_dict(), "B": b.to_dict()}, total=a.to_dict())
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["class", "gold"]
    assert lines[2].split() == ["A", "3", "4", "2", "0.5000", "0.6667", "0.5714"]
    assert lines[-1].startswith("ALL")


# ---------------------------------------------------------------- PLOVER


def _plover_file(tmp_path):
    data = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "header"},
        {"id": "r1", "text": "Text one.", "event": "DEMAND", "source": [{"actorText": "x", "code": "USA"}],
         "target": [{"actorText": "UN", "code": "IGO"}, {"actorText": "Iraq", "code": "IRQ"}]},
        {"id": "r2", "text": "Text two.", "event": "FIGHT", "source": [{"actorText": "Italy", "code": "ITL"}],
         "target": ""},
        {"id": "r3", "text": "Text three.", "event": "AGREE", "source": [{"actorText": "R", "code": "RUS"}],
         "target": [{"actorText": "U", "code": "UKR", "sector": "GOV"}]},
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _plover_coder():
    return FakeCoder({
        "Text one.": [event("REQUEST", "020", [ref(country="USA")], [ref(country="IRQ")], 0.9),
                      event("ACCUSE", "112", [ref(country="USA")], [ref(country=None)], 0.2),
                      event("", "010", [ref(country="FRA")], [], 0.99)],  # no PLOVER type: ignored
        "Text two.": [event("ASSAULT", "190", [ref(country="ITA")], [ref(country="SYR")], 0.8)],
    })


def test_plover_scores(tmp_path):
    coder = _plover_coder()
    result = plover.evaluate(_plover_file(tmp_path), coder=coder)
    assert len(coder.calls) == 1 and len(coder.calls[0][0]) == 3  # one batched call
    assert result["records"] == 3
    assert (result["event_precision"], result["event_recall"], result["event_f1"]) == (0.6667, 0.6667, 0.6667)
    # ITL is read as Italy; the IGO target is no country and is left out
    assert (result["actor_country_precision"], result["actor_country_recall"]) == (1.0, 0.6667)
    assert result["actor_country_f1"] == 0.8
    assert result["recipient_country_f1"] == 0.5
    assert result["non_country_codes"] == 1
    # ranked pairs: 0.9 right, 0.8 right | 0.2 wrong
    assert (result["precision_top_half"], result["precision_bottom_half"]) == (1.0, 0.0)
    assert (result["top_half_pairs"], result["bottom_half_pairs"]) == (2, 1)
    per_type = result["per_type"]
    assert per_type["REQUEST"]["tp"] == 1 and per_type["ACCUSE"]["fp"] == 1
    assert per_type["AGREE"]["fn"] == 1 and per_type["ASSAULT"]["f1"] == 1.0
    assert "REQUEST" in plover.format_table(result)


def test_plover_limit_and_names(tmp_path):
    result = plover.evaluate(_plover_file(tmp_path), coder=_plover_coder(), limit=1)
    assert result["records"] == 1 and result["event_f1"] == 0.6667
    assert plover.plover_type("disapprove") == "ACCUSE"
    assert plover.country_code("IGO") is None and plover.country_code("JAP") == "JPN"


# ---------------------------------------------------------------- ConfliBERT sentence class


def test_cameo_class_bands():
    assert [conflibert.cameo_class(c) for c in ("010", "0233", "042", "057", "061", "085",
                                                "093", "138", "145", "204")] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert conflibert.cameo_class("---") is None and conflibert.cameo_class("") is None


def test_cameo_class_follows_the_data_conventions():
    # the data labels appeals statements (0) and reducing relations verbal conflict (3)
    assert [conflibert.cameo_class(c) for c in ("020", "0256", "160", "1662", "150", "171")] == [0, 0, 3, 3, 4, 4]


def test_conflibert_class_scores(tmp_path):
    path = tmp_path / "class.tsv"
    path.write_text("One.\t4\nTwo.\t0\nThree.\t1\nFour.\t2\n", encoding="utf-8")
    coder = FakeCoder({
        "One.": [event(cameo="042", confidence=0.3), event(cameo="190", confidence=0.9)],  # best -> 4
        "Three.": [event(cameo="112", confidence=0.5), event(cameo="051", confidence=0.5)],  # tie -> first, 3
        "Four.": [event(cameo="---", confidence=0.9), event(cameo="071", confidence=0.1)],  # no root skipped -> 2
    })
    result = conflibert.evaluate(path, coder=coder)
    assert result["task"] == "class"
    assert result["accuracy"] == 0.75
    assert result["macro_f1"] == 0.6  # classes 0, 2, 4 right; 1 missed; 3 wrong
    assert result["per_class"]["3"]["fp"] == 1 and result["per_class"]["1"]["fn"] == 1
    assert result["confusion"][1][3] == 1
    assert "macro_f1 0.6000" in conflibert.format_table(result)


# ---------------------------------------------------------------- ConfliBERT spans


def test_bio_spans_open_a_chunk_on_stray_inside_tags():
    assert conflibert.bio_spans(["B-S", "I-S", "O", "I-T", "I-T", "B-T", "I-R"]) == {
        (0, 1, "S"), (3, 4, "T"), (5, 5, "T"), (6, 6, "R")}


NER_FILE = ("Iraqi B-S\ntroops I-S\nattacked O\nthe B-T\nrebels I-T\nin O\nMosul O\n. O\n\n"
            "Erdogan B-R\nwill O\nmeet O\nPutin B-R\n. O\n")


def test_conflibert_ner_scores(tmp_path):
    path = tmp_path / "ner.txt"
    path.write_text(NER_FILE, encoding="utf-8")
    first = "Iraqi troops attacked the rebels in Mosul ."
    second = "Erdogan will meet Putin ."
    rebels = first.index("rebels")
    at = second.index("Putin")
    erdogan, putin = ref("Erdogan", start=0, end=7), ref("Putin", start=at, end=at + 5)
    coder = FakeCoder({
        first: [event(cameo="190", actor=[ref("Iraqi troops", start=0, end=12)],
                      recipient=[ref("rebels", start=rebels, end=rebels + 6)])],
        second: [event(cameo="040", actor=[erdogan], recipient=[putin]),
                 event(cameo="040", actor=[putin], recipient=[erdogan])],
    })
    result = conflibert.evaluate(path, coder=coder)
    assert result["task"] == "ner" and result["sentences"] == 2
    assert coder.calls[0][0] == [first, second]
    assert result["counts"] == {"tp": 3, "fp": 1, "fn": 1, "support": 4, "predicted": 4,
                                "precision": 0.75, "recall": 0.75, "f1": 0.75}
    assert result["micro_f1"] == 0.75
    assert result["source_f1"] == 1.0  # R spans count as sources
    assert result["target_f1"] == 0.6667  # "rebels" misses "the rebels"
    assert result["per_label"]["R"]["f1"] == 1.0
    # a shared token is enough for the overlap scores
    assert (result["overlap_f1"], result["target_overlap_f1"]) == (1.0, 1.0)


def test_overlap_matches_are_one_to_one_and_need_the_same_label():
    gold = {(0, 3, "S"), (5, 6, "T")}
    predicted = {(1, 1, "S"), (2, 3, "S"), (5, 5, "S")}
    assert conflibert.overlap_matches(gold, predicted) == 1


def test_predicted_spans_keep_the_longer_of_overlapping_spans():
    tokens = ["The", "Gondor", "army", "shelled", "Osgiliath"]
    text = " ".join(tokens)
    offsets, cursor = [], 0
    for token in tokens:
        offsets.append((cursor, cursor + len(token)))
        cursor += len(token) + 1
    sentence = conflibert.TaggedSentence(tokens, ["O"] * 5, text, offsets)
    events = [event(cameo="190", actor=[ref(start=4, end=10), ref(start=0, end=15)],
                    recipient=[ref(start=text.index("Osgiliath"), end=len(text))])]
    assert conflibert.predicted_spans(sentence, events) == {(0, 2, "S"), (4, 4, "T")}


# ---------------------------------------------------------------- PETRARCH records


PETRARCH_XML = """<Validation>
<Environment>
    <Verbfile>test.verbs.txt</Verbfile>
    <Actorfile>test.actors.txt</Actorfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor restores ties
with Gondor.
</Text>
</Sentence>
<Sentence date="19950101" id="T-02" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happens here.</Text>
</Sentence>
<Sentence date="19950101" id="T-03" category="ERROR" sentence="true">
<EventCoding error="storydiscard"></EventCoding>
<Text>Baseball is played.</Text>
</Sentence>
<Sentence date="20100110" id="T-04" category="COMPOUND" sentence="true">
<EventCoding sourcecode="BREGOV" targetcode="ERI" eventcode="031"></EventCoding>
<EventCoding sourcecode="ERI" targetcode="BREGOV" eventcode="031"></EventCoding>
<Text>The Bree government met Eriador.</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="20100110" id="T-05" category="COMPOUND" sentence="true">
<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"></EventCoding>
<Text>An official appealed.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_records_and_scores(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(PETRARCH_XML, encoding="utf-8")
    dictionaries, records = petrarch.read_records(path)
    assert dictionaries["verbs"] == [tmp_path / "test.verbs.txt"]
    assert records[0].text == "Arnor restores ties with Gondor."
    assert records[2].error == "storydiscard"
    assert [r.require_dyad for r in records] == [True, True, True, True, False]

    coder = FakeCoder({
        "Arnor restores ties with Gondor.": [event(cameo="064", actor=[ref(country="ARN")],
                                                   recipient=[ref(country="GON")])],
        "The Bree government met Eriador.": [event(cameo="031", actor=[ref(country="BRE", sector="GOV")],
                                                   recipient=[ref(country="ERI")])],
        "An official appealed.": [event(cameo="023", actor=[ref("An official", sector="GOV")])],
    })
    result = petrarch.evaluate(path, coder=coder)
    # texts batched by reference date, the date passed on as ISO
    assert sorted(day for _, day in coder.calls) == ["1995-01-01", "2010-01-10"]
    assert (result["records"], result["scored"], result["skipped_errors"]) == (5, 4, 1)
    assert result["passed"] == 3 and result["exact"] == 0.75
    assert (result["triple_precision"], result["triple_recall"], result["triple_f1"]) == (1.0, 0.75, 0.8571)
    assert result["per_category"]["COMPOUND"]["passed"] == 1
    assert "COMPOUND" in petrarch.format_table(result)


class ConfigurableCoder(FakeCoder):
    """A fake whose `.coder.options` the scorer sets from each record's <Config> before coding it."""

    def __init__(self, events_by_text):
        super().__init__(events_by_text)
        from wirecoder.events.petrarch_coder import PetrarchOptions

        self.coder = type("Inner", (), {})()
        self.coder.options = PetrarchOptions()
        self.seen_options: list[tuple[bool, int]] = []

    def code_texts(self, texts, reference_date=None):
        self.seen_options.append((self.coder.options.require_dyad, self.coder.options.new_actor_length))
        return super().code_texts(texts, reference_date)


def test_petrarch_config_reaches_a_configurable_coder(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(PETRARCH_XML, encoding="utf-8")
    coder = ConfigurableCoder({})
    petrarch.evaluate(path, coder=coder)
    # the 2010-01-10 records differ in require_dyad, so they are coded in two calls
    assert sorted(coder.seen_options) == [(False, 0), (True, 0), (True, 0)]
    assert sorted(day for _, day in coder.calls) == ["1995-01-01", "2010-01-10", "2010-01-10"]


PETRARCH_DICT_XML = """<Validation>
<Environment>
    <Verbfile>tiny.verbs.txt</Verbfile>
    <Actorfile>tiny.actors.txt</Actorfile>
    <Agentfile>tiny.agents.txt</Agentfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="NTH" targetcode="STHGOV" eventcode="122"></EventCoding>
<Text>Northland condemned the Southland government.</Text>
</Sentence>
<Sentence date="20050101" id="T-02" category="DATE" sentence="true">
<EventCoding sourcecode="NTHREB" targetcode="STHGOV" eventcode="122"></EventCoding>
<Text>Northland condemned the Southland government.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_default_coder_uses_the_environment_dictionaries(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(PETRARCH_DICT_XML, encoding="utf-8")
    (tmp_path / "tiny.verbs.txt").write_text("--- CONDEMN [122] ---\nCONDEMN\n", encoding="utf-8")
    (tmp_path / "tiny.actors.txt").write_text("NORTHLAND\n\t[NTH <20000101]\n\t[NTHREB >20000102]\n"
                                              "SOUTHLAND [STH]\n", encoding="utf-8")
    (tmp_path / "tiny.agents.txt").write_text("GOVERNMENT [~GOV]\n", encoding="utf-8")
    result = petrarch.evaluate(path)
    assert (result["scored"], result["passed"], result["triple_f1"]) == (2, 2, 1.0)


def test_petrarch_code_joins_actor_and_agents():
    assert petrarch.petrarch_code(ref(country="USA", sector="GOV")) == "USAGOV"
    assert petrarch.petrarch_code(ref(country="ARN", sector="NGO~ ~GOVFRM")) == "NGOARNGOVFRM"
    assert petrarch.petrarch_code(ref(country="USAGOV", sector="GOV")) == "USAGOV"
    assert petrarch.petrarch_code(ref(sector="~GOV")) == "---GOV"
    assert petrarch.petrarch_code(ref(country="---")) == "---"
    assert petrarch.petrarch_code(ref("Eriador's injury toll")) == ""
    assert petrarch.petrarch_code(ref("Eriador's injury toll"), new_actor_length=3) == '"ERIADOR INJURY TOLL"'
    assert petrarch.petrarch_code(ref("a very long new actor name"), new_actor_length=3) == ""


def test_event_triples_need_a_dyad_unless_told_otherwise():
    events = [event(cameo="041", actor=[ref(country="FOR"), ref(country="GON")], recipient=[ref(country="OSG")]),
              event(cameo="023", actor=[ref(sector="GOV")], recipient=[])]
    assert petrarch.event_triples(events) == {("FOR", "OSG", "041"), ("GON", "OSG", "041")}
    assert ("---GOV", "---", "023") in petrarch.event_triples(events, require_dyad=False)


def test_missing_gold_file_is_an_input_error(tmp_path):
    from wirecoder.errors import InputError

    with pytest.raises(InputError):
        plover.evaluate(tmp_path / "missing.json", coder=FakeCoder({}))
    with pytest.raises(InputError):
        petrarch.evaluate(tmp_path / "missing.xml", coder=FakeCoder({}))


def test_calibration_error_and_precision_at_high_confidence():
    # bin 0.9: 2 of 3 right at mean 0.9 -> gap 0.2333; bin 0.3: 1 of 2 right at 0.3 -> gap 0.2
    pairs = [(0.9, True), (0.9, True), (0.9, False), (0.3, True), (0.3, False)]
    result = metrics.calibration(pairs)
    assert result["ece"] == round((0.2333333 * 3 + 0.2 * 2) / 5, 4)
    assert result["precision_at_80"] == 0.6667 and result["share_at_80"] == 0.6
    assert metrics.calibration([(1.0, True), (0.0, False)])["ece"] == 0.0  # the ends fall in the end bins
    assert metrics.calibration([])["calibration_pairs"] == 0


def test_plover_reports_calibration(tmp_path):
    result = plover.evaluate(_plover_file(tmp_path), coder=_plover_coder())
    assert {"ece", "precision_at_80", "share_at_80"} <= set(result)
    assert "precision_at_80" in plover.format_table(result)


def test_gold_actor_text_spans_split_at_dots_and_stay_linear():
    import time

    text = "U.S. and Iranian negotiators met in Vienna, where U.S.  officials said little."
    assert plover.text_spans(text, "U.S. ... negotiators") == [(0, 4), (50, 54), (17, 28)]
    assert plover.text_spans(text, "U.S.\t..  negotiators") == plover.text_spans(text, "U.S. ... negotiators")
    started = time.perf_counter()
    plover.text_spans(text, " " * 30_000 + "x")
    assert time.perf_counter() - started < 0.5  # r"\s*\.{2,}\s*" took seconds here
