"""Countries as a ``country=`` filter may name them: an ISO 3166-1 code (``CN``, ``CHN``) or a
name (``China``, ``South Korea``, ``Korea, Republic of``), with pycountry's ISO 3166 tables.

``country_keys`` gives every lower-cased name the registry may write for that country (its
sites' ``country``, which the loader stores lower-cased in ``trials.country_keys``)::

    country_keys("CN")           -> ["china", "people's republic of china"]
    country_keys("south korea")  -> ["korea, republic of", "republic of korea", "south korea"]
    country_keys("Atlantis")     -> ["atlantis"]     (no such country: the name as given)
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from domain.geo import COUNTRY_ALIASES

_CODE = re.compile(r"[A-Za-z]{2,3}\Z")
NOT_A_CODE = (
    "Not an ISO 3166 country code: {value!r}. Give a code such as CN or CHN, or a name such "
    "as China."
)


class UnknownCountryCode(ValueError):
    """Two or three letters that are no ISO 3166-1 code (nor a name such as ``UK``)."""

    def __init__(self, value: str):
        super().__init__(NOT_A_CODE.format(value=value))


def _by_code(text: str):
    if _CODE.match(text):
        return pycountry.countries.get(**{f"alpha_{len(text)}": text.upper()})
    return None


def _by_name(text: str):
    if (alias := COUNTRY_ALIASES.get(text.lower())) is not None:
        return pycountry.countries.get(alpha_2=alias)
    try:
        return pycountry.countries.lookup(text)
    except LookupError:
        return None


@lru_cache(maxsize=1024)
def country_keys(query: str) -> tuple[str, ...]:
    """The lower-cased names a site's ``country`` may give for the country ``query`` names;
    ``UnknownCountryCode`` for two or three letters that name no country."""
    text = " ".join(query.split())
    country = _by_code(text)
    names = set() if country is not None else {text}  # "cn" is no site's country
    country = country or _by_name(text)
    if country is None:
        if _CODE.match(text):
            raise UnknownCountryCode(query.strip())
        return (text.lower(),)
    names |= {
        getattr(country, attribute, None) for attribute in ("name", "common_name", "official_name")
    }
    names |= {alias for alias, code in COUNTRY_ALIASES.items() if code == country.alpha_2}
    return tuple(sorted({name.lower() for name in names if name}))
