"""Finding toponyms in a parsed article, and the place where an event happened."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from wirecoder.model import Place
from wirecoder.nlp.text import doc_text
from wirecoder.where.build import MATCH_ALT, MATCH_LOOSE, MATCH_NAME, MATCH_VARIANT
from wirecoder.where.gazetteer import Gazetteer, clean_toponym
from wirecoder.where.localities import (DIRECTIONS, PLACE_ONLY_PREPS, after_place_preposition_spans, level_after,
                                       locality_spans, locality_words, part_words)
from wirecoder.where.names import is_generic_word, is_institution, is_local_feature
from wirecoder.where.resolve import resolve_spans

TOPONYM_LABELS = ("GPE", "LOC", "FAC")
# The small model often calls a place ORG or PERSON ("Georgia", "Gainesville"); such a span counts as a
# toponym when the same text is a GPE/LOC elsewhere in the article, or when it names a country or a
# first-order division exactly; a one-word ORG also when it is the name of a sizeable town.
RELABEL_LABELS = ("ORG", "PERSON")
# A LOC or FAC name no gazetteer entry fits is placed at the place the article names most when its last
# word says it is a street, square, river or building ("Tahrir Square", "Neches River"); other such
# names ("Breakfast", "Holy Land") and GPE names that fit nothing are too often misread, and are dropped.
CONTEXTUAL_LABELS = ("LOC", "FAC")
# A public body's name that starts with its place ("Athens Police Department") holds a place mention.
EMBEDDING_LABELS = ("ORG", "FAC")
EMBEDDED_MAX_WORDS = 3
CONTAINERS_FOR_EMBEDDING = ("A.PCLI", "A.ADM1", "A.ADM2")
EMBEDDED_TOWN_POPULATION = 10_000
EMBEDDED_ALONE_POPULATION = 100_000  # ... when the article names no other place to check it against
TOWN_AS_ORG_POPULATION = 50_000
# Prepositions that put an event somewhere, strongest first ("met ... in Baghdad").
LOCATIVE_PREPS = ("in", "at", "near", "outside", "across", "inside", "within", "throughout", "around", "along",
                  "off", "beside", "nearby")
DIRECTIONAL_PREPS = ("from", "into", "to", "toward", "towards", "through", "over")
ARGUMENT_DEPS = ("nsubj", "nsubjpass", "csubj", "dobj", "iobj", "dative", "attr", "oprd", "agent", "obj")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "agent")
CLAUSE_DEPS = ("xcomp", "advcl")  # a clause below the verb
EMBEDDED_DEPS = ("compound", "nmod", "poss", "amod")  # "US Secretary of State", "Syria's capital"
# How coarse a place's point is: a town beats its district, a district its province, a province its country.
PRECISION_RANK = {"point": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}
# Minimum score for a found toponym to count as a place: a thousand-person town named exactly scores 3.
MIN_SCORE = 2.5
# A town of fewer people than this, alone in its country, beside places that agree on another country, is a
# namesake abroad (``_without_namesakes_abroad``); divisions and countries are never dropped so.
NAMESAKE_POPULATION = 20_000
NAMESAKE_FEATURES = ("P.PPL", "A.ADM3")
NAMESAKE_EVIDENCE = 1  # differently named places that must agree on another country (or one demonym of it)
BRACKET_REACH = 120  # characters a bracket's divisions span at most (localities._BRACKETS)

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the name without a leading "the" or a trailing possessive."""
    surface = text[start:end]
    lead = _LEADING_THE.match(surface)
    if lead and lead.end() < len(surface):
        start += lead.end()
    tail = _POSSESSIVE.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def _excluded(start: int, end: int, exclude: Iterable[tuple[int, int]]) -> bool:
    """A span the actors stage knows is a person or organisation, or one overlapping such a span that it
    does not sit inside (a place named inside an actor's name is still a place mention)."""
    for ex_start, ex_end in exclude:
        if (start, end) == (ex_start, ex_end):
            return True
        overlaps = start < ex_end and ex_start < end
        inside = ex_start <= start and end <= ex_end
        if overlaps and not inside:
            return True
    return False


def _qualifier_spans(doc: Doc, gazetteer: Gazetteer, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "Lexington, Ky.": a state abbreviation right after a toponym and a comma that NER left out."""
    found = []
    starts = {start for start, _ in taken}
    for ent in doc.ents:
        if ent.label_ not in TOPONYM_LABELS or ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
            continue
        token = doc[ent.end + 1]
        if token.idx not in starts and gazetteer.state_abbreviation(token.text) is not None and "." in token.text:
            found.append((token.idx, token.idx + len(token.text)))
    return found


# starts only where a run of capitals starts (the lookbehind), so a long run has one reading to try, not many
_CHAIN_NAME = re.compile(r"(?<![A-Z])([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}), $")


def _chain_spans(doc: Doc, gazetteer: Gazetteer, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "in Galkayo, Mudug, Somalia": the names listed before a country or a first-order division, each
    a toponym even where the NER missed it (the list says so; what follows qualifies it)."""
    text = doc_text(doc)
    found: list[tuple[int, int]] = []
    starts = {start for start, _ in taken}
    containers = sorted(span for span in taken
                        if any(c.feature in ("A.PCLI", "A.ADM1") and c.match in (MATCH_NAME, MATCH_ALT, MATCH_VARIANT)
                               for c in gazetteer.candidates(text[span[0]:span[1]])))
    for start, _ in containers:
        position = start
        for _ in range(3):  # at most three names back: "city, district, province, Country"
            match = _CHAIN_NAME.search(text, max(0, position - 60), position)
            if match is None or match.end() != position:
                break
            name_start = match.start(1)
            if name_start not in starts and not any(s < match.end(1) and name_start < e for s, e in taken + found):
                found.append((name_start, match.end(1)))
            position = name_start
    return found


# a name the NER cut after its particle ("Santa Cruz de la" of "Santa Cruz de la Sierra"), and the rest of it
_PARTICLE_END = re.compile(r"\s(?:de|del|de la|de las|de los|do|da|dos|das|di|du|des)$")
_CAPITALISED_RUN = re.compile(r"\s([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})")


def _with_particle_tails(text: str, gazetteer: Gazetteer, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans cut after a particle of a Romance place name taken on over the capitalised words after it, when
    the gazetteer holds the whole name as such ("Santa Cruz de la" + "Sierra"); spans inside the extension go."""
    for start, end in list(spans):
        if not _PARTICLE_END.search(text, max(start, end - 8), end):
            continue
        rest = _CAPITALISED_RUN.match(text, end)
        if rest is None:
            continue
        if any(c.match in (MATCH_NAME, MATCH_ALT, MATCH_VARIANT) for c in gazetteer.candidates(text[start:rest.end()])):
            spans = [span for span in spans if not (start <= span[0] and span[1] <= rest.end())]
            spans.append((start, rest.end()))
    return spans


# "Engels and Abubakarov Streets": the plural street word after the second name is the first's too (only
# words no town name ends in: "Decatur and Avondale Estates" are two towns)
SHARED_FEATURE_WORDS = frozenset({"Streets", "Roads", "Avenues", "Boulevards", "Lanes", "Highways", "Bridges",
                                  "Rivers", "Squares"})
_AND_FEATURES = re.compile(r"\s+(?:and|&)\s+[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}\s+([A-Z][a-z]+s)\b")


def _shares_a_feature_word(text: str, end: int) -> bool:
    """A name coordinated with another before a plural street, river or building word ("at the corner of
    Engels and Lenin Streets"): a street, not the town the gazetteer knows by that name."""
    match = _AND_FEATURES.match(text, end)
    return match is not None and match.group(1) in SHARED_FEATURE_WORDS


def _embedded_spans(doc: Doc, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """ "Athens" in "Athens Police Department": the place a public body's name starts with.

    The rest of the name must hold an institution word (data/institution_words.txt), and the place must
    be a name the gazetteer holds as such, of a country, a division or a town of some size.
    """
    found = []
    for ent in doc.ents:
        if ent.label_ not in EMBEDDING_LABELS or len(ent) < 2:
            continue
        # longest head first: "Kansas City Police", "Washington State Department"; a head naming only a
        # small place gives way to a shorter one ("Preston City Council" is Preston's)
        for size in range(min(EMBEDDED_MAX_WORDS, len(ent) - 1), 0, -1):
            head, rest = ent[:size], ent[size:]
            if not all(t.pos_ == "PROPN" for t in head) or not is_institution(rest.text):
                continue
            if size == 1 and is_generic_word(head.text):
                continue  # "Central Office", "Western Health Board"
            if any(c.match in (MATCH_NAME, MATCH_ALT, MATCH_VARIANT) and (
                    c.feature in CONTAINERS_FOR_EMBEDDING or c.population >= EMBEDDED_TOWN_POPULATION)
                   for c in gazetteer.candidates(head.text)):
                found.append((head.start_char, head.end_char))
                break
    return found


def _stands_alone(gazetteer: Gazetteer, place: Place) -> bool:
    """An embedded place in an article naming no other: only a country no division shares a name with
    ("Georgia Bureau of Investigation" alone may be the state), or a large city ("Bar Council" is no
    Montenegrin town)."""
    candidates = gazetteer.candidates(place.text)
    if place.feature == "A.PCLI":
        return not any(c.feature == "A.ADM1" for c in candidates)
    return any(c.geonameid == place.geonameid and c.population >= EMBEDDED_ALONE_POPULATION for c in candidates)


def _is_major_place(gazetteer: Gazetteer, text: str, label: str) -> bool:
    one_word_org = label == "ORG" and " " not in text and not text.isupper()
    for c in gazetteer.candidates(text):
        if c.match not in (MATCH_NAME, MATCH_VARIANT):
            continue
        if c.feature in ("A.PCLI", "A.ADM1") or (one_word_org and c.population >= TOWN_AS_ORG_POPULATION):
            return True
    return False


def _toponym_entities(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """GPE/LOC/FAC entities, plus ORG/PERSON ones that are places by the rules above; proper names only."""
    toponym_texts = {clean_toponym(e.text).casefold() for e in doc.ents if e.label_ in ("GPE", "LOC")}
    found = []
    for ent in doc.ents:
        if not any(ch.isupper() for ch in ent.text):
            continue  # "metro", "gulf": not a name
        if ent.label_ in TOPONYM_LABELS:
            found.append(ent)
        elif ent.label_ in RELABEL_LABELS:
            cleaned = clean_toponym(ent.text)
            if cleaned.casefold() in toponym_texts or _is_major_place(gazetteer, cleaned, ent.label_) or (
                    _after_locative_preposition(ent) and gazetteer.candidates(cleaned)):
                found.append(ent)
    return found


def _after_locative_preposition(ent: Span) -> bool:
    """ "in Loiza, men opened fire" with Loiza read as a person: people are not what "in" and "near" take."""
    root = ent.root
    return (ent.label_ == "PERSON" and root.dep_ == "pobj" and root.head.lower_ in PLACE_ONLY_PREPS
            and not any(c.dep_ in ("poss", "case") for c in root.children)
            and not (root.i + 1 < len(root.doc) and root.doc[root.i + 1].tag_ == "POS"))


def find_places(doc: Doc, article_id: str, *, exclude: set[tuple[int, int]] | frozenset = frozenset(),
                gazetteer: Gazetteer | None = None, home_country: str | None = None) -> list[Place]:
    """Toponyms (GPE, LOC and FAC entities) resolved to places, in text order.

    Spans in ``exclude`` (char offsets the actors stage knows are persons or organisations) are skipped,
    and so is any toponym the gazetteer cannot place with enough confidence, except LOC/FAC names that
    match no entry at all and end in a street, river or building word: those stand in at the article's
    own place (``contextual_place``). The place a public body's name starts with ("Athens" in "Athens
    Police Department") is a mention too, kept when it fits the article's other places. The article's
    other toponyms, its demonyms ("Iraqi") and "City, ST" patterns are the context for resolving each
    one; ``home_country`` (the outlet's, see ``where.outlet``) is a weak hint.
    """
    gazetteer = gazetteer or Gazetteer.load()
    text = doc_text(doc)
    spans: list[tuple[int, int]] = []
    features: list[tuple[int, int]] = []  # LOC/FAC names: rivers, squares, streets the gazetteer may lack
    for ent in _toponym_entities(doc, gazetteer):
        start, end = _trimmed(text, ent.start_char, ent.end_char)
        # a person or organisation entity taken as a place by the rules above is no longer blocked by its own
        # label ("in Loiza" read as a person); other blocked names overlapping it still are
        blocked = exclude - {(ent.start_char, ent.end_char)} if ent.label_ in RELABEL_LABELS else exclude
        if _excluded(start, end, blocked) or _excluded(ent.start_char, ent.end_char, blocked):
            continue
        if gazetteer.is_not_place(text[start:end]):
            continue
        spans.append((start, end))
        if ent.label_ in CONTEXTUAL_LABELS and is_local_feature(clean_toponym(text[start:end])):
            features.append((start, end))
    spans = [span for span in _with_particle_tails(text, gazetteer, spans) if not _shares_a_feature_word(text, span[1])]
    spans.extend(_qualifier_spans(doc, gazetteer, spans))
    spans.extend(_chain_spans(doc, gazetteer, spans))
    # a name "in" or "near" takes that the NER saw as no place, or as part of a larger name
    spans.extend(span for span in after_place_preposition_spans(doc)
                 if not any(span[0] < end and start < span[1] for start, end in spans)
                 and not any(is_institution(word) for word in text[span[0]:span[1]].split()))  # "in Parliament"
    # names the constructions of conflict reports mark as places ("Bor town", "(Afmadow, Lower Juba)"); one
    # that holds a shorter NER toponym replaces it ("Lower Juba" for "Juba"), one inside a toponym is dropped
    localities: set[tuple[int, int]] = set()
    for span in locality_spans(doc):
        if span in spans:  # the NER's toponym, which the construction marks too ("(Balcad, Middle Shabelle)")
            localities.add(span)
            continue
        inside = [other for other in spans if span[0] <= other[0] and other[1] <= span[1] and other != span]
        if any(span[0] < end and start < span[1] for start, end in spans if (start, end) not in inside):
            continue
        spans = [other for other in spans if other not in inside] + [span]
        if not inside:
            localities.add(span)
    localities.update(span for span in spans if _before_settlement_word(doc, span))
    # a head already inside a toponym ("Da Nang" of "Da Nang International Airport") is no second place
    embedded = {span for span in _embedded_spans(doc, gazetteer)
                if not any(span[0] < end and start < span[1] for start, end in spans)
                and not _excluded(*span, exclude)}
    spans.extend(embedded)
    spans.sort()
    countries = [code for ent in doc.ents if ent.label_ == "NORP"
                 for code in [gazetteer.demonym_country(ent.text)] if code]
    # the divisions a report gives in brackets are exact about their level ("(Haveli district, AJK)"); in
    # running text "the Lancaster district" or "the Charlotte region" need not be a division at all
    levels = {span: level for span in spans if _in_brackets(text, *span)
              for level in [level_after(text, span[1])] if level}
    places = resolve_spans(gazetteer, text, spans, countries=countries, article_id=article_id,
                           min_score=MIN_SCORE, contextual=features, home_country=home_country,
                           marked=localities, levels=levels)
    found = [place for place in places if place is not None]
    found = _without_loose_readings_abroad(gazetteer, found, countries)
    if localities:
        # a name only the construction marks ("Bagdad village") is a place of the article's own countries:
        # those of its other places, and those two marked names of their own agree on ("Argelia municipality,
        # Cauca department" beside a Los Cedros the gazetteer knows only in Mexico)
        named = {p.country for p in found if (p.start, p.end) not in localities and p.country}
        named |= _agreed_countries([p for p in found if (p.start, p.end) in localities])
        found = [p for p in found if (p.start, p.end) not in localities or not named or p.country in named]
    found = _without_namesakes_abroad(gazetteer, found, countries)
    if embedded:
        # a name inside a body's name must fit the article: "Chamber Office" in a British story is no
        # Pakistani town; the countries of the article's other places (else its demonyms) decide
        own = {p.country for p in found if (p.start, p.end) not in embedded and p.country} or set(countries)
        found = [p for p in found if (p.start, p.end) not in embedded or (
            p.country in own if own else _stands_alone(gazetteer, p))]
    return found


def _in_brackets(text: str, start: int, end: int) -> bool:
    opening, closing = text.rfind("(", max(0, start - BRACKET_REACH), start), text.find(")", end, end + BRACKET_REACH)
    return opening >= 0 and closing >= 0 and ")" not in text[opening:start] and "(" not in text[end:closing]


def _agreed_countries(places: list[Place], least: int = 2) -> set[str]:
    """Countries that at least ``least`` differently named places lie in."""
    names: dict[str, set[str]] = {}
    for place in places:
        if place.country:
            names.setdefault(place.country, set()).add(clean_toponym(place.text).casefold())
    return {country for country, found in names.items() if len(found) >= least}


def _without_namesakes_abroad(gazetteer: Gazetteer, places: list[Place], demonym_countries: list[str]) -> list[Place]:
    """Without the small towns that lie in a country nothing else in the article points to (no other name, no
    demonym), when another name or a demonym points to another country: "the Kalan (Kalani) village of Sangar
    district, Ghazni" is no Iranian hamlet that happens to be called Kalani, nor "Malian police in Tin" a
    French Tin; the gazetteer lacks the local one."""
    names: dict[str, set[str]] = {}
    for place in places:
        if place.country:
            names.setdefault(place.country, set()).add(clean_toponym(place.text).casefold())
    demonyms = set(demonym_countries)
    kept = []
    for place in places:
        if place.feature in NAMESAKE_FEATURES and place.country not in demonyms:
            own = clean_toponym(place.text).casefold()
            alone = names.get(place.country, set()) <= {own}
            elsewhere = demonyms - {place.country} or {c for c, found in names.items()
                                                         if c != place.country and len(found) >= NAMESAKE_EVIDENCE}
            if alone and elsewhere and _population(gazetteer, place) < NAMESAKE_POPULATION:
                continue
        kept.append(place)
    return kept


def _without_loose_readings_abroad(gazetteer: Gazetteer, places: list[Place],
                                   demonym_countries: list[str]) -> list[Place]:
    """Without the towns found only in another transliteration (``MATCH_LOOSE``; resolve_spans has checked
    they lie near another place) outside every country the article's other places and demonyms are in."""
    loose = [p.feature is not None and p.feature.startswith("P.")
             and all(c.match == MATCH_LOOSE for c in gazetteer.candidates(p.text)) for p in places]
    if not any(loose):
        return places
    named = {p.country for p, weak in zip(places, loose) if p.country and not weak} | set(demonym_countries)
    return [p for p, weak in zip(places, loose) if not weak or not named or p.country in named]


def _population(gazetteer: Gazetteer, place: Place) -> int:
    return max((c.population for c in gazetteer.candidates(place.text)
                if c.name == place.name and c.country == place.country and c.feature == place.feature), default=0)


def _anchor(token: Token) -> Token:
    """The word that carries a place in its clause: the settlement word a name modifies ("Bor" in "near Bor
    town", the brackets of "Afmadow town (Afmadow, Lower Juba)"), or the one whose of-phrase it is ("the
    village of Juhr")."""
    words, parts = locality_words(), part_words()
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            break
        if token.dep_ == "appos" or (token.dep_ in ("compound", "nmod") and head.lower_ in words) or (
                token.dep_ == "conj" and token.pos_ == head.pos_ == "PROPN"):
            token = head  # a name in apposition, brackets or a list ("X, Mudug, Somalia") stands where X stands
        elif token.dep_ == "pobj" and head.lower_ == "of" and (head.head.lower_ in words or head.head.lower_ in parts):
            token = head.head  # "the village of Juhr", "the square of X", "north of X"
        else:
            break
    return token


def _before_settlement_word(doc: Doc, span: tuple[int, int]) -> bool:
    """ "Bagdad village", "Bor town": a name the report itself calls a local settlement."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None or tokens.end >= len(doc):
        return False
    after = doc[tokens.end]
    return after.is_lower and after.lower_ in locality_words()


def place_tokens(doc: Doc, places: list[Place]) -> list[tuple[Place, Span, Token]]:
    """Each place with its tokens and the word that carries it (``_anchor``): what ``place_for_token`` reads."""
    found = []
    for place in places:
        if place.start is None or place.end is None:
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and len(span):
            root = span.root
            first = span[0]
            if root.i != first.i and first.dep_ == "pobj" and first.head.i == span.start - 1:
                # "in Dera Ghazi Khan held ...", parsed with "Khan" as the subject: the name is the object of "in"
                root = first
            anchor = _anchor(root)
            if anchor.dep_ in ARGUMENT_DEPS:
                anchor = _listed_after_preposition(doc, span.start) or anchor
            elif anchor.dep_ == "compound" and place.precision not in ("country", "region"):
                anchor = _locative_head(anchor) or anchor
            found.append((place, span, anchor))
    return found


def _locative_head(token: Token) -> Token | None:
    """The noun a town's name modifies, when that noun is where something happened: "in Othaya bus terminal",
    "at the Moirang police station" (a country modifying a noun, "the US embassy", is no such place)."""
    head = token.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("NOUN", "PROPN") and _locative(head) else None


def _listed_after_preposition(doc: Doc, start: int) -> Token | None:
    """The object of the locative preposition that opens a list of names the place ends ("in Lafoole,
    Shabeellaha Hoose, Somalia, militants beat ...": the parser made the second name the subject), else None."""
    for _ in range(3):
        if start < 2 or doc[start - 1].text != "," or doc[start - 2].pos_ != "PROPN":
            return None
        first = start - 2
        while first > 0 and doc[first - 1].pos_ == "PROPN":
            first -= 1
        before = doc[first - 1] if first > 0 else None
        if before is not None and before.lower_ in LOCATIVE_PREPS:
            return next((t for t in doc[first:start - 1] if t.dep_ == "pobj" and t.head.i == before.i), None)
        start = first
    return None


def _arguments(verb: Token) -> set[int]:
    """Token indices of the verb's subjects and objects, with the items coordinated with them."""
    found: set[int] = set()
    for child in verb.children:
        if child.dep_ in ARGUMENT_DEPS:
            found.add(child.i)
            found.update(c.i for c in child.conjuncts)
    return found


def _embedded(root: Token, place_roots: set[int]) -> bool:
    """A place that only modifies a noun ("US" in "US Secretary of State")."""
    return root.dep_ in EMBEDDED_DEPS and root.head.i not in place_roots


def _depth_below(token: Token, top: Token) -> int:
    depth = 0
    while token.i != top.i and token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _locative(anchor: Token) -> bool:
    # "in X", and "(40 km) north of X", which says where as "in" does
    return (anchor.dep_ == "pobj" and anchor.head.lower_ in LOCATIVE_PREPS) or anchor.lower_ in DIRECTIONS


def place_for_token(token: Token, places: list[Place], material: bool = False,
                    placed: list[tuple[Place, Span, Token]] | None = None) -> Place | None:
    """Where the event carried by ``token`` (usually a verb) happened, if the text says.

    1. A place in a prepositional phrase attached to the verb (or to its object: "talks in Baghdad"),
       locative prepositions first, the shallowest first ("in Afmadow town (Afmadow, Lower Juba)" is
       Afmadow, not its brackets);
    2. else a place after a locative preposition elsewhere in the sentence, the nearest;
    3. else the last such place earlier in the same paragraph ("Gunmen raided a market in X. Two
       traders died.").
    Never the verb's subject or object ("pressed Iraq"), nor a place inside an actor's name; but an act of
    force (`material`) happens where its object is, when that is a town or an area ("shelled Fleifel town").
    ``placed`` is ``place_tokens(doc, places)``, given when placing many events of one article.
    """
    sentence = token.sent
    doc = token.doc
    if placed is None:
        placed = place_tokens(doc, places)
    located = [(place, span, anchor) for place, span, anchor in placed
               if span.start >= sentence.start and span.end <= sentence.end]
    anchors = {anchor.i for _, _, anchor in located}
    arguments = _arguments(token)
    allowed: dict[int, Place] = {}
    for place, span, anchor in sorted(located, key=lambda item: item[1].start, reverse=True):
        in_object = anchor.i in arguments and material and place.precision != "country" and anchor.dep_ == "dobj"
        if (anchor.i not in arguments or in_object) and not _embedded(anchor, anchors):
            # of the places one phrase lists, the most precise wins, then the first named: "in Afmadow town
            # (Afmadow, Lower Juba)" is Afmadow, and so is "in Lower Juba, Afmadow, Somalia"
            held = allowed.get(anchor.i)
            if held is None or PRECISION_RANK.get(place.precision, 0) <= PRECISION_RANK.get(held.precision, 0):
                allowed[anchor.i] = place
    if allowed:
        heads = [token] + [child for child in token.children if child.dep_ in ("dobj", "obj", "xcomp", "advcl")]
        # "shot and killed a civilian in X": conjoined verbs share where they happened
        heads += [c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        if token.dep_ == "conj" and token.head.pos_ == "VERB":
            heads.append(token.head)
        for preps in (LOCATIVE_PREPS, DIRECTIONAL_PREPS):
            # where a clause below the verb goes ("when they were stopped from entering into X") says nothing
            # of where the verb's own event was: only the verb and its conjuncts are searched for a direction
            for head in (heads if preps is LOCATIVE_PREPS else [h for h in heads if h.dep_ not in CLAUSE_DEPS]):
                for prep in head.children:
                    if prep.dep_ != "prep" or prep.lower_ not in preps:
                        continue
                    inside = [(_depth_below(doc[i], prep), i) for i in allowed if prep.is_ancestor(doc[i])]
                    if inside:
                        return allowed[min(inside)[1]]
        locative = [(abs(i - token.i), i) for i in allowed if _locative(doc[i])]
        if locative:
            return allowed[min(locative)[1]]
        objects = [i for i in allowed if doc[i].dep_ == "dobj" and doc[i].head.i == token.i]
        if objects:
            return allowed[objects[0]]
        # "in Dabel (Moyale, Marsabit)" with Dabel unknown to the gazetteer: the divisions the sentence
        # names still say where, the nearest first; a country alone is too coarse to guess from
        divisions = [(abs(i - token.i), i) for i in allowed if allowed[i].precision != "country"]
        if divisions:
            return allowed[min(divisions)[1]]
    return (_in_participant(token, located, material) or _earlier_in_paragraph(doc, placed, sentence.start_char)
            or _sole_place(doc, placed, sentence))


def _in_participant(token: Token, located: list[tuple[Place, Span, Token]], material: bool) -> Place | None:
    """A town or division named inside the verb's subject, or an act of force's object ("Matola residents
    burnt tyres", "the Chittagong district police detained ..."): when the clause says nothing else, the
    people it names are of that place, and so is what they did. Countries are too coarse ("US officials");
    words and pressure are not placed by whom they address ("pressed the Kismayo elders")."""
    deps = ARGUMENT_DEPS if material else SUBJECT_DEPS
    participants = [t for t in [token, *(c for c in token.children if c.dep_ == "conj")]
                    for t in t.children if t.dep_ in deps]
    found = [(abs(span.start - token.i), place) for place, span, _ in located
             if place.precision not in ("country", "region")
             and any(p.left_edge.i <= span.start and span.end - 1 <= p.right_edge.i for p in participants)]
    return min(found, key=lambda item: item[0])[1] if found else None


def _sole_place(doc: Doc, placed: list[tuple[Place, Span, Token]], sentence: Span) -> Place | None:
    """The one town or division the paragraph puts something in ("... protested in X"), when it names no
    other: a report of one event that names one place names where it happened, even a sentence later."""
    text = doc_text(doc)
    start, end = text.rfind("\n", 0, sentence.start_char) + 1, text.find("\n", sentence.end_char)
    end = len(text) if end < 0 else end
    local = [(place, anchor) for place, span, anchor in placed
             if place.precision not in ("country", "region") and start <= span.start_char and span.end_char <= end]
    if len({(place.name, place.country) for place, _ in local}) != 1:
        return None
    return next((place for place, anchor in local if _locative(anchor)), None)


def _earlier_in_paragraph(doc: Doc, placed: list[tuple[Place, Span, Token]], before: int) -> Place | None:
    # the latest place-bearing phrase, and of it the first-named place (the town, not its brackets)
    text = doc_text(doc)
    found = [(-anchor.i, span.start_char, place) for place, span, anchor in placed
             if span.end_char <= before and _locative(anchor) and "\n" not in text[span.end_char:before]]
    return min(found, key=lambda item: item[:2])[2] if found else None
