"""WHERE: find toponyms in a Doc and resolve them against an offline GeoNames-based gazetteer."""

from wirecoder.where.build import build_index
from wirecoder.where.gazetteer import Candidate, Gazetteer
from wirecoder.where.outlet import home_country
from wirecoder.where.resolve import ResolveContext, resolve_spans
from wirecoder.where.toponyms import find_places, place_for_token, place_tokens

__all__ = ["Candidate", "Gazetteer", "ResolveContext", "build_index", "find_places", "home_country",
           "place_for_token", "place_tokens", "resolve_spans"]
