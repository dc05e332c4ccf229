"""Is this article in English? py3langid's model (shipped inside the package) on the article's common words.

1. Take the first ``SAMPLE_CHARS`` characters and keep the words that do not start with a capital letter
   (numbers go too). Names of people, places and groups carry no language of the text around them, and in
   a short conflict report ("On 3 May, militants of ... attacked ... village (... district, ... province)")
   Swahili, Pashto or Hausa names would outvote the few English words between them. The words left
   ("militants", "attacked", "village", "district") are what tells English.
   Of words in Latin script and words in others, only the group with more letters is kept: an Arabic
   slogan quoted in an English report does not make it Arabic, nor an English brand name in a Russian one.
2. Fewer than ``MIN_LETTERS`` letters left (a headline, a caption, a line-up of names): too little to tell,
   counted as English.
3. py3langid ranks the languages for the words left. The text is not English only when another language
   comes first and English's own probability is below ``MAX_ENGLISH_PROBABILITY``: a skipped English
   article is lost data, a kept foreign one a few junk entities.

Tuned on English text nobody in the project wrote (700 short conflict reports, 2,225 BBC articles, CoNLL
and PolNeAR news): English came first for every one of them, its lowest probability 0.39; foreign
sentences of 11 to 50 words in sixteen languages gave English at most 1e-6.
"""

from __future__ import annotations

import re
from functools import lru_cache

SAMPLE_CHARS = 3000
# Letters of common (not capitalised) words below which a text is not judged.
MIN_LETTERS = 20
# A text whose first language is another one is still English while English keeps this probability.
MAX_ENGLISH_PROBABILITY = 0.01
# Language names pycountry has no short form for, or spells for catalogues ("Swahili (macrolanguage)").
_NAMES = {"zh": "Chinese", "zxx": "no linguistic content", "el": "Greek", "ne": "Nepali", "ms": "Malay",
          "fa": "Persian", "sw": "Swahili", "or": "Odia", "om": "Oromo", "ku": "Kurdish", "uz": "Uzbek"}

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier with probabilities (the model loads once per process, in about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def common_words(text: str) -> list[str]:
    """The words of the sample that do not start with a capital, in its main script: what a language is told from."""
    latin, other = [], []
    for w in _WORD.findall(text[:SAMPLE_CHARS]):
        if not w[0].isupper():
            (latin if _LATIN.match(w) else other).append(w)
    return latin if sum(map(len, latin)) >= sum(map(len, other)) else other


def detect(text: str) -> tuple[str, float, float] | None:
    """(best language code, its probability, English's probability), or None when there is too little to tell."""
    words = common_words(text)
    if sum(map(len, words)) < MIN_LETTERS:
        return None
    ranked = _identifier().rank(" ".join(words))
    best, probability = ranked[0]
    english = next((p for code, p in ranked if code == "en"), 0.0)
    return best, probability, english


def not_english(text: str) -> str | None:
    """Why ``text`` is not English ("looks Swahili (sw, 1.00)"), or None when it is or cannot be told."""
    found = detect(text)
    if found is None:
        return None
    best, probability, english = found
    if best == "en" or english >= MAX_ENGLISH_PROBABILITY:
        return None
    return f"looks {language_name(best)} ({best}, {probability:.2f})"


def language_name(code: str) -> str:
    """The English name of an ISO 639 code: "sw" -> "Swahili", "pcm" -> "Nigerian Pidgin"."""
    if code in _NAMES:
        return _NAMES[code]
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    return re.sub(r"(?<!\s)\s*\([^()]*\)$", "", found.name)  # "Greek, Modern (1453-)" -> "Greek, Modern"
