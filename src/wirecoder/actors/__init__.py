"""Actors: mentions -> people, organisations, countries and sectors."""

from wirecoder.actors.lexicon import ActorLexicon, LexiconActor, build_lexicon, load_lexicon, phrase_key
from wirecoder.actors.resolve import DocActors

__all__ = ["ActorLexicon", "DocActors", "LexiconActor", "build_lexicon", "load_lexicon", "phrase_key"]
