"""Who said what: direct quotations, partial quotations and reported speech, with their speakers.

    quotes = find_quotes(doc, article.id, resolve_speaker=actors.resolve)

Each ``Quote`` carries the content's character offsets (without quotation
marks), the cue as written ("said", "according to") and the speaker: an
``ActorRef`` whose ``text``/``start``/``end`` are the words as written at the
cue ("he", "the prime minister", "a US official") and whose ``name``,
``country`` and ``sector`` come from the person they refer to.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from wirecoder.model import ActorRef, Quote, content_id
from wirecoder.nlp.text import doc_text
from wirecoder.quotes.cues import Attribution, DocCues
from wirecoder.quotes.direct import QuotedRegions, find_direct
from wirecoder.quotes.indirect import find_indirect
from wirecoder.quotes.lexicon import CueLexicon, load_lexicon
from wirecoder.quotes.marks import QuoteMarks, find_quote_marks
from wirecoder.quotes.speakers import SpeakerResolver

__all__ = ["find_quotes", "find_quote_marks", "load_lexicon", "CueLexicon", "QuoteMarks"]

SpeakerResolverFn = Callable[[Span], ActorRef | None]


def find_quotes(doc: Doc, article_id: str, resolve_speaker: SpeakerResolverFn | None = None) -> list[Quote]:
    """Every direct and indirect quotation in ``doc``, in text order."""
    if not len(doc):
        return []
    cues = DocCues.find(doc)
    text = doc_text(doc)
    regions = QuotedRegions(doc, text, find_quote_marks(text))
    direct = find_direct(doc, cues, regions)
    indirect = find_indirect(doc, cues, regions)
    speakers = SpeakerResolver(doc, cues.lexicon, regions.char_ranges,
                               list(cues.verbs) + list(cues.according_by_start))
    quotes: dict[tuple[int, int], Quote] = {}
    for attribution in direct + indirect:
        key = (attribution.start, attribution.end)
        if key not in quotes:
            quotes[key] = _quote(text, article_id, attribution, speakers, resolve_speaker)
    return sorted(quotes.values(), key=lambda q: (q.start, q.end))


def _quote(text: str, article_id: str, attribution: Attribution, speakers: SpeakerResolver,
           resolve_speaker: SpeakerResolverFn | None) -> Quote:
    cue = attribution.cue
    cue_start = cue.idx if cue is not None else None
    cue_end = attribution.cue_end if cue is not None else None
    return Quote(
        id=content_id(article_id, attribution.start, attribution.end),
        article_id=article_id,
        text=text[attribution.start: attribution.end],
        kind=attribution.kind,
        start=attribution.start,
        end=attribution.end,
        speaker=speakers.resolve(attribution.source, resolve_speaker),
        cue=text[cue_start:cue_end] if cue is not None else None,
        cue_start=cue_start,
        cue_end=cue_end,
    )
