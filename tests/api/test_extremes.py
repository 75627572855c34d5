"""No 5xx for any number the spec allows: every numeric input of every operation (found in
openapi.yaml, see tests/support/spec_numbers.py) at the float extremes (1.8e308, 1e308,
1.6e308, 5e-324, -0.0 ...). Each answer is a correct one (2xx, finite JSON) or a clear 400
naming that input; a value the spec calls valid is refused only for a reason the spec states
(a quantity past a float once in its canonical unit)."""

from __future__ import annotations

import itertools
import json
import math
import urllib.parse

import pytest
import yaml

from domain import units
from tests.support.paths import ROOT
from tests.support.spec_numbers import EXTREMES, NumericInput, allows, numeric_inputs

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
INPUTS = numeric_inputs(SPEC)
# what another parameter needs to be there (the spec says so in words)
COMPANIONS = {"distance_km": {"near": "30.27,120.15"}}
# the 400s the spec documents for a value it calls valid (schemas/match.py's descriptions)
DOCUMENTED = ("is too large: in ", "is too small: value ÷ uln overflows.")


def test_the_spec_has_numbers_everywhere_we_know_of():
    found = {(i.path, i.dotted) for i in INPUTS}
    assert {("/v1/trials", "age"), ("/v1/trials", "limit"), ("/v1/stats", "distance_km"),
            ("/v1/match", "life_expectancy.value"), ("/v1/match", "labs.platelets.uln"),
            ("/v1/match", "time_since.vaccination.value")} <= found  # fmt: skip
    assert len(INPUTS) >= 45


# units larger than a quantity's canonical one, so that a conversion multiplies (1.6e308 years
# in months overflows): for each quantity, the first of these it converts from
LARGER_UNITS = ["year", "Mg", "g/day", "1e12/L", "g/mL", "kU/L", "g/dL", "L/min", "min", "IU/uL"]


def _quantity(path: tuple[str, ...]) -> str:
    """The domain.units quantity at ``path`` (``labs.alt``, ``time_since.vaccination``)."""
    return "duration" if path[0] == "time_since" else path[-1]


def units_for(item: NumericInput) -> list[str | None]:
    """The units to send beside the input: none unless it is a quantity's value (or ULN);
    then its canonical unit and, where there is one, a larger unit of the same kind."""
    *parent, leaf = item.name
    if leaf not in ("value", "uln"):
        return [None]
    name = _quantity(tuple(parent))
    canonical = units.canonical_unit(name)
    larger = [u for u in LARGER_UNITS if canonical and _factor(name, u) > 1][:1]
    return [canonical, *larger]


def _factor(name: str, unit: str) -> float:
    try:
        return units.to_canonical(name, 1, unit)
    except units.UnitError:
        return 0


def body_with(item: NumericInput, value: float, unit: str | None) -> dict:
    """A profile holding ``value`` at the input's place (with the value and unit a quantity
    needs beside it)."""
    *parent, leaf = item.name
    body: dict = {"statuses": ["NOT_YET_RECRUITING", "WITHDRAWN", "UNKNOWN"]}
    node = body
    for key in parent:
        node = node.setdefault(key, {})
    node[leaf] = value
    if leaf == "uln":
        node["value"] = 1
    if leaf in ("value", "uln"):
        node["unit"] = unit
    return body


def request(client, item: NumericInput, value: float, unit: str | None):
    path = item.path.replace("{nct_id}", "NCT02713984")
    if item.location == "query":
        query = {**COMPANIONS.get(item.name[0], {}), item.name[0]: _literal(item, value)}
        return client.open(f"{path}?{urllib.parse.urlencode(query)}", method=item.method)
    return client.open(path, method=item.method, json=body_with(item, value, unit))


def _literal(item: NumericInput, value: float) -> str:
    """How a query string writes ``value``: an integer parameter's whole value without a
    fraction (``0``, not ``-0.0``); anything else as Python writes the float."""
    if item.schema.get("type") == "integer" and math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value)


def _strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"{constant} in a JSON response")

    return json.loads(text, parse_constant=refuse)


def _named_parameters(body: dict) -> list[tuple[str, str]]:
    """(parameter, reason) of a 400: problem+json's ``invalid_params``, or a FHIR
    OperationOutcome's issues (``expression`` names the parameter, ``diagnostics`` says why)."""
    if body.get("resourceType") == "OperationOutcome":
        return [
            (i["expression"][0], i["diagnostics"]) for i in body["issue"] if i.get("expression")
        ]
    return [(p["name"], p["reason"]) for p in body["invalid_params"]]


@pytest.mark.parametrize("item", INPUTS, ids=lambda i: f"{i.method} {i.path} {i.dotted}")
def test_float_extremes_are_a_clear_400_or_a_correct_answer(client, seeded, item):
    for value, unit in itertools.product(EXTREMES, units_for(item)):
        response = request(client, item, value, unit)
        text = response.get_data(as_text=True)
        assert response.status_code in (200, 400), (value, unit, response.status_code, text[:500])
        if response.mimetype != "text/csv":
            body = _strict_json(text)
        if response.status_code == 400:
            named = _named_parameters(body)
            assert [name for name, _ in named] == [item.dotted], (value, unit, body)
            if allows(item.schema, value):  # valid by the spec: refused only as it says
                assert any(d in named[0][1] for d in DOCUMENTED), body
        else:  # invalid by the spec (past a bound, a fraction for an integer): never taken
            assert allows(item.schema, value), (value, unit, "accepted")
