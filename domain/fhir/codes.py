"""The R5 code systems and value-set tables the ResearchStudy mapping uses, and the element
lists of ResearchStudy (for ``_summary`` and ``_elements``)."""

from __future__ import annotations

NCT_SYSTEM = "https://clinicaltrials.gov"
MESH_SYSTEM = "https://www.nlm.nih.gov/mesh"
ISO_3166 = "urn:iso:std:iso:3166"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
_HL7 = "http://hl7.org/fhir/"
STUDY_STATUS_SYSTEM = _HL7 + "research-study-status"
PHASE_SYSTEM = _HL7 + "research-study-phase"
PURPOSE_SYSTEM = _HL7 + "research-study-prim-purp-type"
ARM_TYPE_SYSTEM = _HL7 + "research-study-arm-type"
PARTY_ROLE_SYSTEM = _HL7 + "research-study-party-role"
ORG_TYPE_SYSTEM = _HL7 + "research-study-party-organization-type"
OBJECTIVE_TYPE_SYSTEM = _HL7 + "research-study-objective-type"
TITLE_TYPE_SYSTEM = _HL7 + "title-type"
GENDER_SYSTEM = _HL7 + "administrative-gender"

# overall_status -> research-study-status (code, display); the others are kept as text
STUDY_STATUS = {
    "NOT_YET_RECRUITING": ("not-yet-recruiting", "Not yet recruiting"),
    "RECRUITING": ("recruiting", "Recruiting"),
    "ENROLLING_BY_INVITATION": ("enrolling-by-invitation", "Enrolling by invitation"),
    "ACTIVE_NOT_RECRUITING": ("active-but-not-recruiting", "Active, not recruiting"),
    "SUSPENDED": ("temporarily-closed-to-accrual", "Temporarily Closed to Accrual"),
    "TERMINATED": ("terminated", "Terminated"),
    "COMPLETED": ("completed", "Completed"),
    "WITHDRAWN": ("withdrawn", "Withdrawn"),
    "AVAILABLE": ("active", "Active"),
    "TEMPORARILY_NOT_AVAILABLE": ("temporarily-closed-to-accrual", "Temporarily Closed to Accrual"),
    "NO_LONGER_AVAILABLE": ("closed-to-accrual", "Closed to Accrual"),
}

# the set of a trial's phases -> research-study-phase
PHASES = {
    frozenset({"NA"}): ("n-a", "N/A"),
    frozenset({"EARLY_PHASE1"}): ("early-phase-1", "Early Phase 1"),
    frozenset({"PHASE1"}): ("phase-1", "Phase 1"),
    frozenset({"PHASE1", "PHASE2"}): ("phase-1-phase-2", "Phase 1/Phase 2"),
    frozenset({"PHASE2"}): ("phase-2", "Phase 2"),
    frozenset({"PHASE2", "PHASE3"}): ("phase-2-phase-3", "Phase 2/Phase 3"),
    frozenset({"PHASE3"}): ("phase-3", "Phase 3"),
    frozenset({"PHASE4"}): ("phase-4", "Phase 4"),
}

PRIMARY_PURPOSE = {
    "TREATMENT": ("treatment", "Treatment"),
    "PREVENTION": ("prevention", "Prevention"),
    "DIAGNOSTIC": ("diagnostic", "Diagnostic"),
    "SUPPORTIVE_CARE": ("supportive-care", "Supportive Care"),
    "SCREENING": ("screening", "Screening"),
    "HEALTH_SERVICES_RESEARCH": ("health-services-research", "Health Services Research"),
    "BASIC_SCIENCE": ("basic-science", "Basic Science"),
    "DEVICE_FEASIBILITY": ("device-feasibility", "Device Feasibility"),
}

ARM_TYPE = {
    "EXPERIMENTAL": ("experimental", "Experimental"),
    "ACTIVE_COMPARATOR": ("active-comparator", "Active Comparator"),
    "PLACEBO_COMPARATOR": ("placebo-comparator", "Placebo Comparator"),
    "SHAM_COMPARATOR": ("sham-comparator", "Sham Comparator"),
    "NO_INTERVENTION": ("no-intervention", "No Intervention"),
    "OTHER": ("other-arm-type", "Other"),
}

PARTY_ROLE = {  # sponsor roles, official and site roles, responsible-party types
    "LEAD": ("lead-sponsor", "lead-sponsor"),
    "COLLABORATOR": ("collaborator", "collaborator"),
    "PRINCIPAL_INVESTIGATOR": ("primary-investigator", "primary-investigator"),
    "SUB_INVESTIGATOR": ("sub-investigator", "sub-investigator"),
    "STUDY_DIRECTOR": ("study-director", "study-director"),
    "STUDY_CHAIR": ("study-chair", "study-chair"),
    "SPONSOR": ("sponsor", "sponsor"),
    "SPONSOR_INVESTIGATOR": ("sponsor-investigator", "sponsor-investigator"),
    "CONTACT": ("recruitment-contact", "recruitment-contact"),
}

ORGANIZATION_TYPE = {
    "NIH": ("nih", "NIH"),
    "FED": ("government", "Government"),
    "OTHER_GOV": ("government", "Government"),
    "INDUSTRY": ("industry", "Industry"),
}

OUTCOME_TYPE = {
    "PRIMARY": ("primary", "Primary"),
    "SECONDARY": ("secondary", "Secondary"),
    "OTHER": ("exploratory", "Exploratory"),
}

GENDER = {"FEMALE": ("female", "Female"), "MALE": ("male", "Male")}

REFERENCE_TYPE = {"BACKGROUND": "Background", "RESULT": "Result", "DERIVED": "Derived"}

DESIGN_LABELS = (  # studyDesign: text only (the R5 study-design codes are not mapped)
    ("allocation", "Allocation"),
    ("intervention_model", "Intervention model"),
    ("masking", "Masking"),
    ("observational_model", "Observational model"),
    ("time_perspective", "Time perspective"),
)

# ResearchStudy's elements in the order R5 defines them, and those in its summary
ELEMENTS = (
    "id", "meta", "implicitRules", "language", "text", "contained", "extension",
    "modifierExtension", "url", "identifier", "version", "name", "title", "label", "protocol",
    "partOf", "relatedArtifact", "date", "status", "primaryPurposeType", "phase", "studyDesign",
    "focus", "condition", "keyword", "region", "descriptionSummary", "description", "period",
    "site", "note", "classifier", "associatedParty", "progressStatus", "whyStopped",
    "recruitment", "comparisonGroup", "objective", "outcomeMeasure", "result",
)  # fmt: skip
SUMMARY_ELEMENTS = (
    "id", "meta", "implicitRules", "modifierExtension", "identifier", "title", "protocol",
    "partOf", "status", "primaryPurposeType", "phase", "studyDesign", "condition", "keyword",
    "region", "period", "site", "whyStopped", "recruitment", "result",
)  # fmt: skip
MANDATORY_ELEMENTS = ("status",)


def phase_codes() -> dict[str, frozenset[str]]:
    """research-study-phase code -> the set of our phases it stands for (for search)."""
    return {code: phases for phases, (code, _) in PHASES.items()}


def study_statuses() -> dict[str, list[str]]:
    """research-study-status code -> our overall statuses it stands for (for search)."""
    out: dict[str, list[str]] = {}
    for ours, (code, _) in STUDY_STATUS.items():
        out.setdefault(code, []).append(ours)
    return out
