"""seed.load.precedence: which source of a study holds its trial (pure), and the record a
superseded source keeps (seed.load.payload) coming back whole."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from seed.load.payload import decode_record, encode_record
from seed.load.precedence import Candidate, decide
from seed.parse import parse_source
from tests.support.paths import DOCUMENTS, REGISTRY

D1, D2 = dt.date(2023, 5, 1), dt.date(2024, 1, 2)


def cand(id_, name, fmt="ctgov-json", date=D1, run=1, available=True) -> Candidate:
    return Candidate(id_, name, fmt, date, run, available)


def test_the_later_last_update_wins():
    d = decide("NCT01234567", [cand(1, "a.json", date=D1), cand(2, "b.txt", "classic", D2)])
    assert d.winner.name == "b.txt"
    assert d.superseded == [
        (cand(1, "a.json"), "NCT01234567 is current from b.txt: last update 2024-01-02, "
         "this one 2023-05-01"),
    ]  # fmt: skip
    assert d.waiting == []


def test_a_known_date_wins_over_none():
    d = decide("NCT01234567", [cand(1, "a.json", date=None), cand(2, "b.json", date=D1)])
    assert d.winner.name == "b.json"
    assert d.superseded[0][1].endswith("last update 2023-05-01, this one unknown")


@pytest.mark.parametrize("page", ["classic", "modern"])
@pytest.mark.parametrize("structured", ["ctgov-json", "ctgov-xml"])
def test_on_a_tie_the_registry_format_wins_over_a_page_loaded_earlier(page, structured):
    d = decide("NCT01234567", [cand(1, "p.txt", page, run=1), cand(2, "r", structured, run=9)])
    assert d.winner.name == "r"
    assert d.superseded[0][1] == (
        "NCT01234567 is current from r: last update 2023-05-01 for both, and the registry's "
        f"own format ({structured}) comes before a page rendering ({page})"
    )


def test_then_the_source_loaded_first_and_in_one_run_the_first_name():
    d = decide("NCT01234567", [cand(1, "z.json", run=1), cand(2, "a.json", run=2)])
    assert d.winner.name == "z.json"
    d = decide("NCT01234567", [cand(1, "z.json", "ctgov-xml", run=3), cand(2, "a.json", run=3)])
    assert d.winner.name == "a.json"
    assert d.superseded[0][1] == (
        "NCT01234567 is current from a.json: last update 2023-05-01 for both, both are in "
        "the registry's own formats, and it was loaded first"
    )


def test_a_better_source_whose_record_is_not_at_hand_waits():
    best = cand(1, "best.json", date=D2, available=False)
    d = decide("NCT01234567", [best, cand(2, "next.json"), cand(3, "last.json", date=None)])
    assert d.winner.name == "next.json"
    assert [c.name for c, _ in d.waiting] == ["best.json"]
    assert d.waiting[0][1] == (
        "NCT01234567 should be current from this source, but its record was not kept: it is "
        "read again on the next run over its file (next.json holds it meanwhile)"
    )
    assert [c.name for c, _ in d.superseded] == ["last.json"]
    nobody = decide("NCT01234567", [best])
    assert nobody.winner is None and [c.name for c, _ in nobody.waiting] == ["best.json"]


def _records():
    for path in [*DOCUMENTS.iterdir(), *(REGISTRY / "json").glob("NCT*"),
                 *(REGISTRY / "xml").glob("NCT*")]:  # fmt: skip
        yield from parse_source(path.name, path.read_bytes())


def test_a_kept_record_comes_back_equal_through_json():
    records = list(_records())
    assert len(records) == 69
    for record in records:
        assert decode_record(json.loads(json.dumps(encode_record(record)))) == record
