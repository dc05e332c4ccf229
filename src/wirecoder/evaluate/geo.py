"""Scoring the WHERE stage against geoparsing gold data (LGL, TR-News, GeoVirus, GeoWebNews).

Metrics follow Gritta et al. (2018, "What's missing in geographical parsing?"):

- ``resolution_acc161``: given the gold toponym spans, the share resolved within 161 km (100 miles) of
  the gold point; an unresolved toponym counts as the largest possible error (20,039 km).
- ``mean_error_km`` / ``median_error_km`` of those resolutions, and ``auc``: the area under the curve of
  the sorted ln(1 + error) values, normalised by ln(20039) (0 is perfect, lower is better).
- ``ner_precision`` / ``ner_recall`` / ``ner_f1``: toponym recognition by ``find_places`` on the raw
  text, exact span match; ``ner_f1_overlap`` counts overlapping spans.
- ``e2e_acc161``: gold toponyms both found (overlapping span) and resolved within 161 km, over all gold.

Gold files are read as they are; formats are told apart by their elements.
Usage: ``python -m wirecoder.evaluate.geo ../shared/gold/geoparsing/lgl.xml [--no-e2e] [--limit N]``
"""

from __future__ import annotations

import argparse
import math
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wirecoder.errors import InputError

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the error of a toponym left unresolved
ACC_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    url: str | None = None  # the outlet's address, when the file gives it (LGL and TR-News do)


def _field(element: ET.Element | None, tag: str) -> str | None:
    """A field written as a child element (``<lat>..</lat>``) or, in some copies, as an attribute."""
    if element is None:
        return None
    value = element.findtext(tag)
    return value if value is not None else element.get(tag)


def _float(element: ET.Element | None, tag: str) -> float | None:
    value = _field(element, tag)
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(element: ET.Element, tag: str) -> int | None:
    value = _field(element, tag)
    return int(value) if value not in (None, "") and value.strip().lstrip("-").isdigit() else None


def _align(text: str, start: int, end: int, name: str, window: int = 20) -> tuple[int, int]:
    """The span of ``name`` nearest the given offsets (GeoVirus offsets can be shifted by a character)."""
    if not name or text[start:end] == name:
        return start, end
    best = None
    position = text.find(name, max(0, start - window))
    while position != -1 and position <= start + window:
        if best is None or abs(position - start) < abs(best - start):
            best = position
        position = text.find(name, position + 1)
    return (best, best + len(name)) if best is not None else (start, end)


def read_gold(path: str | Path) -> tuple[str, list[GoldArticle]]:
    """(format name, articles) from an LGL/TR-News, GeoVirus or GeoWebNews XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}") from exc
    articles: list[GoldArticle] = []
    kind = "unknown"
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = GoldArticle(text=text, url=_field(article, "url") or _field(article, "domain"))
        for location in article.iter("location"):  # GeoVirus
            kind = "geovirus"
            start, end = _int(location, "start"), _int(location, "end")
            if start is not None and end is not None:
                name = location.findtext("name") or text[start:end]
                start, end = _align(text, start, end, name)
                gold.toponyms.append(GoldToponym(start, end, name, _float(location, "lat"), _float(location, "lon")))
        for toponym in article.iter("toponym"):
            start, end = _int(toponym, "start"), _int(toponym, "end")
            if start is None or end is None:
                continue
            if _field(toponym, "extractedName") is not None:  # GeoWebNews: only toponyms with coordinates
                kind = "geowebnews"
                lat, lon = _float(toponym, "latitude"), _float(toponym, "longitude")
                if lat is None or lon is None:
                    continue
                gold.toponyms.append(GoldToponym(start, end, _field(toponym, "extractedName") or "", lat, lon))
            else:  # LGL and TR-News
                kind = "lgl"
                gaztag = toponym.find("gaztag")
                gold.toponyms.append(GoldToponym(start, end, toponym.findtext("phrase") or text[start:end],
                                                 _float(gaztag, "lat"), _float(gaztag, "lon")))
        articles.append(gold)
    return kind, articles


def error_stats(errors: list[float]) -> dict[str, float]:
    if not errors:
        return {"n": 0, "acc161": 0.0, "mean_error_km": 0.0, "median_error_km": 0.0, "auc": 0.0}
    values = np.sort(np.asarray(errors, dtype=np.float64))
    logs = np.log(values + 1.0)
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    auc = float(trapezoid(logs) / (math.log(MAX_ERROR_KM) * (len(logs) - 1))) if len(logs) > 1 else float(
        logs[0] / math.log(MAX_ERROR_KM))
    return {
        "n": len(values),
        "acc161": float(np.mean(values <= ACC_KM)),
        "mean_error_km": float(values.mean()),
        "median_error_km": float(np.median(values)),
        "auc": auc,
    }


def _error(place, gold: GoldToponym) -> float:
    from wirecoder.where.resolve import haversine_km

    if place is None or place.lat is None or place.lon is None:
        return MAX_ERROR_KM
    return float(haversine_km(place.lat, place.lon, gold.lat, gold.lon))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: str | Path, *, e2e: bool = True, limit: int | None = None) -> dict:
    """Score resolution (gold spans) and, with ``e2e``, recognition plus resolution from raw text."""
    from wirecoder.where import Gazetteer, home_country
    from wirecoder.where.resolve import resolve_spans

    kind, articles = read_gold(path)
    if limit is not None:
        articles = articles[:limit]
    gazetteer = Gazetteer.load()
    started = time.perf_counter()
    errors: list[float] = []
    for article in articles:
        spans = [(t.start, t.end) for t in article.toponyms]
        places = resolve_spans(gazetteer, article.text, spans, demonyms=True, contextual=True,
                               home_country=home_country(article.url))
        errors.extend(_error(place, t) for place, t in zip(places, article.toponyms) if t.lat is not None)
    stats = error_stats(errors)
    result: dict = {
        "file": str(path),
        "format": kind,
        "articles": len(articles),
        "toponyms": sum(len(a.toponyms) for a in articles),
        "toponyms_with_coordinates": stats["n"],
        "resolution_acc161": stats["acc161"],
        "mean_error_km": stats["mean_error_km"],
        "median_error_km": stats["median_error_km"],
        "auc": stats["auc"],
        "resolution_seconds": round(time.perf_counter() - started, 2),
    }
    if e2e:
        result.update(_end_to_end(articles, gazetteer))
    return result


def _end_to_end(articles: list[GoldArticle], gazetteer) -> dict:
    from wirecoder.nlp import load_nlp
    from wirecoder.where import find_places, home_country

    nlp = load_nlp()
    started = time.perf_counter()
    exact = overlap = predicted = gold_total = hits = with_coords = 0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        places = find_places(doc, "gold", home_country=home_country(article.url))
        spans = [(p.start, p.end) for p in places]
        gold_spans = [(t.start, t.end) for t in article.toponyms]
        predicted += len(spans)
        gold_total += len(gold_spans)
        exact += len(set(spans) & set(gold_spans))
        used: set[int] = set()
        for toponym in article.toponyms:
            gold_span = (toponym.start, toponym.end)
            match = next((i for i, s in enumerate(spans) if i not in used and _overlaps(s, gold_span)), None)
            if match is not None:
                used.add(match)
                overlap += 1
            if toponym.lat is None:
                continue
            with_coords += 1
            if match is not None and _error(places[match], toponym) <= ACC_KM:
                hits += 1

    def f1(correct: int) -> tuple[float, float, float]:
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold_total if gold_total else 0.0
        return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)

    precision, recall, score = f1(exact)
    return {
        "ner_precision": precision,
        "ner_recall": recall,
        "ner_f1": score,
        "ner_f1_overlap": f1(overlap)[2],
        "e2e_acc161": hits / with_coords if with_coords else 0.0,
        "e2e_seconds": round(time.perf_counter() - started, 2),
    }


def format_table(result: dict) -> str:
    """A two-column text table of a result from ``evaluate``."""
    rows = []
    for key, value in result.items():
        if isinstance(value, float):
            shown = f"{value:.1f}" if key.endswith("_km") or key.endswith("seconds") else f"{value:.3f}"
        else:
            shown = str(value)
        rows.append((key, shown))
    width = max(len(key) for key, _ in rows)
    return "\n".join(f"{key.ljust(width)}  {value}" for key, value in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--no-e2e", action="store_true", help="score resolution from gold spans only")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    args = parser.parse_args(argv)
    for path in args.paths:
        print(format_table(evaluate(path, e2e=not args.no_e2e, limit=args.limit)))
        print()


if __name__ == "__main__":
    main()
