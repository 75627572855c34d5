"""``POST /v1/match``: a patient profile in, ranked trials with per-criterion verdicts out."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.eligibility.patient import HISTORY_FLAGS, LABS, TIMED_EVENTS
from domain.vocab import enum_values
from schemas.field_types import NCT_ID
from schemas.numbers import Number, WholeNumber

DEFAULT_STATUSES = ["RECRUITING", "NOT_YET_RECRUITING"]


class QuantitySchema(Schema):
    value = Number(
        'value is a number in the unit given as `unit`, e.g. {"value": 6, "unit": "months"}.',
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0),
        metadata={
            "description": "The amount, in `unit`. A value past the largest number this API "
            "computes with once converted to the field's canonical unit (1.6e308 years in "
            "months) is a 400 naming `<field>.value`."
        },
    )
    unit = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={
            "description": "Unit as written: `kg`, `lb`, `months`, `weeks`, `days`, `mg/day` "
            "... A unit that is unknown or of the wrong kind for the field is a 400 naming "
            "`<field>.unit`."
        },
    )


class LabValueSchema(QuantitySchema):
    unit = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=40),
        metadata={
            "description": "Unit as written (`/mm^3`, `×10^9/L`, `g/dL`, `g/L`, `mg/dL`, "
            "`µmol/L`, `U/L`, `mL/min`, `%`, `s`, `IU/mL`), `×ULN` for a multiple of the "
            "upper limit of normal, null for a ratio (INR). A unit that is unknown or of the "
            "wrong kind for the analyte is a 400 naming `labs.<analyte>.unit`."
        },
    )
    uln = Number(
        'uln is a number in the same unit as `value`, e.g. {"value": 80, "unit": "U/L", '
        '"uln": 40}.',
        allow_nan=False,
        validate=validate.Range(min=0, min_inclusive=False),
        metadata={
            "description": "The laboratory's upper limit of normal, in the same unit: lets "
            "criteria written as ×ULN be decided. So small that `value` ÷ `uln` overflows: a "
            "400 naming `labs.<analyte>.uln`."
        },
    )


def _labs_schema() -> type[Schema]:
    described = {
        "anc": "Absolute neutrophil count.",
        "wbc": "White blood cells.",
        "platelets": "Platelets.",
        "hemoglobin": "Hemoglobin.",
        "alt": "Alanine aminotransferase (SGPT).",
        "ast": "Aspartate aminotransferase (SGOT).",
        "bilirubin": "Total bilirubin.",
        "creatinine": "Serum creatinine.",
        "creatinine_clearance": "Creatinine clearance.",
        "lvef": "Left ventricular ejection fraction.",
        "inr": "International normalized ratio.",
        "aptt": "Activated partial thromboplastin time.",
        "hbv_dna": "Hepatitis B virus DNA.",
    }
    attrs = {
        name: fields.Nested(
            LabValueSchema, allow_none=True, metadata={"description": described.get(name, name)}
        )
        for name in LABS
    }
    return Schema.from_dict(attrs, name="LabsSchema")


LabsSchema = _labs_schema()
HistorySchema = Schema.from_dict(
    {name: fields.Boolean(allow_none=True) for name in HISTORY_FLAGS}, name="HistorySchema"
)
TimeSinceSchema = Schema.from_dict(
    {name: fields.Nested(QuantitySchema, allow_none=True) for name in TIMED_EVENTS},
    name="TimeSinceSchema",
)


class Her2Schema(Schema):
    status = fields.String(
        validate=validate.OneOf(["POSITIVE", "NEGATIVE"]),
        allow_none=True,
        metadata={"description": "Overall status as reported."},
    )
    ihc = fields.String(
        validate=validate.OneOf(["0", "1+", "2+", "3+"]),
        allow_none=True,
        metadata={"description": "Immunohistochemistry score."},
    )
    ish = fields.String(
        validate=validate.OneOf(["POSITIVE", "NEGATIVE"]),
        allow_none=True,
        metadata={"description": "In situ hybridisation (FISH/ISH) result."},
    )
    expression_percent = Number(
        'expression_percent is a number of percent, e.g. "expression_percent": 30.',
        allow_none=True,
        validate=validate.Range(min=0, max=100),
        metadata={"description": "Share of tumour cells expressing HER2."},
    )
    membrane = fields.String(
        validate=validate.OneOf(["POSITIVE", "NEGATIVE"]),
        allow_none=True,
        metadata={"description": "Cell-membrane expression."},
    )


EXAMPLE_PROFILE = {
    "age": 54,
    "sex": "FEMALE",
    "conditions": ["gastric cancer"],
    "ecog": 1,
    "life_expectancy": {"value": 6, "unit": "months"},
    "weight": {"value": 61, "unit": "kg"},
    "her2": {"ihc": "2+", "ish": "POSITIVE"},
    "labs": {
        "platelets": {"value": 120, "unit": "×10^9/L"},
        "hemoglobin": {"value": 105, "unit": "g/L"},
        "alt": {"value": 1.2, "unit": "×ULN"},
        "creatinine": {"value": 88, "unit": "µmol/L"},
    },
    "prior_therapy_lines": 2,
    "history": {"hiv": False, "pregnant": False, "peritoneal_metastases": True},
    "statuses": ["RECRUITING", "NOT_YET_RECRUITING"],
    "limit": 10,
}


class MatchRequestSchema(Schema):
    """A patient profile. Every field is optional: what is not given is unknown, never
    assumed. Unknown fields, labs, flags and units are 400s naming them."""

    age = Number(
        'age is a number of years, e.g. "age": 54.',
        allow_nan=False,
        validate=validate.Range(min=0, max=130),
    )
    sex = fields.String(validate=validate.OneOf(["FEMALE", "MALE"]))
    conditions = fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        validate=validate.Length(max=20),
        metadata={
            "description": "Conditions as text; a trial is a candidate when one of its "
            "conditions contains every word of one of these."
        },
    )
    ecog = WholeNumber(validate=validate.Range(min=0, max=5))
    karnofsky = WholeNumber(validate=validate.Range(min=0, max=100))
    life_expectancy = fields.Nested(QuantitySchema)
    weight = fields.Nested(QuantitySchema)
    her2 = fields.Nested(Her2Schema)
    labs = fields.Nested(LabsSchema)
    prior_therapy_lines = WholeNumber(
        validate=validate.Range(min=0, max=50),
        metadata={"description": "Lines of systemic therapy received (failed) so far."},
    )
    history = fields.Nested(
        HistorySchema,
        metadata={"description": "Yes/no flags; leave a flag out (or null) when unknown."},
    )
    time_since = fields.Nested(
        TimeSinceSchema,
        metadata={"description": "How long ago an event in `history` last happened."},
    )
    steroids = fields.Nested(
        QuantitySchema,
        metadata={"description": "Systemic corticosteroids, prednisone-equivalent daily dose."},
    )
    near = fields.String(
        validate=validate.Regexp(r"^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$"),
        metadata={"description": "`lat,lon`: only trials with a site nearby.", "example": "0,0"},
    )
    distance_km = Number(
        'distance_km is a number of kilometres, e.g. "distance_km": 25.',
        allow_nan=False,
        validate=validate.Range(min=0, max=20000, min_inclusive=False),
    )
    statuses = fields.List(
        fields.String(validate=validate.OneOf(enum_values("overall_status"))),
        load_default=lambda: list(DEFAULT_STATUSES),
        validate=validate.Length(min=1),
        metadata={"description": "Overall statuses to consider (default recruiting ones)."},
    )
    limit = WholeNumber(load_default=20, validate=validate.Range(min=1, max=100))


class CriterionVerdictSchema(Schema):
    list = fields.String(required=True, validate=validate.OneOf(["inclusion", "exclusion"]))
    ordinal = fields.Integer(required=True)
    text = fields.String(required=True, metadata={"description": "The criterion as written."})
    verdict = fields.String(
        required=True,
        validate=validate.OneOf(["MET", "NOT_MET", "UNKNOWN"]),
        metadata={
            "description": "MET: the patient satisfies it (an exclusion: is not excluded by "
            "it); NOT_MET: it rules the patient out; UNKNOWN: the profile does not decide it."
        },
    )
    reason = fields.String(
        required=True, metadata={"description": "The values compared, in the same unit."}
    )


class MatchCountsSchema(Schema):
    met = fields.Integer(required=True)
    not_met = fields.Integer(required=True)
    unknown = fields.Integer(required=True)


class TrialMatchSchema(Schema):
    nct_id = NCT_ID
    brief_title = fields.String(allow_none=True)
    overall_status = fields.String(allow_none=True)
    verdict = fields.String(
        required=True,
        validate=validate.OneOf(["ELIGIBLE", "POSSIBLY_ELIGIBLE", "INELIGIBLE"]),
        metadata={
            "description": "ELIGIBLE: every criterion decided and met; POSSIBLY_ELIGIBLE: "
            "nothing failed, something unknown; INELIGIBLE: some criterion failed."
        },
    )
    counts = fields.Nested(MatchCountsSchema, required=True)
    criteria = fields.List(fields.Nested(CriterionVerdictSchema), required=True)


class MatchMetaSchema(Schema):
    candidates = fields.Integer(
        required=True,
        metadata={"description": "Trials that passed the SQL pre-filter and were decided."},
    )
    truncated = fields.Boolean(
        required=True,
        metadata={
            "description": "More trials passed the pre-filter than are decided per request "
            "(the most recently updated are); narrow with `conditions` or `near`."
        },
    )
    limit = fields.Integer(required=True)


class MatchResponseSchema(Schema):
    data = fields.List(fields.Nested(TrialMatchSchema), required=True)
    meta = fields.Nested(MatchMetaSchema, required=True)


# What EXAMPLE_PROFILE gets from the seed trials (criteria abridged to five).
EXAMPLE_RESPONSE: dict = {
    "data": [
        {
            "nct_id": "NCT06224738",
            "brief_title": "Human HER2-targeted Macrophages Therapy for HER2-positive Advanced "
            "Gastric Cancer With Peritoneal Metastases",
            "overall_status": "NOT_YET_RECRUITING",
            "verdict": "POSSIBLY_ELIGIBLE",
            "counts": {"met": 14, "not_met": 0, "unknown": 17},
            "criteria": [
                {
                    "list": "inclusion",
                    "ordinal": 1,
                    "text": "age between 18 and 75 years (including borderline values), "
                    "male or female.",
                    "verdict": "MET",
                    "reason": "age 54 years within 18–75 years (between 18 and 75 "
                    "years); sex FEMALE is one of MALE, FEMALE",
                },
                {
                    "list": "inclusion",
                    "ordinal": 3,
                    "text": "histologically confirmed HER2-positive gastric cancer; "
                    "HER2-positive is defined as immunohistochemistry (IHC) 3+ "
                    "or (IHC) 2+ with in situ hybridization (ISH) +.",
                    "verdict": "MET",
                    "reason": "HER2 (ihc 2+, ish POSITIVE) positive as defined: ihc:3+ "
                    "or ihc:2+&ish:POSITIVE",
                },
                {
                    "list": "exclusion",
                    "ordinal": 5,
                    "text": "White blood cell count <3×10^9/L and platelet count <80×10^9/L.",
                    "verdict": "UNKNOWN",
                    "reason": "WBC not given in the profile; platelets 120 ×10^9/L not < "
                    "80 ×10^9/L (80×10^9/L)",
                },
                {
                    "list": "exclusion",
                    "ordinal": 8,
                    "text": "creatinine clearance <60 ml/min.",
                    "verdict": "UNKNOWN",
                    "reason": "creatinine clearance not given in the profile",
                },
                {
                    "list": "exclusion",
                    "ordinal": 11,
                    "text": "patients with infectious diseases including, but not "
                    "limited to: 1) known human immunodeficiency virus infection "
                    "or acquired immunodeficiency syndrome-related disease; 2) "
                    "known active liver disease, including hepatitis B and "
                    "hepatitis C; 3) active tuberculosis infection, who are on "
                    "anti-tuberculosis treatment or who have received "
                    "anti-tuberculosis treatment within 1 year prior to the "
                    "first dose of the study drug; 4) known syphilis infections "
                    "requiring treatment; and 5) Other infectious diseases that, "
                    "in the judgment of the investigator, make participation in "
                    "this study unsuitable.",
                    "verdict": "UNKNOWN",
                    "reason": "HIV: no; hepatitis B: not given in the profile; hepatitis "
                    "C: not given in the profile",
                },
            ],
        }
    ],
    "meta": {"candidates": 1, "truncated": False, "limit": 10},
}
