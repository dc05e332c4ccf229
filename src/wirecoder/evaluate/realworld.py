"""Score the pipeline on real conflict reporting: ACLED event notes and GTD incident summaries.

Each JSONL record (``../shared/gold/realworld/README.md`` gives the format) becomes one article, written
to a JSONL file and read back through ingest as ``wirecoder code`` would read it: ``text``, ``date`` =
``ref_date``, ``url`` = ``rw:<id>``, ``source`` = ``dataset``.  Every record of a run is coded in one
pipeline pass, and the events are tied back to their record by the article's url.

A record is **matched** when an event of its article has a type in the record's MATCH set (``match_types``)
and is not negated; its **primary event** is the first such event in text order.  The metrics, each over
the records named in brackets, are the README's:

- ``event_recall`` [all]: matched; ``any_event_rate`` [all]: any typed, non-negated event;
- ``actor_country`` [matched, gold actor country known]: an actor of the primary event has it;
- ``party_country`` [matched]: an actor or recipient of the primary event has the event's country;
- ``actor_sector`` / ``recipient_sector`` [matched, with a gold type that has a sector set];
- ``location_event`` [matched, with gold points]: the primary event's place within 161 km of one;
  ``location_any_place`` [all with gold points]: any place of the article within 161 km;
- ``date_match`` [matched, gold day-precise]: the primary event's date is the gold date;
  ``date_from_text``: the same, read from the text (not the reference date);
- ``spurious`` [all]: typed, non-negated events per record outside the COMPATIBLE set;
  ``spurious_strict``: outside MATCH;
- ``ece``, ``precision_at_80``, ``share_at_80`` [typed, non-negated events]: how the events' confidence
  matches their being right, an event being right when its type is in the record's COMPATIBLE set
  (``metrics.calibration``).

Every figure is given per dataset (``acled``, ``gtd``), by stratum and by gold type.  The label
conventions below are the README's tables, kept here and nowhere in the coder.

    python -m wirecoder.evaluate.realworld ../shared/gold/realworld [--errors N]
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from wirecoder.errors import InputError
from wirecoder.evaluate.command_line import print_scores, scorer_parser
from wirecoder.evaluate.metrics import calibration, in_fold, share

ALL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                       "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
_A, _AC = frozenset({"ASSAULT"}), frozenset({"ASSAULT", "COERCE"})
_RIOT = frozenset({"PROTEST", "ASSAULT", "COERCE"})

# ACLED sub-event type -> the PLOVER types that count as finding it.
ACLED_SUB_MATCH: dict[str, frozenset[str]] = {
    "Armed clash": _A,
    "Government regains territory": _AC, "Non-state actor overtakes territory": _AC,
    "Air/drone strike": _A, "Shelling/artillery/missile attack": _A, "Remote explosive/landmine/IED": _A,
    "Suicide bomb": _A, "Grenade": _A, "Chemical weapon": _A,
    "Attack": _A, "Sexual violence": _A, "Abduction/forced disappearance": _AC,
    "Peaceful protest": frozenset({"PROTEST"}),
    "Protest with intervention": _RIOT, "Excessive force against protesters": _RIOT,
    "Violent demonstration": _RIOT, "Mob violence": _RIOT,
    "Arrests": frozenset({"COERCE"}),
    "Looting/property destruction": _AC,
    "Agreement": frozenset({"AGREE", "CONSULT", "COOPERATE", "CONCEDE"}),
    "Change to group/activity": frozenset({"MOBILIZE", "RETREAT", "COOPERATE", "CONCEDE", "COERCE", "SUPPORT",
                                           "AID", "THREATEN"}),
    "Headquarters or base established": frozenset({"MOBILIZE", "COERCE"}),
    "Non-violent transfer of territory": frozenset({"RETREAT", "COERCE", "MOBILIZE"}),
    "Disrupted weapons use": frozenset({"COERCE", "ASSAULT", "MOBILIZE"}),
    "Other": ALL_TYPES,
}
# ACLED event type -> MATCH, when the sub-event type is empty (old schema) or not in the table above.
ACLED_TYPE_MATCH: dict[str, frozenset[str]] = {
    "Battles": _AC, "Violence against civilians": _AC,
    "Explosions/Remote violence": _A, "Remote violence": _A, "Battle-No change of territory": _A,
    "Battle-Government regains territory": _AC, "Battle-Non-state actor overtakes territory": _AC,
    "Protests": frozenset({"PROTEST"}),
    "Riots": _RIOT, "Riots/Protests": _RIOT,
    "Non-violent transfer of territory": frozenset({"RETREAT", "COERCE", "MOBILIZE"}),
}
GTD_MATCH: dict[str, frozenset[str]] = {
    "Hostage Taking (Kidnapping)": _AC, "Hostage Taking (Barricade Incident)": _AC, "Hijacking": _AC,
    "Facility/Infrastructure Attack": _AC,
}  # every other attack type: ASSAULT

# The companion types a description of each kind plausibly also holds (COMPATIBLE = MATCH | these).
VIOLENT_ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Remote violence",
                       "Battle-No change of territory", "Battle-Government regains territory",
                       "Battle-Non-state actor overtakes territory"}
PROTEST_ACLED_TYPES = {"Protests", "Riots", "Riots/Protests"}
COMPANIONS = {
    "violent": frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "THREATEN", "ACCUSE"}),
    "protest": frozenset({"PROTEST", "REQUEST", "REJECT", "ACCUSE", "COERCE", "ASSAULT", "THREATEN", "MOBILIZE",
                          "SUPPORT", "CONCEDE"}),
    "agreement": frozenset({"REQUEST", "SUPPORT", "RETREAT", "MOBILIZE", "CONSULT"}),
    "strategic": frozenset({"COERCE", "ASSAULT", "ACCUSE", "MOBILIZE", "THREATEN", "PROTEST", "REQUEST", "REJECT"}),
    "gtd": frozenset({"ASSAULT", "COERCE", "THREATEN", "ACCUSE", "MOBILIZE", "RETREAT"}),
}

CIVILIAN_SECTORS = frozenset({"CVL", "OPP", "LAB", "EDU", "HLH", "PTY", "REL", "REF", "BUS", "MED", "NGO"})
# ACLED inter code -> the sectors that count for an actor of that type.
ACLED_SECTORS: dict[int, frozenset[str]] = {
    1: frozenset({"GOV", "MIL", "COP", "SPY", "JUD"}),
    2: frozenset({"REB"}),
    3: frozenset({"REB", "CRM", "PTY", "OPP"}),
    4: frozenset({"REB", "CRM", "CVL"}),
    5: CIVILIAN_SECTORS, 6: CIVILIAN_SECTORS, 7: CIVILIAN_SECTORS,
    8: frozenset({"MIL", "GOV", "IGO", "COP"}),
}
GTD_TARGET_SECTORS: dict[str, frozenset[str]] = {
    "Police": frozenset({"COP"}), "Military": frozenset({"MIL"}),
    "Government (General)": frozenset({"GOV", "LEG", "JUD", "PTY"}),
    "Government (Diplomatic)": frozenset({"GOV"}),
    "Private Citizens & Property": frozenset({"CVL"}),
    "Business": frozenset({"BUS"}), "Educational Institution": frozenset({"EDU"}),
    "Journalists & Media": frozenset({"MED"}),
    "Religious Figures/Institutions": frozenset({"REL"}), "NGO": frozenset({"NGO"}),
    "Abortion Related": frozenset({"HLH", "CVL"}),
}
ACC_KM = 161.0

# (metric, the records it is counted over): the README's brackets.
METRICS = ("event_recall", "any_event_rate", "actor_country", "party_country", "actor_sector",
           "recipient_sector", "location_event", "location_any_place", "date_match", "date_from_text",
           "spurious", "spurious_strict")
HEADLINE = ("event_recall", "actor_country", "party_country", "location_event", "date_from_text",
            "spurious_strict", "ece", "precision_at_80")


@dataclass
class RealRecord:
    id: str
    dataset: str  # "acled" | "gtd"
    stratum: str
    text: str
    ref_date: str | None
    gold: dict[str, Any]

    @property
    def gold_type(self) -> str:
        g = self.gold
        if self.dataset == "gtd":
            return g.get("attack_type") or ""
        return g.get("sub_event_type") or g.get("event_type") or ""

    @property
    def match_types(self) -> frozenset[str]:
        g = self.gold
        if self.dataset == "gtd":
            return GTD_MATCH.get(g.get("attack_type") or "", _A)
        sub = g.get("sub_event_type") or ""
        if sub in ACLED_SUB_MATCH:
            return ACLED_SUB_MATCH[sub]
        return ACLED_TYPE_MATCH.get(g.get("event_type") or "", ALL_TYPES)

    @property
    def compatible_types(self) -> frozenset[str]:
        match = self.match_types
        if self.dataset == "gtd":
            return match | COMPANIONS["gtd"]
        event_type = self.gold.get("event_type") or ""
        if event_type in VIOLENT_ACLED_TYPES:
            return match | COMPANIONS["violent"]
        if event_type in PROTEST_ACLED_TYPES:
            return match | COMPANIONS["protest"]
        if (self.gold.get("sub_event_type") or "") == "Agreement":
            return match | COMPANIONS["agreement"]
        return match | COMPANIONS["strategic"]

    @property
    def actor_sectors(self) -> frozenset[str] | None:
        g = self.gold
        if self.dataset == "gtd":
            if (g.get("perpetrator") or "Unknown") == "Unknown":
                return None
            return frozenset({"REB", "CRM"} | ({"CVL"} if g.get("individual") else set()))
        return ACLED_SECTORS.get(_int(g.get("inter1")))

    @property
    def recipient_sectors(self) -> frozenset[str] | None:
        g = self.gold
        if self.dataset == "gtd":
            return GTD_TARGET_SECTORS.get(g.get("target_type") or "")
        if not g.get("actor2"):
            return None
        return ACLED_SECTORS.get(_int(g.get("inter2")))

    @property
    def points(self) -> list[tuple[float, float]]:
        return [(float(p[0]), float(p[1])) for p in self.gold.get("locations") or [] if len(p) >= 2]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_records(path: str | Path, limit: int | None = None, fold: str | None = None) -> list[RealRecord]:
    """The records of one JSONL file, or of every ``*.jsonl`` file in a folder (sorted by name); with `fold`
    ("K/N"), only those of that fold."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"no .jsonl files in {path}")
    records: list[RealRecord] = []
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read {file}: {exc}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                records.append(RealRecord(id=str(item["id"]), dataset=str(item["dataset"]).lower(),
                                          stratum=str(item.get("stratum") or ""), text=str(item["text"]),
                                          ref_date=item.get("ref_date"), gold=dict(item.get("gold") or {})))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{file}:{number}: not a realworld record ({exc})") from exc
            if not in_fold(records[-1].id, fold):
                records.pop()
                continue
            if limit is not None and len(records) >= limit:
                return records
    if not records:
        raise InputError(f"no records in {path}")
    return records


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _near(place: dict[str, Any] | None, points: list[tuple[float, float]]) -> bool:
    if not place or place.get("lat") is None or place.get("lon") is None:
        return False
    return any(haversine_km((place["lat"], place["lon"]), p) <= ACC_KM for p in points)


def code_records(records: list[RealRecord], pipeline: Any = None) -> dict[str, dict[str, Any]]:
    """url -> {"events": [...], "places": [...]} (dicts as ``wirecoder code`` prints them), coded in one run
    through ingest, exactly as ``wirecoder code records.jsonl`` would code them."""
    from wirecoder.ingest import read_paths

    if pipeline is None:
        from wirecoder.pipeline import Pipeline

        pipeline = Pipeline()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps({"text": r.text, "date": r.ref_date, "url": f"rw:{r.id}",
                                         "source": r.dataset}, ensure_ascii=False) + "\n")
        articles = list(read_paths([path], warn=lambda message: None))
    coded: dict[str, dict[str, Any]] = {}
    for item in pipeline.code_articles(articles):
        coded[item.article.url or ""] = {"events": [e.to_dict() for e in item.events],
                                         "places": [p.to_dict() for p in item.places]}
    return coded


def _typed(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e.get("event") and not e.get("negated")]


def score_record(record: RealRecord, coded: dict[str, Any] | None) -> dict[str, Any]:
    """One record's outcome: for each metric, None when the record is not counted, else its value."""
    events = sorted(_typed((coded or {}).get("events", [])),
                    key=lambda e: (e.get("start") or 0, e.get("trigger_start") or 0))
    places = (coded or {}).get("places", [])
    match = record.match_types
    primary = next((e for e in events if e["event"] in match), None)
    matched = primary is not None
    g = record.gold
    points = record.points
    out: dict[str, Any] = {m: None for m in METRICS}
    out["event_recall"] = matched
    out["any_event_rate"] = bool(events)
    out["location_any_place"] = any(_near(p, points) for p in places) if points else None
    out["spurious"] = 0 if match == ALL_TYPES else sum(e["event"] not in record.compatible_types for e in events)
    out["spurious_strict"] = 0 if match == ALL_TYPES else sum(e["event"] not in match for e in events)
    if not matched:
        return out
    actors, recipients = primary.get("actor") or [], primary.get("recipient") or []
    if g.get("actor1_iso3"):
        out["actor_country"] = any(a.get("country") == g["actor1_iso3"] for a in actors)
    out["party_country"] = any(a.get("country") == g.get("iso3") for a in actors + recipients)
    if record.actor_sectors is not None:
        out["actor_sector"] = any(a.get("sector") in record.actor_sectors for a in actors)
    if record.recipient_sectors is not None:
        out["recipient_sector"] = any(r.get("sector") in record.recipient_sectors for r in recipients)
    if points:
        out["location_event"] = _near(primary.get("location"), points)
    if _int(g.get("date_precision")) == 1 and g.get("date"):
        date = primary.get("date") or {}
        right = (date.get("value") or "")[:10] == g["date"][:10]
        out["date_match"] = right
        out["date_from_text"] = right and not date.get("from_reference")
    return out


def _failures(outcome: dict[str, Any]) -> list[str]:
    """The metrics a record fails: a share it misses, or any spurious event."""
    return sorted(k for k, v in outcome.items() if k != "any_event_rate" and (
        v is False or (k.startswith("spurious") and v)))


def _summarise(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"records": len(outcomes)}
    for metric in METRICS:
        values = [o[metric] for o in outcomes if o[metric] is not None]
        if metric.startswith("spurious"):
            summary[metric] = round(sum(values) / len(values), 4) if values else 0.0
        else:
            summary[metric] = share(sum(bool(v) for v in values), len(values))
        summary[f"{metric}_n"] = len(values)
    return summary


def make_coder(path: str | Path | None = None) -> Any:
    """The default coder: the whole pipeline, gazetteer included."""
    from wirecoder.pipeline import Pipeline

    return Pipeline()


def evaluate(path: str | Path, pipeline: Any = None, limit: int | None = None,
             errors: list[dict[str, Any]] | None = None, fold: str | None = None) -> dict[str, Any]:
    """Score the pipeline (default: a fresh ``Pipeline()``) on a realworld JSONL file or folder, or on one
    fold of it ("K/N")."""
    records = read_records(path, limit, fold)
    began = time.perf_counter()
    coded = code_records(records, pipeline)
    seconds = time.perf_counter() - began
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    scored: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for record in records:
        result = coded.get(f"rw:{record.id}")
        outcome = score_record(record, result)
        scored[record.dataset].extend((float(e.get("confidence") or 0.0), e["event"] in record.compatible_types)
                                      for e in _typed((result or {}).get("events", [])))
        for key in (record.dataset, f"{record.dataset}/stratum/{record.stratum}",
                    f"{record.dataset}/type/{record.gold_type}"):
            groups[key].append(outcome)
        failed = _failures(outcome)
        if errors is not None and failed:
            errors.append({"id": record.id, "failed": failed, "text": record.text, "gold": record.gold,
                           "events": [(e["event"], e["cameo"], e["trigger"],
                                       [(a["text"], a["country"], a["sector"]) for a in e["actor"]],
                                       [(a["text"], a["country"], a["sector"]) for a in e["recipient"]],
                                       (e.get("location") or {}).get("name"),
                                       (e.get("date") or {}).get("value"))
                                      for e in _typed((result or {}).get("events", []))],
                           "places": [(p["text"], p["name"], p["country"], p["feature"])
                                      for p in (result or {}).get("places", [])]})
    by_group = {key: _summarise(outcomes) for key, outcomes in sorted(groups.items())}
    result: dict[str, Any] = {"records": len(records), "coded": len(coded), "seconds": round(seconds, 1),
                              "groups": by_group}
    for dataset in ("acled", "gtd"):
        summary = by_group.get(dataset)
        if summary is not None:
            result.update({f"{dataset}_{metric}": summary[metric] for metric in METRICS})
            calibrated = calibration(scored[dataset])
            result.update({f"{dataset}_{k}": calibrated[k] for k in ("ece", "precision_at_80", "share_at_80")})
    return result


COLUMNS = (("records", "n"), ("event_recall", "recall"), ("any_event_rate", "any"),
           ("actor_country", "a_ctry"), ("party_country", "p_ctry"), ("actor_sector", "a_sect"),
           ("recipient_sector", "r_sect"), ("location_event", "loc"), ("location_any_place", "loc_any"),
           ("date_match", "date"), ("date_from_text", "d_text"), ("spurious", "spur"),
           ("spurious_strict", "spur_s"))


def format_table(result: dict[str, Any]) -> str:
    """One row per dataset, then per stratum and per gold type."""
    groups = result["groups"]
    first = max(len(k) for k in groups) + 2
    header = f"{'group':<{first}}" + "".join(f"{h:>8}" for _, h in COLUMNS)
    lines = [header, "-" * len(header)]
    datasets = [k for k in groups if "/" not in k]
    for dataset in datasets:
        for key in [dataset] + [k for k in groups if k.startswith(dataset + "/")]:
            row = groups[key]
            cells = "".join(f"{row[m]:>8}" if m == "records" else f"{row[m]:>8.3f}" for m, _ in COLUMNS)
            lines.append(f"{key:<{first}}{cells}")
        lines.append("")
    for dataset in ("acled", "gtd"):
        if f"{dataset}_ece" in result:
            lines.append(f"{dataset} confidence: ece {result[f'{dataset}_ece']:.4f}  precision_at_80 "
                         f"{result[f'{dataset}_precision_at_80']:.4f}  share_at_80 {result[f'{dataset}_share_at_80']:.4f}"
                         "  (events: right when their type is COMPATIBLE)")
    lines.append(f"{result['records']} records, {result['coded']} articles coded, {result['seconds']:.1f} s")
    return "\n".join(lines)


def headline(result: dict[str, Any]) -> dict[str, Any]:
    """The --json line: each dataset's headline metrics, prefixed with its name."""
    return {f"{d}_{m}": result[f"{d}_{m}"] for d in ("acled", "gtd") for m in HEADLINE if f"{d}_{m}" in result}


def main(argv: list[str] | None = None) -> None:
    parser = scorer_parser(__doc__, "a realworld JSONL file or folder", "records",
                           "print up to N records with a failed metric")
    parser.add_argument("--fold", default=None, help="score one fold only, K/N (e.g. 1/2)")
    args = parser.parse_args(argv)
    print_scores(evaluate, format_table, args, fold=args.fold)


if __name__ == "__main__":
    main()
