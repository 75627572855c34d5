"""Wire schemas for trials and their parts (arms, interventions, eligibility, outcomes ...)."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain.countries import UnknownCountryCode, country_keys
from domain.records import FACT_KINDS
from domain.vocab import enum_values
from schemas.common import PageArgsSchema, PageMetaSchema
from schemas.numbers import Number


def _enum(name: str, description: str, **kwargs) -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.OneOf(enum_values(name)),
        metadata={"description": description},
        **kwargs,
    )


def _text(description: str, example: str | None = None) -> fields.String:
    meta = {"description": description}
    if example is not None:
        meta["example"] = example
    return fields.String(allow_none=True, metadata=meta)


def _enum_list(name: str, description: str) -> fields.List:
    return fields.List(
        fields.String(validate=validate.OneOf(enum_values(name))),
        metadata={"description": description},
    )


PARTIAL_DATE = "An ISO date only as precise as the registry wrote it: YYYY, YYYY-MM or YYYY-MM-DD."


class DateSchema(Schema):
    date = fields.String(
        required=True, metadata={"description": PARTIAL_DATE, "example": "2016-03"}
    )
    type = fields.String(
        allow_none=True,
        validate=validate.OneOf(["ACTUAL", "ESTIMATED"]),
        metadata={"description": "Whether the date has happened or is planned; null if not said."},
    )


class DatesSchema(Schema):
    start = fields.Nested(DateSchema, allow_none=True)
    primary_completion = fields.Nested(DateSchema, allow_none=True)
    completion = fields.Nested(DateSchema, allow_none=True)
    first_posted = _text(PARTIAL_DATE, "2016-03-21")
    last_update_posted = _text(PARTIAL_DATE, "2020-03-19")
    last_verified = _text(PARTIAL_DATE, "2020-03")


class EnrollmentSchema(Schema):
    count = fields.Integer(allow_none=True, metadata={"description": "Participants."})
    type = fields.String(
        allow_none=True,
        validate=validate.OneOf(["ACTUAL", "ESTIMATED"]),
        metadata={"description": "Actual or estimated enrollment; null if not said."},
    )


class DesignSchema(Schema):
    allocation = _enum("allocation", "How participants are assigned to arms.")
    intervention_model = _enum("intervention_model", "The interventional study model.")
    masking = _enum("masking", "Who does not know which intervention a participant gets.")
    who_masked = _enum_list("who_masked", "The masked parties.")
    primary_purpose = _enum("primary_purpose", "Main reason for the study.")
    observational_model = _enum("observational_model", "Observational study model.")
    time_perspective = _enum("time_perspective", "Observational time perspective.")


class SponsorSchema(Schema):
    name = fields.String(required=True, metadata={"description": "Organisation or person."})
    role = fields.String(
        allow_none=True,
        validate=validate.OneOf(["LEAD", "COLLABORATOR"]),
        metadata={"description": "Lead sponsor or collaborator."},
    )
    class_ = _enum("sponsor_class", "Agency class.", data_key="class")


class ResponsiblePartySchema(Schema):
    type = _enum("responsible_party_type", "Kind of responsible party; null if not said.")
    name = _text("Name.")
    title = _text("Job title.")
    affiliation = _text("Organisation.")


class OfficialSchema(Schema):
    name = fields.String(required=True, metadata={"description": "Name without degrees."})
    degrees = _text("Degrees as written.", "MD,PhD")
    role = _enum("official_role", "Role in the study.")
    affiliation = _text("Organisation.")


class ContactSchema(Schema):
    name = _text("Name without degrees.")
    degrees = _text("Degrees as written.")
    role = _text("CONTACT or BACKUP.")
    phone = _text("Phone number as written.")
    email = _text("E-mail address.")


class InvestigatorSchema(Schema):
    name = fields.String(required=True)
    degrees = _text("Degrees as written.")
    role = _enum("official_role", "Role at the site.")


class LocationSchema(Schema):
    facility = _text("Site name.")
    city = _text("City.")
    state = _text("State, province or region.")
    zip = _text("Postal code.")
    country = _text("Country.")
    status = _enum("overall_status", "Recruitment status at this site.")
    contacts = fields.List(fields.Nested(ContactSchema))
    investigators = fields.List(fields.Nested(InvestigatorSchema))


class ReferenceSchema(Schema):
    citation = fields.String(required=True)
    pmid = _text("PubMed id.", "31570753")
    type = _enum("reference_type", "Background, result or derived publication.")


class ArmSchema(Schema):
    label = fields.String(required=True, metadata={"description": "Arm or group label."})
    type = _enum("arm_type", "Arm type; null for observational cohorts.")
    description = _text("What participants in this arm receive.")
    interventions = fields.List(
        fields.String(), metadata={"description": "Names of the interventions this arm uses."}
    )


class InterventionSchema(Schema):
    name = fields.String(required=True)
    type = _enum("intervention_type", "Intervention type.")
    description = _text("How it is given.")
    other_names = fields.List(fields.String(), metadata={"description": "Synonyms and codes."})
    arm_labels = fields.List(
        fields.String(), metadata={"description": "Labels of the arms that use it."}
    )


class CriterionSchema(Schema):
    ordinal = fields.Integer(
        required=True, metadata={"description": "1-based position within its list."}
    )
    text = fields.String(required=True, metadata={"description": "The criterion as written."})
    section = _text("Sub-heading the criterion stands under, e.g. 'Hematology'.")
    understood = fields.Boolean(
        metadata={"description": "Whether at least one fact was read from it (see `facts`)."}
    )


class FactSchema(Schema):
    """One typed fact read from one criterion at load time."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(FACT_KINDS),
        metadata={"description": "What the fact is about.", "example": "LAB"},
    )
    list = fields.String(
        required=True,
        validate=validate.OneOf(["inclusion", "exclusion"]),
        metadata={"description": "The list of the criterion it was read from."},
    )
    ordinal = fields.Integer(
        required=True, metadata={"description": "That criterion's ordinal in its list."}
    )
    span = fields.String(
        required=True,
        metadata={"description": "The words of the criterion the fact was read from, verbatim."},
    )
    effect = fields.String(
        required=True,
        validate=validate.OneOf(["REQUIRE", "EXCLUDE"]),
        metadata={
            "description": "REQUIRE: a patient must satisfy the predicate; EXCLUDE: satisfying "
            "it rules a patient out."
        },
    )
    operator = fields.String(
        required=True,
        validate=validate.OneOf(
            ["GT", "GTE", "LT", "LTE", "EQ", "RANGE", "IN", "PRESENT", "WITHIN"]
        ),
        metadata={
            "description": "The predicate: the patient's value compared with `value` "
            "(RANGE: `value`..`value_max`), one of `values` (IN), present (PRESENT), or "
            "happened within `value` `unit` (WITHIN)."
        },
    )
    name = _text("The analyte (LAB), flag (HISTORY) or site (METASTASIS).", "platelets")
    value = fields.Float(allow_none=True, metadata={"description": "Threshold, canonical unit."})
    value_max = fields.Float(allow_none=True, metadata={"description": "RANGE upper bound."})
    unit = _text("Canonical unit of `value`; null for ratios and ×ULN.", "×10^9/L")
    relative_to = _text("`ULN`: `value` is a multiple of the upper limit of normal.")
    values = fields.List(
        fields.String(),
        metadata={
            "description": "IN: the accepted values (sexes, ECOG scores, HER2 definitions such "
            "as `ihc:3+` or `ihc:2+&ish:POSITIVE`)."
        },
    )
    as_written = _text("The threshold as the criterion writes it.", "50,000/mm^3")
    when = _text("A profile flag the fact applies under (`liver_metastases`; `!` for its absence).")
    exception = _text("Words that let some patients with the excluded feature in anyway.")
    alternative = fields.Integer(
        metadata={
            "description": "Facts of one criterion sharing a non-zero number are "
            "alternatives: any one suffices."
        }
    )


class EligibilitySchema(Schema):
    minimum_age = _text("Minimum age as written.", "18 Years")
    maximum_age = _text("Maximum age as written.", "80 Years")
    minimum_age_years = fields.Float(
        allow_none=True, metadata={"description": "Minimum age in years; null: no lower limit."}
    )
    maximum_age_years = fields.Float(
        allow_none=True, metadata={"description": "Maximum age in years; null: no upper limit."}
    )
    sex = _enum("sex", "Sexes eligible.")
    healthy_volunteers = fields.Boolean(
        allow_none=True, metadata={"description": "Whether healthy volunteers are accepted."}
    )
    std_ages = _enum_list("std_age", "Age groups.")
    criteria_text = _text("The criteria as written.")
    inclusion = fields.List(fields.Nested(CriterionSchema))
    exclusion = fields.List(fields.Nested(CriterionSchema))
    facts = fields.List(
        fields.Nested(FactSchema),
        metadata={
            "description": "Typed facts read from the criteria at load time. A criterion "
            "with no fact is kept as text and marked `understood: false`."
        },
    )


class OutcomeSchema(Schema):
    type = _enum("outcome_type", "Primary, secondary or other; null when the record does not say.")
    measure = fields.String(required=True)
    time_frame = _text("When it is measured.")
    description = _text("How it is measured.")


class SourceSchema(Schema):
    document = fields.String(required=True, metadata={"description": "Seed document name."})
    layout = fields.String(
        required=True,
        validate=validate.OneOf(["classic", "modern"]),
        metadata={"description": "Which page layout the document was in."},
    )
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 of its bytes."})
    loaded_at = fields.DateTime(required=True, metadata={"description": "When it was loaded."})


NCT_ID = fields.String(
    required=True,
    metadata={"description": "ClinicalTrials.gov identifier.", "example": "NCT02713984"},
)


class TrialSummarySchema(Schema):
    nct_id = NCT_ID
    brief_title = _text("Short title.")
    overall_status = _enum("overall_status", "Overall recruitment status.")
    phases = _enum_list("phase", "Phases (several for e.g. phase 1/2 trials).")
    study_type = _enum("study_type", "Interventional, observational or expanded access.")
    conditions = fields.List(fields.String(), metadata={"description": "Conditions studied."})
    # Not `required`: `fields=` may leave any of them out (only nct_id is always there).
    enrollment = fields.Nested(EnrollmentSchema)
    dates = fields.Nested(DatesSchema)
    minimum_age_years = fields.Float(allow_none=True, metadata={"description": "Null: no limit."})
    maximum_age_years = fields.Float(allow_none=True, metadata={"description": "Null: no limit."})
    sex = _enum("sex", "Sexes eligible.")


class TrialSchema(Schema):
    nct_id = NCT_ID
    org_study_id = _text("The sponsor's own study id.")
    secondary_ids = fields.List(fields.String())
    brief_title = _text("Short title.")
    official_title = _text("Full title.")
    acronym = _text("Acronym.")
    overall_status = _enum("overall_status", "Overall recruitment status.")
    last_known_status = _enum("overall_status", "For UNKNOWN status: the last status reported.")
    why_stopped = _text("Why a withdrawn, terminated or suspended trial stopped.")
    study_type = _enum("study_type", "Interventional, observational or expanded access.")
    phases = _enum_list("phase", "Phases.")
    # Not `required`: `fields=` may leave any of them out (only nct_id is always there).
    enrollment = fields.Nested(EnrollmentSchema)
    design = fields.Nested(DesignSchema)
    dates = fields.Nested(DatesSchema)
    conditions = fields.List(fields.String())
    keywords = fields.List(fields.String())
    mesh_terms = fields.List(fields.String())
    brief_summary = _text("Brief summary.")
    detailed_description = _text("Detailed description.")
    sponsors = fields.List(fields.Nested(SponsorSchema))
    responsible_party = fields.Nested(ResponsiblePartySchema, allow_none=True)
    officials = fields.List(fields.Nested(OfficialSchema))
    contacts = fields.List(fields.Nested(ContactSchema))
    locations = fields.List(fields.Nested(LocationSchema))
    references = fields.List(fields.Nested(ReferenceSchema))
    arms = fields.List(fields.Nested(ArmSchema))
    interventions = fields.List(fields.Nested(InterventionSchema))
    eligibility = fields.Nested(EligibilitySchema)
    outcomes = fields.List(fields.Nested(OutcomeSchema))
    source = fields.Nested(SourceSchema)


class TrialPageMetaSchema(PageMetaSchema):
    total = fields.Integer(
        metadata={"description": "Matching trials; only with `count_total=true`."}
    )


class TrialPageSchema(Schema):
    data = fields.List(fields.Nested(TrialSummarySchema), required=True)
    page = fields.Nested(TrialPageMetaSchema, required=True)


class ArmListSchema(Schema):
    data = fields.List(fields.Nested(ArmSchema), required=True)


class InterventionListSchema(Schema):
    data = fields.List(fields.Nested(InterventionSchema), required=True)


class OutcomeListSchema(Schema):
    data = fields.List(fields.Nested(OutcomeSchema), required=True)


# every sort in both directions (`-`: descending); relevance is the one ranking
SORTS = ["relevance"] + [
    f"{sign}{name}"
    for name in ("last_update_posted", "start_date", "enrollment", "nct_id")
    for sign in ("", "-")
]
SUMMARY_FIELDS = list(TrialSummarySchema().fields)
DETAIL_FIELDS = list(TrialSchema().fields)


class EnumList(fields.List):
    """One enum value or several: repeated (``phase=PHASE1&phase=PHASE2``) or comma-separated
    (``phase=PHASE1,PHASE2``). An unknown value is an error that lists the valid ones."""

    def __init__(self, enum: str | list[str], **kwargs):
        self.choices = enum_values(enum) if isinstance(enum, str) else enum
        super().__init__(fields.String(), **kwargs)
        self.metadata.setdefault("description", "")
        self.metadata["description"] += (
            " Repeat the parameter or separate values with commas; one of: "
            + ", ".join(self.choices)
            + "."
        )
        self.inner.validators.append(validate.OneOf(self.choices))

    def _deserialize(self, value, attr, data, **kwargs):
        raw = value if isinstance(value, list) else [value]
        items = [v.strip() for item in raw for v in str(item).split(",") if v.strip()]
        unknown = [v for v in items if v not in self.choices]
        if unknown:
            raise ValidationError(
                f"Unknown value {', '.join(map(repr, unknown))}. "
                f"Valid values: {', '.join(self.choices)}."
            )
        if not items:
            raise ValidationError("Give at least one value.")
        return list(dict.fromkeys(items))


class FieldList(EnumList):
    """``fields=a,b``: return only these fields."""


# `$` in the spec (JSON Schema); `\Z` here, as Python's `$` also matches before a final "\n".
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
PARTIAL_DATE_RE = PARTIAL_DATE_PATTERN[:-1] + r"\Z"


def _real_date(value: str) -> None:
    if not re.match(PARTIAL_DATE_RE, value):
        return  # the Regexp says what is wrong; "Not a real date." would only repeat it
    try:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise ValidationError("Not a real date.") from exc


def _partial_date(description: str) -> fields.String:
    return fields.String(
        validate=validate.And(
            validate.Regexp(PARTIAL_DATE_RE, error="Must be YYYY, YYYY-MM or YYYY-MM-DD."),
            _real_date,
        ),
        metadata={
            "description": description + " YYYY, YYYY-MM or YYYY-MM-DD, a real date.",
            "example": "2020-01",
            "pattern": PARTIAL_DATE_PATTERN,
        },
    )


def _known_country(value: str) -> None:
    try:
        country_keys(value)
    except UnknownCountryCode as exc:
        raise ValidationError(str(exc)) from exc


def _words(description: str, example: str) -> fields.String:
    return fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": description, "example": example},
    )


class TrialFilterArgsSchema(Schema):
    """Filters shared by ``/v1/trials``, its CSV export and ``/v1/stats``."""

    q = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata={
            "description": "Full-text search over titles, summaries, descriptions, conditions, "
            "keywords, interventions, arms, outcomes and criteria, with stemming and web-search "
            'syntax: `"exact phrase"`, `OR`, `-excluded`. At most 500 characters: a longer '
            "`q` is a 400 naming it (a search that long is never a person's query).",
            "example": "her2 gastric",
        },
    )
    condition = _words(
        "Trials with a condition containing all these words (case-insensitive).",
        "gastric cancer",
    )
    intervention = _words(
        "Trials with an intervention whose name or other names contain all these words.",
        "paclitaxel",
    )
    sponsor = _words("Trials with a sponsor or collaborator containing these words.", "fudan")
    intervention_type = EnumList(
        "intervention_type", metadata={"description": "Intervention types."}
    )
    status = EnumList("overall_status", metadata={"description": "Overall statuses."})
    phase = EnumList("phase", metadata={"description": "Phases (any of them)."})
    study_type = EnumList("study_type", metadata={"description": "Study types."})
    sex = fields.String(
        validate=validate.OneOf(enum_values("sex")),
        metadata={
            "description": "Trials open to this sex: FEMALE matches FEMALE and ALL trials "
            "(and trials that do not say)."
        },
    )
    age = Number(
        "age is a number of years, e.g. age=72.",
        validate=validate.Range(min=0, max=150),
        metadata={
            "description": "Age in years: trials whose age range includes it. A missing bound "
            "means no limit on that side.",
            "example": 72,
        },
    )
    healthy_volunteers = fields.Boolean(
        metadata={"description": "Whether the trial accepts healthy volunteers."}
    )
    country = fields.String(
        validate=[validate.Length(min=1, max=200), _known_country],
        metadata={
            "description": "Trials with a site in this country: an ISO 3166-1 code (`CN`, "
            "`CHN`) or a name (`China`, `South Korea`), case-insensitive. Two or three letters "
            "that are no ISO 3166-1 code are a 400 naming `country`.",
            "example": "CN",
        },
    )
    city = _words("Trials with a site in this city (case-insensitive).", "Hangzhou")
    near = fields.String(
        validate=validate.Regexp(
            r"^ *-?[0-9]{1,2}(\.[0-9]+)? *, *-?[0-9]{1,3}(\.[0-9]+)? *\Z",
            error="Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15.",
        ),
        metadata={
            "description": "`latitude,longitude`: trials with a site within `distance_km`. "
            "Latitude -90 to 90, longitude -180 to 180 (outside them: a 400 naming `near`).",
            "example": "30.27,120.15",
            # the syntax above and the range check below, as one pattern
            "pattern": r"^ *(-?(([0-9]|[0-8][0-9])(\.[0-9]+)?|90(\.0+)?)) *, *"
            r"(-?(([0-9]{1,2}|0[0-9]{2}|1[0-7][0-9])(\.[0-9]+)?|180(\.0+)?)) *$",
        },
    )
    distance_km = Number(
        "distance_km is a number of kilometres, e.g. distance_km=25.",
        validate=validate.Range(min=0.1, max=20000),
        metadata={
            "description": "Radius for `near`, in km (default 50); only with `near` (alone: "
            "a 400 naming `distance_km`)."
        },
    )
    start_from = _partial_date("Trials starting on or after this date.")
    start_to = _partial_date("Trials starting on or before this date (the whole period).")
    updated_since = _partial_date("Trials whose record was updated on or after this date.")

    @validates_schema
    def _check(self, data, **kwargs):
        if "distance_km" in data and "near" not in data:
            raise ValidationError("distance_km needs near.", field_name="distance_km")
        if "near" in data:
            lat, lon = (float(v) for v in data["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValidationError("Latitude or longitude out of range.", field_name="near")


class TrialQueryArgsSchema(PageArgsSchema, TrialFilterArgsSchema):
    """Query parameters of ``GET /v1/trials``; unknown parameters are a 400."""

    sort = fields.String(
        validate=validate.OneOf(SORTS),
        metadata={
            "description": "Order: `relevance` (the default with `q`; best first), or "
            "`last_update_posted` (`-last_update_posted`, newest first, is the default "
            "without `q`), `start_date`, `enrollment` or `nct_id`, each ascending or, with a "
            "leading `-`, descending. Trials that lack the value come last either way; ties "
            "are broken by NCT id, so paging is stable. `relevance` needs `q` (without: a "
            "400 naming `sort`)."
        },
    )
    count_total = fields.Boolean(
        load_default=False,
        metadata={"description": "Add `page.total`, the number of matching trials."},
    )
    fields_ = FieldList(
        SUMMARY_FIELDS, data_key="fields", metadata={"description": "Return only these fields."}
    )

    @validates_schema
    def _relevance_needs_q(self, data, **kwargs):
        if data.get("sort") == "relevance" and "q" not in data:
            raise ValidationError("sort=relevance needs q.", field_name="sort")


class TrialFieldsArgsSchema(Schema):
    fields_ = FieldList(
        DETAIL_FIELDS, data_key="fields", metadata={"description": "Return only these fields."}
    )
