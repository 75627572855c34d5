"""The registry's vocabularies: every enum as ClinicalTrials.gov API v2 spells it, with the
spellings documents use for each value, and the lookups over them.

Input a table does not know gives ``None`` (or an empty result), never a default.
"""

from __future__ import annotations

import re


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def enum_value(text: str | None, table: dict[str, str]) -> str | None:
    """Look ``text`` up in ``table`` (keys are lower-case words); v2 spellings map to themselves."""
    if not text:
        return None
    key = _key(text)
    if key in table:
        return table[key]
    upper = re.sub(r"[^A-Z0-9]+", "_", text.strip().upper()).strip("_")
    if upper in table.values():
        return upper
    return None


def _table(**values: str | tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for enum, spellings in values.items():
        if isinstance(spellings, str):
            spellings = (spellings,)
        out[_key(enum)] = enum
        for s in spellings:
            out[_key(s)] = enum
    return out


STATUS = _table(
    NOT_YET_RECRUITING="not yet recruiting",
    RECRUITING="recruiting",
    ENROLLING_BY_INVITATION="enrolling by invitation",
    ACTIVE_NOT_RECRUITING=("active, not recruiting", "active not recruiting"),
    SUSPENDED="suspended",
    TERMINATED="terminated",
    COMPLETED="completed",
    WITHDRAWN="withdrawn",
    UNKNOWN=("unknown", "unknown status"),
    AVAILABLE="available",
    NO_LONGER_AVAILABLE="no longer available",
    TEMPORARILY_NOT_AVAILABLE="temporarily not available",
    APPROVED_FOR_MARKETING="approved for marketing",
    WITHHELD="withheld",
)

PHASE = _table(
    EARLY_PHASE1=("early phase 1", "early phase i", "phase 0", "early_phase1"),
    PHASE1=("phase 1", "phase i"),
    PHASE2=("phase 2", "phase ii"),
    PHASE3=("phase 3", "phase iii"),
    PHASE4=("phase 4", "phase iv"),
    NA=("not applicable", "n/a", "na"),
)

STUDY_TYPE = _table(
    INTERVENTIONAL=("interventional", "interventional clinical trial"),
    OBSERVATIONAL=(
        "observational",
        "observational patient registry",
        "observational [patient registry]",
    ),
    EXPANDED_ACCESS="expanded access",
)

ALLOCATION = _table(
    RANDOMIZED="randomized",
    NON_RANDOMIZED=("non-randomized", "nonrandomized", "non randomized"),
    NA=("n/a", "na", "not applicable"),
)

INTERVENTION_MODEL = _table(
    SINGLE_GROUP="single group assignment",
    PARALLEL="parallel assignment",
    CROSSOVER="crossover assignment",
    FACTORIAL="factorial assignment",
    SEQUENTIAL="sequential assignment",
)

MASKING = _table(
    NONE=("none", "none open label", "open label"),
    SINGLE=("single", "single blind"),  # "... blind": legacy XML spellings (before 2017)
    DOUBLE=("double", "double blind"),
    TRIPLE=("triple", "triple blind"),
    QUADRUPLE=("quadruple", "quadruple blind"),
)

WHO_MASKED = _table(
    PARTICIPANT=("participant", "subject"),
    CARE_PROVIDER=("care provider", "caregiver"),
    INVESTIGATOR="investigator",
    OUTCOMES_ASSESSOR="outcomes assessor",
)

PRIMARY_PURPOSE = _table(
    TREATMENT="treatment",
    PREVENTION="prevention",
    DIAGNOSTIC="diagnostic",
    ECT="educational/counseling/training",
    SUPPORTIVE_CARE="supportive care",
    SCREENING="screening",
    HEALTH_SERVICES_RESEARCH="health services research",
    BASIC_SCIENCE="basic science",
    DEVICE_FEASIBILITY="device feasibility",
    OTHER="other",
)

OBSERVATIONAL_MODEL = _table(
    COHORT="cohort",
    CASE_CONTROL="case-control",
    CASE_ONLY="case-only",
    CASE_CROSSOVER="case-crossover",
    ECOLOGIC_OR_COMMUNITY=("ecologic or community", "ecologic or community studies"),
    FAMILY_BASED="family-based",
    DEFINED_POPULATION="defined population",
    NATURAL_HISTORY="natural history",
    OTHER="other",
)

TIME_PERSPECTIVE = _table(
    RETROSPECTIVE="retrospective",
    PROSPECTIVE="prospective",
    CROSS_SECTIONAL="cross-sectional",
    OTHER="other",
)

ARM_TYPE = _table(
    EXPERIMENTAL="experimental",
    ACTIVE_COMPARATOR="active comparator",
    PLACEBO_COMPARATOR="placebo comparator",
    SHAM_COMPARATOR="sham comparator",
    NO_INTERVENTION="no intervention",
    OTHER="other",
)

INTERVENTION_TYPE = _table(
    BEHAVIORAL="behavioral",
    BIOLOGICAL="biological",
    COMBINATION_PRODUCT="combination product",
    DEVICE="device",
    DIAGNOSTIC_TEST="diagnostic test",
    DIETARY_SUPPLEMENT="dietary supplement",
    DRUG="drug",
    GENETIC="genetic",
    PROCEDURE="procedure",
    RADIATION="radiation",
    OTHER="other",
)

SEX = _table(ALL=("all", "both"), FEMALE="female", MALE="male")

STD_AGE = _table(CHILD="child", ADULT="adult", OLDER_ADULT=("older adult", "senior"))

SPONSOR_CLASS = _table(
    NIH="nih",
    FED=("fed", "u.s. fed"),
    OTHER_GOV="other gov",
    INDIV="indiv",
    INDUSTRY="industry",
    NETWORK="network",
    AMBIG="ambig",
    OTHER="other",
    UNKNOWN="unknown",
)

OFFICIAL_ROLE = _table(
    PRINCIPAL_INVESTIGATOR="principal investigator",
    SUB_INVESTIGATOR="sub-investigator",
    STUDY_DIRECTOR="study director",
    STUDY_CHAIR="study chair",
)

RESPONSIBLE_PARTY_TYPE = _table(
    SPONSOR="sponsor",
    PRINCIPAL_INVESTIGATOR="principal investigator",
    SPONSOR_INVESTIGATOR="sponsor-investigator",
)

SAMPLING_METHOD = _table(PROBABILITY_SAMPLE=(), NON_PROBABILITY_SAMPLE=())

BIOSPEC_RETENTION = _table(NONE_RETAINED=(), SAMPLES_WITH_DNA=(), SAMPLES_WITHOUT_DNA=())

REFERENCE_TYPE = _table(BACKGROUND="background", RESULT="result", DERIVED="derived")

OUTCOME_TYPE = _table(
    PRIMARY="primary", SECONDARY="secondary", OTHER=("other", "other pre-specified")
)

ENUMS: dict[str, dict[str, str]] = {
    "overall_status": STATUS,
    "phase": PHASE,
    "study_type": STUDY_TYPE,
    "allocation": ALLOCATION,
    "intervention_model": INTERVENTION_MODEL,
    "masking": MASKING,
    "who_masked": WHO_MASKED,
    "primary_purpose": PRIMARY_PURPOSE,
    "observational_model": OBSERVATIONAL_MODEL,
    "time_perspective": TIME_PERSPECTIVE,
    "arm_type": ARM_TYPE,
    "intervention_type": INTERVENTION_TYPE,
    "sex": SEX,
    "std_age": STD_AGE,
    "sponsor_class": SPONSOR_CLASS,
    "official_role": OFFICIAL_ROLE,
    "responsible_party_type": RESPONSIBLE_PARTY_TYPE,
    "reference_type": REFERENCE_TYPE,
    "outcome_type": OUTCOME_TYPE,
    "sampling_method": SAMPLING_METHOD,
    "bio_spec_retention": BIOSPEC_RETENTION,
}


def enum_values(name: str) -> list[str]:
    """Every value of one enum, in a stable order."""
    return list(dict.fromkeys(ENUMS[name].values()))


EXTRA_ENUMS = {
    "date_type": ["ACTUAL", "ESTIMATED"],
    "enrollment_type": ["ACTUAL", "ESTIMATED"],
    "sponsor_role": ["LEAD", "COLLABORATOR"],
    "criterion_kind": ["inclusion", "exclusion"],
    "source_layout": ["classic", "modern", "ctgov-json", "ctgov-xml"],
}


def all_enums() -> dict[str, list[str]]:
    """Every enum the API serves, by name."""
    return {name: enum_values(name) for name in ENUMS} | EXTRA_ENUMS


_PHASE_IN_TEXT = re.compile(
    r"\b(?:early\s+phase\s*(?:1|i)\b|phase\s*(?:[1-4]|iv|i{1,3})\b|not\s+applicable|n/a\b)",
    re.IGNORECASE,
)


def parse_phases(text: str | None) -> tuple[str, ...]:
    """Phases named in a cell: ``Phase 1 Phase 2`` -> (PHASE1, PHASE2); ``Phase 1/Phase 2`` too."""
    if not text:
        return ()
    found = [enum_value(m.group(0), PHASE) for m in _PHASE_IN_TEXT.finditer(text)]
    if not found:
        # v2 spellings such as "PHASE1, PHASE2" or "EARLY_PHASE1"
        found = [enum_value(tok, PHASE) for tok in re.split(r"[\s,/|]+", text) if tok]
    return tuple(dict.fromkeys(p for p in found if p))
