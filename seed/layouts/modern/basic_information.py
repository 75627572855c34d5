"""The Basic Information section of the modern page: status, phases, enrollment, dates."""

from __future__ import annotations

import re

from domain.dates import parse_date
from domain.records import DateRecord, EnrollmentRecord
from domain.vocab import STATUS, STUDY_TYPE, enum_value, parse_phases
from seed.layouts.modern.labels import first_value, label_names, label_values
from seed.layouts.modern.lines import Line
from seed.layouts.values import value

_ACTUAL = re.compile(r"\b(actual|estimated|anticipated|expected)\b", re.IGNORECASE)


def _type_of(text: str | None) -> str | None:
    m = _ACTUAL.search(text or "")
    if m is None:
        return None
    return "ACTUAL" if m.group(1).lower() == "actual" else "ESTIMATED"


def _date_record(text: str | None) -> DateRecord | None:
    """``2023-02-28`` -> (2023-02-28, None); ``March 2024 (Estimated)`` -> (2024-03, ESTIMATED)."""
    if not text:
        return None
    date = parse_date(_ACTUAL.sub("", text).replace("Type", "").strip(" :()[],;"))
    return DateRecord(date, _type_of(text)) if date else None


_BASIC = label_names(
    status="recruitment status|overall status|status|expanded access status",
    last_known_status="last known status",
    why_stopped="why stopped|reason for stopping|why study stopped",
    phases="clinical phase|phase|phases|study phase",
    enrollment="total enrollment|enrollment",
    enrollment_type="enrollment type",
    study_type="study classification|study type",
    start="study start date|start date|study start",
    primary_completion="primary completion date|primary completion",
    completion="study completion date|completion date",
    first_posted="first posted|study first posted|first submitted",
    last_verified="last verified",
    last_update="last updated|last update posted",
    official_title="official title",
    acronym="acronym",
)
_BASIC_LABELS = {
    f"{word} {label}": name
    for label, name in _BASIC.items()
    for word in ("actual", "estimated", "anticipated")
} | _BASIC


def _parse_basic_information(body: list[Line]) -> dict:
    """Labels each followed by a value::

    Recruitment Status / NOT_YET_RECRUITING      Clinical Phase / PHASE1, PHASE2
    Total Enrollment / 12 participants (Actual)  Study Classification / INTERVENTIONAL
    Study Start Date / 2023-02-28                Why Stopped / <reason>
    """
    values = label_values(body, _BASIC_LABELS)
    out: dict = {"phases": parse_phases(first_value(values, "phases"))}
    out["overall_status"] = enum_value(first_value(values, "status"), STATUS)
    out["last_known_status"] = enum_value(first_value(values, "last_known_status"), STATUS)
    out["study_type"] = enum_value(first_value(values, "study_type"), STUDY_TYPE)
    out["why_stopped"] = value(first_value(values, "why_stopped"))
    out["official_title"] = value(first_value(values, "official_title"))
    out["acronym"] = value(first_value(values, "acronym"))
    enrollment = values.get("enrollment") or []
    count = re.search(r"\d[\d,]*", enrollment[0]) if enrollment else None
    kind = next((t for v in enrollment[:2] if (t := _type_of(v))), None)
    out["enrollment"] = EnrollmentRecord(
        int(count.group(0).replace(",", "")) if count else None,
        kind
        or _type_of(first_value(values, "enrollment_type"))
        or _label_type(values, "enrollment"),
    )
    for name in ("start", "primary_completion", "completion"):
        date = _date_record(first_value(values, name))
        if date and date.type is None and (kind := _label_type(values, name)):
            date = DateRecord(date.date, kind)
        out[name] = date
    for name in ("first_posted", "last_verified", "last_update"):
        out[name] = parse_date(_ACTUAL.sub("", first_value(values, name) or "").strip(" ()"))
    return out


_RESULTS = {"results pending": False, "no results posted": False, "results posted": True}
_RESULTS |= {"results available": True, "results first posted": True}


def _parse_results(body: list[Line]) -> bool | None:
    """The Study Results section: whether results are posted (its first line says)::

    Results pending                 or "Results posted"
    The study team has not published outcome measurements ...
    """
    first = next((line.text for line in body if line.text), "")
    return _RESULTS.get(" ".join(first.lower().rstrip(".:").split()))


def _label_type(values: dict[str, list[str]], name: str) -> str | None:
    """ACTUAL / ESTIMATED when the label says so (``Actual Study Start Date``)."""
    return _type_of(first_value(values, f"{name}:label"))
