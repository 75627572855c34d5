"""``store.filters.filter_key``: one key for the filters ``trial_filters`` answers alike, and
another for any that may answer otherwise (a kept /v1/stats answer is found by it)."""

from __future__ import annotations

from store.filters import filter_key


def test_the_same_filters_spelled_otherwise_have_one_key():
    assert filter_key({"status": ["RECRUITING", "COMPLETED"], "phase": ["PHASE2"]}) == filter_key(
        {"phase": ["PHASE2"], "status": ["COMPLETED", "RECRUITING", "COMPLETED"], "q": None}
    )
    us = filter_key({"country": "US"})
    assert us == filter_key({"country": "United States"}) == filter_key({"country": "usa"})
    assert us == '{"country":["united states","united states of america","usa"]}'


def test_other_filters_have_other_keys():
    keys = [
        filter_key(f)
        for f in (
            {},
            {"status": ["RECRUITING"]},
            {"status": ["RECRUITING", "COMPLETED"]},
            {"phase": ["RECRUITING"]},
            {"country": "China"},
            {"country": "Taiwan"},
            {"condition": "breast cancer"},
            {"condition": "cancer"},
            {"healthy_volunteers": False},
            {"healthy_volunteers": True},
            {"age": 60.0},
            {"age": 61.0},
            {"condition": "cancer", "status": ["RECRUITING"]},
        )
    ]
    assert len(set(keys)) == len(keys)
