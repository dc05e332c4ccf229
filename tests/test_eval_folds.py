"""`eval --folds N`: every fold scored with one cached coder, fold mean and spread beside the whole set."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirecoder.evaluate import conflibert, folds, metrics, plover
from wirecoder.evaluate.folds import CachedCoder, fold_figures, score_folds, spread
from test_eval_events import FakeCoder, event


def _plover_file(tmp_path, n=12):
    records = [{"event": "DOCUMENT"}]
    for i in range(n):
        records.append({"id": f"rec-{i}", "text": f"Sentence number {i}.", "event": "ASSAULT" if i % 2 else "AGREE",
                        "source": [], "target": []})
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def _coder(n=12):
    # right on even records only
    return FakeCoder({f"Sentence number {i}.": [event("AGREE", "030")] for i in range(n)})


def test_folds_partition_the_records(tmp_path):
    path = _plover_file(tmp_path)
    parts = [plover.read_plover(path, fold=f"{k}/3") for k in (1, 2, 3)]
    ids = [r.id for part in parts for r in part]
    assert sorted(ids) == sorted(r.id for r in plover.read_plover(path)) and len(set(ids)) == len(ids)
    assert all(parts)


def test_score_folds_codes_each_text_once_and_the_folds_add_up(tmp_path):
    path = _plover_file(tmp_path)
    coder = _coder()
    whole, parts = score_folds(plover.evaluate, path, 3, coder)
    coded = [t for texts, _ in coder.calls for t in texts]
    assert len(coded) == len(set(coded)) == 12  # the folds read the cache
    assert sum(p["records"] for p in parts) == whole["records"] == 12
    assert sum(p["event_counts"]["tp"] for p in parts) == whole["event_counts"]["tp"] == 6
    figures = fold_figures(whole, parts, ("event_f1", "no_such_metric"))
    assert set(figures) == {"event_f1"}
    values = [p["event_f1"] for p in parts]
    assert figures["event_f1"]["mean"] == round(sum(values) / 3, 4)
    assert figures["event_f1"]["min"] == min(values) and figures["event_f1"]["whole"] == whole["event_f1"]


def test_spread_is_the_sample_deviation():
    assert spread([0.5, 0.7]) == {"mean": 0.6, "sd": 0.1414, "min": 0.5, "max": 0.7}
    assert spread([0.4])["sd"] == 0.0


def test_cached_coder_keys_by_text_and_date_and_forwards_the_rest():
    inner = FakeCoder({})
    inner.name = "inner"
    cached = CachedCoder(inner)
    cached.code_texts(["a", "b"], reference_date="2024-01-02")
    cached.code_texts(["b", "a", "c"], reference_date="2024-01-02")
    cached.code_texts(["a"], reference_date="2025-01-01")
    assert inner.calls == [(["a", "b"], "2024-01-02"), (["c"], "2024-01-02"), (["a"], "2025-01-01")]
    assert cached.name == "inner"


def test_conflibert_folds_by_sentence(tmp_path):
    path = tmp_path / "class.tsv"
    path.write_text("".join(f"Line {i}.\t{i % 5}\n" for i in range(20)), encoding="utf-8")
    halves = [conflibert.read_class_file(path, fold=f"{k}/2") for k in (1, 2)]
    assert sorted(halves[0] + halves[1]) == sorted(conflibert.read_class_file(path))
    assert all(metrics.in_fold(s, "1/2") for s, _ in halves[0])


def test_cli_prints_the_fold_table(tmp_path, monkeypatch):
    from wirecoder.cli.main import app

    monkeypatch.setattr(plover, "make_coder", lambda path=None: _coder())
    result = CliRunner().invoke(app, ["eval", "plover", str(_plover_file(tmp_path)), "--folds", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert "3 folds" in result.output and "fold mean" in result.output
    headline = json.loads(result.output.strip().splitlines()[-1])
    assert headline["folds"] == 3 and set(headline["fold_mean"]) >= {"event_f1", "macro_f1"}
    assert headline["event_f1"] == 0.5  # the whole set: 6 right, 6 wrong (6 false, 6 missed)


@pytest.mark.parametrize("args,message", [
    (["--folds", "1"], "at least 2"),
    (["--folds", "2", "--fold", "1/2"], "not both"),
])
def test_cli_fold_options_are_checked(tmp_path, monkeypatch, args, message):
    from wirecoder.cli.main import app

    monkeypatch.setattr(plover, "make_coder", lambda path=None: _coder())
    result = CliRunner().invoke(app, ["eval", "plover", str(_plover_file(tmp_path)), *args])
    assert result.exit_code != 0 and message in str(result.exception or result.output)
