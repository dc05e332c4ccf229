"""Country filters by code or by name: "IQ", "IRQ", "Iraq", "UK", "Britain" all find the same rows.

Actors carry ISO alpha-3 codes and places alpha-2, so a filter resolves to both.  Names and
aliases come from the bundled country lexicon (``wirecoder/lexicon/countries.yaml``): its
canonical name, its generated ``names`` and its hand-kept ``aliases`` (demonyms are left out:
"Iraqi" names people, not a country filter).
"""

from __future__ import annotations

from functools import lru_cache

from wirecoder.errors import StoreError
from wirecoder.lexicon_files import lexicon_file, read_yaml


def _key(text: str) -> str:
    return " ".join(text.replace(".", "").split()).casefold()


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[str, str]]:
    """(name -> (alpha-3, alpha-2), code -> (alpha-3, alpha-2), alpha-3 -> name), read once per process."""
    by_name: dict[str, tuple[str, str]] = {}
    by_code: dict[str, tuple[str, str]] = {}
    canonical: dict[str, str] = {}
    entries = read_yaml(lexicon_file("countries.yaml"), "the country lexicon") or {}
    for iso3, entry in entries.items():
        codes = (str(iso3).upper(), str(entry.get("iso2") or "").upper())
        by_code[codes[0]] = codes
        canonical[codes[0]] = str(entry.get("name") or codes[0])
        if codes[1]:
            by_code[codes[1]] = codes
        names = [entry.get("name"), *(entry.get("names") or [])]
        names += [a for a in entry.get("aliases") or [] if isinstance(a, str)]
        for name in names:
            if name:
                by_name.setdefault(_key(str(name)), codes)
    return by_name, by_code, canonical


def country_name(code: str | None) -> str | None:
    """The lexicon's name for an alpha-2 or alpha-3 code ("IQ" -> "Iraq"), None when unknown."""
    if not code:
        return None
    codes = _lexicon()[1].get(code.strip().upper())
    if codes is None:
        return None
    return _lexicon()[2].get(codes[0])


def resolve_country(text: str) -> list[str]:
    """The codes (alpha-2 and alpha-3) a country filter means; ``StoreError`` when it names none.

    An upper-case code the lexicon lacks ("XK") is kept as given, so stored codes outside ISO still match.
    """
    value = text.strip()
    by_name, by_code, _ = _lexicon()
    found = by_name.get(_key(value))
    if found is None and value.isalpha() and len(value) in (2, 3):
        found = by_code.get(value.upper())
        if found is None and value.isupper():
            return [value]
    if found is None:
        raise StoreError(f"country must be a code such as IQ or IRQ or a country's name such as Iraq; "
                         f"{value!r} is neither")
    return sorted({c for c in found if c})
