"""``POST /v1/match`` refuses what it cannot use, naming the field: 400 problem+json."""

from __future__ import annotations

import pytest


def post(client, body, status=200):
    response = client.post("/v1/match", json=body)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


@pytest.mark.parametrize(
    ("body", "name", "reason"),
    [
        ({"blood_type": "A"}, "blood_type", "Unknown field."),
        ({"labs": {"ferritin": {"value": 1, "unit": "ng/mL"}}}, "labs.ferritin", "Unknown field."),
        ({"labs": {"platelets": {"value": 1, "unit": "furlongs"}}}, "labs.platelets.unit", None),
        ({"labs": {"hemoglobin": {"value": 9, "unit": "mL/min"}}}, "labs.hemoglobin.unit", None),
        ({"labs": {"platelets": {"value": -1, "unit": "/mm^3"}}}, "labs.platelets.value", None),
        ({"labs": {"platelets": {"unit": "/mm^3"}}}, "labs.platelets.value", None),
        ({"weight": {"value": 60, "unit": "stone-ish"}}, "weight.unit", None),
        ({"history": {"smallpox": True}}, "history.smallpox", "Unknown field."),
        ({"her2": {"ihc": "4+"}}, "her2.ihc", None),
        ({"sex": "OTHER"}, "sex", None),
        ({"age": -3}, "age", None),
        ({"ecog": 7}, "ecog", None),
        ({"statuses": ["RECRUTING"]}, "statuses", None),
        ({"limit": 0}, "limit", None),
        ({"near": "north"}, "near", None),
        (
            {"time_since": {"vaccination": {"value": 2, "unit": "kg"}}},
            "time_since.vaccination.unit",
            None,
        ),
    ],
)
def test_bad_profile_is_a_400_naming_the_field(client, body, name, reason):
    response = post(client, body, 400)
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400
    names = [p["name"] for p in problem["invalid_params"]]
    assert any(n == name or n.startswith(name + ".") for n in names), names
    if reason:
        found = next(p for p in problem["invalid_params"] if p["name"] == name)
        assert found["reason"].startswith(reason)
    assert name.split(".")[0] in problem["detail"]


def test_unknown_unit_reason_says_which_unit(client):
    response = post(client, {"labs": {"platelets": {"value": 1, "unit": "furlongs"}}}, 400)
    (param,) = response.get_json()["invalid_params"]
    assert "furlongs" in param["reason"]


def test_empty_profile_matches_with_everything_unknown(client, seeded):
    body = post(client, {"statuses": ["NOT_YET_RECRUITING"]}).get_json()
    assert body["meta"] == {"candidates": 3, "truncated": False, "limit": 20}
    ids = sorted(t["nct_id"] for t in body["data"])
    assert ids == ["NCT05681650", "NCT05745454", "NCT06224738"]
    for trial in body["data"]:
        assert trial["verdict"] in ("POSSIBLY_ELIGIBLE", "INELIGIBLE")
        assert trial["counts"]["met"] + trial["counts"]["unknown"] + trial["counts"][
            "not_met"
        ] == len(trial["criteria"])


@pytest.mark.parametrize(
    ("body", "name"),
    [
        # 1.6e308 years is more months than a float holds: a 400, not an OverflowError
        ({"life_expectancy": {"value": 1.6e308, "unit": "year"}}, "life_expectancy.value"),
        ({"weight": {"value": 1e308, "unit": "Mg"}}, "weight.value"),
        (
            {"time_since": {"vaccination": {"value": 1e308, "unit": "years"}}},
            "time_since.vaccination.value",
        ),
        (
            {"labs": {"platelets": {"value": 100, "unit": "×10^9/L", "uln": 5e-324}}},
            "labs.platelets.uln",
        ),
    ],
)
def test_a_value_that_overflows_its_unit_conversion_is_a_400(client, body, name):
    problem = post(client, body, 400).get_json()
    (param,) = problem["invalid_params"]
    assert param["name"] == name
    assert "too" in param["reason"]


def test_tiny_and_negative_zero_values_are_answered(client, seeded):
    body = {
        "life_expectancy": {"value": 5e-324, "unit": "year"},
        "weight": {"value": -0.0, "unit": "kg"},
        "labs": {"platelets": {"value": 5e-324, "unit": "×10^9/L", "uln": 5e-324}},
        "statuses": ["NOT_YET_RECRUITING"],
    }
    assert post(client, body).get_json()["meta"]["candidates"] == 3


LAB_NAMES = (
    "alt, anc, aptt, ast, bilirubin, creatinine, creatinine_clearance, hbv_dna, hemoglobin, "
    "inr, lvef, platelets, wbc"
)
LAB_SHAPE = '{"value": <number>, "unit": "<text>" | null, "uln": <number>}'


@pytest.mark.parametrize(
    ("body", "name", "reason"),
    [
        # an unknown name: the valid ones
        ({"labs": {"hb": {"value": 9, "unit": "g/dL"}}}, "labs.hb",
         f"Unknown field. Valid fields: {LAB_NAMES}."),
        ({"history": {"smoker": True}}, "history.smoker",
         "Unknown field. Valid fields: active_infection, autoimmune_disease, brain_metastases, "
         "breastfeeding, gilbert_syndrome, gvhd, hepatitis_b, hepatitis_c, hiv, "
         "liver_metastases, measurable_disease, organ_transplant, other_malignancy, "
         "other_trial, peritoneal_metastases, pregnant, systemic_steroids, vaccination."),
        ({"time_since": {"surgery": None}}, "time_since.surgery",
         "Unknown field. Valid fields: other_malignancy, other_trial, vaccination."),
        ({"blood_type": "A"}, "blood_type",
         "Unknown field. Valid fields: age, conditions, distance_km, ecog, her2, history, "
         "karnofsky, labs, life_expectancy, limit, near, prior_therapy_lines, sex, statuses, "
         "steroids, time_since, weight."),
        # a value of the wrong type: the shape expected
        ({"her2": "positive"}, "her2",
         'Invalid input type. Expected: {"status": "POSITIVE" | "NEGATIVE" | null, '
         '"ihc": "0" | "1+" | "2+" | "3+" | null, "ish": "POSITIVE" | "NEGATIVE" | null, '
         '"expression_percent": <number> | null, "membrane": "POSITIVE" | "NEGATIVE" | null}.'),
        ({"labs": {"platelets": 120}}, "labs.platelets",
         f"Invalid input type. Expected: {LAB_SHAPE} | null."),
        ({"labs": [120]}, "labs",
         f'Invalid input type. Expected: {{"<name>": {LAB_SHAPE} | null}} for each <name> of '
         f"{LAB_NAMES}."),
        ({"life_expectancy": "6 months"}, "life_expectancy",
         'Invalid input type. Expected: {"value": <number>, "unit": "<text>"}.'),
        ({"conditions": "gastric cancer"}, "conditions",
         'Not a valid list. Expected: ["<text>", ...].'),
        ([1], "body", "Invalid input type. Expected: a JSON object; /docs shows an example."),
        # a number with its unit, a number past a float's
        ({"age": "54 years"}, "age",
         "'54 years' is a number with a unit: give the number alone. age is a number of "
         'years, e.g. "age": 54.'),
        ({"ecog": 1.5}, "ecog", "Not a whole number: 1.5."),
        ({"limit": 5e-324}, "limit", "Not a whole number: 5e-324."),
        ({"weight": {"value": "61 kg", "unit": "kg"}}, "weight.value",
         "'61 kg' is a number with a unit: give the number alone. value is a number in the "
         'unit given as `unit`, e.g. {"value": 6, "unit": "months"}.'),
    ],
)  # fmt: skip
def test_match_errors_list_the_valid_names_and_show_the_shape(client, body, name, reason):
    assert post(client, body, 400).get_json()["invalid_params"] == [
        {"name": name, "reason": reason}
    ]
