"""A logistic calibrator: P(the event is right | its features), weights in a small JSON file.

``Calibrator.apply`` replaces each event's rule confidence with the calibrated probability (which may
re-rank events within a sentence: scorers that keep a sentence's best event keep the likeliest one).
``fit`` trains the weights with Newton steps on an L2-penalised log loss (numpy, deterministic); the
weights file records the command and data that produced it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from spacy.tokens import Doc

from wirecoder.calibration.features import FEATURES, event_features
from wirecoder.errors import LexiconError
from wirecoder.model import Event

WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "calibrator.json"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclass
class Calibrator:
    weights: dict[str, float]
    about: dict[str, Any] = field(default_factory=dict)  # how the weights were made

    def probability(self, row: dict[str, float]) -> float:
        return _sigmoid(sum(self.weights.get(name, 0.0) * value for name, value in row.items()))

    def apply(self, events: list[Event], doc: Doc) -> list[Event]:
        """Set each event's calibrated confidence (in place); returns the events."""
        for event, row in zip(events, event_features(events, doc)):
            event.confidence = round(self.probability(row), 3)
        return events

    def to_dict(self) -> dict[str, Any]:
        return {**self.about, "features": list(FEATURES),
                "weights": {name: round(self.weights.get(name, 0.0), 6) for name in FEATURES}}

    def save(self, path: str | Path = WEIGHTS_FILE) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


def load_calibrator(path: str | Path = WEIGHTS_FILE) -> Calibrator | None:
    """The shipped calibrator (None when the weights file is absent: events keep their rule confidence)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LexiconError(f"cannot read the calibrator weights {path}: {exc}") from exc
    unknown = set(weights) - set(FEATURES)
    if unknown:
        raise LexiconError(f"{path}: weights for unknown features {sorted(unknown)}")
    return Calibrator(weights, {k: v for k, v in data.items() if k not in ("weights", "features")})


def fit(rows: Sequence[dict[str, float]], labels: Sequence[bool], l2: float = 1.0, steps: int = 50) -> Calibrator:
    """Logistic regression over the feature rows (Newton's method; the bias is not penalised)."""
    import numpy as np

    x = np.array([[row.get(name, 0.0) for name in FEATURES] for row in rows], dtype=float)
    y = np.array([float(v) for v in labels])
    w = np.zeros(len(FEATURES))
    penalty = np.full(len(FEATURES), l2)
    penalty[FEATURES.index("bias")] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return Calibrator({name: float(v) for name, v in zip(FEATURES, w)})
