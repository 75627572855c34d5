"""The FHIR envelopes around the mapping: searchset Bundles, OperationOutcomes, the
CapabilityStatement, and the ``_summary`` / ``_elements`` subsets of a resource."""

from __future__ import annotations

from typing import Any

from domain.fhir.codes import ELEMENTS, MANDATORY_ELEMENTS, SUMMARY_ELEMENTS
from domain.fhir.search_params import SEARCH_PARAMS

FHIR_JSON = "application/fhir+json"
FHIR_VERSION = "5.0.0"
SUBSETTED = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
    "code": "SUBSETTED",
    "display": "subsetted",
}


def subset(resource: dict[str, Any], summary: str | None, elements: tuple[str, ...]) -> dict:
    """The resource as ``_summary`` (true, text, data) or ``_elements`` ask, tagged SUBSETTED.

    Contained resources that a kept element refers to are kept too, so no local reference
    dangles."""
    if summary == "true":
        keep = set(SUMMARY_ELEMENTS)
    elif summary == "text":
        keep = {"id", "meta", "text", *MANDATORY_ELEMENTS}
    elif elements and summary in (None, "false"):
        keep = {"id", "meta", *MANDATORY_ELEMENTS, *elements}
    else:  # false, data (we send no narrative), or nothing asked
        return resource
    out = {k: v for k, v in resource.items() if k in keep or k == "resourceType"}
    contained = {f"#{c['id']}": c for c in resource.get("contained", [])}
    wanted = _local_references(out)
    kept: dict[str, dict] = {}
    while wanted:
        ref = wanted.pop()
        if ref in contained and ref not in kept:
            kept[ref] = contained[ref]
            wanted |= _local_references(contained[ref])
    if kept:
        out["contained"] = [c for ref, c in contained.items() if ref in kept]
    meta = dict(out.get("meta") or {})
    meta["tag"] = [*meta.get("tag", []), SUBSETTED]
    out["meta"] = meta
    order = {name: n for n, name in enumerate(("resourceType", *ELEMENTS))}
    return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))


def _local_references(value: Any) -> set[str]:
    if isinstance(value, dict):
        refs = {value["reference"]} if str(value.get("reference", "")).startswith("#") else set()
        for v in value.values():
            refs |= _local_references(v)
        return refs
    if isinstance(value, list):
        return set().union(*(_local_references(v) for v in value)) if value else set()
    return set()


def searchset(
    resources: list[dict],
    *,
    base: str,
    self_url: str,
    next_url: str | None = None,
    total: int | None = None,
) -> dict[str, Any]:
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset"}
    if total is not None:
        bundle["total"] = total
    bundle["link"] = [{"relation": "self", "url": self_url}]
    if next_url:
        bundle["link"].append({"relation": "next", "url": next_url})
    if resources:
        bundle["entry"] = [
            {
                "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ]
    return bundle


ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    410: "deleted",
    413: "too-costly",
    414: "too-long",
    415: "not-supported",
    429: "throttled",
    503: "transient",
}


def operation_outcome(
    status: int, detail: str | None, invalid: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    """An OperationOutcome for an error response: one issue per parameter at fault (named in
    ``expression``), else one for the whole request."""
    code = ISSUE_CODES.get(status, "exception" if status >= 500 else "processing")
    severity = "fatal" if status >= 500 else "error"
    if invalid:
        issues = [
            {
                "severity": severity,
                "code": code,
                "details": {"text": p["reason"]},
                "diagnostics": f"{p['name']}: {p['reason']}",
                "expression": [p["name"]],
            }
            for p in invalid
        ]
    else:
        issues = [{"severity": severity, "code": code, "diagnostics": detail or "Error."}]
    return {"resourceType": "OperationOutcome", "issue": issues}


def capability_statement(base: str, *, software_version: str, date: str) -> dict[str, Any]:
    """What this server does: read and search ResearchStudy, JSON only."""
    return {
        "resourceType": "CapabilityStatement",
        "id": "trials-api",
        "name": "TrialsApiFhir",
        "title": "Trials API FHIR R5 facade",
        "status": "active",
        "date": date,
        "publisher": "Trials API",
        "description": (
            "Read-only FHIR R5 facade over the Trials API: clinical trials as ResearchStudy "
            "resources, read by NCT id and searched with keyset paging (follow the Bundle's "
            "`next` link). Unknown search parameters are ignored unless the request sends "
            "`Prefer: handling=strict`."
        ),
        "kind": "instance",
        "software": {"name": "Trials API", "version": software_version},
        "implementation": {"description": "Trials API FHIR facade", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": [FHIR_JSON, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "No security: every record is public registry data.",
                "resource": [
                    {
                        "type": "ResearchStudy",
                        "profile": "http://hl7.org/fhir/StructureDefinition/ResearchStudy",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "versioning": "no-version",
                        "readHistory": False,
                        "updateCreate": False,
                        "conditionalRead": "not-supported",
                        "documentation": "Result parameters: "
                        + "; ".join(f"`{name}`: {doc}" for name, doc in _CONTROL_DOCS.items()),
                        "searchParam": [
                            {
                                "name": p.name,
                                **({"definition": p.definition} if p.definition else {}),
                                "type": p.type,
                                "documentation": p.documentation,
                            }
                            for p in SEARCH_PARAMS
                        ],
                    }
                ],
            }
        ],
    }


_CONTROL_DOCS = {
    "_count": "Results per page, 1-100 (more is read as 100); 0 returns only the total.",
    "_cursor": "The position of a page, as the Bundle's `next` link gives it.",
    "_sort": "-_lastUpdated (the default), date (start, earliest first), _id, or _score "
    "(relevance, the default with _content).",
    "_total": "accurate or estimate: add Bundle.total.",
    "_summary": "true (the summary elements), text, data, false; count (search: the total only).",
    "_elements": "Comma-separated element names to return (plus id, meta and status).",
    "_format": "json, application/json or application/fhir+json (JSON only).",
    "_pretty": "true: indented JSON.",
}
