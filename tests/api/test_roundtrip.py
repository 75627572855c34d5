"""What the parser reads is what the API serves: nothing lost or changed in storage."""

from __future__ import annotations

import pytest

from seed.parse import parse_document
from seed.records import to_dict
from tests.conftest import DOCUMENTS
from tests.factories import get_json


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_served_record_equals_parsed_record(client, seeded, path):
    parsed = to_dict(parse_document(path.name, path.read_bytes()))
    served = get_json(client, f"/v1/trials/{parsed['nct_id']}")
    assert served["source"].pop("loaded_at")
    if parsed["responsible_party"] is not None and not any(parsed["responsible_party"].values()):
        parsed["responsible_party"] = None
    for key in parsed:
        assert served[key] == parsed[key], key
    assert set(served) == set(parsed)
