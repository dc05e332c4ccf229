"""TempEval-3 Task A scoring of the WHEN stage against TimeML (.tml) files.

Each document's creation time (the TIMEX3 with functionInDocument="CREATION_TIME")
is the reference date; only the TIMEX3s inside <TEXT> count (the creation time
lives in metadata).  Metrics follow TempEval-3:

- strict: predicted and gold extents identical;
- relaxed: extents overlap (each gold and each prediction used once);
- value: a relaxed match whose value is also the same;
- type accuracy: share of relaxed matches with the same type.

    python -m wirecoder.evaluate.tempeval ../shared/gold/tempeval3/TBAQ-cleaned
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from wirecoder.errors import InputError
from wirecoder.evaluate.command_line import print_scores, scorer_parser

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    doc_id: str
    reference_date: str | None
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)
    path: str = ""


def read_timeml(path: str | Path) -> TimeMLDocument:
    """The plain text of <TEXT>, its TIMEX3 spans (offsets into that text) and the DCT."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"cannot read TimeML file {path}: {exc}") from exc
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    reference_date = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            reference_date = _iso_day(timex.get("value", ""))
            break
    text_element = root.find("TEXT")
    if text_element is None:
        raise InputError(f"TimeML file {path} has no <TEXT>")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(text_element, parts, timexes, [0])
    text = "".join(parts)
    for timex in timexes:
        timex.text = text[timex.start:timex.end]
    return TimeMLDocument(doc_id, reference_date, text, timexes, str(path))


def _iso_day(value: str) -> str | None:
    day = value[:10]
    return day if len(day) == 10 and day[4] == "-" and day[7] == "-" else None


def _flatten(element: ET.Element, parts: list[str], timexes: list[GoldTimex], cursor: list[int]) -> None:
    """Walk <TEXT>, collecting its characters and where each TIMEX3 sits in them."""

    def add(text: str | None) -> None:
        if text:
            parts.append(text)
            cursor[0] += len(text)

    add(element.text)
    for child in element:
        if child.tag == "TIMEX3":
            start = cursor[0]
            _flatten(child, parts, [], cursor)  # nested tags inside a timex add text only
            timexes.append(GoldTimex(start, cursor[0], "", child.get("type", ""), child.get("value", "")))
        else:
            _flatten(child, parts, timexes, cursor)
        add(child.tail)


def iter_documents(path: str | Path, limit: int | None = None) -> list[TimeMLDocument]:
    """Every .tml under path (a file or a folder, searched recursively), each DOCID once."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such TimeML file or folder: {path}")
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    documents: list[TimeMLDocument] = []
    seen: set[str] = set()
    for file in files:
        document = read_timeml(file)
        if document.doc_id in seen:  # corpora ship the odd duplicate under another folder
            continue
        seen.add(document.doc_id)
        documents.append(document)
        if limit is not None and len(documents) >= limit:
            break
    if not documents:
        raise InputError(f"no .tml files under {path}")
    return documents


@dataclass
class _Counts:
    """Matches counted on the gold side (for recall) and on the predicted side (for precision).

    Overall both sides agree; in a per-type row a gold DURATION matched by a
    predicted DATE counts toward DURATION's recall and DATE's precision.
    """

    gold: int = 0
    predicted: int = 0
    strict_gold: int = 0
    strict_predicted: int = 0
    relaxed_gold: int = 0
    relaxed_predicted: int = 0
    value_gold: int = 0
    value_predicted: int = 0
    type: int = 0  # relaxed matches of this gold type whose predicted type agrees


def match_spans(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, exact matches first."""
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    candidates = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(predicted):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                exact = (gs, ge) == (ps, pe)
                candidates.append((not exact, -overlap, gi, pi))
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return pairs


def _prf(tp_predicted: int, predicted: int, tp_gold: int, gold: int) -> dict[str, float]:
    precision = tp_predicted / predicted if predicted else 0.0
    recall = tp_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_document(gold: list[GoldTimex], predicted: list[Any], counts: dict[str, _Counts],
                   errors: list[dict[str, Any]] | None = None, doc_id: str = "") -> None:
    """Add one document's matches to the overall and per-type counts."""
    pairs = match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in predicted])
    total = counts["ALL"]
    total.gold += len(gold)
    total.predicted += len(predicted)
    for g in gold:
        counts.setdefault(g.type, _Counts()).gold += 1
    for p in predicted:
        counts.setdefault(p.type, _Counts()).predicted += 1
    matched_gold = set()
    matched_predicted = set()
    for gi, pi in pairs:
        g, p = gold[gi], predicted[pi]
        matched_gold.add(gi)
        matched_predicted.add(pi)
        strict = (g.start, g.end) == (p.start, p.end)
        same_value = g.value == p.value
        for c in (total, counts.setdefault(g.type, _Counts())):
            c.relaxed_gold += 1
            c.strict_gold += strict
            c.value_gold += same_value
            c.type += g.type == p.type
        for c in (total, counts.setdefault(p.type, _Counts())):
            c.relaxed_predicted += 1
            c.strict_predicted += strict
            c.value_predicted += same_value
        if errors is not None and (not strict or not same_value or g.type != p.type):
            errors.append({"doc": doc_id, "kind": "mismatch", "gold": (g.text, g.type, g.value),
                           "predicted": (p.text, p.type, p.value)})
    if errors is not None:
        errors.extend({"doc": doc_id, "kind": "missed", "gold": (g.text, g.type, g.value)}
                      for i, g in enumerate(gold) if i not in matched_gold)
        errors.extend({"doc": doc_id, "kind": "spurious", "predicted": (p.text, p.type, p.value)}
                      for i, p in enumerate(predicted) if i not in matched_predicted)


def _summary(c: _Counts) -> dict[str, Any]:
    strict = _prf(c.strict_predicted, c.predicted, c.strict_gold, c.gold)
    relaxed = _prf(c.relaxed_predicted, c.predicted, c.relaxed_gold, c.gold)
    value = _prf(c.value_predicted, c.predicted, c.value_gold, c.gold)
    return {
        "gold": c.gold,
        "predicted": c.predicted,
        "strict_matches": c.strict_gold,
        "relaxed_matches": c.relaxed_gold,
        "value_matches": c.value_gold,
        "type_matches": c.type,
        "strict_precision": strict["precision"],
        "strict_recall": strict["recall"],
        "strict_f1": strict["f1"],
        "relaxed_precision": relaxed["precision"],
        "relaxed_recall": relaxed["recall"],
        "relaxed_f1": relaxed["f1"],
        "value_precision": value["precision"],
        "value_recall": value["recall"],
        "value_f1": value["f1"],
        "type_accuracy": round(c.type / c.relaxed_gold, 4) if c.relaxed_gold else 0.0,
    }


def evaluate(path: str | Path, limit: int | None = None, nlp: Any = None,
             errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score find_times on every TimeML document under path (TempEval-3 Task A)."""
    from wirecoder.when import find_times

    if nlp is None:
        from wirecoder.nlp import load_nlp

        nlp = load_nlp()
    documents = iter_documents(path, limit)
    began = time.perf_counter()
    counts: dict[str, _Counts] = {"ALL": _Counts()}
    finding = 0.0
    docs = nlp.pipe((d.text for d in documents), batch_size=32)
    for document, doc in zip(documents, docs):
        started = time.perf_counter()
        predicted = find_times(doc, document.reference_date)
        finding += time.perf_counter() - started
        score_document(document.timexes, predicted, counts, errors, document.doc_id)
    seconds = time.perf_counter() - began
    result = _summary(counts["ALL"])
    result["documents"] = len(documents)
    result["seconds"] = round(seconds, 2)
    result["find_times_seconds"] = round(finding, 3)
    result["per_type"] = {t: _summary(counts[t]) for t in _ordered_types(counts)}
    return result


def _ordered_types(counts: dict[str, _Counts]) -> Iterable[str]:
    known = [t for t in TYPES if t in counts]
    return known + sorted(t for t in counts if t not in TYPES and t != "ALL")


def format_table(result: dict[str, Any]) -> str:
    """The overall and per-type scores as a plain-text table."""
    header = f"{'type':<10}{'gold':>6}{'pred':>6}{'strict P':>10}{'strict R':>10}{'strict F1':>10}" \
             f"{'relax F1':>10}{'value F1':>10}{'type acc':>10}"
    lines = [header, "-" * len(header)]
    rows = list(result.get("per_type", {}).items()) + [("ALL", result)]
    for name, row in rows:
        lines.append(f"{name:<10}{row['gold']:>6}{row['predicted']:>6}{row['strict_precision']:>10.4f}"
                     f"{row['strict_recall']:>10.4f}{row['strict_f1']:>10.4f}{row['relaxed_f1']:>10.4f}"
                     f"{row['value_f1']:>10.4f}{row['type_accuracy']:>10.4f}")
    lines.append(f"{result.get('documents', 0)} documents, {result.get('seconds', 0.0):.1f} s after loading "
                 f"({result.get('find_times_seconds', 0.0):.2f} s of it in find_times)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = scorer_parser(__doc__, "a .tml file or a folder of them (searched recursively)", "documents",
                           "print up to N missed, spurious or wrong timexes")
    print_scores(evaluate, format_table, parser.parse_args(argv))


if __name__ == "__main__":
    main()
