"""The served JSON the loader stores: rendered through TrialSchema compiled once
(schemas.dump), byte for byte what marshmallow's own dump gives, over every registry sample,
the seed pages and synthetic studies of both layouts and the API v2 format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from marshmallow import Schema, fields

from domain.eligibility.facts import extract_facts
from domain.records import FactRecord
from schemas.dump import compile_dump
from schemas.trial_json import render_trial_json, render_trial_json_marshmallow
from seed.parse import parse_source
from tests.support.paths import DOCUMENTS, REGISTRY, ROOT
from tools.synth.ctgov_json import study_bytes
from tools.synth.documents import generate
from tools.synth.studies import build_study

LOADED_AT = dt.datetime(2026, 11, 29, 8, 30, 15, 123456, tzinfo=dt.UTC)
SAMPLES = sorted(
    p
    for d in (ROOT / "seed" / "documents", REGISTRY)
    for p in d.rglob("*")
    if p.is_file() and p.suffix in (".json", ".xml", ".txt", ".md", "")
)


def records(name: str, data: bytes):
    return [r for r in parse_source(name, data) if hasattr(r, "nct_id")]


def test_every_sample_renders_byte_for_byte_as_marshmallow_dumps_it():
    rendered = 0
    for path in [*SAMPLES, *sorted(DOCUMENTS.iterdir())]:
        for rec in records(path.name, path.read_bytes()):
            facts = extract_facts(rec.eligibility)
            compiled = render_trial_json(rec, LOADED_AT, facts)
            assert compiled == render_trial_json_marshmallow(rec, LOADED_AT, facts), rec.nct_id
            rendered += 1
    assert rendered >= 60


def test_synthetic_studies_render_as_marshmallow_dumps_them():
    studies = [(f"{i}.json", study_bytes(build_study(i)[1])) for i in range(1, 201)]
    pages = [(name, text.encode()) for name, _, text in generate(100)]
    for name, data in studies + pages:
        for rec in records(name, data):
            facts = extract_facts(rec.eligibility)
            expected = render_trial_json_marshmallow(rec, LOADED_AT, facts)
            assert render_trial_json(rec, LOADED_AT, facts) == expected, rec.nct_id


def test_a_field_the_compiler_does_not_know_is_refused():
    class WithMethod(Schema):
        name = fields.Method("get_name")

        def get_name(self, obj):
            return "x"

    with pytest.raises(TypeError, match="not a field this compiler knows"):
        compile_dump(WithMethod())


def sample_record():
    path = next(p for p in SAMPLES if p.suffix == ".json")
    return records(path.name, path.read_bytes())[0]


@pytest.mark.parametrize(
    "number", [5e-05, 1.5e-07, float("nan"), float("inf"), 1e16, 0.0001, 37.5, -0.0, 1e15]
)
def test_a_float_renders_as_json_dumps_writes_it(number):
    # orjson writes most of the document; below 1e-4 it would write 0.00005 for 5e-05, and
    # null for NaN: such a document is written by json.dumps, as the reference writes it.
    rec = sample_record()
    aged = dataclasses.replace(
        rec, eligibility=dataclasses.replace(rec.eligibility, minimum_age_years=number)
    )
    fact = FactRecord("LAB", "inclusion", 1, "x", "REQUIRE", "GTE", "platelets", value=number)
    ranged = FactRecord("AGE", "inclusion", 1, "x", "REQUIRE", "RANGE", value=1, value_max=number)
    for case, facts in ((aged, ()), (rec, (fact,)), (rec, (ranged,))):
        body = render_trial_json(case, LOADED_AT, facts)
        assert body == render_trial_json_marshmallow(case, LOADED_AT, facts)
        assert json.dumps(number) in body


def test_text_orjson_refuses_renders_as_json_dumps_writes_it():
    rec = sample_record()
    odd = dataclasses.replace(rec, brief_title="lone \ud800 surrogate \x7f \u2028 \x00")
    body = render_trial_json(odd, LOADED_AT)
    assert body == render_trial_json_marshmallow(odd, LOADED_AT)
    assert '"lone \ud800 surrogate \x7f \u2028 \\u0000"' in body
