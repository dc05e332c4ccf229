"""Scoring the QUOTES stage against PolNeAR attribution annotations (brat standoff).

A PolNeAR split is a folder with ``text/<name>.txt`` and
``attributions/<name>[_<annotator>].ann``.  Each attribution event line
(``E1  Attribution:T4 Content:T3 Cue:T2 Source:T1``) points at text-bound
annotations (``T3  Content 315 448;463 553  ...``) whose spans may be
discontinuous.  Where several annotators did one article, the first file in
name order is used.

Matching is in whitespace tokens.  A predicted attribution is the union of the
quotes that share one cue (a quotation split by "he said" is one attribution,
as in PolNeAR); it matches a gold attribution when their content tokens overlap
by at least half of the shorter one.  Pairs are matched one to one, largest
overlap first.  ``content_f1`` is the F1 of matched predictions and matched gold
attributions; ``speaker_accuracy`` is, over matched pairs whose gold attribution
has a Source, the share whose predicted speaker overlaps the gold Source span or
names the same person (they share a name word: predicted "he" resolved to
"Antony Blinken" against gold Source "Blinken"); ``speaker_overlap_accuracy``
counts span overlap alone.

    python -m wirecoder.evaluate.polnear ../shared/gold/polnear/dev
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.model import Quote

_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
# Words that never identify a person on their own.
_NOT_NAMES = {
    "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "our", "who", "which", "that",
    "the", "a", "an", "of", "and", "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "president", "said",
}


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    source_text: str = ""
    cue_text: str = ""


@dataclass
class Document:
    name: str
    text: str
    gold: list[GoldAttribution]


def parse_ann(text: str) -> list[GoldAttribution]:
    """Attribution events of one brat .ann file, with their Content and Source spans."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            pieces = []
            for piece in offsets.split(";"):
                start, _, end = piece.strip().partition(" ")
                if start.isdigit() and end.isdigit():
                    pieces.append((int(start), int(end)))
            spans[parts[0]] = (label, pieces, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E"):
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role.rstrip("0123456789")] = ref
            events.append(roles)
    gold = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None or not content[1]:
            continue
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        gold.append(GoldAttribution(content=content[1], source=source[1] if source else [],
                                    source_text=source[2] if source else "", cue_text=cue[2] if cue else ""))
    return gold


def load_split(directory: str | Path) -> list[Document]:
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{root} is not a PolNeAR split: it needs text/ and attributions/")
    documents = []
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        candidates = sorted(ann_dir.glob(f"{name}.ann")) + sorted(ann_dir.glob(f"{name}_*.ann"))
        if not candidates:
            continue
        text = text_path.read_text(encoding="utf-8")
        documents.append(Document(name, text, parse_ann(candidates[0].read_text(encoding="utf-8"))))
    if not documents:
        raise InputError(f"{root} holds no annotated articles")
    return documents


def _token_ids(offsets: list[tuple[int, int]], starts: list[int], ends: list[int]) -> frozenset[int]:
    """Indices of the whitespace tokens that overlap any of the character spans."""
    ids = set()
    for start, end in offsets:
        first = bisect_right(ends, start)  # the first token ending after ``start``
        last = bisect_left(starts, end)  # tokens from here on start at or after ``end``
        ids.update(range(first, last))
    return frozenset(ids)


def _name_words(text: str) -> set[str]:
    return {w.lower().strip(".'’").removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text)
            if w.lower() not in _NOT_NAMES and w[0].isupper()} - {""}


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < end and a[1] > start for start, end in spans)


def group_predictions(quotes: list[Quote]) -> list[list[Quote]]:
    """One predicted attribution per cue: quotes sharing a cue are the pieces of one attribution."""
    groups: dict[object, list[Quote]] = {}
    for quote in quotes:
        key = ("cue", quote.cue_start) if quote.cue_start is not None else ("quote", quote.start)
        groups.setdefault(key, []).append(quote)
    return list(groups.values())


def speaker_overlaps(group: list[Quote], gold: GoldAttribution) -> bool:
    """The predicted speaker's words, as written, overlap the gold Source span."""
    return any(q.speaker is not None and q.speaker.start is not None and q.speaker.end is not None
               and _overlaps((q.speaker.start, q.speaker.end), gold.source) for q in group)


def speaker_correct(group: list[Quote], gold: GoldAttribution) -> bool:
    """The speaker overlaps the gold Source, or names the same person (they share a name word)."""
    if speaker_overlaps(group, gold):
        return True
    gold_names = _name_words(gold.source_text)
    return any(q.speaker is not None and _name_words(q.speaker.name) & gold_names for q in group)


def score_document(document: Document, quotes: list[Quote]) -> dict[str, int]:
    starts, ends = [], []
    for match in _TOKEN.finditer(document.text):
        starts.append(match.start())
        ends.append(match.end())
    gold_tokens = [_token_ids(g.content, starts, ends) for g in document.gold]
    groups = group_predictions(quotes)
    pred_tokens = [_token_ids([(q.start, q.end) for q in group], starts, ends) for group in groups]
    pairs = []
    for p, ptoks in enumerate(pred_tokens):
        for g, gtoks in enumerate(gold_tokens):
            shared = len(ptoks & gtoks)
            if shared and shared >= 0.5 * min(len(ptoks), len(gtoks)):
                pairs.append((shared, p, g))
    pairs.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_p, used_g = set(), set()
    counts = {"gold": len(gold_tokens), "predicted": len(pred_tokens), "matched": 0,
              "speaker_pairs": 0, "speaker_correct": 0, "speaker_overlap": 0}
    for _, p, g in pairs:
        if p in used_p or g in used_g:
            continue
        used_p.add(p)
        used_g.add(g)
        counts["matched"] += 1
        if document.gold[g].source:
            counts["speaker_pairs"] += 1
            counts["speaker_correct"] += speaker_correct(groups[p], document.gold[g])
            counts["speaker_overlap"] += speaker_overlaps(groups[p], document.gold[g])
    return counts


def evaluate(directory: str | Path, limit: int | None = None) -> dict:
    """Run load_nlp and find_quotes over a PolNeAR split and score them."""
    from wirecoder.nlp import load_nlp
    from wirecoder.quotes import find_quotes

    documents = load_split(directory)[:limit] if limit else load_split(directory)
    nlp = load_nlp()
    totals = {"gold": 0, "predicted": 0, "matched": 0, "speaker_pairs": 0, "speaker_correct": 0,
              "speaker_overlap": 0}
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents)):
        counts = score_document(document, find_quotes(doc, document.name))
        for key, value in counts.items():
            totals[key] += value
    return summarise(totals, len(documents))


def summarise(totals: dict[str, int], documents: int) -> dict:
    precision = totals["matched"] / totals["predicted"] if totals["predicted"] else 0.0
    recall = totals["matched"] / totals["gold"] if totals["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pairs = totals["speaker_pairs"]
    return {
        "documents": documents,
        "gold": totals["gold"],
        "predicted": totals["predicted"],
        "matched": totals["matched"],
        "content_precision": round(precision, 4),
        "content_recall": round(recall, 4),
        "content_f1": round(f1, 4),
        "speaker_pairs": pairs,
        "speaker_accuracy": round(totals["speaker_correct"] / pairs, 4) if pairs else 0.0,
        "speaker_overlap_accuracy": round(totals.get("speaker_overlap", 0) / pairs, 4) if pairs else 0.0,
    }


def format_table(result: dict) -> str:
    rows = [
        ("documents", str(result["documents"])),
        ("gold attributions", str(result["gold"])),
        ("predicted attributions", str(result["predicted"])),
        ("matched", str(result["matched"])),
        ("content precision", f"{result['content_precision']:.3f}"),
        ("content recall", f"{result['content_recall']:.3f}"),
        ("content F1", f"{result['content_f1']:.3f}"),
        ("speaker accuracy", f"{result['speaker_accuracy']:.3f} (of {result['speaker_pairs']} matched with a source)"),
        ("  span overlap only", f"{result['speaker_overlap_accuracy']:.3f}"),
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


if __name__ == "__main__":
    print(format_table(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/gold/polnear/dev")))
