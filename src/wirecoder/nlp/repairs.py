"""The repairs news text needs, as spaCy components over the one parse.

``wirecoder_paragraphs`` (before the parser) makes every paragraph start a sentence, so a subheading such as
"JORDAN WILL PROVIDE AID" never swallows the next sentence.

``wirecoder_repairs`` (after the NER) fixes the entities:
1. Known names from the actor lexicon get their right label ("Hezbollah" is an ORG, "Blinken" a PERSON),
   with the longest span winning where spaCy and the lexicon overlap; a leading "the" on a known name does not
   make spaCy's span the longer one.
2. Headline-case sentences keep only lexicon names as entities: "Jordan Pledge Support" is not an entity.
3. Words inside a role title ("Secretary of State") are not entities of their own.
4. A bare surname after a full name is that person ("Blinken" -> Antony Blinken, a PERSON, never a place).

It sets ``doc._.wc_canonical`` ({entity start token: canonical name}) and ``doc._.wc_headlines`` (start token
of each headline-case sentence), both plain values.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from wirecoder.actors.lexicon import ActorLexicon, load_lexicon, phrase_key, surname_key

if not Doc.has_extension("wc_canonical"):
    Doc.set_extension("wc_canonical", default=None)
if not Doc.has_extension("wc_headlines"):
    Doc.set_extension("wc_headlines", default=None)

NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "van", "von", "der", "la", "le", "da", "di"}
HEADLINE_MAX_TOKENS = 16  # longer "headline-case" runs are ordinary sentences full of names


@Language.component("wirecoder_paragraphs")
def wirecoder_paragraphs(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start (the parser keeps preset boundaries)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def label_for(actor) -> str:
    if actor.label == "COUNTRY":
        return "NORP" if actor.kind == "demonym" else "GPE"
    return actor.label


def is_headline_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha]
    if len(words) < 2 or len(sent) > HEADLINE_MAX_TOKENS or sent[-1].text in {".", "?", "!", '"', "\u201d"}:
        return False
    if all(t.is_upper for t in words):
        return True
    long_words = [t for t in words if len(t) > 3]
    return bool(long_words) and all(t.is_title or t.is_upper for t in long_words)


class NewsRepairs:
    def __init__(self, nlp: Language, lexicon: ActorLexicon):
        self.lexicon = lexicon
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        # The lexicon is keyed by normalised phrases; match their surface forms as the tokenizer splits them.
        self.names.add("NAME", [nlp.make_doc(surface) for surface in sorted(lexicon.surfaces)])
        self.titles.add("TITLE", [nlp.make_doc(t) for t in lexicon.agents if " " in t])

    def __call__(self, doc: Doc) -> Doc:
        lexicon_spans = []
        for _, start, end in self.names(doc):
            span = doc[start:end]
            actor = self.lexicon.lookup(span.text)
            if actor is None or all(t.is_lower for t in span):
                continue  # lower-case common words ("and", "wagner", "amnesty") are not names
            lexicon_spans.append(Span(doc, start, end, label=label_for(actor)))
        title_tokens = {i for _, s, e in self.titles(doc) for i in range(s, e)}

        headlines = [sent for sent in doc.sents if is_headline_case(sent)]
        headline_tokens = {i for sent in headlines for i in range(sent.start, sent.end)}

        kept = []
        for ent in doc.ents:
            if ent.start in headline_tokens:
                continue  # headline fragments: only lexicon names survive there
            if any(i in title_tokens for i in range(ent.start, ent.end)) and self.lexicon.lookup(ent.text) is None:
                continue  # "State" in "Secretary of State"
            kept.append(self._without_article(_without_possessive(ent)))
        # Lexicon spans first so that, at equal length, the lexicon's label wins.
        merged = filter_spans(lexicon_spans + kept)
        canonical: dict[int, str] = {}
        for span in merged:
            actor = self.lexicon.lookup(span.text)
            if actor is not None and actor.label in ("PERSON", "ORG"):
                canonical[span.start] = actor.name
        merged = self._link_surnames(doc, merged, canonical)
        doc.set_ents(sorted(merged, key=lambda s: s.start))
        doc._.wc_canonical = canonical
        doc._.wc_headlines = [sent.start for sent in headlines]
        return doc

    def _without_article(self, ent: Span) -> Span:
        """ "the Hayat Tahrir al-Sham" (FAC) is the lexicon's Hayat Tahrir al-Sham: leave the article out so that
        the lexicon's span and label win."""
        if len(ent) > 1 and ent[0].lower_ == "the" and self.lexicon.lookup(ent[1:].text) is not None:
            return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)
        return ent

    def _link_surnames(self, doc: Doc, spans: list[Span], canonical: dict[int, str]) -> list[Span]:
        """A single name word after a full name is that person, whatever spaCy labelled it."""
        people: dict[str, str] = {}
        out = []
        for span in spans:
            words = [t for t in span if t.is_alpha or "-" in t.text]
            if span.label_ == "PERSON" and len(words) >= 2:
                full = canonical.get(span.start, span.text)
                key = surname_key(full)
                people.setdefault(key, full)
                canonical.setdefault(span.start, full)
                out.append(span)
                continue
            key = _bare_name_key(span)
            if key in people and span.label_ in ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT"):
                canonical[span.start] = people[key]
                out.append(Span(doc, span.start, span.end, label="PERSON"))
            else:
                out.append(span)
        return out


def _without_possessive(ent: Span) -> Span:
    """spaCy sometimes takes the possessive into the name ("Joe Biden's")."""
    if len(ent) > 1 and ent[-1].tag_ == "POS":
        return Span(ent.doc, ent.start, ent.end - 1, label=ent.label_)
    return ent


def _bare_name_key(span: Span) -> str:
    parts = phrase_key(span.text).split(" ")
    while len(parts) > 1 and parts[0] in NAME_PARTICLES:
        parts = parts[1:]
    return parts[-1] if len(parts) == 1 else ""


@Language.factory("wirecoder_repairs", default_config={"lexicon_dir": None})
def make_repairs(nlp: Language, name: str, lexicon_dir: str | None) -> NewsRepairs:
    return NewsRepairs(nlp, load_lexicon(lexicon_dir))
