"""The outlet's home country, read from the article's web address.

A local paper's "Paris" is more often its own country's: a country-code domain (``.co.uk``, ``.com.au``,
``.ca``) is a weak hint, added to the countries the article itself names. Generic domains (``.com``,
``.org``, ``.news``) and the ccTLDs sold as generic ones (``.tv``, ``.io``, ``.me``) say nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pycountry

# Country-code domains that differ from the ISO code, or are marketed worldwide as generic ones; the
# latter still name their country under a second-level label ("eltiempo.com.co", "alwasat.com.ly").
_DOMAIN_COUNTRY = {"uk": "GB"}
_GENERIC_CCTLDS = frozenset({"ai", "am", "cc", "co", "fm", "io", "ly", "me", "nu", "tv", "ws", "to", "eu", "la"})
_SECOND_LEVEL = frozenset({"com", "co", "org", "net", "gov", "edu", "ac", "news"})


def home_country(url: str | None) -> str | None:
    """ISO alpha-2 of the outlet's country-code domain: "https://www.bbc.co.uk/news" -> "GB"; else None."""
    if not url:
        return None
    try:
        has_host = "://" in url or url.startswith("//")
        host = urlsplit(url if has_host else f"//{url}").hostname or ""
    except ValueError:
        return None
    labels = host.rstrip(".").lower().split(".")
    label = labels[-1]
    if len(label) != 2 or not label.isalpha():
        return None
    if label in _GENERIC_CCTLDS and not (len(labels) > 2 and labels[-2] in _SECOND_LEVEL):
        return None
    if label in _DOMAIN_COUNTRY:
        return _DOMAIN_COUNTRY[label]
    country = pycountry.countries.get(alpha_2=label.upper())
    return country.alpha_2 if country else None
