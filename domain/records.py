"""Typed records the parser produces: frozen dataclasses, no database, no Flask.

Field names are the v1 API's (snake_case); enum values are spelled as ClinicalTrials.gov
API v2 spells them (``NOT_YET_RECRUITING``, ``PHASE1``, ``ACTIVE_COMPARATOR`` ...).
Where a document does not say, a value is ``None`` (or an empty tuple): never guessed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DateRecord:
    """A date as precise as written (``2016``, ``2016-03`` or ``2016-03-21``)."""

    date: str
    type: str | None = None  # ACTUAL | ESTIMATED | None when the text does not say


@dataclass(frozen=True, slots=True)
class DatesRecord:
    start: DateRecord | None = None
    primary_completion: DateRecord | None = None
    completion: DateRecord | None = None
    first_posted: str | None = None
    last_update_posted: str | None = None
    last_verified: str | None = None


@dataclass(frozen=True, slots=True)
class EnrollmentRecord:
    count: int | None = None
    type: str | None = None  # ACTUAL | ESTIMATED


@dataclass(frozen=True, slots=True)
class DesignRecord:
    allocation: str | None = None  # RANDOMIZED | NON_RANDOMIZED | NA
    intervention_model: str | None = None  # SINGLE_GROUP | PARALLEL | CROSSOVER | ...
    masking: str | None = None  # NONE | SINGLE | DOUBLE | TRIPLE | QUADRUPLE
    who_masked: tuple[str, ...] = ()  # PARTICIPANT | CARE_PROVIDER | INVESTIGATOR | ...
    primary_purpose: str | None = None  # TREATMENT | PREVENTION | ...
    observational_model: str | None = None  # COHORT | CASE_CONTROL | ...
    time_perspective: str | None = None  # PROSPECTIVE | RETROSPECTIVE | ...
    bio_spec_retention: str | None = None  # NONE_RETAINED | SAMPLES_WITH_DNA | SAMPLES_WITHOUT_DNA
    bio_spec_description: str | None = None
    target_duration: str | None = None  # observational follow-up, as written: "6 Months"


@dataclass(frozen=True, slots=True)
class SponsorRecord:
    name: str
    role: str | None = None  # LEAD | COLLABORATOR
    class_: str | None = None  # OTHER | INDUSTRY | NIH | FED | ... (served as "class")


@dataclass(frozen=True, slots=True)
class ResponsiblePartyRecord:
    type: str | None = None  # SPONSOR | PRINCIPAL_INVESTIGATOR | SPONSOR_INVESTIGATOR
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class OfficialRecord:
    name: str
    degrees: str | None = None
    role: str | None = None  # PRINCIPAL_INVESTIGATOR | STUDY_DIRECTOR | STUDY_CHAIR | ...
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class ContactRecord:
    name: str | None = None
    degrees: str | None = None
    role: str | None = None  # CONTACT | BACKUP
    phone: str | None = None
    email: str | None = None
    phone_ext: str | None = None


@dataclass(frozen=True, slots=True)
class InvestigatorRecord:
    name: str
    degrees: str | None = None
    role: str | None = None  # PRINCIPAL_INVESTIGATOR | SUB_INVESTIGATOR


@dataclass(frozen=True, slots=True)
class LocationRecord:
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    status: str | None = None  # RECRUITING | NOT_YET_RECRUITING | COMPLETED | ...
    contacts: tuple[ContactRecord, ...] = ()
    investigators: tuple[InvestigatorRecord, ...] = ()
    latitude: float | None = None  # the registry's geoPoint, when the source gives one
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class ReferenceRecord:
    citation: str
    pmid: str | None = None
    type: str | None = None  # BACKGROUND | RESULT | DERIVED


@dataclass(frozen=True, slots=True)
class ArmRecord:
    label: str
    type: str | None = None  # EXPERIMENTAL | ACTIVE_COMPARATOR | PLACEBO_COMPARATOR | ...
    description: str | None = None
    interventions: tuple[str, ...] = ()  # intervention names, as in InterventionRecord.name


@dataclass(frozen=True, slots=True)
class InterventionRecord:
    name: str
    type: str | None = None  # DRUG | BIOLOGICAL | DEVICE | PROCEDURE | ...
    description: str | None = None
    other_names: tuple[str, ...] = ()
    arm_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CriterionRecord:
    ordinal: int  # 1-based position within its list
    text: str
    section: str | None = None  # a sub-heading such as "Hematology", when the list has one


@dataclass(frozen=True, slots=True)
class EligibilityRecord:
    minimum_age: str | None = None  # as written: "18 Years"
    maximum_age: str | None = None
    minimum_age_years: float | None = None
    maximum_age_years: float | None = None
    sex: str | None = None  # ALL | FEMALE | MALE
    healthy_volunteers: bool | None = None
    std_ages: tuple[str, ...] = ()  # CHILD | ADULT | OLDER_ADULT
    criteria_text: str | None = None
    inclusion: tuple[CriterionRecord, ...] = ()
    exclusion: tuple[CriterionRecord, ...] = ()
    study_population: str | None = None  # observational studies
    sampling_method: str | None = None  # PROBABILITY_SAMPLE | NON_PROBABILITY_SAMPLE


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    measure: str
    type: str | None = None  # PRIMARY | SECONDARY | OTHER; None when no heading says
    time_frame: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class MeshRecord:
    """A MeSH descriptor as the registry's ``derivedSection`` browse modules give it."""

    term: str
    id: str | None = None  # "D013274"; None when a page shows the term only


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    full_name: str
    class_: str | None = None  # OTHER | INDUSTRY | NIH | FED | ... (served as "class")


@dataclass(frozen=True, slots=True)
class SourceRecord:
    document: str  # a file name, or "archive.zip!/67/NCT01234567.json" for a ZIP member
    layout: str  # "classic" | "modern" (text pages) | "ctgov-json" | "ctgov-xml"
    sha256: str


@dataclass(frozen=True, slots=True)
class TrialRecord:
    nct_id: str
    source: SourceRecord
    aliases: tuple[str, ...] = ()  # older NCT ids of the same study (v2 nctIdAliases)
    org_study_id: str | None = None
    organization: OrganizationRecord | None = None
    secondary_ids: tuple[str, ...] = ()
    brief_title: str | None = None
    official_title: str | None = None
    acronym: str | None = None
    overall_status: str | None = None
    last_known_status: str | None = None
    why_stopped: str | None = None
    has_results: bool | None = None
    study_type: str | None = None  # INTERVENTIONAL | OBSERVATIONAL | EXPANDED_ACCESS
    phases: tuple[str, ...] = ()
    enrollment: EnrollmentRecord = field(default_factory=EnrollmentRecord)
    design: DesignRecord = field(default_factory=DesignRecord)
    dates: DatesRecord = field(default_factory=DatesRecord)
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    mesh_terms: tuple[str, ...] = ()  # condition MeSH terms (names), from any source
    condition_meshes: tuple[MeshRecord, ...] = ()  # conditionBrowseModule.meshes
    condition_ancestors: tuple[MeshRecord, ...] = ()  # conditionBrowseModule.ancestors
    intervention_meshes: tuple[MeshRecord, ...] = ()
    intervention_ancestors: tuple[MeshRecord, ...] = ()
    brief_summary: str | None = None
    detailed_description: str | None = None
    sponsors: tuple[SponsorRecord, ...] = ()
    responsible_party: ResponsiblePartyRecord | None = None
    officials: tuple[OfficialRecord, ...] = ()
    contacts: tuple[ContactRecord, ...] = ()
    locations: tuple[LocationRecord, ...] = ()
    references: tuple[ReferenceRecord, ...] = ()
    arms: tuple[ArmRecord, ...] = ()
    interventions: tuple[InterventionRecord, ...] = ()
    eligibility: EligibilityRecord = field(default_factory=EligibilityRecord)
    outcomes: tuple[OutcomeRecord, ...] = ()


def to_dict(record: Any) -> Any:
    """Plain JSON-ready data from a record: tuples become lists, ``class_`` becomes ``class``."""
    if dataclasses.is_dataclass(record):
        return {
            f.name.rstrip("_"): to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)
        }
    if isinstance(record, tuple | list):
        return [to_dict(item) for item in record]
    return record


class ParseError(ValueError):
    """The one error the parser raises: ``document`` is not a trial record, and why."""

    def __init__(self, document: str, reason: str, line: int | None = None):
        self.document = document
        self.reason = reason
        self.line = line
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"{document}: {reason}{where}")


# --------------------------------------------------------------------------- criteria facts

FACT_KINDS = (
    "AGE",  # value/value_max in years
    "SEX",  # values: MALE and/or FEMALE
    "WEIGHT",  # kg
    "ECOG",  # performance status 0-5 (operator IN with values "0".."5", or a comparison)
    "KARNOFSKY",  # 0-100
    "LIFE_EXPECTANCY",  # months
    "LAB",  # name: see domain.units.LABS; unit canonical, or relative_to "ULN"
    "HER2",  # values: accepted definitions, see below
    "MEASURABLE_DISEASE",  # operator PRESENT
    "METASTASIS",  # name: liver | peritoneal | brain; operator PRESENT
    "PRIOR_THERAPY_LINES",  # number of prior lines of systemic therapy
    "HISTORY",  # name: a history flag (hiv, hepatitis_b, ...); PRESENT or WITHIN a window
    "STEROIDS",  # systemic corticosteroids, mg/day prednisone equivalent (PRESENT = any dose)
    "PROCEDURAL",  # consent, contraception, compliance, investigator's judgement
)


@dataclass(frozen=True, slots=True)
class FactRecord:
    """One typed fact read from one criterion: a predicate over a patient, and what it does.

    ``effect`` REQUIRE: the patient must satisfy the predicate; EXCLUDE: satisfying it rules the
    patient out (an exclusion criterion, or "no ..." in an inclusion criterion).

    The predicate is ``<patient's value for kind/name> <operator> value [value_max]``:
    ``GT GTE LT LTE EQ`` compare with ``value``; ``RANGE`` is ``value <= x <= value_max``;
    ``IN`` means the patient's value is one of ``values``; ``PRESENT`` means the patient has it;
    ``WITHIN`` means it happened within ``value`` ``unit`` (``day``/``week``/``month``/``year``).

    HER2 ``values`` are accepted definitions, any one of which makes a patient positive:
    ``status:POSITIVE`` (no definition given), ``ihc:3+``, ``ihc>=2+``, ``ihc:2+&ish:POSITIVE``,
    ``expression>=30`` (percent of tumour cells), ``membrane:POSITIVE``.

    Facts of one criterion with the same non-zero ``alternative`` are alternatives (any one
    suffices); ``when`` names a profile flag (``liver_metastases``, or ``!liver_metastases`` for
    its absence) under which alone the fact applies; ``exception`` quotes text that lets some
    patients with the excluded feature in anyway (a match then cannot decide: UNKNOWN).
    """

    kind: str
    list: str  # inclusion | exclusion: the list of the criterion it was read from
    ordinal: int  # that criterion's ordinal
    span: str  # the text the fact was read from: a verbatim substring of the criterion
    effect: str  # REQUIRE | EXCLUDE
    operator: str  # GT | GTE | LT | LTE | EQ | RANGE | IN | PRESENT | WITHIN
    name: str | None = None  # LAB analyte, HISTORY flag, METASTASIS site
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None  # canonical unit (domain.units), None when relative_to is set
    relative_to: str | None = None  # "ULN": value is a multiple of the upper limit of normal
    values: tuple[str, ...] = ()
    as_written: str | None = None  # the threshold as the text writes it, e.g. "50,000/mm^3"
    when: str | None = None
    exception: str | None = None
    alternative: int = 0


# --------------------------------------------------------------------------- construction


_NO_VALUE = object()  # a field whose default is a factory, not given


def _store_by_slot(cls: type) -> None:
    """Give a frozen, slotted record an ``__init__`` that stores each field through its slot
    (``Record.field.__set__``): the dataclass's own goes through ``object.__setattr__`` by
    name, field by field, twice as slow, and a study builds some 550 record fields (criteria,
    facts, sites). Same signature, defaults and factories; the record stays frozen."""
    fields = dataclasses.fields(cls)
    env: dict[str, Any] = {"_NONE": _NO_VALUE}
    params, body = [], []
    for f in fields:
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not dataclasses.MISSING:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            env[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_NONE")
            body.append(f"    if {f.name} is _NONE: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    exec(source, env)  # noqa: S102 - as dataclasses itself writes __init__
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init


for _record in list(globals().values()):
    if isinstance(_record, type) and dataclasses.is_dataclass(_record):
        _store_by_slot(_record)
del _record
