"""CAMEO codes and what follows from them: PLOVER type, mode, context, quad class, Goldstein weight."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    plover: str | None
    mode: str | None
    context: str | None
    goldstein: float

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        """1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13),
        4 material conflict (14-20)."""
        root = int(self.root)
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def _none(value: str) -> str | None:
    return None if value in ("", "-") else value


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    text = resources.files("wirecoder.lexicon").joinpath("cameo.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return {
        r["code"]: CameoCode(r["code"], r["label"], _none(r["plover"]), _none(r["mode"]), _none(r["context"]),
                             float(r["goldstein"]))
        for r in rows
    }


def lookup(code: str) -> CameoCode:
    """The entry for `code`, falling back to its parent code and then its root ("0234" -> "023" -> "020")."""
    table = cameo_table()
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in table:
            return table[candidate]
    raise KeyError(f"unknown CAMEO code {code!r}")


def root_of(code: str) -> int:
    return int(code[:2])


PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
