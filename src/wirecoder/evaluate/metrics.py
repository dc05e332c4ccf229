"""Precision, recall and F1 from counts, and the plain-text tables the event scorers print.

Every event scorer reduces its gold and predicted facts to sets of hashable items
(``(record, type)`` pairs, token spans, code triples) and adds them to a ``Tally``;
the tallies then give micro and macro scores.  Scores are rounded to four places.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives, false positives and false negatives (0.0 when undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


@dataclass
class Tally:
    """True positives, false positives and false negatives of one class (or of everything)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_sets(self, gold: Iterable[Any], predicted: Iterable[Any]) -> None:
        """Count one unit's gold and predicted items; each item counts once."""
        gold, predicted = set(gold), set(predicted)
        hits = len(gold & predicted)
        self.tp += hits
        self.fp += len(predicted) - hits
        self.fn += len(gold) - hits

    def __iadd__(self, other: "Tally") -> "Tally":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def support(self) -> int:
        """How many gold items."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[2]

    def to_dict(self) -> dict[str, Any]:
        precision, recall, f1 = precision_recall_f1(self.tp, self.fp, self.fn)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.support,
                "predicted": self.predicted, "precision": precision, "recall": recall, "f1": f1}


def macro_f1(tallies: Iterable[Tally]) -> float:
    """The unweighted mean of the classes' F1 (0.0 for no classes)."""
    scores = [t.f1 for t in tallies]
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def share(part: int, whole: int) -> float:
    """part / whole rounded like the scores, 0.0 when whole is 0."""
    return round(part / whole, 4) if whole else 0.0


CLASS_COLUMNS = (("support", "gold"), ("predicted", "pred"), ("tp", "tp"),
                 ("precision", "P"), ("recall", "R"), ("f1", "F1"))


def format_class_table(rows: Mapping[str, Mapping[str, Any]],
                       columns: Sequence[tuple[str, str]] = CLASS_COLUMNS,
                       label: str = "class", total: Mapping[str, Any] | None = None) -> str:
    """Rows of per-class numbers as an aligned plain-text table.

    ``columns`` pairs a row key with its header; floats print with four decimals,
    everything else as is; a missing key prints as "-".  ``total`` is added under a rule.
    """
    names = list(rows) + (["ALL"] if total is not None else [])
    first = max([len(label)] + [len(str(n)) for n in names]) + 2
    widths = [max(len(header), 6) + 2 for _, header in columns]
    header = f"{label:<{first}}" + "".join(f"{h:>{w}}" for (_, h), w in zip(columns, widths))
    lines = [header, "-" * len(header)]

    def line(name: str, row: Mapping[str, Any]) -> str:
        cells = []
        for (key, _), width in zip(columns, widths):
            value = row.get(key, "-")
            cells.append(f"{value:>{width}.4f}" if isinstance(value, float) else f"{str(value):>{width}}")
        return f"{str(name):<{first}}" + "".join(cells)

    lines.extend(line(name, row) for name, row in rows.items())
    if total is not None:
        lines.append("-" * len(header))
        lines.append(line("ALL", total))
    return "\n".join(lines)


def format_headline(result: Mapping[str, Any], keys: Sequence[str]) -> str:
    """"key value" pairs of the headline metrics, one line."""
    parts = []
    for key in keys:
        value = result.get(key)
        parts.append(f"{key} {value:.4f}" if isinstance(value, float) else f"{key} {value}")
    return "  ".join(parts)


def parse_fold(fold: str | None) -> tuple[int, int] | None:
    """ "2/5" -> (2, 5): the second of five folds; None for the whole set."""
    if fold is None:
        return None
    try:
        k, n = (int(part) for part in fold.split("/"))
    except ValueError:
        raise ValueError(f"a fold is K/N, such as 1/2, got {fold!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"a fold is K/N with 1 <= K <= N, got {fold!r}")
    return k, n


def in_fold(key: str, fold: str | None) -> bool:
    """Whether the record keyed `key` lies in `fold` ("K/N"). Folds are fixed by a hash of the key, so a
    record stays in its fold whatever else the file holds: write rules from one fold, judge them on another."""
    parsed = parse_fold(fold)
    if parsed is None:
        return True
    k, n = parsed
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % n == k - 1


CALIBRATION_BINS = 10
HIGH_CONFIDENCE = 0.8


def calibration(scored: Iterable[tuple[float, bool]], bins: int = CALIBRATION_BINS,
                high: float = HIGH_CONFIDENCE) -> dict[str, Any]:
    """How well confidence matches correctness over (confidence, correct) pairs.

    ``ece``: expected calibration error, the mean over `bins` equal-width confidence bins of |share correct -
    mean confidence|, weighted by the bin's size (0 is perfect); ``precision_at_80``: the share correct among
    pairs with confidence >= `high`; ``share_at_80``: how many pairs reach it; ``mean_confidence`` and
    ``accuracy``: over all pairs."""
    pairs = [(min(1.0, max(0.0, float(c))), bool(ok)) for c, ok in scored]
    if not pairs:
        return {"ece": 0.0, "precision_at_80": 0.0, "share_at_80": 0.0, "mean_confidence": 0.0, "accuracy": 0.0,
                "calibration_pairs": 0}
    grouped: dict[int, list[tuple[float, bool]]] = {}
    for confidence, ok in pairs:
        grouped.setdefault(min(bins - 1, int(confidence * bins)), []).append((confidence, ok))
    ece = sum(abs(sum(ok for _, ok in group) / len(group) - sum(c for c, _ in group) / len(group)) * len(group)
              for group in grouped.values()) / len(pairs)
    confident = [ok for c, ok in pairs if c >= high]
    return {"ece": round(ece, 4), "precision_at_80": share(sum(confident), len(confident)),
            "share_at_80": share(len(confident), len(pairs)),
            "mean_confidence": round(sum(c for c, _ in pairs) / len(pairs), 4),
            "accuracy": share(sum(ok for _, ok in pairs), len(pairs)), "calibration_pairs": len(pairs)}
