"""The fuzz run's float extremes (tests/fuzz/hooks.py): a valid number in a numeric input is
kept or swapped for an extreme the spec allows there; anything else is left as generated."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from hypothesis import find
from hypothesis.errors import NoSuchExample

from tests.fuzz import hooks


def ctx(method: str, path: str):
    return SimpleNamespace(operation=SimpleNamespace(method=method, path=path))


MATCH = ctx("POST", "/v1/match")


@pytest.mark.parametrize(
    ("body", "pick"),
    [
        ({"life_expectancy": {"value": 6, "unit": "months"}},
         lambda b: b["life_expectancy"]["value"] == 1.6e308),
        ({"labs": {"alt": {"value": 1, "uln": 40, "unit": "U/L"}}},
         lambda b: b["labs"]["alt"]["uln"] == 5e-324),
        ({"age": 54}, lambda b: b["age"] == 0 and math.copysign(1, b["age"]) < 0),
        ({"age": 54}, lambda b: b["age"] == 5e-324),
    ],
)  # fmt: skip
def test_valid_numbers_are_swapped_for_extremes_the_spec_allows(body, pick):
    found = find(hooks._with_extremes(MATCH, body, "body"), pick)
    assert pick(found)


@pytest.mark.parametrize(
    ("context", "container", "location"),
    [
        (MATCH, {"age": 500}, "body"),  # invalid: stays so
        (MATCH, {"age": 1e308}, "body"),  # past the maximum: no extreme is allowed
        (MATCH, {"age": "54"}, "body"),  # not a number
        (MATCH, [1, 2], "body"),
        (ctx("GET", "/v1/trials"), {"limit": 20}, "query"),  # 1..100: no extreme fits
        (ctx("GET", "/v1/enums"), {}, "query"),
    ],
)
def test_anything_else_is_left_as_generated(context, container, location):
    strategy = hooks._with_extremes(context, container, location)
    with pytest.raises(NoSuchExample):
        find(strategy, lambda value: value != container)


def test_the_query_of_the_trial_list_gets_extreme_ages():
    strategy = hooks._with_extremes(ctx("GET", "/v1/trials"), {"age": 72.0}, "query")
    assert find(strategy, lambda q: q["age"] == 5e-324) == {"age": 5e-324}


def test_schemathesis_draws_the_extremes_through_the_hooks():
    """The strategies schemathesis builds from openapi.yaml carry the hooks (registered when
    hooks.py loads, as `st run --config-file tests/fuzz/schemathesis.toml` loads it)."""
    import schemathesis
    from hypothesis import HealthCheck, settings

    from tests.support.paths import ROOT

    schema = schemathesis.openapi.from_path(str(ROOT / "openapi.yaml"))
    quick = settings(max_examples=5000, suppress_health_check=list(HealthCheck))
    case = find(
        schema["/v1/match"]["POST"].as_strategy(),
        lambda c: (
            isinstance(c.body, dict)
            and isinstance(c.body.get("life_expectancy"), dict)
            and c.body["life_expectancy"].get("value") == 1.6e308
        ),
        settings=quick,
    )
    assert case.body["life_expectancy"]["value"] == 1.6e308
    case = find(
        schema["/v1/stats"]["GET"].as_strategy(),
        lambda c: (c.query or {}).get("age") == 5e-324,
        settings=quick,
    )
    assert case.query["age"] == 5e-324
