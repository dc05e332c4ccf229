"""The realworld scorer (ACLED notes, GTD summaries) on records written here, with a fake pipeline, and the
PLOVER scorer's pair_found."""

from __future__ import annotations

import json

import pytest

from wirecoder.errors import InputError
from wirecoder.evaluate import metrics, plover, realworld
from wirecoder.model import ActorRef, Article, CodedArticle, Event, Place, TimeRef

CLASH = ("On 3 March 2019, fighters of a made-up front clashed with soldiers near Koutal village. "
         "Two people were killed.")
MARCH = "Teachers marched in Pelorin to demand back pay."


def record(rid, dataset, text, gold, stratum="s1"):
    return {"id": rid, "dataset": dataset, "stratum": stratum, "text": text, "ref_date": "2019-03-03",
            "gold": gold}


GOLD_CLASH = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2019-03-03",
              "date_precision": 1, "iso3": "NER", "actor1": "Front", "inter1": 2, "actor1_iso3": "NER",
              "actor2": "Military Forces of Niger", "inter2": 1, "locations": [[14.0, 2.0]]}
GOLD_MARCH = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "date": "2019-03-03",
              "date_precision": 1, "iso3": "NER", "actor1": "Protesters (Niger)", "inter1": 6,
              "actor1_iso3": "NER", "actor2": "", "inter2": None, "locations": [[13.5, 2.1]]}
GOLD_BOMB = {"attack_type": "Bombing/Explosion", "target_type": "Police", "date": "2019-03-03",
             "date_precision": 1, "iso3": "NER", "perpetrator": "Unknown", "individual": False,
             "actor1_iso3": None, "locations": []}


def write(tmp_path, rows):
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def ev(kind, start=0, trigger=0, actor=(), recipient=(), lat=None, lon=None, date=None, from_reference=False,
       negated=False):
    location = Place(text="x", name="x", country="NE", lat=lat, lon=lon, geonameid=1) if lat is not None else None
    when = TimeRef(text="d", value=date, granularity="day", from_reference=from_reference) if date else None
    return Event(id=f"{kind}{start}{trigger}", article_id="a", sentence="", start=start, end=start + 1, event=kind,
                 cameo="", actor=list(actor), recipient=list(recipient), location=location, date=when,
                 negated=negated, trigger_start=trigger)


class FakePipeline:
    """Codes each text with the events listed for it; keeps the articles it was given."""

    def __init__(self, events_by_text):
        self.events_by_text = events_by_text
        self.articles = []

    def code_articles(self, articles):
        for article in articles:
            self.articles.append(article)
            yield CodedArticle(article=article, events=self.events_by_text.get(article.text, []))


def test_matching_primary_event_and_metrics(tmp_path):
    fighters = ActorRef(text="fighters", name="fighters", country="NER", sector="REB")
    soldiers = ActorRef(text="soldiers", name="soldiers", country="NER", sector="MIL")
    teachers = ActorRef(text="Teachers", name="Teachers", country=None, sector="EDU")
    fake = FakePipeline({
        # a negated ASSAULT first is no match; the primary is the first non-negated ASSAULT in text order
        CLASH: [ev("ASSAULT", 0, 40, [fighters], [soldiers], lat=14.2, lon=2.1, date="2019-03-03"),
                ev("ASSAULT", 0, 30, negated=True),
                ev("AGREE", 90, 95)],
        MARCH: [ev("PROTEST", 0, 9, [teachers], lat=20.0, lon=2.0, date="2019-03-03", from_reference=True)],
    })
    path = write(tmp_path, [record("acled:s1:A1", "acled", CLASH, GOLD_CLASH),
                            record("acled:s1:A2", "acled", MARCH, GOLD_MARCH),
                            record("gtd:s2:G1", "gtd", "A blast went off.", GOLD_BOMB, stratum="s2")])
    result = realworld.evaluate(path, pipeline=fake)
    # records reach the pipeline through ingest, with their date, url and source
    assert [(a.url, a.reference_date, a.source) for a in fake.articles][0] == ("rw:acled:s1:A1", "2019-03-03",
                                                                              "acled")
    acled = result["groups"]["acled"]
    assert acled["records"] == 2 and acled["event_recall"] == 1.0
    assert acled["actor_country"] == 0.5  # the teachers have no country
    assert acled["party_country"] == 0.5
    assert acled["actor_sector"] == 1.0 and acled["recipient_sector"] == 1.0  # REB for inter 2; MIL for inter 1
    assert acled["location_event"] == 0.5  # 20N is far from 13.5N
    assert acled["date_match"] == 1.0 and acled["date_from_text"] == 0.5  # the protest's date is the reference
    assert acled["spurious"] == 0.5  # AGREE lies outside a battle's companions
    assert result["acled_spurious_strict"] == 0.5
    gtd = result["groups"]["gtd"]
    assert gtd["event_recall"] == 0.0 and gtd["location_event_n"] == 0  # no coordinates: not counted
    assert set(result["groups"]) >= {"acled/stratum/s1", "acled/type/Armed clash", "gtd/type/Bombing/Explosion"}
    assert "acled" in realworld.format_table(result)


def test_match_sets_follow_the_type_tables():
    def rec(gold, dataset="acled"):
        return realworld.RealRecord("x", dataset, "s", "t", None, gold)

    assert rec({"event_type": "Riots", "sub_event_type": "Mob violence"}).match_types == {"PROTEST", "ASSAULT",
                                                                                           "COERCE"}
    assert rec({"event_type": "Battle-No change of territory", "sub_event_type": ""}).match_types == {"ASSAULT"}
    assert rec({"event_type": "Strategic developments", "sub_event_type": "Other"}).match_types == \
        realworld.ALL_TYPES
    assert rec({"attack_type": "Hijacking"}, "gtd").match_types == {"ASSAULT", "COERCE"}
    assert rec({"attack_type": "Armed Assault"}, "gtd").match_types == {"ASSAULT"}
    assert "REQUEST" in rec({"event_type": "Protests", "sub_event_type": "Peaceful protest"}).compatible_types
    assert rec({"attack_type": "Armed Assault", "perpetrator": "Unknown"}, "gtd").actor_sectors is None
    assert rec({"attack_type": "Armed Assault", "perpetrator": "Individual", "individual": True},
               "gtd").actor_sectors == {"REB", "CRM", "CVL"}


def test_folds_split_the_records_and_bad_input_is_one_error(tmp_path):
    rows = [record(f"acled:s1:{i}", "acled", MARCH, GOLD_MARCH) for i in range(40)]
    path = write(tmp_path, rows)
    halves = [realworld.read_records(path, fold=f"{k}/2") for k in (1, 2)]
    assert sorted(r.id for half in halves for r in half) == sorted(r["id"] for r in rows)
    assert halves[0] and halves[1] and not {r.id for r in halves[0]} & {r.id for r in halves[1]}
    with pytest.raises(ValueError):
        metrics.parse_fold("3/2")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1"):
        realworld.read_records(bad)


def test_plover_pair_found_by_span_overlap(tmp_path):
    text = "Ruritanian envoys ... later met Freedonian diplomats in Bergen."
    gold = [{"id": "D", "event": "DOCUMENT"},
            {"id": "P1", "event": "CONSULT", "text": text,
             "source": [{"actorText": "Ruritanian ... envoys", "code": "RUR"}],
             "target": [{"actorText": "Freedonian diplomats", "code": "FRE"}]}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    right = Event(id="e", article_id="a", sentence=text, start=0, end=len(text), event="CONSULT", cameo="040",
                  actor=[ActorRef("Ruritanian envoys", "R", start=0, end=17)],
                  recipient=[ActorRef("Freedonian diplomats", "F", start=32, end=52)])
    backwards = Event(id="e", article_id="a", sentence=text, start=0, end=len(text), event="CONSULT", cameo="040",
                      actor=right.recipient, recipient=right.actor)

    class Coder:
        def __init__(self, events):
            self.events = events

        def code_texts(self, texts, reference_date=None):
            return [CodedArticle(article=Article(title="", text=t), events=list(self.events)) for t in texts]

    assert plover.evaluate(path, coder=Coder([right]))["pair_found"] == 1.0
    assert plover.evaluate(path, coder=Coder([backwards]))["pair_found"] == 0.0
    right.negated = True
    assert plover.evaluate(path, coder=Coder([right]))["pair_found"] == 0.0
