"""WHEN: temporal expressions found, normalised to TIMEX3 values, and attached to events."""

from wirecoder.when.attach import reference_time, time_for_token
from wirecoder.when.finder import find_times

__all__ = ["find_times", "reference_time", "time_for_token"]
