"""The grammar the event coder reads: dependency labels and function words, named once.

Shared by the coder's parts (coder.py, participants.py, modality.py, nominal.py).
"""

from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = ("nsubj", "csubj")
CLIMB_DEPS = {"xcomp", "conj", "advcl", "pcomp", "prep", "acl", "ccomp", "dep", "acomp", "attr", "oprd"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}  # "wo" is the "won" of "won't"
CONDITIONAL_AUX = {"would", "'d"}  # the future of reported speech ("said they would meet")
UNCERTAIN_AUX = {"may", "might", "could", "can"}
OBLIGATION_AUX = {"must": "request", "should": "appeal", "ought": "appeal"}
CONDITION_MARKS = {"if", "unless"}
DEMAND_ROOTS = ("02", "10")  # appeals and demands: made of whoever their clause names as its subject
UNREALISED_MARKS = {"if", "unless", "before", "until", "once", "lest"}  # clauses not (yet) realised
REFLEXIVES = {"himself", "herself", "itself", "themselves", "oneself"}
# Controls whose verb's object does what the to-infinitive says ("asked Sudani to help").
OBJECT_CONTROL = {"request", "appeal", "order", "intent"}
ARGUMENT_DEPS = {"dobj", "pobj", "prep", "conj", "appos", "nsubjpass", "attr", "dative", "pcomp"}
MODIFIER_DEPS = {"amod", "compound", "nmod"}
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
THREAT_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}  # "will ... " of these is a threat
# Where a nominal event stands as a fact of its own ("Israel's attack on Gaza killed ..."), not as background
# ("since last month's US invasion").
NOMINAL_EVENT_DEPS = {"nsubj", "nsubjpass", "ROOT", "dobj", "conj", "appos", "attr"}
NOUN_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}  # where a mis-tagged "offensive" is still a noun
# "X and Y met", "X and Y signed an agreement", "X and Y clashed": each did it to the other
MUTUAL_ROOTS = {"03", "04", "05", "06", "19"}
SUBORDINATE_DEPS = {"advcl", "relcl", "acl", "pcomp", "pobj", "csubj", "amod", "npadvmod"}
RECIPIENT_FALLBACK = ("in",)  # "lifted a curfew in Montenegro": the place acted upon
# an embedded verb's or a carried noun's recipient slots; never "in": "opened fire in Loiza" names a place
INNER_RECIPIENT = ("dobj", "with", "to", "on", "against")
PRONOUN_WORDS = {"he", "she", "it", "they", "him", "her", "them", "its", "their", "his", "who", "which", "that"}


def conjuncts(tok: Token) -> list[Token]:
    """The items coordinated with `tok`, nested ones too ("A, B and C")."""
    out = []
    for child in tok.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(conjuncts(child))
    return out


def misparsed_main(tok: Token) -> bool:
    """A verb the small parser hung as a participle inside the noun phrase it made the sentence's root, though
    it is the sentence's main verb: "An explosive device detonated near a checkpoint", "Nurses from two
    charities donated kits". With no agent, no passive auxiliary and no verb before it, the root noun
    phrase is its subject (``misparsed_subject``)."""
    root = misparsed_subject(tok)
    if tok.dep_ != "acl" or tok.pos_ != "VERB" or root.pos_ not in ("NOUN", "PROPN", "NUM") or root.i > tok.i:
        return False
    if root.i == tok.head.i and _acronym_read_as_verb(root):
        return not any(c.dep_ in ("agent", "auxpass") for c in tok.children)
    if any(c.dep_ in ("agent", "auxpass") for c in tok.children) or resultative_without_object(tok):
        return False  # "a trader hacked to death": a headline passive, not an active with the root as subject
    # participles that only modify a noun on the way may stand between ("Four militants armed with pistols
    # fired on a patrol"); a finite verb may not
    return not any(t.pos_ in ("VERB", "AUX") and not (t.dep_ == "acl" and t.tag_ in ("VBN", "VBG"))
                   for t in tok.doc[root.i + 1:tok.i])


def _acronym_read_as_verb(noun: Token) -> bool:
    """ "25 IS militants surrendered": the group's acronym read as the verb "is" (or as a clause of its own),
    the noun after it as its attribute."""
    acronym = noun.head
    return (noun.dep_ == "attr" and acronym.i == noun.i - 1 and len(acronym.text) > 1 and acronym.text.isupper()
            and acronym.text.isalpha())


def misparsed_subject(tok: Token) -> Token:
    """The head of the noun phrase the parser made the sentence's root: the root itself, the object of a
    root preposition that opens the sentence with a quantity ("Over hundreds of traders protested ...",
    "About 200 workers marched ..."), or the noun after an acronym read as the verb "is"."""
    root = tok.sent.root
    if tok.dep_ == "acl" and _acronym_read_as_verb(tok.head):
        return tok.head
    if root.pos_ != "ADP" or tok.dep_ != "acl":
        return root
    # the highest noun on the way from the verb's own noun up to the root preposition ("On 3 May, over
    # hundreds of ... protested": the parser hangs the rest on the date's preposition)
    noun, current = root, tok.head
    while current.i != root.i:
        if current.pos_ in ("NOUN", "PROPN", "NUM") and current.ent_type_ not in ("DATE", "TIME"):
            noun = current
        elif current.pos_ not in ("ADP", "PUNCT", "DET", "ADJ"):
            return root
        current = current.head
    return noun


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def headline_passive(tok: Token) -> bool:
    """A passive participle that is the predicate of a sentence written without a finite verb, as wire notes
    and headlines are ("Three guards killed by gunmen near the border"): the root noun is what it befell."""
    root = tok.sent.root
    return (tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i == root.i and root.pos_ in ("NOUN", "PROPN")
            and not any(t.tag_ in FINITE_TAGS for t in tok.sent))


RESULT_WORDS = {"dead"}  # "shot dead", "stabbed dead"; "to death" is the prepositional form


def resultative_without_object(tok: Token) -> bool:
    """ "Two herders shot dead", "a trader hacked to death": a harm verb with its result but no object can only
    be a headline passive (the active needs the victim as object: "police shot two men dead")."""
    if tok.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in tok.children):
        return False
    return any((c.lower_ in RESULT_WORDS and c.dep_ in ("oprd", "acomp", "advmod", "xcomp", "ccomp")) or
               (c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children))
               for c in tok.children)


def headline_harm(tok: Token, transitive_harms: frozenset[str]) -> bool:
    """ "5 killed, 3 wounded in an ambush", "Three traders abducted near the market": a harm verb that always
    takes its victim as object, written with no object and no auxiliary, is a headline passive; its subject
    is the one harmed."""
    if tok.lemma_ not in transitive_harms or tok.tag_ not in ("VBD", "VBN"):
        return False
    children = [c.dep_ for c in tok.children]
    subject = "nsubj" in children or (tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "NUM"))
    if not subject or any(d in children for d in (
            "dobj", "dative", "ccomp", "xcomp", "aux", "auxpass", "nsubjpass", "agent", "prt")):
        return False
    # the object elsewhere: shared with a coordinated verb ("killed and injured three policemen") or read as a
    # quantity's preposition ("arrested over 200")
    return not any((c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children)) or (
        c.dep_ in ("prep", "advmod", "quantmod") and any(g.pos_ == "NUM" for g in c.subtree)) for c in tok.children)


def harmed_subject(tok: Token) -> Token | None:
    """Who a ``headline_harm`` befell: its subject, or the noun its participle hangs on."""
    return next((c for c in tok.children if c.dep_ == "nsubj"), tok.head if tok.dep_ == "acl" else None)


def clause_subjects(clause: Token, pronouns: bool = True) -> list[Token]:
    """The subjects of a clause's verb, active or passive; without `pronouns`, only those that name someone."""
    return [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and (pronouns or c.pos_ != "PRON")]


def prep_objects(prep: Token) -> list[Token]:
    """The objects of a preposition. When it has none because the parser read its object as the subject of
    a clause that follows ("granted asylum to five officers hiding in the embassy"), that subject."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects or prep.i + 1 >= len(prep.doc):
        return objects
    clauses = [c for c in prep.children if c.dep_ == "pcomp"] + [
        c for c in prep.head.children if c.dep_ in ("advcl", "ccomp", "acl", "relcl")]
    return [c for clause in clauses if clause.left_edge.i == prep.i + 1 for c in clause.children
            if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") and c.i < clause.i]


def particle_quantity(verb: Token) -> list[Token]:
    """ "abducted up to 20 engineers": the parser reads "up" as the verb's particle and the quantity as the
    object of its "to"; that object is the verb's."""
    ups = [c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"]
    return [p for up in ups for to in [*up.children, *verb.children]
            if to.dep_ == "prep" and to.lower_ == "to" and to.i == up.i + 1
            for p in to.children if p.dep_ == "pobj" and any(n.dep_ == "nummod" for n in p.children)]
