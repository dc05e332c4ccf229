"""The repairs news text needs, as spaCy components over the one parse.

``wirecoder_paragraphs`` (before the parser) makes every paragraph start a sentence, so a subheading such as
"JORDAN WILL PROVIDE AID" never swallows the next sentence.

``wirecoder_repairs`` (after the NER) fixes the entities:
1. Known names from the actor lexicon get their right label ("Hezbollah" is an ORG, "Blinken" a PERSON,
   "Israeli" and "English" NORP, never places), with the longest span winning where spaCy and the lexicon
   overlap. A seat the lexicon gives to an organisation ("Brussels") is that organisation only when it acts
   (a subject); elsewhere it stays the place spaCy saw.
2. A name has a capital letter and no numbers: "the defence ministry" is no entity, "NEW YORK 1996-08-30" (a
   dateline) is New York, "Haitai 2 Samsung 0" two names. A leading "the" is left out ("the Netherlands").
3. Headline-case lines keep only lexicon names as entities: "Jordan Pledge Support" is not an entity. Score
   lines, tables, datelines and bylines are not headlines.
4. Words of a role title are not entities of their own ("State" in "Secretary of State") nor part of a name
   ("Interfax news agency" is Interfax).
5. A bare surname after a full name is that person ("Blinken" -> Antony Blinken, a PERSON, never a place),
   also where spaCy missed it; so is a family name written first ("Wang" after "Wang Donghai").

It sets ``doc._.wc_canonical`` ({entity start token: canonical name}) and ``doc._.wc_headlines`` (start token
of each headline-case sentence), both plain values.
"""

from __future__ import annotations

from spacy.attrs import IS_TITLE, TAG
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
# Entity labels for names (not dates or amounts), which are written with a capital letter.
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
NUMBERLESS_LABELS = {"PERSON", "NORP", "ORG", "GPE"}  # not LOC, FAC: "Interstate 95"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
SURNAME_LABELS = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT"}
FIRST_NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART"}
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
    """A headline or subheading set in title or upper case: a short line of words, where spaCy takes runs of
    capitalised words for names ("Jordan Pledge Support").

    Lines with numbers (scores, tables, datelines such as "NEW YORK 1996-08-30"), lists (more than one comma)
    and two-word lines (a byline is a name) are not headlines.
    """
    words = [t for t in sent if t.is_alpha]
    if len(words) < 3 or len(sent) > HEADLINE_MAX_TOKENS or sent[-1].text in {".", "?", "!", '"', "\u201d"}:
        return False
    if any(any(c.isdigit() for c in t.text) for t in sent):
        return False
    if sum(t.text == "," for t in sent) > 1:
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
        spacy_labels = {(ent.start, ent.end): ent.label_ for ent in doc.ents}
        for _, start, end in self.names(doc):
            span = doc[start:end]
            actor = self.lexicon.lookup(span.text)
            if actor is None or all(t.is_lower for t in span):
                continue  # lower-case common words ("and", "wagner", "amnesty") are not names
            label = label_for(actor)
            place = spacy_labels.get((start, end))
            if label == "ORG" and place in PLACE_LABELS and span.root.dep_ not in SUBJECT_DEPS:
                label = place  # "in Brussels" is the city; "Brussels said" is the European Union acting
            lexicon_spans.append(self._without_article(Span(doc, start, end, label=label)))
        titles = [(s, e) for _, s, e in self.titles(doc)]

        headlines = [sent for sent in doc.sents if is_headline_case(sent)]
        headline_tokens = {i for sent in headlines for i in range(sent.start, sent.end)}

        kept = []
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                kept.append(ent)  # dates, times, numbers: the when stage reads their extents as spaCy gave them
                continue
            if ent.start in headline_tokens:
                continue  # headline fragments: only lexicon names survive there
            if ent.label_ in NAME_LABELS and not any(c.isupper() for c in ent.text):
                continue  # "the defence ministry", "senate", "3 1 0 2": a name has a capital letter
            for piece in _split_at_numbers(ent):
                piece = self._outside_titles(self._without_article(_without_possessive(piece)), titles)
                if piece is not None:
                    kept.append(piece)
        # Lexicon spans first so that, at equal length, the lexicon's label wins.
        merged = filter_spans(lexicon_spans + kept)
        canonical: dict[int, str] = {}
        for span in merged:
            actor = self.lexicon.lookup(span.text)
            if actor is not None and actor.label in ("PERSON", "ORG") and span.label_ not in PLACE_LABELS:
                canonical[span.start] = actor.name
        merged = self._link_surnames(doc, merged, canonical)
        doc.set_ents(sorted(merged, key=lambda s: s.start))
        doc._.wc_canonical = canonical
        doc._.wc_headlines = [sent.start for sent in headlines]
        return doc

    def _without_article(self, ent: Span) -> Span:
        """A leading "the" is not part of a name: "the Netherlands", "the Commerce Department", and "the Hayat
        Tahrir al-Sham" (FAC) is the lexicon's Hayat Tahrir al-Sham, whose span and label then win.

        The article stays where it belongs to the name: a known name that is no name without it ("The Hague",
        "the States"), and a capital "The" inside a sentence ("reported by The New York Times").
        """
        if len(ent) < 2 or ent[0].lower_ != "the":
            return ent
        rest = self.lexicon.lookup(ent[1:].text)
        known = self.lexicon.phrases.get(phrase_key(ent.text))
        if known is not None and rest is not known:
            return ent
        if rest is None and ent[0].text != "the" and not ent[0].is_sent_start:
            return ent
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)

    def _outside_titles(self, ent: Span, titles: list[tuple[int, int]]) -> Span | None:
        """Role titles are not names: "State" in "Secretary of State" is no entity, and "Interfax news agency"
        is Interfax. A capitalised title that is the whole entity ("Foreign Ministry") or part of a longer
        name ("Iraqi News Agency") is a name and stays."""
        if not titles or self.lexicon.lookup(ent.text) is not None:
            return ent
        if any(s <= ent.start and ent.end <= e and (s, e) != (ent.start, ent.end) for s, e in titles):
            return None
        in_title = {i for s, e in titles for i in range(s, e)}
        start, end = ent.start, ent.end
        while start < end and start in in_title and ent.doc[start].is_lower:
            start += 1
        while end > start and end - 1 in in_title and ent.doc[end - 1].is_lower:
            end -= 1
        if start == end:
            return None
        return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label=ent.label_)

    def _link_surnames(self, doc: Doc, spans: list[Span], canonical: dict[int, str]) -> list[Span]:
        """A single name word after a full name is that person, whatever spaCy labelled it, and also where
        spaCy missed it. The surname may be a place name too ("Washington" after "MaliVai Washington"); the
        first word of a name only overrides spaCy's ORG-like labels ("Wang" after "Wang Donghai", a family
        name written first)."""
        surnames: dict[str, str] = {}
        first_words: dict[str, str] = {}
        first_seen: dict[str, int] = {}
        out = []
        for span in spans:
            words = [t for t in span if t.is_alpha or "-" in t.text]
            if span.label_ == "PERSON" and len(words) >= 2:
                full = canonical.get(span.start, span.text)
                key = surname_key(full)
                surnames.setdefault(key, full)
                first_seen.setdefault(key, span.end)
                first = phrase_key(span.text).split(" ")[0]
                if first not in NAME_PARTICLES and self.lexicon.lookup(first) is None:
                    first_words.setdefault(first, full)
                canonical.setdefault(span.start, full)
                out.append(span)
                continue
            key = _bare_name_key(span)
            full = surnames.get(key) if span.label_ in SURNAME_LABELS else None
            if full is None and span.label_ in FIRST_NAME_LABELS:
                full = first_words.get(key)
            if full is not None:
                canonical[span.start] = full
                out.append(Span(doc, span.start, span.end, label="PERSON"))
            else:
                out.append(span)
        return out + self._missed_mentions(doc, out, surnames, first_seen, canonical)

    def _missed_mentions(self, doc: Doc, spans: list[Span], people: dict[str, str], first_seen: dict[str, int],
                         canonical: dict[int, str]) -> list[Span]:
        """A lone capitalised word outside any entity that repeats the surname of a person met earlier, in a
        sentence with a verb (results tables reuse names for teams: "Bolton 3 2 1 0 5 2 7")."""
        if not people:
            return []
        covered = {i for span in spans for i in range(span.start, span.end)}
        found = []
        columns = doc.to_array([TAG, IS_TITLE])  # the candidates found by array, not token by token
        nnp = doc.vocab.strings["NNP"]
        candidates = [i for i in ((columns[:, 0] == nnp) & (columns[:, 1] != 0)).nonzero()[0].tolist()
                      if i not in covered]
        for token in (doc[i] for i in candidates):
            key = phrase_key(token.text)
            if key not in people or token.i < first_seen[key]:
                continue
            neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
            if any(n.is_title and n.tag_ in ("NNP", "NNPS") for n in neighbours):
                continue  # part of a longer name spaCy missed ("Walter Little")
            if not any(t.pos_ in ("VERB", "AUX") for t in token.sent):
                continue
            canonical[token.i] = people[key]
            found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        return found


def _split_at_numbers(ent: Span) -> list[Span]:
    """Numbers are no part of a person's, place's or organisation's name: "NEW YORK 1996-08-30" (a dateline)
    is New York, "Haitai 2 Samsung 0" (a score) is two names. Events and products keep theirs ("FTSE 100")."""
    if ent.label_ not in NUMBERLESS_LABELS or not any(_is_number(t) for t in ent):
        return [ent]
    pieces: list[Span] = []
    start = ent.start
    for i in [*(t.i for t in ent if _is_number(t)), ent.end]:
        piece = ent.doc[start:i]
        if any(c.isupper() for c in piece.text):
            pieces.append(Span(ent.doc, start, i, label=ent.label_))
        start = i + 1
    return pieces


def _is_number(token) -> bool:
    """ "1996-08-30", "4-0", "+353", "234,330"; not "M23" or "T3"."""
    return any(c.isdigit() for c in token.text) and not any(c.isalpha() for c in token.text)


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
