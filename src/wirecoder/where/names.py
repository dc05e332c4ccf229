"""How a place name becomes a lookup key, the same way at build time and at lookup time."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Dots, spaces, hyphens and apostrophes vary freely in place names ("U.S.", "Winston-Salem", "Côte d'Ivoire").
_NOISE = re.compile(r"[\s.\-'’‘ʻʼ`,]+")
_LATIN_EXTRA = set("’‘ʻʼ`")
# Abbreviated generic words, expanded in both directions so "St. Louis" finds "Saint Louis".
GENERIC_WORDS = Path(__file__).parent / "data" / "generic_words.tsv"
FACILITY_WORDS = Path(__file__).parent / "data" / "facility_words.txt"
WIDE_FEATURE_WORDS = Path(__file__).parent / "data" / "wide_feature_words.txt"
LOCAL_FEATURE_WORDS = Path(__file__).parent / "data" / "local_feature_words.txt"
INSTITUTION_WORDS = Path(__file__).parent / "data" / "institution_words.txt"
TRANSLITERATION = Path(__file__).parent / "data" / "transliteration.tsv"
LOOSE_PREFIX = "~"  # loose keys live beside exact ones in one table; this keeps them from meeting
_DOUBLED = re.compile(r"([a-z])\1+")
_PREFIXES = (("saint", "st"), ("sainte", "ste"), ("mount", "mt"), ("fort", "ft"), ("port", "pt"))


def name_key(text: str) -> str:
    """Case-folded, accent-free, without dots, spaces, hyphens or apostrophes: "U.S." -> "us"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOISE.sub("", plain.casefold())


def key_variants(text: str) -> set[str]:
    """The key of a name plus its abbreviated/expanded forms of leading generic words."""
    key = name_key(text)
    keys = {key} if key else set()
    words = text.casefold().replace(".", " ").split()
    if len(words) > 1:
        head = words[0]
        for long, short in _PREFIXES:
            if head in (long, short):
                for other in (long, short):
                    keys.add(name_key(" ".join([other, *words[1:]])))
    return keys


@lru_cache(maxsize=1)
def _transliteration() -> tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, str], bool, dict[int, str]]:
    """(leading article pattern, letter-group pattern, its replacements, fold doubled letters, vowel table)."""
    with open(TRANSLITERATION, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    articles = sorted((r["from"].strip() for r in rows if r["kind"].strip() == "article"), key=len, reverse=True)
    letters = {r["from"].strip(): (r["to"] or "").strip() for r in rows if r["kind"].strip() == "letters"}
    article = re.compile(r"^(?:%s)[\s\-'’]+(?=\w)" % "|".join(map(re.escape, articles)))
    groups = re.compile("|".join(map(re.escape, sorted(letters, key=len, reverse=True)))) if letters else None
    vowels = str.maketrans({r["from"].strip(): (r["to"] or "").strip() for r in rows if r["kind"].strip() == "vowel"})
    return article, groups, letters, any(r["kind"].strip() == "double" for r in rows), vowels


def loose_key(text: str) -> str:
    """The key with the spellings transliterations vary in folded (data/transliteration.tsv): "Thi Qar" and
    "Dhi Qar", "Middle Shabeelle" and "Middle Shabelle" share one. Prefixed so it never equals an exact key."""
    article, groups, letters, double, vowels = _transliteration()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
    key = _NOISE.sub("", article.sub("", plain))
    if groups is not None:
        key = groups.sub(lambda m: letters[m.group(0)], key)
    if double:
        key = _DOUBLED.sub(r"\1", key)
    if vowels:  # then the vowels a transliteration writes either way, and what that doubles once more
        key = _DOUBLED.sub(r"\1", key.translate(vowels))
    return LOOSE_PREFIX + key if key else ""


def is_latin(text: str) -> bool:
    """True when a name is written in Latin script: other scripts never appear in English news."""
    for ch in text:
        code = ord(ch)
        if code < 0x250 or 0x1E00 <= code < 0x1F00 or ch in _LATIN_EXTRA:
            continue
        return False
    return any(ch.isalpha() for ch in text)


@lru_cache(maxsize=1)
def _generic_words() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(leading, trailing) generic words as (word, replacement), longest first."""
    leading, trailing = [], []
    with open(GENERIC_WORDS, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        word, replacement = row["word"].strip(), (row.get("replacement") or "").strip()
        (leading if row["position"].strip() == "leading" else trailing).append((word, replacement))
    return sorted(leading, key=lambda w: -len(w[0])), sorted(trailing, key=lambda w: -len(w[0]))


@lru_cache(maxsize=1)
def _generic_word_set() -> frozenset[str]:
    leading, trailing = _generic_words()
    return frozenset(word.casefold() for word, _ in (*leading, *trailing))


def is_generic_word(word: str) -> bool:
    """A word that qualifies a place rather than naming one: "Central", "Northern", "Greater"."""
    return word.casefold() in _generic_word_set()


def without_generic_words(text: str, *, leading_words: bool = True) -> list[str]:
    """Shorter names to try, nearest first: one generic word replaced or dropped at either end, then both.

    ``leading_words=False`` keeps the start of the name: the index must not learn that "North
    Carolina" is called "Carolina", though a query for "South Los Angeles" may fall back to Los Angeles.
    """
    if ", " in text:  # "Dagestan, Respublika", "Palestine, State of"
        return [text.split(", ", 1)[0]]
    leading, trailing = _generic_words()
    lowered = text.casefold()
    heads = [text]
    for word, replacement in leading if leading_words else ():
        if lowered.startswith(word.casefold() + " ") and len(text) > len(word) + 2:
            heads.append(" ".join(filter(None, [replacement, text[len(word) + 1:]])))
            break
    shorter = []
    for head in heads:
        lowered_head = head.casefold()
        for word, replacement in trailing:
            if lowered_head.endswith(" " + word.casefold()) and len(head) > len(word) + 2:
                stem = head[: -len(word) - 1]
                if replacement:
                    shorter.append(f"{stem} {replacement}")
                shorter.append(stem)
                break
        if head is not text:
            shorter.append(head)
    # prefer the forms that keep the most of the name
    return sorted(dict.fromkeys(shorter), key=len, reverse=True)


def read_word_list(path: Path) -> list[str]:
    """One entry a line, '#' comment lines and blank lines skipped: the data/ word lists."""
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _facility_words() -> tuple[str, ...]:
    return tuple(sorted(read_word_list(FACILITY_WORDS), key=len, reverse=True))


@lru_cache(maxsize=4)
def _word_set(path: Path) -> frozenset[str]:
    """A data/ word list as a case-folded set, read once."""
    return frozenset(word.casefold() for word in read_word_list(path))


def is_local_feature(text: str) -> bool:
    """A street, square, park, river or building by its name ("Euston Road", "Nasser Hospital")."""
    words = text.split()
    if len(words) < 2:
        return False
    return words[-1].casefold() in _word_set(LOCAL_FEATURE_WORDS) or town_of_facility(text) is not None


def is_institution(text: str) -> bool:
    """The rest of a public body's name: "Police Department", "City Council", "Bureau of Investigation"."""
    return any(word.casefold() in _word_set(INSTITUTION_WORDS) for word in text.split())


def is_wide_feature(text: str) -> bool:
    """A sea, gulf, desert or range by its name ("Gulf of Aden", "Zagros Mountains"): wider than a town."""
    return any(word.casefold() in _word_set(WIDE_FEATURE_WORDS) for word in text.split())


def town_of_facility(text: str) -> str | None:
    """The town a facility's name starts with: "Da Nang International Airport" -> "Da Nang"; else None."""
    lowered = text.casefold()
    for words in _facility_words():
        if lowered.endswith(" " + words.casefold()):
            town = text[: -len(words) - 1].strip()
            return town if any(ch.isupper() for ch in town) else None
    return None
