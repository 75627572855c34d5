"""What the parser reads is what the API serves: nothing lost or changed in storage.

``FIELDS`` is the table of what ``GET /v1/trials/{nct_id}`` serves from the parsed record: one
path per field, the same in the served JSON and in the record (``to_dict``; ``[]`` walks a
list, and below a null everything is null). The criterion facts and which criteria they come
from are compared with their golden files. A field served, or parsed, that no table names
fails ``test_the_tables_name_every_field``."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.records import to_dict
from seed.parse import parse_document
from tests.support.http import get_json
from tests.support.paths import DOCUMENTS, GOLDEN, GOLDEN_FACTS

FIELDS = (
    "nct_id",
    "aliases",
    "org_study_id",
    "organization.full_name",
    "organization.class",
    "secondary_ids",
    "brief_title",
    "official_title",
    "acronym",
    "overall_status",
    "last_known_status",
    "why_stopped",
    "has_results",
    "study_type",
    "phases",
    "enrollment.count",
    "enrollment.type",
    "design.allocation",
    "design.intervention_model",
    "design.masking",
    "design.who_masked",
    "design.primary_purpose",
    "design.observational_model",
    "design.time_perspective",
    "design.bio_spec_retention",
    "design.bio_spec_description",
    "design.target_duration",
    "dates.start.date",
    "dates.start.type",
    "dates.primary_completion.date",
    "dates.primary_completion.type",
    "dates.completion.date",
    "dates.completion.type",
    "dates.first_posted",
    "dates.last_update_posted",
    "dates.last_verified",
    "conditions",
    "keywords",
    "mesh_terms",
    "condition_meshes[].id",
    "condition_meshes[].term",
    "condition_ancestors[].id",
    "condition_ancestors[].term",
    "intervention_meshes[].id",
    "intervention_meshes[].term",
    "intervention_ancestors[].id",
    "intervention_ancestors[].term",
    "brief_summary",
    "detailed_description",
    "sponsors[].name",
    "sponsors[].role",
    "sponsors[].class",
    "responsible_party.type",
    "responsible_party.name",
    "responsible_party.title",
    "responsible_party.affiliation",
    "officials[].name",
    "officials[].degrees",
    "officials[].role",
    "officials[].affiliation",
    "contacts[].name",
    "contacts[].degrees",
    "contacts[].role",
    "contacts[].phone",
    "contacts[].phone_ext",
    "contacts[].email",
    "locations[].facility",
    "locations[].city",
    "locations[].state",
    "locations[].zip",
    "locations[].country",
    "locations[].status",
    "locations[].latitude",
    "locations[].longitude",
    "locations[].contacts[].name",
    "locations[].contacts[].degrees",
    "locations[].contacts[].role",
    "locations[].contacts[].phone",
    "locations[].contacts[].phone_ext",
    "locations[].contacts[].email",
    "locations[].investigators[].name",
    "locations[].investigators[].degrees",
    "locations[].investigators[].role",
    "references[].citation",
    "references[].pmid",
    "references[].type",
    "arms[].label",
    "arms[].type",
    "arms[].description",
    "arms[].interventions",
    "interventions[].name",
    "interventions[].type",
    "interventions[].description",
    "interventions[].other_names",
    "interventions[].arm_labels",
    "eligibility.minimum_age",
    "eligibility.maximum_age",
    "eligibility.minimum_age_years",
    "eligibility.maximum_age_years",
    "eligibility.sex",
    "eligibility.healthy_volunteers",
    "eligibility.std_ages",
    "eligibility.criteria_text",
    "eligibility.inclusion[].ordinal",
    "eligibility.inclusion[].text",
    "eligibility.inclusion[].section",
    "eligibility.exclusion[].ordinal",
    "eligibility.exclusion[].text",
    "eligibility.exclusion[].section",
    "eligibility.study_population",
    "eligibility.sampling_method",
    "outcomes[].measure",
    "outcomes[].type",
    "outcomes[].time_frame",
    "outcomes[].description",
    "source.document",
    "source.layout",
    "source.sha256",
)
# Served, but not a field of the parsed record: checked on their own below.
SERVED_ONLY = (
    "source.loaded_at",
    "eligibility.facts",
    "eligibility.inclusion[].understood",
    "eligibility.exclusion[].understood",
)
# Parsed, but not served: none (the registry formats' fields are served since issue 11).
NOT_SERVED: tuple[str, ...] = ()
SEEDS = sorted(DOCUMENTS.glob("*.txt"))
# The fields issue 11 added to the served record; tests/golden/served holds each seed's served
# body from before them, byte for byte (``loaded_at`` as LOADED_AT).
ADDED_IN_ISSUE_11 = (
    "aliases",
    "organization",
    "has_results",
    "condition_meshes",
    "condition_ancestors",
    "intervention_meshes",
    "intervention_ancestors",
    "design.bio_spec_retention",
    "design.bio_spec_description",
    "design.target_duration",
    "contacts[].phone_ext",
    "locations[].latitude",
    "locations[].longitude",
    "locations[].contacts[].phone_ext",
    "eligibility.study_population",
    "eligibility.sampling_method",
)


def at(data: Any, path: str) -> Any:
    """The value at ``path``: ``a.b`` is a key, ``a[].b`` that key in each item of list ``a``."""
    if data is None or not path:
        return data
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        return [at(item, rest) for item in data[head[:-2]]]
    return at(data[head], rest)


def paths(data: Any, prefix: str = "") -> set[str]:
    """The path of every value in ``data`` that is not a dict or a list of dicts."""
    if isinstance(data, dict):
        return set().union(*(paths(v, f"{prefix}.{k}" if prefix else k) for k, v in data.items()))
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return set().union(*(paths(item, f"{prefix}[]") for item in data))
    return {prefix}


def drop(data: Any, path: str) -> None:
    """Remove the key at ``path`` (``a[].b``: from each item of list ``a``)."""
    head, _, rest = path.partition(".")
    if not rest:
        del data[head]
    elif head.endswith("[]"):
        for item in data[head[:-2]]:
            drop(item, rest)
    else:
        drop(data[head], rest)


def named(path: str, table: tuple[str, ...]) -> bool:
    """Whether ``table`` names ``path``, a field above it, or (for a null or empty list) one
    below it."""
    return any(
        path == p or path.startswith((f"{p}.", f"{p}[]")) or p.startswith((f"{path}.", f"{path}[]"))
        for p in table
    )


def parsed(path) -> dict:
    return to_dict(parse_document(path.name, path.read_bytes()))


def golden_facts(path) -> list[dict]:
    return json.loads((GOLDEN_FACTS / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_served_record_equals_parsed_record(client, seeded, path):
    record = parsed(path)
    served = get_json(client, f"/v1/trials/{record['nct_id']}")
    for field in FIELDS:
        assert at(served, field) == at(record, field), field


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_served_facts_and_understood_criteria_are_the_golden_ones(client, seeded, path):
    facts = golden_facts(path)
    served = get_json(client, f"/v1/trials/{parsed(path)['nct_id']}")
    assert served["eligibility"]["facts"] == facts
    for kind in ("inclusion", "exclusion"):
        understood = [c["ordinal"] for c in served["eligibility"][kind] if c["understood"]]
        assert understood == sorted({f["ordinal"] for f in facts if f["list"] == kind}), kind
    loaded_at = datetime.fromisoformat(served["source"]["loaded_at"])
    assert loaded_at.tzinfo is not None and loaded_at <= datetime.now(UTC)


def test_the_tables_name_every_field(client, seeded):
    served, parsed_paths = set(), set()
    for path in SEEDS:
        record = parsed(path)
        served |= paths(get_json(client, f"/v1/trials/{record['nct_id']}"))
        parsed_paths |= paths(record)
    assert sorted(p for p in served if not named(p, FIELDS + SERVED_ONLY)) == []
    assert sorted(p for p in parsed_paths if not named(p, FIELDS + NOT_SERVED)) == []
    assert set(FIELDS) & set(NOT_SERVED) == set()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_served_seed_is_byte_identical_but_for_the_fields_added_since(client, seeded, path):
    body = client.get(f"/v1/trials/{parsed(path)['nct_id']}").get_data(as_text=True)
    served = json.loads(body)
    assert json.dumps(served, ensure_ascii=False, separators=(",", ":")) == body  # re-dump = bytes
    for field in ADDED_IN_ISSUE_11:
        drop(served, field)
    before = (GOLDEN / "served" / f"{path.stem}.json").read_text(encoding="utf-8").rstrip("\n")
    now = json.dumps(served, ensure_ascii=False, separators=(",", ":"))
    assert re.sub(r'"loaded_at":"[^"]*"', '"loaded_at":"LOADED_AT"', now) == before
