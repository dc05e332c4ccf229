"""Is this article in English? A cheap check by script, then by function words.

No model: two counts over the first few thousand characters.
1. Script: when most letters are not Latin (Arabic, Chinese, Cyrillic ...), it is not English.
2. Function words: English prose is a fifth to a half "the", "and", "that"-like words
   (data/english_function_words.txt); French, Spanish, German, Turkish ... prose is as full
   of its own (data/other_function_words.tsv). Latin-script text is not English when
   another language's function words are common and outnumber the English ones. Counting
   both sides keeps English line-ups, scores and name lists (few function words of any
   language) in.
Too little text to tell (a headline, a caption) counts as English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

SAMPLE_CHARS = 3000
# Below this many letters, or this many words, the check does not judge.
MIN_LETTERS = 40
MIN_WORDS = 30
# Share of letters in Latin script below which a text is another script.
MIN_LATIN_SHARE = 0.5
# Share of another language's function words from which Latin-script text may be that
# language (when they also outnumber the English ones). English news stays under 0.05
# for every listed language; their own prose runs at 0.2-0.4.
MIN_OTHER_SHARE = 0.1

_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Runs of letters outside the Latin blocks (Arabic, CJK, Cyrillic ...).
_NON_LATIN_LETTERS = re.compile("(?:(?![\u0000-\u024f\u1e00-\u1eff])[^\\W\\d_])+")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    text = resources.files("wirecoder.ingest").joinpath("data/english_function_words.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def other_function_words() -> dict[str, frozenset[str]]:
    text = resources.files("wirecoder.ingest").joinpath("data/other_function_words.tsv").read_text("utf-8")
    languages: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, words = line.split("\t", 1)
            languages[name.strip()] = frozenset(words.lower().split())
    return languages


def not_english(text: str) -> str | None:
    """Why ``text`` is not English ("mostly Arabic script"), or None when it is or cannot be told."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    letters = sum(map(len, words))
    if letters < MIN_LETTERS:
        return None
    other_script = sum(map(len, _NON_LATIN_LETTERS.findall(sample)))
    if other_script / letters > 1 - MIN_LATIN_SHARE:
        return f"mostly {_main_script(sample)} script"
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    english = _share(counts, len(words), function_words())
    language, share = max(((name, _share(counts, len(words), known)) for name, known in other_function_words().items()),
                          key=lambda pair: pair[1])
    if share >= MIN_OTHER_SHARE and share > english:
        return f"looks {language} ({share:.0%} {language} function words, {english:.0%} English)"
    return None


def _share(counts: Counter[str], total: int, known: frozenset[str]) -> float:
    return sum(counts[w] for w in known if w in counts) / total


def _main_script(sample: str) -> str:
    """The first word of the Unicode names of the commonest non-Latin letters: ARABIC, CJK, CYRILLIC."""
    scripts = Counter(
        unicodedata.name(ch, "OTHER").split()[0]
        for ch in _LETTER.findall(sample)[:2000]
        if not _LATIN.match(ch)
    )
    name = scripts.most_common(1)[0][0] if scripts else "other"
    return "Chinese/Japanese (CJK)" if name == "CJK" else name.capitalize()
