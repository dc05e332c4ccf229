"""PLOVER's JSON exchange format: one event a line, with the manual's field names.

``actor`` and ``recipient`` are lists of actor objects (``code``: the ISO alpha-3 country, or a non-state
code such as IGO; ``sector``; ``entity_text`` as written; ``identifier_text``, the canonical name;
``office``), ``event``/``mode``/``context`` lists (context also carries "negation" and "hypothetical", as
the manual asks), ``event_loc`` a location object with GeoNames' fields, ``text_info`` the sentence's number
and offsets, ``cite_info`` where the text came from. What PLOVER has no field for (quotes, confidence, the
date's granularity, the merge counts) sits under the one key ``wirecoder``; ``cameo_code`` in an actor
object is its CAMEO-style code ("IRQGOV"). Events with no PLOVER type (CAMEO 01 statements) are left out.
"""

from __future__ import annotations

from typing import Any

from .cells import contexts, day_of
from .codes import coder, intensity, iso3_of, plover_code, split_feature

CODEBOOK = "PLOVER event types and modes via CAMEO 1.1b3 (lexicon/cameo.tsv)"


def _actor(p: dict) -> dict[str, Any]:
    return {"code": plover_code(p["country"], p["sector"]), "sector": p["sector"], "entity_text": p["text"],
            "identifier_text": p["name"], "office": p["title"], "cameo_code": p["code"]}


def _location(r: dict) -> dict[str, Any] | None:
    if r["location_name"] is None and r["location_text"] is None:
        return None
    klass, code = split_feature(r["location_feature"])
    return {"geonameid": r["location_geonameid"], "name": r["location_name"], "lat": r["location_lat"],
            "lon": r["location_lon"], "country_code": r["location_country"], "cc3": iso3_of(r["location_country"]),
            "feature_class": klass, "feature_code": code, "feature": r["location_feature"],
            "resolution": r["location_precision"], "text": r["location_text"]}


def _date(r: dict) -> dict[str, Any] | None:
    if r["date_value"] is None and r["date_text"] is None:
        return None
    return {"text": r["date_text"], "value": r["date_value"], "granularity": r["date_granularity"],
            "type": r["date_type"], "from_reference": r["date_from_reference"]}


def plover_event(r: dict) -> dict[str, Any]:
    """The PLOVER JSON object of one event record (records.py)."""
    return {
        "id": r["id"],
        "date": day_of(r) or None,
        "actor": [_actor(p) for p in r["actors"]],
        "recipient": [_actor(p) for p in r["recipients"]],
        "event": [r["event"]] if r["event"] else [],
        "mode": [r["mode"]] if r["mode"] else [],
        "context": contexts(r),
        "event_loc": _location(r),
        "event_text": [r["trigger"]] if r["trigger"] else [],
        "quad_code": r["quad_class"],
        "event_scale": intensity(r["event"], r["mode"]),
        "text": r["sentence"],
        "text_info": {"sequence": r["sentence_index"], "start": r["start"], "end": r["end"]},
        "cite_info": {"url": r["url"], "title": r["article_title"], "publication": r["source"], "language": "en",
                      "coder": coder(), "codebook": CODEBOOK},
        "coder": coder(),
        "wirecoder": {
            "article_id": r["article_id"],
            "cameo": r["cameo"],
            "goldstein": r["goldstein"],
            "negated": r["negated"],
            "hypothetical": r["hypothetical"],
            "primary": r["primary"],
            "confidence": None if r["confidence"] is None else round(r["confidence"], 3),
            "trigger": {"text": r["trigger"], "start": r["trigger_start"], "end": r["trigger_end"]},
            "date": _date(r),
            "date_key": r["date_key"],
            "reference_date": r["reference_date"],
            "quotes": [{"text": q["text"], "kind": q["kind"], "speaker": q["speaker"],
                        "speaker_code": q["speaker_code"], "cue": q["cue"], "start": q["start"], "end": q["end"]}
                       for q in r["quotes"]],
            "event_key": r["event_key"],
            "num_mentions": r["num_mentions"],
            "num_articles": r["num_articles"],
            "num_sources": r["num_sources"],
        },
    }
