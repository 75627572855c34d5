"""domain.compact_json: json.dumps's compact text, byte for byte, whoever writes it."""

from __future__ import annotations

import json

import pytest

from domain.compact_json import dumps, plain_float


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(
    "value",
    [
        {"name": "Zürich \u2028 \x7f \x00 \t", "codes": ["C16", "C16.9"], "broad": False},
        [[1, 2.5, None, "x"], {"n": -0.0}],
        [0.0001, 37.5, 1e15, 123456789.125],
        {"big": 2**70},  # past 64 bits: orjson refuses it
        ["lone \ud800 surrogate"],  # orjson refuses it
        {1: "a key that is no string"},  # orjson refuses it
    ],
)
def test_what_is_written_is_what_json_writes(value):
    assert dumps(value, floats_plain=True) == reference(value)


@pytest.mark.parametrize("number", [5e-05, 9.5e-05, 1.5e-300, float("nan"), float("inf")])
def test_a_float_orjson_writes_otherwise_is_not_plain_and_json_writes_it(number):
    assert not plain_float(number)
    assert dumps([number], floats_plain=False) == reference([number])


@pytest.mark.parametrize("number", [0.0, -0.0, 0.0001, 2.5, -7.25, 9.99e15])
def test_a_plain_float_is_written_alike_by_both(number):
    assert plain_float(number)
    assert dumps([number], floats_plain=True) == reference([number])
