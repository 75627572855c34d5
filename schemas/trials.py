"""Wire schemas for trials and their parts (arms, interventions, eligibility, outcomes ...)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.common import PageArgsSchema, PageMetaSchema
from seed.normalize import enum_values


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
    enrollment = fields.Nested(EnrollmentSchema, required=True)
    dates = fields.Nested(DatesSchema, required=True)
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
    enrollment = fields.Nested(EnrollmentSchema, required=True)
    design = fields.Nested(DesignSchema, required=True)
    dates = fields.Nested(DatesSchema, required=True)
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
    eligibility = fields.Nested(EligibilitySchema, required=True)
    outcomes = fields.List(fields.Nested(OutcomeSchema))
    source = fields.Nested(SourceSchema, required=True)


class TrialPageSchema(Schema):
    data = fields.List(fields.Nested(TrialSummarySchema), required=True)
    page = fields.Nested(PageMetaSchema, required=True)


class ArmListSchema(Schema):
    data = fields.List(fields.Nested(ArmSchema), required=True)


class InterventionListSchema(Schema):
    data = fields.List(fields.Nested(InterventionSchema), required=True)


class OutcomeListSchema(Schema):
    data = fields.List(fields.Nested(OutcomeSchema), required=True)


class TrialQueryArgsSchema(PageArgsSchema):
    """Query parameters of ``GET /v1/trials``; unknown parameters are a 400."""
