"""Wire schemas of a trial record and its parts (arms, interventions, eligibility, outcomes
...), and of the pages and lists that serve them. Query parameters: ``schemas.trial_args``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocab import EXTRA_ENUMS
from schemas.common import PageMetaSchema
from schemas.eligibility import EligibilitySchema
from schemas.field_types import NCT_ID, PARTIAL_DATE, enum_field, enum_list_field, text_field


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
    first_posted = text_field(PARTIAL_DATE, "2016-03-21")
    last_update_posted = text_field(PARTIAL_DATE, "2020-03-19")
    last_verified = text_field(PARTIAL_DATE, "2020-03")


class EnrollmentSchema(Schema):
    count = fields.Integer(allow_none=True, metadata={"description": "Participants."})
    type = fields.String(
        allow_none=True,
        validate=validate.OneOf(["ACTUAL", "ESTIMATED"]),
        metadata={"description": "Actual or estimated enrollment; null if not said."},
    )


class DesignSchema(Schema):
    allocation = enum_field("allocation", "How participants are assigned to arms.")
    intervention_model = enum_field("intervention_model", "The interventional study model.")
    masking = enum_field("masking", "Who does not know which intervention a participant gets.")
    who_masked = enum_list_field("who_masked", "The masked parties.")
    primary_purpose = enum_field("primary_purpose", "Main reason for the study.")
    observational_model = enum_field("observational_model", "Observational study model.")
    time_perspective = enum_field("time_perspective", "Observational time perspective.")
    bio_spec_retention = enum_field(
        "bio_spec_retention", "Observational: whether biospecimens are kept, with DNA or without."
    )
    bio_spec_description = text_field("Observational: the biospecimens kept, as written.")
    target_duration = text_field("Observational: how long participants are followed.", "6 Months")


class SponsorSchema(Schema):
    name = fields.String(required=True, metadata={"description": "Organisation or person."})
    role = fields.String(
        allow_none=True,
        validate=validate.OneOf(["LEAD", "COLLABORATOR"]),
        metadata={"description": "Lead sponsor or collaborator."},
    )
    class_ = enum_field("sponsor_class", "Agency class.", data_key="class")


class ResponsiblePartySchema(Schema):
    type = enum_field("responsible_party_type", "Kind of responsible party; null if not said.")
    name = text_field("Name.")
    title = text_field("Job title.")
    affiliation = text_field("Organisation.")


class OfficialSchema(Schema):
    name = fields.String(required=True, metadata={"description": "Name without degrees."})
    degrees = text_field("Degrees as written.", "MD,PhD")
    role = enum_field("official_role", "Role in the study.")
    affiliation = text_field("Organisation.")


class ContactSchema(Schema):
    name = text_field("Name without degrees.")
    degrees = text_field("Degrees as written.")
    role = text_field("CONTACT or BACKUP.")
    phone = text_field("Phone number as written.")
    phone_ext = text_field("Phone extension, as written.", "1234")
    email = text_field("E-mail address.")


class InvestigatorSchema(Schema):
    name = fields.String(required=True)
    degrees = text_field("Degrees as written.")
    role = enum_field("official_role", "Role at the site.")


class LocationSchema(Schema):
    facility = text_field("Site name.")
    city = text_field("City.")
    state = text_field("State, province or region.")
    zip = text_field("Postal code.")
    country = text_field("Country.")
    status = enum_field("overall_status", "Recruitment status at this site.")
    contacts = fields.List(fields.Nested(ContactSchema))
    investigators = fields.List(fields.Nested(InvestigatorSchema))
    latitude = fields.Float(
        allow_none=True,
        metadata={
            "description": "The site's latitude as the registry records it (its geoPoint); "
            "null when the record gives none. `near=` also places sites the registry does "
            "not, by city.",
            "example": 30.27,
        },
    )
    longitude = fields.Float(
        allow_none=True,
        metadata={"description": "The site's longitude, as `latitude`.", "example": 120.15},
    )


class ReferenceSchema(Schema):
    citation = fields.String(required=True)
    pmid = text_field("PubMed id.", "31570753")
    type = enum_field("reference_type", "Background, result or derived publication.")


class ArmSchema(Schema):
    label = fields.String(required=True, metadata={"description": "Arm or group label."})
    type = enum_field("arm_type", "Arm type; null for observational cohorts.")
    description = text_field("What participants in this arm receive.")
    interventions = fields.List(
        fields.String(), metadata={"description": "Names of the interventions this arm uses."}
    )


class InterventionSchema(Schema):
    name = fields.String(required=True)
    type = enum_field("intervention_type", "Intervention type.")
    description = text_field("How it is given.")
    other_names = fields.List(fields.String(), metadata={"description": "Synonyms and codes."})
    arm_labels = fields.List(
        fields.String(), metadata={"description": "Labels of the arms that use it."}
    )


class OutcomeSchema(Schema):
    type = enum_field(
        "outcome_type", "Primary, secondary or other; null when the record does not say."
    )
    measure = fields.String(required=True)
    time_frame = text_field("When it is measured.")
    description = text_field("How it is measured.")


class SourceSchema(Schema):
    document = fields.String(
        required=True,
        metadata={
            "description": "Source document name (a ZIP member as `archive.zip!/member`).",
        },
    )
    layout = fields.String(
        required=True,
        validate=validate.OneOf(EXTRA_ENUMS["source_layout"]),
        metadata={
            "description": "The document's format: a page layout (`classic`, `modern`) or the "
            "registry's API v2 JSON (`ctgov-json`) or legacy XML (`ctgov-xml`)."
        },
    )
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 of its bytes."})
    loaded_at = fields.DateTime(required=True, metadata={"description": "When it was loaded."})


class MeshSchema(Schema):
    """A MeSH descriptor, as the registry's derived browse modules give it."""

    id = fields.String(
        allow_none=True,
        metadata={
            "description": "MeSH descriptor id; null when the source names the term only "
            "(legacy XML).",
            "example": "D000003550",
        },
    )
    term = fields.String(
        required=True, metadata={"description": "Descriptor name.", "example": "Cystic Fibrosis"}
    )


class OrganizationSchema(Schema):
    full_name = fields.String(
        required=True, metadata={"description": "The organization that registered the study."}
    )
    class_ = enum_field("sponsor_class", "Agency class.", data_key="class")


class TrialSummarySchema(Schema):
    nct_id = NCT_ID
    brief_title = text_field("Short title.")
    overall_status = enum_field("overall_status", "Overall recruitment status.")
    phases = enum_list_field("phase", "Phases (several for e.g. phase 1/2 trials).")
    study_type = enum_field("study_type", "Interventional, observational or expanded access.")
    conditions = fields.List(fields.String(), metadata={"description": "Conditions studied."})
    # Not `required`: `fields=` may leave any of them out (only nct_id is always there).
    enrollment = fields.Nested(EnrollmentSchema)
    dates = fields.Nested(DatesSchema)
    minimum_age_years = fields.Float(allow_none=True, metadata={"description": "Null: no limit."})
    maximum_age_years = fields.Float(allow_none=True, metadata={"description": "Null: no limit."})
    sex = enum_field("sex", "Sexes eligible.")


class TrialSchema(Schema):
    nct_id = NCT_ID
    aliases = fields.List(
        fields.String(),
        metadata={
            "description": "Older NCT ids of the same study; `GET /v1/trials/{alias}` "
            "redirects here."
        },
    )
    org_study_id = text_field("The sponsor's own study id.")
    organization = fields.Nested(
        OrganizationSchema,
        allow_none=True,
        metadata={"description": "The organization responsible for the record."},
    )
    secondary_ids = fields.List(fields.String())
    brief_title = text_field("Short title.")
    official_title = text_field("Full title.")
    acronym = text_field("Acronym.")
    overall_status = enum_field("overall_status", "Overall recruitment status.")
    last_known_status = enum_field(
        "overall_status", "For UNKNOWN status: the last status reported."
    )
    why_stopped = text_field("Why a withdrawn, terminated or suspended trial stopped.")
    has_results = fields.Boolean(
        allow_none=True,
        metadata={
            "description": "Whether results are posted on ClinicalTrials.gov; null when the "
            "source does not say."
        },
    )
    study_type = enum_field("study_type", "Interventional, observational or expanded access.")
    phases = enum_list_field("phase", "Phases.")
    # Not `required`: `fields=` may leave any of them out (only nct_id is always there).
    enrollment = fields.Nested(EnrollmentSchema)
    design = fields.Nested(DesignSchema)
    dates = fields.Nested(DatesSchema)
    conditions = fields.List(fields.String())
    keywords = fields.List(fields.String())
    mesh_terms = fields.List(fields.String())
    condition_meshes = fields.List(
        fields.Nested(MeshSchema),
        metadata={"description": "MeSH descriptors of the conditions."},
    )
    condition_ancestors = fields.List(
        fields.Nested(MeshSchema),
        metadata={"description": "Their ancestors in the MeSH tree."},
    )
    intervention_meshes = fields.List(
        fields.Nested(MeshSchema),
        metadata={"description": "MeSH descriptors of the interventions."},
    )
    intervention_ancestors = fields.List(
        fields.Nested(MeshSchema),
        metadata={"description": "Their ancestors in the MeSH tree."},
    )
    brief_summary = text_field("Brief summary.")
    detailed_description = text_field("Detailed description.")
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


SUMMARY_FIELDS = list(TrialSummarySchema().fields)
DETAIL_FIELDS = list(TrialSchema().fields)
