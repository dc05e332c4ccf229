"""Score the event coder on the ConfliBERT CAMEO sets: a 5-way sentence class and actor spans.

``conflibert-class`` (``sentence<TAB>label``): each sentence takes the label of
the CAMEO root of its highest-confidence event (the first on a tie): 0 for roots
01-02 (statement, appeal), 1 for 03-05 (verbal cooperation), 2 for 06-08 (material
cooperation), 3 for 09-13 and 16 (verbal conflict), 4 for 14-15 and 17-20 (material
conflict), and 0 when nothing is coded.  Calibration (``ece``, ``precision_at_80``) is over every
coded event, right when its class is the sentence's label.  Roots 02 and 16 follow the data's own
conventions (``CLASS_OF_ROOT``), not CAMEO's quad classes.  Metrics: macro F1 over the five labels, accuracy.

``conflibert-ner`` (CoNLL, ``token tag`` a line, BIO with S source, T target,
R both): the tokens joined by single spaces are the sentence text.  Every coded
event's actor spans (``ActorRef.start/end``) are source, recipient spans target;
a span that is both (in one event or across events, as in "A met B" coded both
ways) is R.  A span covers the tokens its characters overlap.  Spans that
overlap a longer one are dropped, so the projection is a valid tag sequence.
Scores are exact-match span P/R/F1:

- ``micro_f1``: over (sentence, first token, last token, label), label S, T or R;
- ``source_f1``: over spans that are sources, i.e. labelled S or R (R is a source
  that is also a target), so an R span found as S counts here;
- ``target_f1``: likewise over spans labelled T or R;
- ``overlap_f1`` (and ``source_overlap_f1``, ``target_overlap_f1``): the same
  with a predicted span matching a gold one of the same label when they share a
  token (each span used once), to tell wrong boundaries ("Rex Tillerson" for
  "US Secretary of State Rex Tillerson") from missed actors.

    python -m wirecoder.evaluate.conflibert ../shared/gold/conflibert/cameo_class_train.tsv
    python -m wirecoder.evaluate.conflibert ../shared/gold/conflibert/cameo_ner_train.txt
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from wirecoder.errors import InputError
from wirecoder.evaluate.command_line import print_scores, scorer_parser
from wirecoder.evaluate.metrics import Tally, calibration, format_class_table, format_headline, in_fold, macro_f1, share

LABELS = (0, 1, 2, 3, 4)
LABEL_NAMES = {0: "statement/appeal", 1: "verbal coop", 2: "material coop", 3: "verbal conflict",
               4: "material conflict"}
SPAN_LABELS = ("S", "T", "R")


def _code(coder: Any, texts: list[str], chunk: int = 256) -> list[Any]:
    coded: list[Any] = []
    for i in range(0, len(texts), chunk):
        coded.extend(coder.code_texts(texts[i:i + chunk]))
    if len(coded) != len(texts):
        raise InputError(f"the coder returned {len(coded)} articles for {len(texts)} texts")
    return coded


def make_coder(path: str | Path | None = None) -> Any:
    """The default coder: the pipeline without the gazetteer (events only: no need to resolve places)."""
    from wirecoder.pipeline import Pipeline

    return Pipeline(geocode=False)


def _default_coder(coder: Any) -> Any:
    return coder if coder is not None else make_coder()


# ---------------------------------------------------------------- sentence class


# The data's own class of each CAMEO root.  ConfliBERT's five labels follow CAMEO's quad classes with two
# conventions of the data, both visible in its train split (``eval conflibert-class`` on it, confusion by
# root): appeals (02, "urged", "asked") are statements (0), never demands; and reducing relations (16: cutting
# ties, expelling envoys, halting aid) is verbal conflict (3), not material conflict as CAMEO's quad classes
# have it (74 of 74 train sentences whose best event is a 16 are labelled 3).  The coder keeps CAMEO's own
# reading; only this scorer maps.
CLASS_OF_ROOT: dict[int, int] = {
    1: 0, 2: 0,  # public statement, appeal
    3: 1, 4: 1, 5: 1,  # intent to cooperate, consult, diplomatic cooperation
    6: 2, 7: 2, 8: 2,  # material cooperation, aid, yield
    9: 3, 10: 3, 11: 3, 12: 3, 13: 3,  # investigate, demand, disapprove, reject, threaten
    16: 3,  # reduce relations: the data's convention
    14: 4, 15: 4, 17: 4, 18: 4, 19: 4, 20: 4,  # protest, force posture, coerce, assault, fight, mass violence
}


def cameo_class(cameo: str | None) -> int | None:
    """The data's 5-way class of a CAMEO code ("042" -> 1, "161" -> 3), None when it has no root 01-20."""
    digits = (cameo or "").strip()[:2]
    if len(digits) != 2 or not digits.isdigit():
        return None
    return CLASS_OF_ROOT.get(int(digits))


def predicted_class(events: Iterable[Any]) -> int:
    """The class of the highest-confidence event with a CAMEO code (the first on a tie), 0 when none."""
    best_class, best_confidence = 0, None
    for event in events:
        label = cameo_class(event.cameo)
        if label is None:
            continue
        confidence = float(event.confidence or 0.0)
        if best_confidence is None or confidence > best_confidence:
            best_class, best_confidence = label, confidence
    return best_class


def read_class_file(path: str | Path, limit: int | None = None, fold: str | None = None) -> list[tuple[str, int]]:
    """(sentence, label) pairs of a ``sentence<TAB>label`` file; with `fold` ("K/N"), those of that fold (by
    sentence text)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    rows: list[tuple[str, int]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        sentence, _, label = line.rpartition("\t")
        if not sentence or label.strip() not in {str(x) for x in LABELS}:
            raise InputError(f"{path}:{number}: expected 'sentence<TAB>label' with label 0-4")
        if not in_fold(sentence.strip(), fold):
            continue
        rows.append((sentence.strip(), int(label)))
        if limit is not None and len(rows) >= limit:
            break
    if not rows:
        raise InputError(f"no sentences in {path}")
    return rows


def evaluate_class(path: str | Path, coder: Any = None, limit: int | None = None,
                   errors: list[dict[str, Any]] | None = None, fold: str | None = None) -> dict[str, Any]:
    """Macro F1 and accuracy of the 5-way class of each sentence's best event."""
    rows = read_class_file(path, limit, fold)
    coder = _default_coder(coder)
    began = time.perf_counter()
    coded = _code(coder, [sentence for sentence, _ in rows])
    seconds = time.perf_counter() - began
    tallies = {label: Tally() for label in LABELS}
    confusion = [[0] * len(LABELS) for _ in LABELS]
    correct = 0
    scored: list[tuple[float, bool]] = []  # each coded event: (confidence, its class is the gold label)
    for (sentence, gold), article in zip(rows, coded):
        scored.extend((float(e.confidence or 0.0), cameo_class(e.cameo) == gold) for e in article.events
                      if cameo_class(e.cameo) is not None)
        predicted = predicted_class(article.events)
        confusion[gold][predicted] += 1
        for label in LABELS:
            tallies[label].add_sets({gold} & {label}, {predicted} & {label})
        correct += predicted == gold
        if errors is not None and predicted != gold:
            errors.append({"text": sentence, "gold": gold, "predicted": predicted,
                           "events": [(e.cameo, round(float(e.confidence or 0.0), 3)) for e in article.events]})
    return {
        "task": "class",
        "sentences": len(rows),
        "seconds": round(seconds, 2),
        "macro_f1": macro_f1(tallies.values()),
        "accuracy": share(correct, len(rows)),
        "per_class": {str(label): tallies[label].to_dict() for label in LABELS},
        "confusion": confusion,  # rows gold, columns predicted
        **{k: v for k, v in calibration(scored).items() if k in ("ece", "precision_at_80", "share_at_80")},
    }


def format_class_result(result: dict[str, Any]) -> str:
    rows = {f"{label} {LABEL_NAMES[int(label)]}": row for label, row in result["per_class"].items()}
    lines = [format_class_table(rows, label="label"), "",
             "confusion (rows gold, columns predicted):"]
    lines.extend(f"  {gold}: " + " ".join(f"{n:>5}" for n in row) for gold, row in enumerate(result["confusion"]))
    lines.append(format_headline(result, ("macro_f1", "accuracy")))
    lines.append(format_headline(result, ("ece", "precision_at_80", "share_at_80")) + "  (events: right when their class is the label)")
    lines.append(f"{result['sentences']} sentences, {result['seconds']:.1f} s coding")
    return "\n".join(lines)


# ---------------------------------------------------------------- actor spans


@dataclass
class TaggedSentence:
    tokens: list[str]
    tags: list[str]
    text: str
    offsets: list[tuple[int, int]]  # each token's (start, end) in text

    @property
    def spans(self) -> set[tuple[int, int, str]]:
        return bio_spans(self.tags)


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(first token, last token, label) chunks of a BIO sequence; an I- after O or another label opens a chunk."""
    spans: set[tuple[int, int, str]] = set()
    start, label = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label and start is not None
        if not continues:
            if start is not None:
                spans.add((start, i - 1, label))
            start, label = (i, kind) if prefix in ("B", "I") and kind else (None, None)
    return spans


def read_conll(path: str | Path, limit: int | None = None, fold: str | None = None) -> list[TaggedSentence]:
    """Sentences of a ``token tag`` CoNLL file (blank line between sentences); with `fold` ("K/N"), those of
    that fold (by sentence text)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens and in_fold(" ".join(tokens), fold):
            offsets, cursor = [], 0
            for token in tokens:
                offsets.append((cursor, cursor + len(token)))
                cursor += len(token) + 1
            sentences.append(TaggedSentence(list(tokens), list(tags), " ".join(tokens), offsets))
        tokens.clear()
        tags.clear()

    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            flush()
            if limit is not None and len(sentences) >= limit:
                break
            continue
        if len(parts) < 2:
            raise InputError(f"{path}:{number}: expected 'token tag'")
        tokens.append(parts[0])
        tags.append(parts[-1])
    if limit is None or len(sentences) < limit:
        flush()
    if not sentences:
        raise InputError(f"no sentences in {path}")
    return sentences


def token_span(offsets: list[tuple[int, int]], start: int | None, end: int | None) -> tuple[int, int] | None:
    """First and last token whose characters overlap [start, end), None when none do."""
    if start is None or end is None or end <= start:
        return None
    covered = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    return (covered[0], covered[-1]) if covered else None


def predicted_spans(sentence: TaggedSentence, events: Iterable[Any]) -> set[tuple[int, int, str]]:
    """Token spans of the coded actors (S), recipients (T) and both (R), overlaps resolved longest first."""
    roles: dict[tuple[int, int], set[str]] = {}
    for event in events:
        for role, refs in (("S", event.actor), ("T", event.recipient)):
            for ref in refs:
                span = token_span(sentence.offsets, ref.start, ref.end)
                if span is not None:
                    roles.setdefault(span, set()).add(role)
    kept: list[tuple[int, int]] = []
    for span in sorted(roles, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] < k[0] or span[0] > k[1] for k in kept):
            kept.append(span)
    return {(s, e, "R" if len(roles[(s, e)]) > 1 else next(iter(roles[(s, e)]))) for s, e in kept}


def overlap_matches(gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]) -> int:
    """How many one-to-one (gold, predicted) pairs share a label and a token, largest overlaps first."""
    candidates = []
    for g in set(gold):
        for p in set(predicted):
            shared = min(g[1], p[1]) - max(g[0], p[0]) + 1
            if g[2] == p[2] and shared > 0:
                candidates.append((-shared, g, p))
    used_gold, used_predicted = set(), set()
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
    return len(used_gold)


def _add_overlap(tally: Tally, gold: set[tuple[int, int, str]], predicted: set[tuple[int, int, str]]) -> None:
    hits = overlap_matches(gold, predicted)
    tally.tp += hits
    tally.fp += len(predicted) - hits
    tally.fn += len(gold) - hits


def _show(sentence: TaggedSentence, spans: set[tuple[int, int, str]]) -> list[str]:
    return [f"{label}:{' '.join(sentence.tokens[s:e + 1])}" for s, e, label in sorted(spans)]


def evaluate_ner(path: str | Path, coder: Any = None, limit: int | None = None,
                 errors: list[dict[str, Any]] | None = None, fold: str | None = None) -> dict[str, Any]:
    """Exact-match span F1 of the coded actors and recipients against S/T/R tags."""
    sentences = read_conll(path, limit, fold)
    coder = _default_coder(coder)
    began = time.perf_counter()
    coded = _code(coder, [s.text for s in sentences])
    seconds = time.perf_counter() - began
    micro, source, target = Tally(), Tally(), Tally()
    loose, loose_source, loose_target = Tally(), Tally(), Tally()
    per_label = {label: Tally() for label in SPAN_LABELS}
    for index, (sentence, article) in enumerate(zip(sentences, coded)):
        gold = sentence.spans
        predicted = predicted_spans(sentence, article.events)
        micro.add_sets(gold, predicted)
        for label in SPAN_LABELS:
            per_label[label].add_sets({g for g in gold if g[2] == label}, {p for p in predicted if p[2] == label})
        source.add_sets({g[:2] for g in gold if g[2] in "SR"}, {p[:2] for p in predicted if p[2] in "SR"})
        target.add_sets({g[:2] for g in gold if g[2] in "TR"}, {p[:2] for p in predicted if p[2] in "TR"})
        _add_overlap(loose, gold, predicted)
        _add_overlap(loose_source, {g[:2] + ("S",) for g in gold if g[2] in "SR"},
                     {p[:2] + ("S",) for p in predicted if p[2] in "SR"})
        _add_overlap(loose_target, {g[:2] + ("T",) for g in gold if g[2] in "TR"},
                     {p[:2] + ("T",) for p in predicted if p[2] in "TR"})
        if errors is not None and gold != predicted:
            errors.append({"sentence": index, "text": sentence.text, "gold": _show(sentence, gold),
                           "predicted": _show(sentence, predicted)})
    return {
        "task": "ner",
        "sentences": len(sentences),
        "seconds": round(seconds, 2),
        "micro_precision": micro.precision,
        "micro_recall": micro.recall,
        "micro_f1": micro.f1,
        "source_precision": source.precision,
        "source_recall": source.recall,
        "source_f1": source.f1,
        "target_precision": target.precision,
        "target_recall": target.recall,
        "target_f1": target.f1,
        "overlap_f1": loose.f1,
        "source_overlap_f1": loose_source.f1,
        "target_overlap_f1": loose_target.f1,
        "counts": micro.to_dict(),
        "per_label": {label: per_label[label].to_dict() for label in SPAN_LABELS},
        "source": source.to_dict(),
        "target": target.to_dict(),
    }


def format_ner_result(result: dict[str, Any]) -> str:
    rows = dict(result["per_label"])
    table = format_class_table(rows, label="label", total=result["counts"])
    roles = format_class_table({"source (S+R)": result["source"], "target (T+R)": result["target"]}, label="role")
    return "\n".join([table, "", roles, "",
                      format_headline(result, ("micro_f1", "source_f1", "target_f1")),
                      format_headline(result, ("overlap_f1", "source_overlap_f1", "target_overlap_f1")),
                      f"{result['sentences']} sentences, {result['seconds']:.1f} s coding"])


# ---------------------------------------------------------------- either file


def task_of(path: str | Path) -> str:
    """'class' for a sentence<TAB>label file, 'ner' for CoNLL."""
    path = Path(path)
    if path.suffix.lower() == ".tsv":
        return "class"
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    return "class" if "\t" in first and first.rstrip().rsplit("\t", 1)[-1].strip().isdigit() else "ner"


def evaluate(path: str | Path, coder: Any = None, limit: int | None = None, task: str | None = None,
             errors: list[dict[str, Any]] | None = None, fold: str | None = None) -> dict[str, Any]:
    """Score coder on a ConfliBERT file, or one fold of it ("K/N"); task 'class' or 'ner' (default: from
    the file)."""
    task = task or task_of(path)
    if task == "class":
        return evaluate_class(path, coder, limit, errors, fold)
    if task == "ner":
        return evaluate_ner(path, coder, limit, errors, fold)
    raise InputError(f"unknown ConfliBERT task {task!r}: use 'class' or 'ner'")


def format_table(result: dict[str, Any]) -> str:
    return format_class_result(result) if result.get("task") == "class" else format_ner_result(result)


def main(argv: list[str] | None = None) -> None:
    parser = scorer_parser(__doc__, "cameo_class_*.tsv or cameo_ner_*.txt", "sentences",
                           "print up to N sentences coded wrongly")
    parser.add_argument("--task", choices=("class", "ner"), default=None, help="default: from the file")
    args = parser.parse_args(argv)
    print_scores(evaluate, format_table, args, task=args.task)


if __name__ == "__main__":
    main()
