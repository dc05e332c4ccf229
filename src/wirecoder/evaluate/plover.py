"""Score the event coder against the PLOVER gold-standard records (PLOVER_GSR JSON).

Each record is one sentence with one gold event type and the source and target
actors' codes.  The whole sentence goes through ``code_texts``; what it codes is
compared with the record:

- event type: micro P/R/F1 over (record, PLOVER type) pairs; the predicted set is
  the distinct types of the events coded from the record's text.  PLOVER 0.5 names
  in the gold are mapped to today's: DEMAND->REQUEST, DISAPPROVE->ACCUSE,
  FIGHT->ASSAULT, INVESTIGATE->ACCUSE.
- actor / recipient country: micro P/R/F1 over (record, country) pairs, gold from
  ``source``/``target`` ``code``, predicted from every coded event's
  ``actor``/``recipient`` ``ActorRef.country``.  Only country codes count: a code
  is a country when it is an ISO 3166-1 alpha-3 code (current or withdrawn, e.g.
  ZAR) or one of the few legacy CAMEO spellings in ``LEGACY_COUNTRY_CODES``
  (ITL, JAP, ...).  Non-state codes (IGO, NGO, IMG, ...) name no country and are
  left out on both sides; the result counts them under ``non_country_codes``.
- ``pair_found``: the share of gold (source, target) pairs coded as actor -> recipient of one non-negated
  event: some actor's span overlaps the source's text in the sentence and some recipient's span overlaps
  the target's (a gold text written with ".." gaps matches by any of its pieces).  Records without a
  source or a target have no pair.
- ``macro_f1``: the unweighted mean of the per-type F1 (every type in gold or prediction).
- confidence ranking: the predicted (record, type) pairs, each with the highest
  confidence of the events that gave it, are ranked by confidence; the precision
  of the top half ((n+1)//2 pairs) and of the rest shows whether confidence sorts
  right from wrong.
- calibration over the same pairs (a pair is right when its type is the gold one):
  ``ece`` (expected calibration error, 10 bins), ``precision_at_80`` (the share
  right among pairs of confidence >= 0.8) and ``share_at_80`` (how many reach it).

    python -m wirecoder.evaluate.plover ../shared/gold/plover/PLOVER_GSR_dev.json
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from wirecoder.errors import InputError
from wirecoder.evaluate.command_line import print_scores, scorer_parser
from wirecoder.evaluate.metrics import Tally, calibration, format_class_table, format_headline, in_fold, macro_f1, share

PLOVER_05_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}

# CAMEO-era spellings of countries that ISO spells otherwise (a tiny closed set).
LEGACY_COUNTRY_CODES = {"ITL": "ITA", "JAP": "JPN", "ROM": "ROU", "KSV": "XKX", "XKX": "XKX"}

HEADLINE = ("event_f1", "event_precision", "event_recall", "actor_country_f1", "recipient_country_f1",
            "pair_found", "macro_f1", "precision_top_half", "precision_bottom_half")


@dataclass
class PloverRecord:
    id: str
    text: str
    event: str  # PLOVER type, 0.5 names mapped
    source_countries: set[str] = field(default_factory=set)
    target_countries: set[str] = field(default_factory=set)
    non_country_codes: list[str] = field(default_factory=list)
    source_spans: list[list[tuple[int, int]]] = field(default_factory=list)  # each gold source's spans
    target_spans: list[list[tuple[int, int]]] = field(default_factory=list)


def text_spans(text: str, actor_text: str) -> list[tuple[int, int]]:
    """Where a gold actor text occurs in the sentence: each of its pieces ("U.S. ... negotiators"), any case,
    any spacing; failing that, its words of four letters or more."""
    def find(piece: str) -> list[tuple[int, int]]:
        words = piece.split()
        if not words:
            return []
        pattern = r"\s+".join(re.escape(w) for w in words)
        return [m.span() for m in re.finditer(pattern, text, flags=re.IGNORECASE)]

    # Split at the dots alone: the spaces around them only end up at a piece's ends, which find()
    # ignores (it splits into words). r"\s*\.{2,}\s*" tried every start in a run of spaces (quadratic).
    pieces = [p for p in re.split(r"\.{2,}", actor_text) if p.strip()]
    spans = [span for piece in pieces for span in find(piece)]
    if not spans:
        spans = [span for word in re.findall(r"[\w']{4,}", actor_text) for span in find(word)]
    return spans


def plover_type(name: str | None) -> str:
    """Today's PLOVER name for a type ('' for none)."""
    name = (name or "").strip().upper()
    if name in ("", "-", "NONE"):
        return ""
    return PLOVER_05_NAMES.get(name, name)


@lru_cache(maxsize=1024)
def country_code(code: str | None) -> str | None:
    """The ISO alpha-3 country a PLOVER/CAMEO actor code names, None for non-state codes (IGO, NGO, ...)."""
    import pycountry

    code = (code or "").strip().upper()[:3]
    if len(code) != 3:
        return None
    if code in LEGACY_COUNTRY_CODES:
        return LEGACY_COUNTRY_CODES[code]
    if pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code):
        return code
    return None


def _actor_list(value: Any) -> list[dict[str, Any]]:
    # a few records carry a bare string ("", "diplomatic") where the target list belongs
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def read_plover(path: str | Path, limit: int | None = None, fold: str | None = None) -> list[PloverRecord]:
    """The event records of a PLOVER_GSR JSON file (the DOCUMENT header and textless entries skipped); with
    `fold` ("K/N"), only those of that fold (by record id)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read PLOVER gold file {path}: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(f"PLOVER gold file {path} is not a JSON array")
    records: list[PloverRecord] = []
    for item in data:
        if not isinstance(item, dict) or item.get("event") == "DOCUMENT" or not item.get("text"):
            continue
        if not in_fold(str(item.get("id", len(records))), fold):
            continue
        record = PloverRecord(id=str(item.get("id", len(records))), text=str(item["text"]),
                              event=plover_type(item.get("event")))
        for key, countries, spans in (("source", record.source_countries, record.source_spans),
                                      ("target", record.target_countries, record.target_spans)):
            for actor in _actor_list(item.get(key)):
                found = text_spans(record.text, str(actor.get("actorText") or ""))
                if found:
                    spans.append(found)
                country = country_code(actor.get("code"))
                if country:
                    countries.add(country)
                elif actor.get("code"):
                    record.non_country_codes.append(str(actor["code"]))
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    if not records:
        raise InputError(f"no PLOVER records in {path}")
    return records


def _predicted(article: Any) -> tuple[dict[str, float], set[str], set[str]]:
    """Distinct PLOVER types (each with its best confidence), actor and recipient countries."""
    types: dict[str, float] = {}
    actors: set[str] = set()
    recipients: set[str] = set()
    for event in article.events:
        name = plover_type(event.event)
        if not name:
            continue
        types[name] = max(types.get(name, 0.0), float(event.confidence or 0.0))
        actors.update(c for c in (country_code(a.country) for a in event.actor) if c)
        recipients.update(c for c in (country_code(r.country) for r in event.recipient) if c)
    return types, actors, recipients


def _overlaps(spans: list[tuple[int, int]], ref: Any) -> bool:
    start, end = getattr(ref, "start", None), getattr(ref, "end", None)
    return start is not None and end is not None and any(s < end and start < e for s, e in spans)


def pairs_found(record: PloverRecord, article: Any) -> tuple[int, int]:
    """(pairs found, gold pairs) of one record."""
    events = [e for e in article.events if not e.negated]
    found = 0
    for source in record.source_spans:
        for target in record.target_spans:
            found += any(any(_overlaps(source, a) for a in e.actor) and any(_overlaps(target, r) for r in e.recipient)
                         for e in events)
    return found, len(record.source_spans) * len(record.target_spans)


def _code(coder: Any, texts: list[str], chunk: int = 256) -> list[Any]:
    coded: list[Any] = []
    for i in range(0, len(texts), chunk):
        coded.extend(coder.code_texts(texts[i:i + chunk]))
    return coded


def make_coder(path: str | Path | None = None) -> Any:
    """The default coder: the pipeline without the gazetteer (events only: no need to resolve places)."""
    from wirecoder.pipeline import Pipeline

    return Pipeline(geocode=False)


def evaluate(path: str | Path, coder: Any = None, limit: int | None = None,
             errors: list[dict[str, Any]] | None = None, fold: str | None = None) -> dict[str, Any]:
    """Score coder (default ``make_coder()``) on a PLOVER_GSR file, or on one fold of it ("K/N")."""
    records = read_plover(path, limit, fold)
    if coder is None:
        coder = make_coder(path)
    began = time.perf_counter()
    coded = _code(coder, [r.text for r in records])
    seconds = time.perf_counter() - began
    if len(coded) != len(records):
        raise InputError(f"the coder returned {len(coded)} articles for {len(records)} texts")

    events, actors, recipients = Tally(), Tally(), Tally()
    per_type: dict[str, Tally] = {}
    ranked: list[tuple[float, int, str, bool]] = []  # (confidence, record index, type, correct)
    event_count = 0
    pairs, gold_pairs = 0, 0
    for index, (record, article) in enumerate(zip(records, coded)):
        event_count += len(article.events)
        found, total = pairs_found(record, article)
        pairs, gold_pairs = pairs + found, gold_pairs + total
        types, actor_countries, recipient_countries = _predicted(article)
        gold_types = {record.event} if record.event else set()
        events.add_sets(gold_types, types)
        for name in gold_types | set(types):
            per_type.setdefault(name, Tally()).add_sets(gold_types & {name}, set(types) & {name})
        actors.add_sets(record.source_countries, actor_countries)
        recipients.add_sets(record.target_countries, recipient_countries)
        ranked.extend((confidence, index, name, name in gold_types) for name, confidence in types.items())
        if errors is not None and (gold_types != set(types) or actor_countries != record.source_countries
                                   or recipient_countries != record.target_countries):
            errors.append({"id": record.id, "text": record.text,
                           "gold": (record.event, sorted(record.source_countries), sorted(record.target_countries)),
                           "predicted": (sorted(types), sorted(actor_countries), sorted(recipient_countries))})

    # highest confidence first; ties keep record order so the split is deterministic
    ranked.sort(key=lambda item: (-item[0], item[1], item[2]))
    top = ranked[: (len(ranked) + 1) // 2]
    bottom = ranked[(len(ranked) + 1) // 2:]
    result: dict[str, Any] = {
        "records": len(records),
        "events": event_count,
        "seconds": round(seconds, 2),
        "event_precision": events.precision,
        "event_recall": events.recall,
        "event_f1": events.f1,
        "actor_country_precision": actors.precision,
        "actor_country_recall": actors.recall,
        "actor_country_f1": actors.f1,
        "recipient_country_precision": recipients.precision,
        "recipient_country_recall": recipients.recall,
        "recipient_country_f1": recipients.f1,
        "pair_found": share(pairs, gold_pairs),
        "gold_pairs": gold_pairs,
        "macro_f1": macro_f1(per_type.values()),
        "precision_top_half": share(sum(c for *_, c in top), len(top)),
        "precision_bottom_half": share(sum(c for *_, c in bottom), len(bottom)),
        "top_half_pairs": len(top),
        "bottom_half_pairs": len(bottom),
        "non_country_codes": sum(len(r.non_country_codes) for r in records),
        "event_counts": events.to_dict(),
        "actor_country_counts": actors.to_dict(),
        "recipient_country_counts": recipients.to_dict(),
        "per_type": {name: per_type[name].to_dict() for name in sorted(per_type)},
    }
    calibrated = calibration((confidence, correct) for confidence, _, _, correct in ranked)
    result.update({k: calibrated[k] for k in ("ece", "precision_at_80", "share_at_80")})
    return result


def format_table(result: dict[str, Any]) -> str:
    """The per-type event scores and the headline metrics as plain text."""
    table = format_class_table(result["per_type"], label="type", total=result["event_counts"])
    lines = [table, "",
             format_headline(result, HEADLINE[:3]),
             format_headline(result, HEADLINE[3:5]),
             format_headline(result, HEADLINE[5:7]) + f"  (gold pairs {result['gold_pairs']})",
             format_headline(result, HEADLINE[7:])
             + f"  (pairs {result['top_half_pairs']} / {result['bottom_half_pairs']})",
             format_headline(result, ("ece", "precision_at_80", "share_at_80")),
             f"{result['records']} records, {result['events']} events, {result['non_country_codes']} non-country "
             f"gold actor codes left out, {result['seconds']:.1f} s coding"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = scorer_parser(__doc__, "a PLOVER_GSR JSON file", "records", "print up to N records coded wrongly")
    print_scores(evaluate, format_table, parser.parse_args(argv))


if __name__ == "__main__":
    main()
