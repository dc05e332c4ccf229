"""The outlet's home country, read from the article's web address.

A local paper's "Paris" is more often its own country's: a country-code domain (``.co.uk``, ``.com.au``,
``.ca``) is a weak hint, added to the countries the article itself names. Generic domains (``.com``,
``.org``, ``.news``) and the ccTLDs sold as generic ones (``.tv``, ``.io``, ``.me``) say nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pycountry

# Country-code domains that differ from the ISO code, or are marketed worldwide as generic ones.
_DOMAIN_COUNTRY = {"uk": "GB"}
_GENERIC_CCTLDS = frozenset({"ai", "am", "cc", "co", "fm", "io", "ly", "me", "nu", "tv", "ws", "to", "eu", "la"})


def home_country(url: str | None) -> str | None:
    """ISO alpha-2 of the outlet's country-code domain: "https://www.bbc.co.uk/news" -> "GB"; else None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return None
    label = host.rstrip(".").rsplit(".", 1)[-1].lower()
    if len(label) != 2 or not label.isalpha() or label in _GENERIC_CCTLDS:
        return None
    if label in _DOMAIN_COUNTRY:
        return _DOMAIN_COUNTRY[label]
    country = pycountry.countries.get(alpha_2=label.upper())
    return country.alpha_2 if country else None
