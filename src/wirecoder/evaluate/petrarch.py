"""Score the event coder on the PETRARCH/TABARI unit-test records (PETR.UnitTest.records.xml).

Each ``<Sentence>`` asserts the exact set of (source, target, CAMEO) triples its
text codes to under the fictional-world dictionaries its ``<Environment>`` names,
or ``noevents="True"``, or an expected error (a discard, a bad parse), which we
skip and count.  The sentence text is coded with our own parse; the record's
``date`` is the reference date (the actor dictionaries hold date-restricted codes).
The default coder is ``PetrarchCoder`` (wirecoder.events.petrarch_coder) with the
dictionaries the ``<Environment>`` block names.

A record passes when its set of predicted triples equals the expected set (both
empty included).  ``triple_f1`` is micro P/R/F1 over (record, triple).

Triple codes are built the way PETRARCH writes them, by ``petrarch_code``:
prefix agents + actor code + suffix agents, e.g. BRE + ~GOV -> "BREGOV",
NGO~ + ARN -> "NGOARN", ARN + ~GOVFRM -> "ARNGOVFRM", an agent without an actor ->
"---GOV", a dictionary null actor -> "---".  A compound dictionary code (``[A/B]``)
is several actors, so several ActorRefs.  A reciprocal verb code ``[032:033]``
is two events.  Inline ``<Config>`` elements between records are honoured:
``require_dyad`` false codes a missing source or target as "---";
``new_actor_length`` N > 0 codes an actor with no code by its text in quotes
("\\"INJURY TOLL\\"") when it has at most N words.  A coder with PETRARCH options
(``coder.coder.options``, as PetrarchCoder has) gets them set for each record too.

    python -m wirecoder.evaluate.petrarch ../shared/gold/petrarch/PETR.UnitTest.records.xml
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirecoder.actors.petrarch_report import format_report, load_report
from wirecoder.errors import InputError
from wirecoder.evaluate.command_line import print_scores, scorer_parser
from wirecoder.evaluate.metrics import Tally, format_class_table, format_headline, in_fold, share

NULL_CODE = "---"
ENVIRONMENT_FILES = {"Verbfile": "verbs", "Actorfile": "actors", "Agentfile": "agents", "Discardfile": "discards"}

Triple = tuple[str, str, str]


@dataclass
class PetrarchRecord:
    id: str
    category: str
    reference_date: str | None  # ISO
    text: str
    expected: set[Triple] = field(default_factory=set)
    error: str | None = None  # the error the record expects instead of events
    require_dyad: bool = True
    new_actor_length: int = 0


def petrarch_code(actor: Any, new_actor_length: int = 0) -> str:
    """The PETRARCH code of an ActorRef: prefix agents + actor code + suffix agents.

    Reads ``country`` as the dictionary's actor code (an ISO alpha-3 code, or any
    dictionary code: "ARN", "IGOEEU", "USAGOV"; "---" for a known null actor) and
    ``sector`` as agent codes, several separated by blanks; an agent written
    "NGO~" goes before the actor code, "~GOV" or "GOV" after it; an agent the
    actor code already ends with is not repeated ("USAGOV" + "GOV" -> "USAGOV").
    With agents but no actor code the actor is "---" ("---GOV").  With neither,
    the text in quotes when new_actor_length allows it, else "" (no code).
    """
    primary = (getattr(actor, "country", None) or "").strip().upper()
    prefixes: list[str] = []
    suffixes: list[str] = []
    for agent in (getattr(actor, "sector", None) or "").split():
        agent = agent.strip().upper()
        if agent.endswith("~") and not agent.startswith("~"):
            prefixes.append(agent.strip("~"))
        elif agent.strip("~"):
            suffixes.append(agent.strip("~"))
    if not primary and not prefixes and not suffixes:
        return _new_actor_code(getattr(actor, "text", "") or "", new_actor_length)
    code = primary or NULL_CODE
    for suffix in suffixes:
        if not code.endswith(suffix):
            code += suffix
    return "".join(prefixes) + code


def _new_actor_code(text: str, max_words: int) -> str:
    from wirecoder.events.petrarch_coder import new_actor_code

    return new_actor_code(text, max_words)


def event_triples(events: list[Any], require_dyad: bool = True, new_actor_length: int = 0) -> set[Triple]:
    """(source, target, CAMEO) for every actor x recipient of every event."""
    triples: set[Triple] = set()
    for event in events:
        cameo = (event.cameo or "").strip()
        if not cameo:
            continue
        sources = [petrarch_code(a, new_actor_length) for a in event.actor] or [""]
        targets = [petrarch_code(r, new_actor_length) for r in event.recipient] or [""]
        for source in sources:
            for target in targets:
                if not source and not target:
                    continue
                if require_dyad and (not source or not target):
                    continue
                triples.add((source or NULL_CODE, target or NULL_CODE, cameo))
    return triples


def _iso(day: str | None) -> str | None:
    digits = (day or "").strip()
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return None


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


def read_records(path: str | Path, limit: int | None = None) -> tuple[dict[str, list[Path]], list[PetrarchRecord]]:
    """The dictionary files the Environment block names, and the Sentence records in file order."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"cannot read PETRARCH records {path}: {exc}") from exc
    dictionaries: dict[str, list[Path]] = {}
    environment = root.find("Environment")
    if environment is not None:
        for tag, kind in ENVIRONMENT_FILES.items():
            for element in environment.findall(tag):
                for name in (element.text or "").split(","):
                    if name.strip():
                        dictionaries.setdefault(kind, []).append(path.parent / name.strip())
    options = {"require_dyad": True, "new_actor_length": 0}
    records: list[PetrarchRecord] = []
    container = root.find("Sentences")
    for element in (container if container is not None else root.iter("Sentence")):
        if element.tag == "Config":
            name, value = element.get("option", ""), element.get("value", "")
            if name == "require_dyad":
                options["require_dyad"] = _flag(value)
            elif name == "new_actor_length" and value.strip().isdigit():
                options["new_actor_length"] = int(value)
            continue
        if element.tag != "Sentence":
            continue
        record = PetrarchRecord(id=element.get("id", f"record-{len(records)}"),
                                category=element.get("category", ""),
                                reference_date=_iso(element.get("date")),
                                text=" ".join((element.findtext("Text") or "").split()),
                                require_dyad=bool(options["require_dyad"]),
                                new_actor_length=int(options["new_actor_length"]))
        for coding in element.findall("EventCoding"):
            if coding.get("error") is not None:
                record.error = coding.get("error") or "error"
            elif not _flag(coding.get("noevents")):
                record.expected.add(((coding.get("sourcecode") or "").strip(),
                                     (coding.get("targetcode") or "").strip(),
                                     (coding.get("eventcode") or "").strip()))
        if not record.text and record.error is None:
            record.error = "no text"
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    if not records:
        raise InputError(f"no <Sentence> records in {path}")
    return dictionaries, records


def dictionaries_for(path: str | Path, dictionaries: str | Path | None = None) -> Any:
    """Where the dictionaries are: `dictionaries` when given, else the files the records' <Environment>
    names, else the folder the records file sits in."""
    if dictionaries is not None:
        return Path(dictionaries)
    named, _ = read_records(path, limit=1)
    return named or Path(path).parent


def default_coder(path: str | Path, dictionaries: str | Path | None = None) -> Any:
    """A Pipeline whose events come from PetrarchCoder with the records' dictionaries (dictionaries_for)."""
    from wirecoder.events.petrarch_coder import petrarch_pipeline

    return petrarch_pipeline(dictionaries_for(path, dictionaries), geocode=False)


def make_coder(path: str | Path, dictionaries: str | Path | None = None) -> Any:
    return default_coder(path, dictionaries)


def _configurable(coder: Any) -> Any:
    """The coder's PETRARCH options object when it takes them (PetrarchCoder), else None."""
    return getattr(getattr(coder, "coder", None), "options", None)


def evaluate(path: str | Path, coder: Any = None, limit: int | None = None,
             errors: list[dict[str, Any]] | None = None, fold: str | None = None,
             dictionaries: str | Path | None = None) -> dict[str, Any]:
    """Score coder (default: Pipeline with the records' dictionaries, or those in `dictionaries`) on PETRARCH
    records, or on one fold of them ("K/N", by record id)."""
    _, records = read_records(path, limit)
    records = [r for r in records if in_fold(r.id, fold)]
    if coder is None:
        coder = default_coder(path, dictionaries)
    scored = [r for r in records if r.error is None]
    began = time.perf_counter()
    # one call per reference date (the date decides date-restricted actor codes), and per <Config>
    # options when the coder takes them
    options = _configurable(coder)
    by_call: dict[tuple, list[int]] = {}
    for index, record in enumerate(scored):
        key = (record.reference_date,) if options is None else (
            record.reference_date, record.require_dyad, record.new_actor_length)
        by_call.setdefault(key, []).append(index)
    predicted: list[set[Triple]] = [set() for _ in scored]
    for key, indexes in by_call.items():
        if options is not None:
            options.require_dyad, options.new_actor_length = key[1], key[2]
        coded = coder.code_texts([scored[i].text for i in indexes], reference_date=key[0])
        if len(coded) != len(indexes):
            raise InputError(f"the coder returned {len(coded)} articles for {len(indexes)} texts")
        for i, article in zip(indexes, coded):
            record = scored[i]
            predicted[i] = event_triples(article.events, record.require_dyad, record.new_actor_length)
    seconds = time.perf_counter() - began

    triples = Tally()
    passed = 0
    per_category: dict[str, dict[str, Any]] = {}
    for record, found in zip(scored, predicted):
        ok = found == record.expected
        passed += ok
        triples.add_sets(record.expected, found)
        row = per_category.setdefault(record.category or "-", {"records": 0, "passed": 0, "tally": Tally()})
        row["records"] += 1
        row["passed"] += ok
        row["tally"].add_sets(record.expected, found)
        if errors is not None and not ok:
            errors.append({"id": record.id, "text": record.text, "expected": sorted(record.expected),
                           "predicted": sorted(found)})
    skipped = [r for r in records if r.error is not None]
    lexicon = getattr(getattr(coder, "coder", None), "lexicon", None)
    return {
        "dictionaries": load_report(lexicon) if lexicon is not None else None,
        "records": len(records),
        "scored": len(scored),
        "skipped_errors": len(skipped),
        "skipped": len(skipped),
        "passed": passed,
        "exact": share(passed, len(scored)),
        "no_event_records": sum(1 for r in scored if not r.expected),
        "triple_precision": triples.precision,
        "triple_recall": triples.recall,
        "triple_f1": triples.f1,
        "counts": triples.to_dict(),
        "seconds": round(seconds, 2),
        "per_category": {name: {"records": row["records"], "passed": row["passed"],
                                "exact": share(row["passed"], row["records"]), **row["tally"].to_dict()}
                         for name, row in sorted(per_category.items())},
    }


def format_table(result: dict[str, Any]) -> str:
    report = format_report(result["dictionaries"]) + "\n\n" if result.get("dictionaries") else ""
    return report + _format_scores(result)


def _format_scores(result: dict[str, Any]) -> str:
    columns = (("records", "recs"), ("passed", "pass"), ("exact", "exact"), ("support", "gold"),
               ("predicted", "pred"), ("tp", "tp"), ("precision", "P"), ("recall", "R"), ("f1", "F1"))
    total = {"records": result["scored"], "passed": result["passed"], "exact": result["exact"], **result["counts"]}
    lines = [format_class_table(result["per_category"], columns, label="category", total=total), "",
             format_headline(result, ("exact", "triple_precision", "triple_recall", "triple_f1")),
             f"{result['passed']} of {result['scored']} records exact; {result['skipped_errors']} expecting an "
             f"error skipped; {result['no_event_records']} expect no events; {result['seconds']:.1f} s coding"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = scorer_parser(__doc__, "PETR.UnitTest.records.xml (its dictionaries beside it)", "records",
                           "print up to N records coded wrongly")
    parser.add_argument("--counts", action="store_true", help="also print what the dictionaries hold")
    parser.add_argument("--dictionaries", default=None, help="a folder of PETRARCH dictionaries to code with")
    args = parser.parse_args(argv)
    if args.counts:
        from wirecoder.actors.petrarch_dicts import load_petrarch_lexicon

        dictionaries, _ = read_records(args.path, limit=1)
        lexicon = load_petrarch_lexicon(**{k: (v if k == "actors" else v[0]) for k, v in dictionaries.items()})
        print(lexicon.counts())
    print_scores(evaluate, format_table, args, dictionaries=args.dictionaries)


if __name__ == "__main__":
    main()
