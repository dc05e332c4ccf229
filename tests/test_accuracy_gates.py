"""Accuracy floors on the development gold data in ../shared/gold (deterministic, so they can gate).

Each floor sits just under the figure measured when it was set (see the README's accuracy table and the
command beside each figure). A floor is raised when the method improves and never lowered silently:
lowering one needs a commit that says why.
"""

from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"
pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside the checkout")

# suite module, path under ../shared/gold, scorer keyword arguments, {metric: floor}
FLOORS = {
    "petrarch": ("petrarch", "petrarch/PETR.UnitTest.records.xml", {}, {"exact": 0.90, "triple_f1": 0.93}),
    "geo-lgl": ("geo", "geoparsing/lgl.xml", {"e2e": False}, {"resolution_acc161": 0.88}),
    "geo-geovirus": ("geo", "geoparsing/GeoVirus.xml", {"e2e": False}, {"resolution_acc161": 0.81}),
    "tempeval-timebank": ("tempeval", "tempeval3/TBAQ-cleaned/TimeBank", {},
                          {"strict_f1": 0.89, "value_f1": 0.82}),
    "tempeval-aquaint": ("tempeval", "tempeval3/TBAQ-cleaned/AQUAINT", {},
                         {"strict_f1": 0.83, "value_f1": 0.76}),
    "polnear-dev": ("polnear", "polnear/dev", {}, {"content_f1": 0.70, "speaker_accuracy": 0.89}),
    "plover-dev": ("plover", "plover/PLOVER_GSR_dev.json", {},
                   {"event_f1": 0.81, "actor_country_f1": 0.83, "recipient_country_f1": 0.73, "pair_found": 0.75}),
    "realworld-dev": ("realworld", "realworld", {},
                      {"acled_event_recall": 0.90, "acled_actor_country": 0.70, "acled_party_country": 0.77,
                       "acled_location_event": 0.74, "acled_date_from_text": 0.76, "gtd_event_recall": 0.93,
                       "gtd_actor_country": 0.83, "gtd_party_country": 0.84, "gtd_location_event": 0.90,
                       "gtd_date_from_text": 0.98}),
    "conflibert-class": ("conflibert", "conflibert/cameo_class_train.tsv", {"task": "class"},
                         {"macro_f1": 0.89, "accuracy": 0.89}),
    "conflibert-ner": ("conflibert", "conflibert/cameo_ner_train.txt", {"task": "ner"}, {"micro_f1": 0.62}),
    "conll-testa": ("conll", "conll2003/eng.testa", {}, {"f1": 0.72, "gain": 0.08}),
}


# Metrics where lower is better: ceilings, kept the same way.
CEILINGS = {
    "realworld-dev": {"acled_spurious_strict": 0.22, "gtd_spurious_strict": 0.26},
}


def test_confidence_ranks_events():
    """Precision among the top half of events by confidence is clearly above the rest (plover dev)."""
    from wirecoder.evaluate import plover

    result = plover.evaluate(GOLD / "plover/PLOVER_GSR_dev.json")
    assert result["precision_top_half"] >= result["precision_bottom_half"] + 0.15


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor(name):
    import importlib

    module, rel, kwargs, floors = FLOORS[name]
    scorer = importlib.import_module(f"wirecoder.evaluate.{module}")
    result = scorer.evaluate(GOLD / rel, **kwargs)
    below = {k: (result[k], floor) for k, floor in floors.items() if result[k] < floor}
    assert not below, f"{name}: below floor (measured, floor): {below}"
    above = {k: (result[k], ceiling) for k, ceiling in CEILINGS.get(name, {}).items() if result[k] > ceiling}
    assert not above, f"{name}: above ceiling (measured, ceiling): {above}"
