"""Train the event-confidence calibrator from the shared TRAIN split and write its weights file.

    PYTHONPATH=src python scripts/train_calibrator.py [../shared/gold/conflibert/cameo_class_train.tsv]

Training data: ConfliBERT's cameo_class train split only (never a dev set; the dev suites judge it).  Each
sentence is coded by the rule coder (no calibrator); every event with a CAMEO root is one example, right
when its class (the scorer's CLASS_OF_ROOT) is the sentence's label.  Before the final fit on the whole
split, each half is scored by a model fitted on the other half (halves by a hash of the sentence), and
those held-out figures go into the weights file beside the command that made it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wirecoder.calibration import WEIGHTS_FILE, event_features, fit
from wirecoder.evaluate.conflibert import cameo_class, read_class_file
from wirecoder.evaluate.metrics import calibration, in_fold

DEFAULT_TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "conflibert" / "cameo_class_train.tsv"
L2 = 1.0


class Recorder:
    """Stands where the calibrator stands in the pipeline and keeps each document's feature rows."""

    def __init__(self):
        self.rows_by_text: dict[str, list[tuple[dict[str, float], str]]] = {}

    def apply(self, events, doc):
        self.rows_by_text.setdefault(doc.text, list(zip(event_features(events, doc), [e.cameo for e in events])))
        return events


def examples(path: Path) -> list[tuple[str, dict[str, float], bool]]:
    """(sentence, feature row, right) for every coded event of the split."""
    from wirecoder.pipeline import Pipeline

    rows = read_class_file(path)
    recorder = Recorder()
    pipeline = Pipeline(geocode=False, calibrator=recorder)
    texts = [sentence for sentence, _ in rows]
    for i in range(0, len(texts), 256):
        pipeline.code_texts(texts[i:i + 256])
    out = []
    for sentence, label in rows:
        for row, cameo in recorder.rows_by_text.get(sentence, []):
            if cameo_class(cameo) is not None:
                out.append((sentence, row, cameo_class(cameo) == label))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", nargs="?", default=str(DEFAULT_TRAIN), help="cameo_class_train.tsv")
    parser.add_argument("--out", default=str(WEIGHTS_FILE), help="the weights file to write")
    args = parser.parse_args(argv)
    data = examples(Path(args.train))
    if not data:
        print(f"Error: no coded events in {args.train}", file=sys.stderr)
        return 1
    held_out = {}
    for k in (1, 2):
        train = [(row, ok) for s, row, ok in data if not in_fold(s, f"{k}/2")]
        test = [(row, ok) for s, row, ok in data if in_fold(s, f"{k}/2")]
        model = fit([r for r, _ in train], [ok for _, ok in train], l2=L2)
        before = calibration((row["rule_confidence"], ok) for row, ok in test)
        after = calibration((model.probability(row), ok) for row, ok in test)
        held_out[f"fold_{k}_of_2"] = {"events": len(test), "rule": {m: before[m] for m in ("ece", "precision_at_80")},
                                      "calibrated": {m: after[m] for m in ("ece", "precision_at_80")}}
        print(f"fold {k}/2 held out ({len(test)} events): ece {before['ece']:.4f} -> {after['ece']:.4f}, "
              f"precision_at_80 {before['precision_at_80']:.4f} -> {after['precision_at_80']:.4f}")
    model = fit([row for _, row, _ in data], [ok for *_, ok in data], l2=L2)
    model.about = {"command": "PYTHONPATH=src python scripts/train_calibrator.py",
                   "trained_on": "conflibert/cameo_class_train.tsv (train split only)",
                   "example": "an event with a CAMEO root; right when its class is the sentence's label",
                   "events": len(data), "right": sum(ok for *_, ok in data), "l2": L2, "held_out": held_out}
    model.save(args.out)
    print(f"{len(data)} events; weights written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
