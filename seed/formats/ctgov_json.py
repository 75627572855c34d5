"""ClinicalTrials.gov API v2 study JSON -> ``TrialRecord``, as a table of field paths.

Each row of a table is ``(JSON path, record field(s), converter)``: the path is read from the
object the table describes (``protocolSection.identificationModule.nctId``), the converter
checks its JSON type and returns the record's value (a row with several fields returns one
value for each). A missing or ``null`` value leaves the record's default; a value of the wrong
type refuses the whole study, naming the path (``ParseError``). Enum values are API v2's
already: they are only checked (an unknown value is ``None``, never guessed). Markup fields
(summaries, descriptions, criteria) are CommonMark: ``seed.formats.markdown`` reads them.

Pure functions: JSON values in, records out. ``seed.parse`` detects the format and splits
pages and JSON Lines into studies.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from domain.records import (
    ArmRecord,
    ContactRecord,
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
    INTERVENTION_MODEL,
    INTERVENTION_TYPE,
    MASKING,
    OBSERVATIONAL_MODEL,
    OFFICIAL_ROLE,
    OUTCOME_TYPE,
    PHASE,
    PRIMARY_PURPOSE,
    REFERENCE_TYPE,
    RESPONSIBLE_PARTY_TYPE,
    SEX,
    SPONSOR_CLASS,
    STATUS,
    STD_AGE,
    STUDY_TYPE,
    TIME_PERSPECTIVE,
    WHO_MASKED,
    enum_value,
)
from seed.formats.ctgov_values import (
    age,
    criteria_lists,
    enum_of,
    enums_of,
    markup_text,
    nct_id,
    partial_date,
    person_and_degrees,
)
from seed.formats.json_paths import (
    Path,
    Row,
    WrongType,
    count,
    degrees,
    describe,
    each,
    flag,
    key,
    one_of,
    read_values,
    record,
    string,
    strings,
)

LAYOUT = "ctgov-json"


# --------------------------------------------------------------------------- the tables

_ORGANIZATION: tuple[Row, ...] = (
    ("fullName", "full_name", string),
    ("class", "class_", enum_of(SPONSOR_CLASS)),
)
_SPONSOR: tuple[Row, ...] = (("name", "name", string), ("class", "class_", enum_of(SPONSOR_CLASS)))
_RESPONSIBLE_PARTY: tuple[Row, ...] = (
    ("type", "type", enum_of(RESPONSIBLE_PARTY_TYPE)),
    ("oldNameTitle", "name", string),  # older records; the investigator* fields win
    ("oldOrganization", "affiliation", string),
    ("investigatorFullName", "name", string),
    ("investigatorTitle", "title", string),
    ("investigatorAffiliation", "affiliation", string),
)
_DATE: tuple[Row, ...] = (
    ("date", "date", partial_date),
    ("type", "type", one_of("ACTUAL", "ESTIMATED")),
)
_DATES: tuple[Row, ...] = (
    ("startDateStruct", "start", record(DateRecord, _DATE)),
    ("primaryCompletionDateStruct", "primary_completion", record(DateRecord, _DATE)),
    ("completionDateStruct", "completion", record(DateRecord, _DATE)),
    ("studyFirstPostDateStruct.date", "first_posted", partial_date),
    ("lastUpdatePostDateStruct.date", "last_update_posted", partial_date),
    ("statusVerifiedDate", "last_verified", partial_date),
)
_ENROLLMENT: tuple[Row, ...] = (
    ("count", "count", count),
    ("type", "type", one_of("ACTUAL", "ESTIMATED")),
)
_DESIGN: tuple[Row, ...] = (
    ("designInfo.allocation", "allocation", enum_of(ALLOCATION)),
    ("designInfo.interventionModel", "intervention_model", enum_of(INTERVENTION_MODEL)),
    ("designInfo.maskingInfo.masking", "masking", enum_of(MASKING)),
    ("designInfo.maskingInfo.whoMasked", "who_masked", enums_of(WHO_MASKED)),
    ("designInfo.primaryPurpose", "primary_purpose", enum_of(PRIMARY_PURPOSE)),
    ("designInfo.observationalModel", "observational_model", enum_of(OBSERVATIONAL_MODEL)),
    ("designInfo.timePerspective", "time_perspective", enum_of(TIME_PERSPECTIVE)),
    (
        "bioSpec.retention",
        "bio_spec_retention",
        one_of("NONE_RETAINED", "SAMPLES_WITH_DNA", "SAMPLES_WITHOUT_DNA"),
    ),
    ("bioSpec.description", "bio_spec_description", markup_text),
    ("targetDuration", "target_duration", string),
)
_MESH: tuple[Row, ...] = (("term", "term", string), ("id", "id", string))
_CONTACT: tuple[Row, ...] = (
    ("name", ("name", "degrees"), person_and_degrees),
    ("role", "role", one_of("CONTACT", "BACKUP")),
    ("phone", "phone", string),
    ("phoneExt", "phone_ext", string),
    ("email", "email", string),
)
_INVESTIGATOR: tuple[Row, ...] = (
    ("name", ("name", "degrees"), person_and_degrees),
    ("role", "role", enum_of(OFFICIAL_ROLE)),
)
_OFFICIAL: tuple[Row, ...] = (
    ("name", ("name", "degrees"), person_and_degrees),
    ("role", "role", enum_of(OFFICIAL_ROLE)),
    ("affiliation", "affiliation", string),
)
_REFERENCE: tuple[Row, ...] = (
    ("citation", "citation", string),
    ("pmid", "pmid", string),
    ("type", "type", enum_of(REFERENCE_TYPE)),
)
_ARM: tuple[Row, ...] = (
    ("label", "label", string),
    ("type", "type", enum_of(ARM_TYPE)),
    ("description", "description", markup_text),
    ("interventionNames", "interventions", strings),  # "Drug: X": see _arms_and_interventions
)
_INTERVENTION: tuple[Row, ...] = (
    ("name", "name", string),
    ("type", "type", enum_of(INTERVENTION_TYPE)),
    ("description", "description", markup_text),
    ("otherNames", "other_names", strings),
    ("armGroupLabels", "arm_labels", strings),
)
_OUTCOME: tuple[Row, ...] = (
    ("measure", "measure", string),
    ("timeFrame", "time_frame", string),
    ("description", "description", markup_text),
)
_ELIGIBILITY: tuple[Row, ...] = (
    ("minimumAge", ("minimum_age", "minimum_age_years"), age),
    ("maximumAge", ("maximum_age", "maximum_age_years"), age),
    ("sex", "sex", enum_of(SEX)),
    ("healthyVolunteers", "healthy_volunteers", flag),
    ("stdAges", "std_ages", enums_of(STD_AGE)),
    ("eligibilityCriteria", ("criteria_text", "inclusion", "exclusion"), criteria_lists),
    ("studyPopulation", "study_population", markup_text),
    ("samplingMethod", "sampling_method", one_of("PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE")),
)


_SITE_CONTACT = record(ContactRecord, _CONTACT)
_SITE_INVESTIGATOR = record(InvestigatorRecord, _INVESTIGATOR)


def _site_people(value: Any, path: Path) -> tuple[tuple, tuple]:
    """A site's ``contacts`` -> (contacts, investigators): API v2 lists both in one array, an
    investigator with an investigator's role (``PRINCIPAL_INVESTIGATOR`` ...)."""
    each(key("role", string))(value, path)  # an array of objects, each role a string
    contacts, investigators = [], []
    for i, person in enumerate(value):
        if enum_value(person.get("role"), OFFICIAL_ROLE):
            investigators.append(_SITE_INVESTIGATOR(person, (path, i)))
        else:
            contacts.append(_SITE_CONTACT(person, (path, i)))
    return (
        tuple(c for c in contacts if c is not None),
        tuple(p for p in investigators if p is not None),
    )


_LOCATION: tuple[Row, ...] = (
    ("facility", "facility", string),
    ("status", "status", enum_of(STATUS)),
    ("city", "city", string),
    ("state", "state", string),
    ("zip", "zip", string),
    ("country", "country", string),
    ("contacts", ("contacts", "investigators"), _site_people),
    ("geoPoint.lat", "latitude", degrees(90)),
    ("geoPoint.lon", "longitude", degrees(180)),
)


_SPONSORS = (
    ("leadSponsor", "lead", record(SponsorRecord, _SPONSOR, role="LEAD")),
    ("collaborators", "collaborators", each(record(SponsorRecord, _SPONSOR, role="COLLABORATOR"))),
)


def _sponsors(value: Any, path: Path) -> tuple[SponsorRecord, ...]:
    """The lead sponsor (role LEAD), then the collaborators (COLLABORATOR)."""
    values = read_values(_SPONSORS, value, path)
    lead = (values["lead"],) if "lead" in values else ()
    return lead + values.get("collaborators", ())


_OUTCOME_LISTS = {
    kind: (
        (
            f"{kind}Outcomes",
            "found",
            each(record(OutcomeRecord, _OUTCOME, type=enum_value(kind, OUTCOME_TYPE))),
        ),
    )
    for kind in ("primary", "secondary", "other")
}


def _outcomes(value: Any, path: Path) -> tuple[OutcomeRecord, ...]:
    """Primary, secondary, then other outcomes, each typed by the list it is in."""
    out: list[OutcomeRecord] = []
    for kind in ("primary", "secondary", "other"):
        out += read_values(_OUTCOME_LISTS[kind], value, path).get("found", ())
    return tuple(out)


_TYPE_PREFIX = re.compile(
    "^(?:"
    + "|".join(re.escape(t.replace("_", " ")) for t in dict.fromkeys(INTERVENTION_TYPE.values()))
    + r")\s*:\s*",
    re.IGNORECASE,
)


_ARMS_AND_INTERVENTIONS = (
    ("armGroups", "arms", each(record(ArmRecord, _ARM))),
    ("interventions", "interventions", each(record(InterventionRecord, _INTERVENTION))),
)


def _arms_and_interventions(value: Any, path: Path) -> tuple[tuple, tuple]:
    """Arms and interventions; an arm's ``interventionNames`` (``Drug: GET73``) become the
    intervention's name (``GET73``), as ``ArmRecord.interventions`` holds them."""
    values = read_values(_ARMS_AND_INTERVENTIONS, value, path)
    interventions = values.get("interventions", ())
    by_label = {
        f"{(i.type or 'other').replace('_', ' ')}: {i.name}".lower(): i.name for i in interventions
    }

    def name_of(text: str) -> str:
        return by_label.get(text.lower()) or _TYPE_PREFIX.sub("", text, count=1) or text

    arms = tuple(
        dataclasses.replace(a, interventions=tuple(dict.fromkeys(map(name_of, a.interventions))))
        for a in values.get("arms", ())
    )
    return arms, interventions


_ID = "protocolSection.identificationModule"
_STATUS = "protocolSection.statusModule"
_DESIGN_MODULE = "protocolSection.designModule"
_CONTACTS = "protocolSection.contactsLocationsModule"
_CONDITION_BROWSE = "derivedSection.conditionBrowseModule"
_INTERVENTION_BROWSE = "derivedSection.interventionBrowseModule"
NCT_ID_PATH = f"{_ID}.nctId"

TRIAL: tuple[Row, ...] = (
    (NCT_ID_PATH, "nct_id", nct_id),
    (f"{_ID}.nctIdAliases", "aliases", each(nct_id)),
    (f"{_ID}.orgStudyIdInfo.id", "org_study_id", string),
    (f"{_ID}.organization", "organization", record(OrganizationRecord, _ORGANIZATION)),
    (f"{_ID}.secondaryIdInfos", "secondary_ids", each(key("id", string))),
    (f"{_ID}.briefTitle", "brief_title", string),
    (f"{_ID}.officialTitle", "official_title", string),
    (f"{_ID}.acronym", "acronym", string),
    (f"{_STATUS}.overallStatus", "overall_status", enum_of(STATUS)),
    (f"{_STATUS}.lastKnownStatus", "last_known_status", enum_of(STATUS)),
    (f"{_STATUS}.whyStopped", "why_stopped", string),
    (_STATUS, "dates", record(DatesRecord, _DATES)),
    ("hasResults", "has_results", flag),
    (f"{_DESIGN_MODULE}.studyType", "study_type", enum_of(STUDY_TYPE)),
    (f"{_DESIGN_MODULE}.phases", "phases", enums_of(PHASE)),
    (f"{_DESIGN_MODULE}.enrollmentInfo", "enrollment", record(EnrollmentRecord, _ENROLLMENT)),
    (_DESIGN_MODULE, "design", record(DesignRecord, _DESIGN)),
    ("protocolSection.conditionsModule.conditions", "conditions", strings),
    ("protocolSection.conditionsModule.keywords", "keywords", strings),
    (f"{_CONDITION_BROWSE}.meshes", "mesh_terms", each(key("term", string))),
    (f"{_CONDITION_BROWSE}.meshes", "condition_meshes", each(record(MeshRecord, _MESH))),
    (f"{_CONDITION_BROWSE}.ancestors", "condition_ancestors", each(record(MeshRecord, _MESH))),
    (f"{_INTERVENTION_BROWSE}.meshes", "intervention_meshes", each(record(MeshRecord, _MESH))),
    (
        f"{_INTERVENTION_BROWSE}.ancestors",
        "intervention_ancestors",
        each(record(MeshRecord, _MESH)),
    ),
    ("protocolSection.descriptionModule.briefSummary", "brief_summary", markup_text),
    ("protocolSection.descriptionModule.detailedDescription", "detailed_description", markup_text),
    ("protocolSection.sponsorCollaboratorsModule", "sponsors", _sponsors),
    (
        "protocolSection.sponsorCollaboratorsModule.responsibleParty",
        "responsible_party",
        record(ResponsiblePartyRecord, _RESPONSIBLE_PARTY),
    ),
    (f"{_CONTACTS}.overallOfficials", "officials", each(record(OfficialRecord, _OFFICIAL))),
    (f"{_CONTACTS}.centralContacts", "contacts", each(record(ContactRecord, _CONTACT))),
    (f"{_CONTACTS}.locations", "locations", each(record(LocationRecord, _LOCATION))),
    (
        "protocolSection.referencesModule.references",
        "references",
        each(record(ReferenceRecord, _REFERENCE)),
    ),
    (
        "protocolSection.armsInterventionsModule",
        ("arms", "interventions"),
        _arms_and_interventions,
    ),
    ("protocolSection.eligibilityModule", "eligibility", record(EligibilityRecord, _ELIGIBILITY)),
    ("protocolSection.outcomesModule", "outcomes", _outcomes),
)


# --------------------------------------------------------------------------- entry points


def parse_study(study: Any, source: SourceRecord) -> TrialRecord:
    """One API v2 study object -> ``TrialRecord``; ``ParseError`` (named by
    ``source.document``) for a value of the wrong type, a missing ``protocolSection`` or
    ``nctId``."""
    name = source.document
    if not isinstance(study, dict):
        raise ParseError(name, f"not a study object: {describe(study)}")
    if "protocolSection" not in study:
        raise ParseError(name, "a study without protocolSection")
    try:
        values = read_values(TRIAL, study, "")
    except WrongType as exc:
        raise ParseError(name, str(exc)) from None
    if "nct_id" not in values:
        raise ParseError(name, f"no {NCT_ID_PATH}: a study needs its NCT id")
    return TrialRecord(source=source, **values)
