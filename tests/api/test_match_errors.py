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
