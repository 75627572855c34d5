"""The ResearchStudy search parameters this server answers, and the result parameters it takes:
the table the CapabilityStatement lists and ``domain.fhir.search_syntax`` reads values by."""

from __future__ import annotations

from dataclasses import dataclass

from domain.fhir.codes import MESH_SYSTEM, NCT_SYSTEM

_SP = "http://hl7.org/fhir/SearchParameter/"


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: str  # FHIR search parameter type: token | string | date | special
    documentation: str
    definition: str | None = None
    modifiers: tuple[str, ...] = ()


SEARCH_PARAMS = (
    SearchParam("_id", "token", "NCT id of the study.", _SP + "Resource-id"),
    SearchParam(
        "_lastUpdated",
        "date",
        "When the registry record was last updated (`last_update_posted`), with the FHIR "
        "prefixes eq, ne, gt, lt, ge, le, sa, eb.",
        _SP + "Resource-lastUpdated",
    ),
    SearchParam(
        "_content",
        "string",
        "Full-text search over the whole record (web-search syntax: words, "
        '`"a phrase"`, `OR`, `-excluded`); ranks by relevance.',
        _SP + "Resource-content",
    ),
    SearchParam(
        "identifier",
        "token",
        f"`{NCT_SYSTEM}|NCT…` for the NCT id; a value without a system also matches the "
        "sponsor's own study id and secondary ids.",
        _SP + "ResearchStudy-identifier",
    ),
    SearchParam(
        "status",
        "token",
        "The study's recruitment status, a research-study-status code (`recruiting`, "
        "`completed` ...). `http://hl7.org/fhir/publication-status|active` matches every study "
        "(every record is published).",
        _SP + "ResearchStudy-status",
    ),
    SearchParam(
        "phase",
        "token",
        "A research-study-phase code (`phase-2`, `phase-1-phase-2` ...): the study's phases "
        "exactly.",
        _SP + "ResearchStudy-phase",
    ),
    SearchParam(
        "condition",
        "token",
        f"A MeSH descriptor id (`{MESH_SYSTEM}|D013274` or `D013274`): the condition's "
        "descriptor or any ancestor of it. `:text` (or a value that is not a MeSH id) matches "
        "conditions containing all the words.",
        _SP + "ResearchStudy-condition",
        ("text",),
    ),
    SearchParam(
        "keyword",
        "token",
        "Keywords containing all the words (`keyword` and `keyword:text` alike: keywords have "
        "no codes).",
        _SP + "ResearchStudy-keyword",
        ("text",),
    ),
    SearchParam(
        "title",
        "string",
        "Brief or official title: starts with (default), `:contains` or `:exact`; "
        "case-insensitive.",
        _SP + "ResearchStudy-title",
        ("contains", "exact"),
    ),
    SearchParam(
        "date",
        "date",
        "The study's period (start to completion), with the FHIR prefixes eq, ne, gt, lt, "
        "ge, le, sa, eb.",
        _SP + "ResearchStudy-date",
    ),
    SearchParam(
        "near",
        "special",
        "`latitude|longitude|distance|units` (units `km`, `m`, `mi` or `[mi_i]`; distance "
        "50 km when not given): studies with a site that close.",
        _SP + "Location-near",
    ),
)
PARAMS = {p.name: p for p in SEARCH_PARAMS}

# result parameters this server takes (besides the search parameters)
CONTROL_PARAMS = (
    "_count", "_cursor", "_sort", "_total", "_summary", "_elements", "_format", "_pretty",
)  # fmt: skip
SORTS = {"-_lastUpdated": "-last_update_posted", "date": "start_date", "_id": "nct_id"}
DEFAULT_COUNT = 20
MAX_COUNT = 100
READ_PARAMS = ("_summary", "_elements", "_format", "_pretty")
