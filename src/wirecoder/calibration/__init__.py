"""A light learned layer after the rules: calibrated event confidence (logistic regression, numpy)."""

from wirecoder.calibration.features import FEATURES, event_features
from wirecoder.calibration.model import WEIGHTS_FILE, Calibrator, fit, load_calibrator

__all__ = ["FEATURES", "WEIGHTS_FILE", "Calibrator", "event_features", "fit", "load_calibrator"]
