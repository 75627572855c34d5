"""The parser's records: frozen values whose ``__init__`` is the dataclass's, only faster."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

import domain.records as records
from domain.records import CriterionRecord, FactRecord, SourceRecord, TrialRecord

RECORDS = [
    cls for cls in vars(records).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_signature_is_the_fields_with_their_defaults(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        if f.default is not dataclasses.MISSING:
            assert p.default == f.default
        elif f.default_factory is dataclasses.MISSING:
            assert p.default is inspect.Parameter.empty


def test_values_are_stored_and_stay_frozen():
    fact = FactRecord("LAB", "inclusion", 3, "ANC >= 1.5", "REQUIRE", "GTE", name="anc", value=1.5)
    assert (fact.kind, fact.list, fact.ordinal, fact.name, fact.value) == (
        "LAB", "inclusion", 3, "anc", 1.5,
    )  # fmt: skip
    assert fact.values == () and fact.alternative == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.value = 2.0  # type: ignore[misc]
    assert fact == dataclasses.replace(fact) and hash(fact) == hash(dataclasses.replace(fact))


def test_factories_make_a_value_per_record_unless_one_is_given():
    source = SourceRecord("a.json", "json", "0" * 64)
    trial = TrialRecord("NCT00000001", source)
    assert trial.eligibility == records.EligibilityRecord()
    assert trial.design == records.DesignRecord()
    given = records.EligibilityRecord(minimum_age="18 Years")
    assert TrialRecord("NCT00000001", source, eligibility=given).eligibility is given


def test_a_missing_or_unknown_argument_is_refused_as_the_dataclass_would():
    with pytest.raises(TypeError, match="text"):
        CriterionRecord(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="colour"):
        CriterionRecord(1, "x", colour="red")  # type: ignore[call-arg]
