"""Score spaCy's entities, raw and with wirecoder's repairs, on CoNLL-2003 NER.

Input: CoNLL-2003 (``token POS chunk NER`` a line, IOB1 tags, ``-DOCSTART-`` lines between documents,
a blank line between sentences). Each document becomes one spaCy Doc built from the gold tokens, with
the gold sentence starts preset, so the model sees the whole document but never has to re-tokenize.
The pipeline runs twice: the bare model (``raw``) and wirecoder's (``load_nlp``, with the repairs).

spaCy's OntoNotes labels map to CoNLL's: PERSON -> PER; GPE, LOC, FAC -> LOC; ORG -> ORG; NORP, EVENT,
PRODUCT, WORK_OF_ART, LAW, LANGUAGE -> MISC; the rest (dates, numbers, ...) are dropped. Scores are
conlleval's: exact span and type, micro P/R/F1 over all entities and per type.

``changes`` says where the repairs moved the score: every entity the repairs dropped, added, relabelled
or trimmed, counted as ``helped`` (a wrong entity removed or a right one added) or ``hurt``, by cause.

    python -m wirecoder.evaluate.conll ../shared/gold/conll2003/eng.testa [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirecoder.errors import InputError
from wirecoder.evaluate.metrics import Tally, format_class_table, format_headline

TYPES = ("LOC", "MISC", "ORG", "PER")
LABEL_MAP = {
    "PERSON": "PER",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}
DOCSTART = "-DOCSTART-"
HEADLINE_KEYS = ("f1", "raw_f1", "gain", "precision", "recall", "raw_precision", "raw_recall")

Span = tuple[int, int, str]  # first token, end token (exclusive), CoNLL type; token numbers within a document


@dataclass
class Document:
    words: list[str]
    sentence_starts: list[int]  # token number of each sentence's first token
    gold: set[Span]


def iob_spans(tags: Sequence[str]) -> set[Span]:
    """Chunks of one sentence's IOB tags, read the IOB1 way (which also reads IOB2 right).

    An I- tag after O or after another type starts a chunk; a B- tag always starts one (in IOB1 it only
    appears between two adjacent chunks of the same type).
    """
    spans: set[Span] = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if start is not None and (prefix == "O" or begins):
            spans.add((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, label
        elif prefix not in ("I", "O"):
            raise InputError(f"not an IOB tag: {tag!r}")
    return spans


def read_conll(path: str | Path, limit: int | None = None) -> list[Document]:
    """The documents of a CoNLL-2003 file (the first ``limit`` of them), gold spans in document tokens."""
    path = Path(path)
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    documents: list[Document] = []
    words: list[str] = []
    starts: list[int] = []
    gold: set[Span] = set()
    sentence_tags: list[str] = []

    def end_sentence() -> None:
        if sentence_tags:
            offset = len(words) - len(sentence_tags)
            starts.append(offset)
            gold.update((s + offset, e + offset, kind) for s, e, kind in iob_spans(sentence_tags))
            sentence_tags.clear()

    def end_document() -> None:
        nonlocal words, starts, gold
        end_sentence()
        if words:
            documents.append(Document(words, starts, gold))
        words, starts, gold = [], [], set()

    with handle:
        for number, line in enumerate(handle, 1):
            fields = line.split()
            if not fields:
                end_sentence()
                continue
            if fields[0] == DOCSTART:
                end_document()
                if limit is not None and len(documents) >= limit:
                    break
                continue
            if len(fields) < 2:
                raise InputError(f"{path}:{number}: expected 'token ... NER-tag'")
            words.append(fields[0])
            sentence_tags.append(fields[-1])
        else:
            end_document()
    if limit is not None:
        documents = documents[:limit]
    if not documents:
        raise InputError(f"no sentences in {path}")
    return documents


def make_doc(nlp: Any, document: Document):
    """A spaCy Doc of the gold tokens with the gold sentence starts preset (the parser keeps them)."""
    from spacy.tokens import Doc

    starts = set(document.sentence_starts)
    return Doc(nlp.vocab, words=document.words, spaces=[True] * len(document.words),
               sent_starts=[i in starts for i in range(len(document.words))])


def predicted_spans(doc) -> set[Span]:
    """The Doc's entities as CoNLL spans; labels CoNLL has no type for are dropped."""
    return {(ent.start, ent.end, LABEL_MAP[ent.label_]) for ent in doc.ents if ent.label_ in LABEL_MAP}


def run_model(nlp: Any, documents: Sequence[Document], batch_size: int = 16) -> list:
    """Every document through the whole pipeline (nlp.pipe accepts ready-made Docs)."""
    return list(nlp.pipe((make_doc(nlp, d) for d in documents), batch_size=batch_size))


def tally(documents: Sequence[Document], predictions: Sequence[set[Span]]) -> dict[str, Tally]:
    """Per-type and overall ("ALL") tallies of exact span-and-type matches."""
    tallies = {kind: Tally() for kind in TYPES}
    tallies["ALL"] = Tally()
    for document, predicted in zip(documents, predictions):
        for kind in TYPES:
            tallies[kind].add_sets({s for s in document.gold if s[2] == kind},
                                  {s for s in predicted if s[2] == kind})
        tallies["ALL"].add_sets(document.gold, predicted)
    return tallies


def _headline_tokens(doc) -> set[int]:
    """Tokens of the sentences wirecoder_repairs took for headlines (it lists their first tokens)."""
    starts = set((doc._.wc_headlines or ()) if doc.has_extension("wc_headlines") else ())
    return {t.i for sent in doc.sents if sent.start in starts for t in sent}


def change_causes(raw: set[Span], repaired: set[Span], headline_tokens: Iterable[int] = ()) -> list[tuple[str, Span]]:
    """(cause, span) for every span the repairs removed or added.

    Causes: ``headline`` (dropped inside a headline-case sentence), ``relabel`` (same tokens, other type),
    ``boundary`` (trimmed or widened: a possessive cut, a lexicon name overlapping spaCy's), ``dropped``
    (a title word, or a type CoNLL ignores taking over), ``added`` (a lexicon name spaCy missed).
    """
    headline = set(headline_tokens)
    removed, added = raw - repaired, repaired - raw
    raw_tokens = {(s, e) for s, e, _ in raw}
    repaired_tokens = {(s, e) for s, e, _ in repaired}

    def overlaps(span: Span, others: Iterable[Span]) -> bool:
        return any(span[0] < e and s < span[1] for s, e, _ in others)

    causes = []
    for span in sorted(removed):
        if span[0] in headline:
            cause = "headline"
        elif (span[0], span[1]) in repaired_tokens:
            cause = "relabel"
        elif overlaps(span, added):
            cause = "boundary"
        else:
            cause = "dropped"
        causes.append((cause, span))
    for span in sorted(added):
        if (span[0], span[1]) in raw_tokens:
            cause = "relabel"
        elif overlaps(span, removed):
            cause = "boundary"
        else:
            cause = "added"
        causes.append((cause, span))
    return causes


def evaluate(path: str | Path, limit: int | None = None, *, nlp: Any = None, raw_nlp: Any = None,
             errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Exact span+type P/R/F1 of raw spaCy and of spaCy with wirecoder's repairs on a CoNLL-2003 file.

    ``nlp`` defaults to ``load_nlp()``, ``raw_nlp`` to a fresh bare model. ``errors``, when given, collects
    every span the repairs changed: document, cause, tokens, type, and whether it was gold.
    """
    documents = read_conll(path, limit)
    if nlp is None:
        from wirecoder.nlp import load_nlp

        nlp = load_nlp()
    if raw_nlp is None:
        from wirecoder.nlp.model import load_base_model

        raw_nlp = load_base_model()
    began = time.perf_counter()
    raw_docs = run_model(raw_nlp, documents)
    raw_seconds = time.perf_counter() - began
    began = time.perf_counter()
    repaired_docs = run_model(nlp, documents)
    seconds = time.perf_counter() - began
    raw_predictions = [predicted_spans(doc) for doc in raw_docs]
    predictions = [predicted_spans(doc) for doc in repaired_docs]
    raw_tallies = tally(documents, raw_predictions)
    tallies = tally(documents, predictions)

    changes: dict[str, dict[str, int]] = {}
    for number, (document, doc, raw, repaired) in enumerate(zip(documents, repaired_docs, raw_predictions,
                                                                predictions)):
        for cause, span in change_causes(raw, repaired, _headline_tokens(doc)):
            correct = span in document.gold
            helped = correct if span in repaired else not correct
            row = changes.setdefault(cause, {"helped": 0, "hurt": 0})
            row["helped" if helped else "hurt"] += 1
            if errors is not None:
                errors.append({"document": number, "cause": cause, "text": " ".join(doc[span[0]:span[1]].text.split()),
                               "type": span[2], "change": "added" if span in repaired else "removed",
                               "gold": correct, "helped": helped})
    for row in changes.values():
        row["net"] = row["helped"] - row["hurt"]

    overall, raw_overall = tallies["ALL"], raw_tallies["ALL"]
    return {
        "documents": len(documents),
        "sentences": sum(len(d.sentence_starts) for d in documents),
        "tokens": sum(len(d.words) for d in documents),
        "entities": overall.support,
        "f1": overall.f1,
        "precision": overall.precision,
        "recall": overall.recall,
        "raw_f1": raw_overall.f1,
        "raw_precision": raw_overall.precision,
        "raw_recall": raw_overall.recall,
        "gain": round(overall.f1 - raw_overall.f1, 4),
        "per_type": {kind: tallies[kind].to_dict() for kind in TYPES},
        "raw_per_type": {kind: raw_tallies[kind].to_dict() for kind in TYPES},
        "all": overall.to_dict(),
        "raw_all": raw_overall.to_dict(),
        "changes": dict(sorted(changes.items())),
        "seconds": round(seconds, 2),
        "raw_seconds": round(raw_seconds, 2),
    }


def format_table(result: dict[str, Any]) -> str:
    """The headline line, per-type tables for raw spaCy and wirecoder, and what the repairs changed."""
    parts = [
        format_headline(result, ("documents", "entities", *HEADLINE_KEYS)),
        "",
        "raw spaCy",
        format_class_table(result["raw_per_type"], label="type", total=result["raw_all"]),
        "",
        "wirecoder (spaCy + repairs)",
        format_class_table(result["per_type"], label="type", total=result["all"]),
    ]
    if result.get("changes"):
        parts += ["", "repairs' changes (spans)",
                  format_class_table(result["changes"], columns=(("helped", "helped"), ("hurt", "hurt"),
                                                                 ("net", "net")), label="cause")]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    args = parser.parse_args(argv)
    for path in args.paths:
        print(format_table(evaluate(path, limit=args.limit)))
        print()


if __name__ == "__main__":
    main()
