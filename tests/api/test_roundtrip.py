"""What the parser reads is what the API serves: nothing lost or changed in storage."""

from __future__ import annotations

import pytest

from seed.criteria import extract_facts
from seed.parse import parse_document
from seed.records import to_dict
from tests.support.http import get_json
from tests.support.paths import DOCUMENTS


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_served_record_equals_parsed_record(client, seeded, path):
    record = parse_document(path.name, path.read_bytes())
    parsed = to_dict(record)
    served = get_json(client, f"/v1/trials/{parsed['nct_id']}")
    assert served["source"].pop("loaded_at")
    facts = extract_facts(record.eligibility)
    assert served["eligibility"].pop("facts") == [to_dict(f) for f in facts]
    understood = {(f.list, f.ordinal) for f in facts}
    for kind in ("inclusion", "exclusion"):
        for criterion in served["eligibility"][kind]:
            assert criterion.pop("understood") is ((kind, criterion["ordinal"]) in understood)
    if parsed["responsible_party"] is not None and not any(parsed["responsible_party"].values()):
        parsed["responsible_party"] = None
    for key in parsed:
        assert served[key] == parsed[key], key
    assert set(served) == set(parsed)
