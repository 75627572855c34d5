"""Filtered facet counts (``store.facet_answers.filtered_stats``) on a few hundred synthetic
trials: the same answer as counting each facet on its own, one unnest and GROUP BY per facet
over the matching trials (the statement /v1/stats ran before the combinations were grouped).
"""

from __future__ import annotations

import pytest
from sqlalchemy import Text, column, func, literal, select, union_all
from sqlalchemy.orm import Session

from schemas.trial_json import render_trial_json
from seed.load import facets, load_directory, refresh_facets
from store import facet_answers
from store import models as m
from store.filters import filter_key, trial_filters
from store.snapshots import shared_snapshot
from tests.support.databases import migrated_database
from tools.synth.documents import write_documents

ARRAYS = {
    "phase": "phases",
    "intervention_type": "intervention_types",
    "condition": "condition_names",
    "country": "country_names",
}


def reference_stats(session: Session, filters: dict) -> dict:
    """Each facet counted by its own GROUP BY over the matching trials."""
    t = m.Trial
    matching = (
        select(t.overall_status, t.study_type, *(getattr(t, name) for name in ARRAYS.values()))
        .where(*trial_filters(filters, every=True))
        .cte("matching")
    )
    total = select(literal("summary", Text), literal("total", Text), func.count())
    parts = [total.select_from(matching)]
    for facet in ("overall_status", "study_type"):
        value = matching.c[facet]
        parts.append(
            select(literal(facet, Text), value, func.count())
            .where(value.is_not(None))
            .group_by(value)
        )
    for facet, name in ARRAYS.items():
        value = func.unnest(matching.c[name]).table_valued("value").render_derived()
        v = column("value", Text)
        parts.append(
            select(literal(facet, Text), v, func.count())
            .select_from(matching)
            .join(value, literal(True))
            .group_by(v)
        )
    rows = session.execute(union_all(*parts)).all()
    return facet_answers.grouped(next(c for f, _, c in rows if f == "summary"), rows)


@pytest.fixture(scope="module")
def registry(tmp_path_factory, server_url):
    docs = tmp_path_factory.mktemp("synthetic")
    write_documents(docs, 300)
    with migrated_database(server_url, "trials_stats") as engine:
        report = load_directory(engine, docs, render=render_trial_json, workers=1)
        assert len(report.loaded) == 300 and not report.failed
        yield engine


def every_filter(facets: dict) -> list[dict]:
    """One filter for each value the registry-wide facets show (as /v1/stats?country=X
    passes it), each status with each phase, and a few combinations."""
    out: list[dict] = [{"country": f["value"]} for f in facets["country"]]
    out += [{"condition": f["value"]} for f in facets["condition"]]
    out += [{"intervention_type": [f["value"]]} for f in facets["intervention_type"]]
    out += [{"study_type": [f["value"]]} for f in facets["study_type"]]
    out += [
        {"status": [s["value"]], "phase": [p["value"]]}
        for s in facets["overall_status"]
        for p in facets["phase"]
    ]
    out += [
        {"status": ["RECRUITING", "COMPLETED"]},
        {"phase": ["PHASE2", "PHASE3"]},
        {"q": "cancer"},
        {"age": 60, "sex": "FEMALE"},
        {"near": "40.71,-74.01", "distance_km": 500.0},
        {"q": "no-such-word-anywhere"},
    ]
    return out


def test_filtered_counts_equal_each_facet_counted_on_its_own(registry):
    with Session(registry) as session:
        facets = reference_stats(session, {})
        assert facets["total"] == 300
        filters = every_filter(facets)
        assert len(filters) > 60
        nonempty = 0
        for f in filters:
            expected = reference_stats(session, f)
            assert facet_answers.filtered_stats(session, f) == expected, f
            nonempty += expected["total"] > 0
        assert nonempty > 40  # the filters do select trials
        assert reference_stats(session, {"q": "no-such-word-anywhere"})["total"] == 0


def enum_filters(facets: dict) -> list[dict]:
    """A filter for each value of the four enum facets, each status with each phase, filters
    of two values and of two facets, and one that matches no trial."""
    named = {"overall_status": "status", "phase": "phase", "study_type": "study_type",
             "intervention_type": "intervention_type"}  # fmt: skip
    out = [{name: [f["value"]]} for facet, name in named.items() for f in facets[facet]]
    out += [
        {"status": [s["value"]], "phase": [p["value"]]}
        for s in facets["overall_status"]
        for p in facets["phase"]
    ]
    return out + [
        {"status": ["RECRUITING", "COMPLETED"]},
        {"phase": ["PHASE2", "PHASE3"], "intervention_type": ["DRUG", "DEVICE"]},
        {"study_type": ["OBSERVATIONAL"], "phase": ["PHASE1"]},
        {"status": ["NO_SUCH_STATUS"]},
    ]


@pytest.mark.parametrize("top", [None, (3, 2)], ids=["top 20 and 50", "top 3 and 2"])
def test_enum_filters_counted_together_equal_each_counted_alone(registry, monkeypatch, top):
    with Session(registry) as session:
        combos = facet_answers.combinations(session)
        facets = reference_stats(session, {})
        assert facet_answers.combination_stats(combos, {}) == {
            **facets, "condition": [], "country": []
        }  # fmt: skip
        filters = enum_filters(facets)
        if top:  # few names kept: the cut falls inside ties of counts
            monkeypatch.setitem(facet_answers.TOP, "condition", 1000)
            everything = [facet_answers.filtered_stats(session, f) for f in filters]
            monkeypatch.setitem(facet_answers.TOP, "condition", top[0])
            monkeypatch.setitem(facet_answers.TOP, "country", top[1])
            cut = top[0]
            assert any(len(a["condition"]) > cut
                       and a["condition"][cut]["count"] == a["condition"][cut - 1]["count"]
                       for a in everything)  # fmt: skip
        together = facet_answers.decided_stats(session, combos, filters)
        alone = [facet_answers.filtered_stats(session, f) for f in filters]
        assert len(together) == len(filters) > 60
        for f, answer, expected in zip(filters, together, alone, strict=True):
            assert answer == expected, f
        assert sum(a["total"] > 0 for a in alone) > 40
        assert alone[-1]["total"] == 0 and together[-1]["condition"] == []
        assert facet_answers.decided_stats(session, combos, []) == []


def stored_recount(conn) -> tuple[list, dict]:
    """What a recount stored: the facet counts but the generation, the answers by filters."""
    counts = conn.execute(
        select(m.FacetCount.facet, m.FacetCount.value, m.FacetCount.count)
        .where(m.FacetCount.value != m.GENERATION)
        .order_by(m.FacetCount.facet, m.FacetCount.value)
    ).all()
    answers = dict(conn.execute(select(m.FacetAnswer.filters, m.FacetAnswer.answer)).all())
    return [tuple(row) for row in counts], answers


def test_a_recount_split_between_two_connections_stores_what_one_stores(registry, monkeypatch):
    """The counts split between two connections on one snapshot (as a sync and a load
    recount) store the rows one connection counting them all stores."""
    monkeypatch.setattr(facets, "COUNT_AHEAD_FROM", 5)  # countries and conditions too
    monkeypatch.setattr(facets, "ENUM_AHEAD_FROM", 20)
    with registry.connect() as conn:
        refresh_facets(conn)
        alone = stored_recount(conn)
        conn.rollback()
    with shared_snapshot(registry) as (conn, helper):
        refresh_facets(conn, helper=helper)
    with registry.connect() as conn:
        split = stored_recount(conn)
    assert split == alone
    counts, answers = split
    assert sum(1 for f, *_ in counts if f == "country") > 5
    assert any('"country"' in key for key in answers) and any(
        '"condition"' in key for key in answers
    )
    assert any('"status"' in key and '"phase"' in key for key in answers)
    assert len(answers) > 20
    with Session(registry) as session:  # and each is the answer counted live
        named = [{f: value} for f, value, _ in counts if f in ("country", "condition")]
        named += [{"status": ["RECRUITING"]}, {"phase": ["PHASE2"]}]
        checked = [f for f in named if filter_key(f) in answers]
        for filters in checked:
            assert answers[filter_key(filters)] == facet_answers.filtered_stats(session, filters)
        assert len(checked) > 10 and {"status": ["RECRUITING"]} in checked
