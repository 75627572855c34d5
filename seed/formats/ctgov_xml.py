"""ClinicalTrials.gov's legacy ``<clinical_study>`` XML (public.xsd): bytes in, a TrialRecord out.

The mapping is tables of ``(record field, element path, getter)`` rows (``_TRIAL``, ``_DESIGN``,
``_LOCATION`` ...; the notation is ``seed.formats.element_table``'s), plus small converters for
the registry's spellings: dates ("July 2001", ``type="Anticipated"``), enums ("Phase 1/Phase 2",
"N/A", "Active, not recruiting") through the vocabularies of ``domain.vocab``, masking as one
string, and textblocks (``seed.formats.textblock``).

Older records differ from newer ones in a few elements, all read here:

- ``firstreceived_date`` / ``lastchanged_date`` (before 2018) instead of ``study_first_posted``
  / ``last_update_posted``: read only when the newer name is missing (they are the dates the
  registry received a version, a few days before it posted it);
- ``responsible_party`` as ``name_title`` + ``organization`` instead of
  ``responsible_party_type`` + ``investigator_*``;
- one ``study_design`` string ("Allocation: Randomized, ..., Masking: Double Blind (Subject,
  Investigator), ...") instead of ``study_design_info``;
- masking as "Double Blind (Subject, Caregiver)" instead of "Double (Participant, Care Provider)".

The document is parsed by ``seed.formats.safe_xml``: entity declarations (the "billion laughs"
expansion bomb) and external entities are refused, never expanded or fetched.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from xml.etree.ElementTree import Element

from domain.dates import age_years, normalize_age, parse_date
from domain.records import (
    ArmRecord,
    ContactRecord,
    CriterionRecord,
    DateRecord,
    DatesRecord,
    DesignRecord,
    EligibilityRecord,
    EnrollmentRecord,
    InterventionRecord,
    InvestigatorRecord,
    LocationRecord,
    MeshRecord,
    OfficialRecord,
    OrganizationRecord,
    OutcomeRecord,
    ParseError,
    ReferenceRecord,
    ResponsiblePartyRecord,
    SourceRecord,
    SponsorRecord,
    TrialRecord,
)
from domain.vocab import (
    ALLOCATION,
    ARM_TYPE,
    BIOSPEC_RETENTION,
    INTERVENTION_MODEL,
    INTERVENTION_TYPE,
    MASKING,
    OBSERVATIONAL_MODEL,
    OFFICIAL_ROLE,
    PRIMARY_PURPOSE,
    RESPONSIBLE_PARTY_TYPE,
    SAMPLING_METHOD,
    SEX,
    SPONSOR_CLASS,
    STATUS,
    STUDY_TYPE,
    TIME_PERSPECTIVE,
    WHO_MASKED,
    enum_value,
    parse_phases,
)
from seed.criteria_list import parse_criteria
from seed.formats.element_table import (
    Convert,
    Table,
    by_tag,
    each,
    enum,
    find,
    one,
    present,
    record,
    text,
    then,
)
from seed.formats.legacy_design import upgrade_design
from seed.formats.safe_xml import parse_xml
from seed.formats.textblock import logical_lines, split_criteria
from seed.text import clean

LAYOUT = "ctgov-xml"

# --------------------------------------------------------------------------- detection


def looks_like(text: str) -> bool:
    """Markup: the document's first character (after a BOM and blanks) is ``<``.

    Any XML or HTML document is claimed, not only ``<clinical_study>``, so that an RSS feed, an
    HTML error page or broken XML is refused with this reader's reason ("an RSS feed, not a study
    record") rather than as a text page of unknown layout.
    """
    return text[:4096].lstrip("\ufeff \t\r\n").startswith("<")


_OTHER_ROOTS = {
    "rss": "an RSS feed, not a study record",
    "feed": "an Atom feed, not a study record",
    "html": "an HTML page, not a study record",
    "search_results": "a list of search results, not a study record",
}
_NCT_ID = re.compile(r"^NCT\d{8}$")


# --------------------------------------------------------------------------- converters


def block(el: Element) -> str | None:
    """A textblock: its logical lines, one per line."""
    return "\n".join(logical_lines(el.text)) or None


_DATE_TYPES = {  # the type attribute of dates and enrollment; "Estimate" on posting dates
    "actual": "ACTUAL",
    "anticipated": "ESTIMATED",
    "estimated": "ESTIMATED",
    "estimate": "ESTIMATED",
}


def date(el: Element) -> DateRecord | None:
    """``<start_date type="Anticipated">July 2001</start_date>`` -> 2001-07, ESTIMATED."""
    found = parse_date(text(el))
    kind = _DATE_TYPES.get((el.get("type") or "").strip().lower())
    return DateRecord(date=found, type=kind) if found else None


def day(el: Element) -> str | None:
    """``June 16, 2017`` -> ``2017-06-16`` (a date's type, such as ``Estimate``, is dropped)."""
    return parse_date(text(el))


def enrollment(el: Element) -> EnrollmentRecord:
    count = text(el) or ""
    kind = _DATE_TYPES.get((el.get("type") or "").strip().lower())
    return EnrollmentRecord(count=int(count) if count.isdigit() else None, type=kind)


def phases(el: Element) -> tuple[str, ...]:
    return parse_phases(text(el))


def person(el: Element) -> str | None:
    """A person as the registry splits them: first, middle and last name (mostly all in last)."""
    return clean(" ".join(text(p) or "" for p in el if p.tag.endswith("_name")))


def masking(el: Element) -> str | None:
    """``Double (Participant, Investigator)`` -> DOUBLE; ``None (Open Label)`` -> NONE."""
    return enum_value((text(el) or "").split("(")[0], MASKING)


def who_masked(el: Element) -> tuple[str, ...]:
    """``Double Blind (Subject, Caregiver)`` -> (PARTICIPANT, CARE_PROVIDER)."""
    inside = re.search(r"\((.*)\)", text(el) or "")
    found = (enum_value(w, WHO_MASKED) for w in (inside.group(1) if inside else "").split(","))
    return tuple(dict.fromkeys(w for w in found if w))


_HEALTHY = {"accepts healthy volunteers": True, "yes": True, "no": False}


def healthy(el: Element) -> bool | None:
    return _HEALTHY.get((text(el) or "").lower())


def criteria(kind: str) -> Convert:
    """One list of a criteria textblock, as CriterionRecords (``parse_criteria``)."""

    def convert(el: Element) -> tuple[CriterionRecord, ...]:
        return parse_criteria(split_criteria(logical_lines(el.text))[kind])

    return convert


def mesh(el: Element) -> MeshRecord | None:
    term = text(el)
    return MeshRecord(term=term) if term else None


# --------------------------------------------------------------------------- the tables

_CONTACT: Table = (
    ("name", ".", one(person)),
    ("degrees", "degrees", one(text)),
    ("role", ".", one(by_tag({"contact": "CONTACT", "contact_backup": "BACKUP"}))),
    ("phone", "phone", one(text)),
    ("email", "email", one(text)),
    ("phone_ext", "phone_ext", one(text)),
)
_OVERALL_CONTACT: Table = (
    *(row for row in _CONTACT if row[0] != "role"),
    ("role", ".", one(by_tag({"overall_contact": "CONTACT", "overall_contact_backup": "BACKUP"}))),
)
_INVESTIGATOR: Table = (
    ("name", ".", one(person)),
    ("degrees", "degrees", one(text)),
    ("role", "role", one(enum(OFFICIAL_ROLE))),
)
_OFFICIAL: Table = (*_INVESTIGATOR, ("affiliation", "affiliation", one(text)))
_LOCATION: Table = (
    ("facility", "facility/name", one(text)),
    ("city", "facility/address/city", one(text)),
    ("state", "facility/address/state", one(text)),
    ("zip", "facility/address/zip", one(text)),
    ("country", "facility/address/country", one(text)),
    ("status", "status", one(enum(STATUS))),
    ("contacts", "contact + contact_backup", each(record(ContactRecord, _CONTACT))),
    ("investigators", "investigator", each(record(InvestigatorRecord, _INVESTIGATOR))),
)
_SPONSOR: Table = (
    ("name", "agency", one(text)),
    ("role", ".", one(by_tag({"lead_sponsor": "LEAD", "collaborator": "COLLABORATOR"}))),
    ("class_", "agency_class", one(enum(SPONSOR_CLASS))),
)
_RESPONSIBLE_PARTY: Table = (  # the newer form | the older one (name_title, organization)
    ("type", "responsible_party_type", one(enum(RESPONSIBLE_PARTY_TYPE))),
    ("name", "investigator_full_name | name_title", one(text)),
    ("title", "investigator_title", one(text)),
    ("affiliation", "investigator_affiliation | organization", one(text)),
)
_REFERENCE: Table = (
    ("citation", "citation", one(text)),
    ("pmid", "PMID", one(text)),
    ("type", ".", one(by_tag({"results_reference": "RESULT"}))),  # <reference>: not said
)
_ARM: Table = (
    ("label", "arm_group_label", one(text)),
    ("type", "arm_group_type", one(enum(ARM_TYPE))),
    ("description", "description", one(text)),
)
_INTERVENTION: Table = (
    ("name", "intervention_name", one(text)),
    ("type", "intervention_type", one(enum(INTERVENTION_TYPE))),
    ("description", "description", one(text)),
    ("other_names", "other_name", each(text)),
    ("arm_labels", "arm_group_label", each(text)),
)
_OUTCOME_TYPES = {"primary_outcome": "PRIMARY", "secondary_outcome": "SECONDARY"}
_OUTCOME: Table = (
    ("measure", "measure", one(text)),
    ("type", ".", one(by_tag(_OUTCOME_TYPES | {"other_outcome": "OTHER"}))),
    ("time_frame", "time_frame", one(text)),
    ("description", "description", one(text)),
)
_ELIGIBILITY: Table = (  # read under <eligibility>
    ("minimum_age", "minimum_age", one(then(text, normalize_age))),
    ("maximum_age", "maximum_age", one(then(text, normalize_age))),
    ("minimum_age_years", "minimum_age", one(then(text, age_years))),
    ("maximum_age_years", "maximum_age", one(then(text, age_years))),
    ("sex", "gender", one(enum(SEX))),
    ("healthy_volunteers", "healthy_volunteers", one(healthy)),
    ("criteria_text", "criteria/textblock", one(block)),
    ("inclusion", "criteria/textblock", one(criteria("inclusion"), ())),
    ("exclusion", "criteria/textblock", one(criteria("exclusion"), ())),
    ("study_population", "study_pop/textblock", one(block)),
    ("sampling_method", "sampling_method", one(enum(SAMPLING_METHOD))),
)
_DESIGN: Table = (  # read under <clinical_study>
    ("allocation", "study_design_info/allocation", one(enum(ALLOCATION))),
    ("intervention_model", "study_design_info/intervention_model", one(enum(INTERVENTION_MODEL))),
    ("masking", "study_design_info/masking", one(masking)),
    ("who_masked", "study_design_info/masking", one(who_masked, ())),
    ("primary_purpose", "study_design_info/primary_purpose", one(enum(PRIMARY_PURPOSE))),
    (
        "observational_model",
        "study_design_info/observational_model",
        one(enum(OBSERVATIONAL_MODEL)),
    ),
    ("time_perspective", "study_design_info/time_perspective", one(enum(TIME_PERSPECTIVE))),
    ("bio_spec_retention", "biospec_retention", one(enum(BIOSPEC_RETENTION))),
    ("bio_spec_description", "biospec_descr/textblock", one(block)),
    ("target_duration", "target_duration", one(text)),
)
_DATES: Table = (  # read under <clinical_study>; the newer name | the older one
    ("start", "start_date", one(date)),
    ("primary_completion", "primary_completion_date", one(date)),
    ("completion", "completion_date", one(date)),
    ("first_posted", "study_first_posted | firstreceived_date", one(day)),
    ("last_update_posted", "last_update_posted | lastchanged_date", one(day)),
    ("last_verified", "verification_date", one(day)),
)
_TRIAL: Table = (
    ("nct_id", "id_info/nct_id", one(text)),
    ("aliases", "id_info/nct_alias", each(text)),
    ("org_study_id", "id_info/org_study_id", one(text)),
    ("organization", "source", one(record(OrganizationRecord, (("full_name", ".", one(text)),)))),
    ("secondary_ids", "id_info/secondary_id", each(text)),
    ("brief_title", "brief_title", one(text)),
    ("official_title", "official_title", one(text)),
    ("acronym", "acronym", one(text)),
    ("overall_status", "overall_status", one(enum(STATUS))),
    ("last_known_status", "last_known_status", one(enum(STATUS))),
    ("why_stopped", "why_stopped", one(text)),
    ("has_results", "clinical_results", present),
    ("study_type", "study_type", one(enum(STUDY_TYPE))),
    ("phases", "phase", one(phases, ())),
    ("enrollment", "enrollment", one(enrollment, EnrollmentRecord())),
    ("design", ".", one(record(DesignRecord, _DESIGN))),
    ("dates", ".", one(record(DatesRecord, _DATES))),
    ("conditions", "condition", each(text)),
    ("keywords", "keyword", each(text)),
    ("mesh_terms", "condition_browse/mesh_term", each(text)),
    ("condition_meshes", "condition_browse/mesh_term", each(mesh)),
    ("intervention_meshes", "intervention_browse/mesh_term", each(mesh)),
    ("brief_summary", "brief_summary/textblock", one(block)),
    ("detailed_description", "detailed_description/textblock", one(block)),
    (
        "sponsors",
        "sponsors/lead_sponsor + sponsors/collaborator",
        each(record(SponsorRecord, _SPONSOR)),
    ),
    (
        "responsible_party",
        "responsible_party",
        one(record(ResponsiblePartyRecord, _RESPONSIBLE_PARTY)),
    ),
    ("officials", "overall_official", each(record(OfficialRecord, _OFFICIAL))),
    (
        "contacts",
        "overall_contact + overall_contact_backup",
        each(record(ContactRecord, _OVERALL_CONTACT)),
    ),
    ("locations", "location", each(record(LocationRecord, _LOCATION))),
    ("references", "reference + results_reference", each(record(ReferenceRecord, _REFERENCE))),
    ("arms", "arm_group", each(record(ArmRecord, _ARM))),
    ("interventions", "intervention", each(record(InterventionRecord, _INTERVENTION))),
    (
        "eligibility",
        "eligibility",
        one(record(EligibilityRecord, _ELIGIBILITY), EligibilityRecord()),
    ),
    (
        "outcomes",
        "primary_outcome + secondary_outcome + other_outcome",
        each(record(OutcomeRecord, _OUTCOME)),
    ),
)


def _link_arms(trial: TrialRecord) -> TrialRecord:
    """Each arm names the interventions that name it (``<intervention><arm_group_label>``)."""
    arms = tuple(
        dataclasses.replace(
            arm,
            interventions=tuple(
                dict.fromkeys(i.name for i in trial.interventions if arm.label in i.arm_labels)
            ),
        )
        for arm in trial.arms
    )
    return dataclasses.replace(trial, arms=arms)


# --------------------------------------------------------------------------- entry point


def parse(name: str, data: bytes) -> TrialRecord:
    """One ``<clinical_study>`` document as a ``TrialRecord``; ``ParseError`` for anything else."""
    if not data.strip():
        raise ParseError(name, "the document is empty", None)
    root = parse_xml(name, data)
    if root.tag != "clinical_study":
        tag = root.tag.rpartition("}")[2]  # without its namespace: Atom's is a URL
        reason = _OTHER_ROOTS.get(tag.lower()) or f"XML whose root is <{tag}>, not a study record"
        raise ParseError(name, reason, None)
    found = root.find("id_info/nct_id")
    nct_id = text(found) if found is not None else None
    if not nct_id or not _NCT_ID.match(nct_id):
        said = f" ('{nct_id}')" if nct_id else ""
        raise ParseError(name, f"no valid <id_info><nct_id>{said}: not a study record", None)
    upgrade_design(root)
    source = SourceRecord(document=name, layout=LAYOUT, sha256=hashlib.sha256(data).hexdigest())
    values = {field: get(find(root, path)) for field, path, get in _TRIAL}
    return _link_arms(TrialRecord(source=source, **values))
