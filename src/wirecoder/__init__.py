"""wirecoder: raw news text in; coded events, quotes, dates and places out."""

__version__ = "0.1.0"
