"""Events: PLOVER/CAMEO coding of each sentence from dependency patterns."""

from wirecoder.events.cameo import PLOVER_TYPES, CameoCode, cameo_table
from wirecoder.events.coder import EventCoder
from wirecoder.events.patterns import VerbLexicon, build_verb_lexicon, load_verb_lexicon

__all__ = ["PLOVER_TYPES", "CameoCode", "EventCoder", "VerbLexicon", "build_verb_lexicon", "cameo_table",
           "load_verb_lexicon"]
