"""Wiring the stages: one article flows ingest -> nlp -> actors -> events -> when/where -> quotes.

``Pipeline`` loads the model, the lexicons and the gazetteer once, then codes articles in batches through
``nlp.pipe``.  It keeps per-stage timings (``Pipeline.timings``) so the benchmark can show where time goes.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from wirecoder import quotes as quote_stage
from wirecoder import when, where
from wirecoder.actors import ActorLexicon, DocActors, load_lexicon
from wirecoder.actors.classes import load_noun_classes
from wirecoder.actors.context import fill_countries
from wirecoder.calibration import Calibrator, load_calibrator
from wirecoder.events import EventCoder, VerbLexicon, load_verb_lexicon
from wirecoder.model import Article, CodedArticle, Event, Sentence
from wirecoder.nlp import load_nlp
from wirecoder.nlp.text import doc_text, remember_text
from wirecoder.quotes.lexicon import cue_matcher
from wirecoder.when.lexicon import time_words

PLACE_BLOCKING_LABELS = {"PERSON", "ORG", "NORP"}


class EventCoding(Protocol):
    """What the pipeline needs of a coder: events from one parsed article."""

    def code(self, doc: Doc, actors: DocActors, article_id: str) -> list[Event]: ...


class Pipeline:
    """The stages, loaded once.  `coder` replaces the default event coder (e.g. one that runs a user's
    PETRARCH dictionaries); `geocode=False` skips the gazetteer (event-only evaluation);
    `context_countries=False` leaves unnamed agents without the country of their event (actors.context).
    `calibrator` sets the events' confidence after the rules (wirecoder.calibration); by default the shipped
    one, for the default coder only (its weights were fitted to that coder's outputs); None keeps the rules'."""

    def __init__(self, *, nlp: Language | None = None, lexicon: ActorLexicon | None = None,
                 verbs: VerbLexicon | None = None, coder: EventCoding | None = None, geocode: bool = True,
                 batch_size: int = 16, context_countries: bool = True,
                 calibrator: Calibrator | None | str = "default"):
        self.nlp = nlp or load_nlp()
        self.lexicon = lexicon or load_lexicon()
        self.verbs = verbs or load_verb_lexicon()
        self.calibrator = (load_calibrator() if coder is None else None) if calibrator == "default" else calibrator
        self.coder = coder or EventCoder(self.nlp.vocab, self.verbs)
        self.geocode = geocode
        self.context_countries = context_countries
        self.batch_size = batch_size
        self.timings: dict[str, float] = defaultdict(float)
        self.iso3 = {two: three for three, two in self.lexicon.iso2.items() if two}  # places' codes -> actors'

        # loaded once, up front, so the first article pays nothing and no article looks it up again
        self.gazetteer = where.Gazetteer.load() if geocode else None
        _load_lexicons(self.nlp)

    @contextmanager
    def _timed(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code articles lazily, one spaCy batch at a time (memory stays flat however long the input)."""
        stream = ((article.text, article) for article in articles)
        docs = self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size)
        while True:
            with self._timed("nlp"):
                item = next(docs, None)
            if item is None:
                return
            doc, article = item
            yield self.code_doc(doc, article)

    def code_texts(self, texts: list[str], reference_date: str | None = None) -> list[CodedArticle]:
        """Code bare texts (evaluation suites use this): one CodedArticle per text, in order."""
        articles = [Article(title="", text=text, reference_date=reference_date, source=f"text-{i}")
                    for i, text in enumerate(texts)]
        return list(self.code_articles(articles))

    def code_doc(self, doc: Doc, article: Article) -> CodedArticle:
        ref = article.reference_date
        remember_text(doc, article.text)  # the stages read doc_text(doc), not spaCy's rebuilt doc.text
        outlet = where.home_country(article.url)
        with self._timed("actors"):
            actors = DocActors(doc, self.lexicon, ref)
        with self._timed("events"):
            events = self.coder.code(doc, actors, article.id)
        if self.calibrator is not None and events:
            with self._timed("calibrate"):
                self.calibrator.apply(events, doc)
        with self._timed("when"):
            times = when.find_times(doc, ref, outlet_country=outlet)
        with self._timed("where"):
            places = []
            if self.geocode:
                blocked = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_BLOCKING_LABELS}
                places = where.find_places(doc, article.id, exclude=blocked, gazetteer=self.gazetteer,
                                           home_country=outlet)
        triggers = [doc.char_span(e.trigger_start, e.trigger_end) if e.trigger_start is not None else None
                    for e in events]
        with self._timed("when"):
            fallback = when.reference_time(ref) if ref else None
            for event, trigger in zip(events, triggers):
                event.date = (when.time_for_token(trigger[0], times) if trigger else None) or fallback
        if places:
            with self._timed("where"):
                placed = where.place_tokens(doc, places)  # once per article, not once per event
                for event, trigger in zip(events, triggers):
                    if trigger:
                        event.location = where.place_for_token(trigger[0], places, material=event.quad_class == 4,
                                                               placed=placed)
        if self.context_countries:
            with self._timed("actors"):
                fill_countries(events, places, self.iso3)
        with self._timed("quotes"):
            quotes = quote_stage.find_quotes(doc, article.id, resolve_speaker=actors.resolve_span)
        with self._timed("actors"):
            entities = actors.entities(article.id)
        sentences = _sentences(doc, article.id)
        return CodedArticle(article=article, sentences=sentences, entities=entities, events=events,
                            quotes=quotes, places=places, times=times)


def _load_lexicons(nlp: Language) -> None:
    """Read the lexicons the stages would otherwise read (YAML, ~0.1 s) while coding their first article."""
    load_noun_classes()
    time_words()
    cue_matcher(nlp.vocab)


def _sentences(doc: Doc, article_id: str) -> list[Sentence]:
    """The article's sentences without their trailing whitespace; all-space ones (paragraph breaks) left out
    but counted.  Each is a slice of the article text: ``span.text`` would join its tokens again."""
    text = doc_text(doc)
    found = []
    for i, sent in enumerate(doc.sents):
        raw = text[sent.start_char:sent.end_char]
        if raw.isspace():
            continue
        body = raw.rstrip()
        found.append(Sentence(article_id, i, sent.start_char, sent.start_char + len(body), body))
    return found
