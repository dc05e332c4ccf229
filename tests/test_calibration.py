"""The event-confidence calibrator: features, fitting, the shipped weights and the pipeline step."""

from __future__ import annotations

import json

import pytest

from wirecoder.calibration import FEATURES, WEIGHTS_FILE, Calibrator, event_features, fit, load_calibrator
from wirecoder.errors import LexiconError
from wirecoder.model import ActorRef, Event


def _event(cameo="190", confidence=0.6, start=0, trigger=(0, 1), **kwargs) -> Event:
    return Event(id="e", article_id="a", sentence="x y z", start=start, end=5, event="ASSAULT", cameo=cameo,
                 confidence=confidence, trigger_start=trigger[0], trigger_end=trigger[1], **kwargs)


def test_fit_learns_which_feature_marks_wrong_events():
    rows, labels = [], []
    for i in range(200):
        negated = i % 4 == 0
        rows.append({"bias": 1.0, "negated": float(negated), "rule_confidence": 0.6})
        labels.append(not negated if i % 10 else negated)  # mostly: negated events are wrong
    model = fit(rows, labels)
    right = model.probability({"bias": 1.0, "negated": 0.0, "rule_confidence": 0.6})
    wrong = model.probability({"bias": 1.0, "negated": 1.0, "rule_confidence": 0.6})
    assert right > 0.8 and wrong < 0.3


def test_features_read_the_event_and_its_sentence(nlp):
    doc = nlp("Rebels attacked the convoy and police arrested two men.")
    attack = _event("190", 0.7, trigger=(7, 15), actor=[ActorRef("Rebels", "Rebels", sector="REB")])
    arrest = _event("173", 0.5, trigger=(37, 45), primary=False)
    first, second = event_features([attack, arrest], doc)
    assert first["root_19"] == 1.0 and "root_17" not in first and second["root_17"] == 1.0
    assert first["root_trigger"] == 1.0 and second["root_trigger"] == 0.0
    assert first["best_in_sentence"] == 1.0 and second["best_in_sentence"] == 0.0
    assert first["has_actor"] == first["actor_sector"] == 1.0 and first["actor_country"] == 0.0
    assert second["secondary"] == 1.0 and second["specific_code"] == 1.0 and first["specific_code"] == 0.0
    assert first["sentence_events"] == 0.4 and first["other_types"] == 0.0
    assert set(first) <= set(FEATURES)


def test_apply_sets_calibrated_confidence(nlp):
    doc = nlp("Rebels attacked the convoy.")
    events = [_event("190", 0.7, trigger=(7, 15))]
    Calibrator({"bias": 0.0, "root_19": 2.0}).apply(events, doc)
    assert events[0].confidence == round(1 / (1 + 2.718281828 ** -2.0), 3)


def test_shipped_weights_load_and_say_how_they_were_made():
    model = load_calibrator()
    assert model is not None and set(model.weights) == set(FEATURES)
    assert "train_calibrator.py" in model.about["command"] and "train" in model.about["trained_on"]
    held_out = model.about["held_out"]
    # the weights file records held-out halves where calibration beat the rule confidences
    assert all(h["calibrated"]["ece"] < h["rule"]["ece"] for h in held_out.values())
    data = json.loads(WEIGHTS_FILE.read_text())
    assert data["features"] == list(FEATURES)


def test_bad_weights_are_one_clear_error(tmp_path):
    path = tmp_path / "w.json"
    path.write_text('{"weights": {"no_such_feature": 1.0}}')
    with pytest.raises(LexiconError, match="unknown features"):
        load_calibrator(path)
    path.write_text("not json")
    with pytest.raises(LexiconError, match="cannot read"):
        load_calibrator(path)
    assert load_calibrator(tmp_path / "absent.json") is None


def test_pipeline_calibrates_the_rule_coder_only(nlp):
    from wirecoder.pipeline import Pipeline

    class OtherCoder:
        def code(self, doc, actors, article_id):
            return []

    assert Pipeline(nlp=nlp, geocode=False).calibrator is not None
    assert Pipeline(nlp=nlp, geocode=False, coder=OtherCoder()).calibrator is None
    assert Pipeline(nlp=nlp, geocode=False, calibrator=None).calibrator is None
    fixed = Calibrator({"bias": 3.0})
    pipeline = Pipeline(nlp=nlp, geocode=False, calibrator=fixed)
    [article] = pipeline.code_texts(["Government troops shelled the rebel positions near the border."])
    assert article.events and all(e.confidence == round(fixed.probability({"bias": 1.0}), 3) for e in article.events)
