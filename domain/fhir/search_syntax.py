"""FHIR search syntax for ResearchStudy, read into plain criteria: no SQL here.

``parse_search(params, strict=...)`` takes the query parameters (name -> values) and returns
a ``StudySearch``: one ``Criterion`` per parameter given (all must hold), each with its
alternatives (comma-separated values: any may match), plus paging and the result shape.
service/queries/fhir.py turns the criteria into WHERE clauses. The table of parameters is
``domain.fhir.search_params``. A malformed value is a ``SearchError`` naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from domain.dates import first_day, last_day
from domain.fhir.codes import MESH_SYSTEM, NCT_SYSTEM, phase_codes, study_statuses
from domain.fhir.search_params import (
    CONTROL_PARAMS,
    DEFAULT_COUNT,
    MAX_COUNT,
    PARAMS,
    READ_PARAMS,
    SORTS,
)

DEFAULT_NEAR_KM = 50.0
_KM_PER_UNIT = {"km": 1.0, "m": 0.001, "mi": 1.609344, "[mi_i]": 1.609344}
PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")
MESH_ID = re.compile(r"^[A-Z][0-9]{6,9}\Z")
_DATE = re.compile(
    r"^(?P<date>[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)"
    r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?\Z"
)
PUBLICATION_STATUS = "http://hl7.org/fhir/publication-status"
STUDY_STATUS_SYSTEMS = ("http://hl7.org/fhir/research-study-status",)
NCT_SYSTEMS = (NCT_SYSTEM, "http://clinicaltrials.gov", "https://clinicaltrials.gov/")
MESH_SYSTEMS = (MESH_SYSTEM, "http://id.nlm.nih.gov/mesh", "urn:oid:2.16.840.1.113883.6.177")


class SearchError(ValueError):
    """A search parameter this server cannot answer as given."""

    def __init__(self, parameter: str, reason: str):
        self.parameter = parameter
        self.reason = reason
        super().__init__(f"{parameter}: {reason}")


@dataclass(frozen=True)
class Criterion:
    """One parameter as given: ``kind`` names the test, ``values`` its alternatives."""

    kind: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class DateRange:
    """A FHIR date search value: ``prefix`` and the days its precision spans."""

    prefix: str
    low: dt.date
    high: dt.date


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    km: float


@dataclass(frozen=True)
class StudySearch:
    criteria: tuple[Criterion, ...] = ()
    count: int = DEFAULT_COUNT
    cursor: str | None = None
    sort: str | None = None  # a /v1/trials sort name
    total: bool = False
    summary: str | None = None
    elements: tuple[str, ...] = ()
    used: tuple[tuple[str, str], ...] = field(default=())  # search parameters, for the links
    passed: tuple[tuple[str, str], ...] = ()  # result parameters the links repeat
    ignored: tuple[str, ...] = ()  # unknown parameters left out (lenient handling)

    def url(self, base: str, cursor: str | None = None) -> str:
        """The URL of this search (``cursor``: of the page it names)."""
        query = [*self.used, *self.passed, ("_count", str(self.count))]
        if cursor:
            query.append(("_cursor", cursor))
        return f"{base}/ResearchStudy?{urlencode(query)}"


def parse_search(params: dict[str, list[str]], *, strict: bool = False) -> StudySearch:
    """Read ResearchStudy search parameters (``name`` or ``name:modifier`` -> values)."""
    criteria: list[Criterion] = []
    used: list[tuple[str, str]] = []
    ignored: list[str] = []
    for key, values in params.items():
        name, _, modifier = key.partition(":")
        if name in CONTROL_PARAMS:
            continue
        param = PARAMS.get(name)
        if param is None:
            ignored.append(key)
            continue
        if modifier and modifier not in param.modifiers:
            raise SearchError(key, f"The modifier :{modifier} is not supported on {name}.")
        for value in values:
            if value == "":
                continue  # FHIR: an empty parameter value is ignored
            criteria.append(_criterion(name, modifier, key, value))
            used.append((key, value))
    if ignored and strict:
        raise SearchError(
            ignored[0],
            "Unknown search parameter"
            + (f"s: {', '.join(ignored)}" if len(ignored) > 1 else "")
            + f". Supported: {', '.join(PARAMS)}.",
        )
    control = result_params(params)
    if control["sort"] == "relevance" and not any(c.kind == "content" for c in criteria):
        raise SearchError("_sort", "_sort=_score needs _content.")
    passed = tuple(
        (name, value)
        for name in CONTROL_PARAMS
        if name not in ("_count", "_cursor")
        for value in params.get(name) or []
    )
    return StudySearch(
        criteria=tuple(criteria),
        used=tuple(used),
        passed=passed,
        ignored=tuple(ignored),
        **control,
    )


def read_params(params: dict[str, list[str]], *, strict: bool = False) -> tuple[str | None, tuple]:
    """``_summary`` and ``_elements`` of a read; other parameters are unknown there."""
    unknown = [name for name in params if name not in READ_PARAMS]
    if unknown and strict:
        raise SearchError(unknown[0], f"Unknown parameter. A read takes {', '.join(READ_PARAMS)}.")
    summary = _single(params, "_summary")
    if summary is not None and summary not in ("true", "false", "text", "data"):
        raise SearchError("_summary", "One of true, false, text, data.")
    return summary, elements_param(params)


def result_params(params: dict[str, list[str]]) -> dict[str, Any]:
    """``_count``, ``_cursor``, ``_sort``, ``_total``, ``_summary``, ``_elements``."""
    count = _single(params, "_count")
    if count is None:
        n = DEFAULT_COUNT
    elif count.isdigit():
        n = min(int(count), MAX_COUNT)  # FHIR: a server may return fewer than asked for
    else:
        raise SearchError("_count", "Must be a whole number (0 returns only the total).")
    sort = _single(params, "_sort")
    if sort is not None and sort not in (*SORTS, "_score", "-_score"):
        raise SearchError("_sort", f"Supported: {', '.join(SORTS)}, _score (with _content).")
    summary = _single(params, "_summary")
    if summary is not None and summary not in ("true", "false", "text", "data", "count"):
        raise SearchError("_summary", "One of true, false, text, data, count.")
    total = _single(params, "_total")
    if total is not None and total not in ("none", "estimate", "accurate"):
        raise SearchError("_total", "One of none, estimate, accurate.")
    if summary == "count":
        n = 0  # the total only
    return {
        "count": n,
        "cursor": _single(params, "_cursor") or None,
        "sort": "relevance" if sort in ("_score", "-_score") else SORTS.get(sort or ""),
        "total": total in ("estimate", "accurate") or summary == "count" or n == 0,
        "summary": summary,
        "elements": elements_param(params),
    }


def elements_param(params: dict[str, list[str]]) -> tuple[str, ...]:
    raw = _single(params, "_elements") or ""
    return tuple(dict.fromkeys(e.strip() for e in raw.split(",") if e.strip()))


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise SearchError(name, f"Given {len(values)} times; give it once.")
    return values[0] if values else None


def _alternatives(value: str) -> list[str]:
    """Comma-separated alternatives; ``\\,`` is a literal comma."""
    parts = re.split(r"(?<!\\),", value)
    return [p.replace("\\,", ",").strip() for p in parts if p.strip()]


def _criterion(name: str, modifier: str, key: str, value: str) -> Criterion:
    alternatives = _alternatives(value)
    if not alternatives:
        raise SearchError(key, "Give a value.")
    read = _READERS[name]
    return read(key, modifier, alternatives)


def _tokens(alternatives: list[str]) -> list[tuple[str | None, str]]:
    """``system|code`` (``|code``: no system; ``code``: any system) as (system, code)."""
    out = []
    for alt in alternatives:
        if "|" in alt:
            system, _, code = alt.partition("|")
            out.append((system, code))
        else:
            out.append((None, alt))
    return out


def _read_id(key, modifier, alternatives) -> Criterion:
    return Criterion("id", tuple(a.upper() for a in alternatives))


def _read_identifier(key, modifier, alternatives) -> Criterion:
    out = []
    for system, value in _tokens(alternatives):
        if system in NCT_SYSTEMS:
            out.append(("nct", value.upper()))
        elif system is None:
            out.append(("any", value))
        elif system == "":
            out.append(("sponsor", value))  # identifiers without a system
        # any other system: we hold no identifiers of it, so nothing matches
    return Criterion("identifier", tuple(out))


def _read_status(key, modifier, alternatives) -> Criterion:
    statuses = study_statuses()
    out: list[str] = []
    for system, code in _tokens(alternatives):
        if system == PUBLICATION_STATUS:
            if code == "active":
                return Criterion("all", ())
        elif system in (None, *STUDY_STATUS_SYSTEMS):
            out += statuses.get(code, [])
    return Criterion("status", tuple(dict.fromkeys(out)))


def _read_phase(key, modifier, alternatives) -> Criterion:
    codes = phase_codes()
    found = [
        codes[code]
        for system, code in _tokens(alternatives)
        if system in (None, "http://hl7.org/fhir/research-study-phase") and code in codes
    ]
    return Criterion("phase", tuple(found))


def _read_condition(key, modifier, alternatives) -> Criterion:
    if modifier == "text":
        return Criterion("condition-text", tuple(alternatives))
    codes, words = [], []
    for system, code in _tokens(alternatives):
        if system in MESH_SYSTEMS or (system is None and MESH_ID.match(code)):
            codes.append(code)
        elif system is None:
            words.append(code)  # not a code: read as text (a convenience; see docs/fhir.md)
    if codes and words:
        return Criterion("condition-any", (tuple(codes), tuple(words)))
    if words:
        return Criterion("condition-text", tuple(words))
    return Criterion("condition-code", tuple(codes))


def _read_keyword(key, modifier, alternatives) -> Criterion:
    return Criterion("keyword", tuple(code for _, code in _tokens(alternatives)))


def _read_title(key, modifier, alternatives) -> Criterion:
    return Criterion(f"title-{modifier or 'start'}", tuple(alternatives))


def _read_content(key, modifier, alternatives) -> Criterion:
    return Criterion("content", (" OR ".join(alternatives),))


def _read_date(key, modifier, alternatives) -> Criterion:
    kind = "last-updated" if key == "_lastUpdated" else "date"
    return Criterion(kind, tuple(date_range(key, a) for a in alternatives))


def date_range(key: str, value: str) -> DateRange:
    """``ge2020-03`` -> DateRange("ge", 2020-03-01, 2020-03-31). Times narrow to their day."""
    prefix = value[:2] if value[:2] in PREFIXES else "eq"
    text = value[2:] if value[:2] in PREFIXES else value
    if prefix == "ap":
        raise SearchError(key, "The prefix ap is not supported; use ge and le.")
    match = _DATE.match(text)
    if not match:
        raise SearchError(key, "Must be a FHIR date: [prefix]YYYY[-MM[-DD[Thh:mm:ss]]].")
    partial = match["date"]
    try:
        low, high = first_day(partial), last_day(partial)
    except ValueError as exc:
        raise SearchError(key, "Not a real date.") from exc
    assert low is not None
    return DateRange(prefix, low, high)


def _read_near(key, modifier, alternatives) -> Criterion:
    return Criterion("near", tuple(near_point(key, a) for a in alternatives))


def near_point(key: str, value: str) -> Near:
    """``lat|lon[|distance[|units]]`` (FHIR ``near``)."""
    parts = value.split("|")
    if not 2 <= len(parts) <= 4:
        raise SearchError(key, "Must be latitude|longitude|distance|units: 30.27|120.15|50|km.")
    try:
        lat, lon = float(parts[0]), float(parts[1])
        distance = float(parts[2]) if len(parts) > 2 and parts[2] else None
    except ValueError as exc:
        raise SearchError(key, "Latitude, longitude and distance must be numbers.") from exc
    units = parts[3] if len(parts) > 3 and parts[3] else "km"
    if units not in _KM_PER_UNIT:
        raise SearchError(key, f"Units must be one of {', '.join(_KM_PER_UNIT)}.")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SearchError(key, "Latitude or longitude out of range.")
    km = DEFAULT_NEAR_KM if distance is None else distance * _KM_PER_UNIT[units]
    if not 0.1 <= km <= 20000:
        raise SearchError(key, "Distance must be between 0.1 km and 20,000 km.")
    return Near(lat, lon, km)


_READERS = {
    "_id": _read_id,
    "identifier": _read_identifier,
    "status": _read_status,
    "phase": _read_phase,
    "condition": _read_condition,
    "keyword": _read_keyword,
    "title": _read_title,
    "_content": _read_content,
    "date": _read_date,
    "_lastUpdated": _read_date,
    "near": _read_near,
}
