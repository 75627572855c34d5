"""How a sync stays quick on a loaded registry: the whole-registry facet counts are recounted
once per run (not once per page), also for the pages a failed run stored; a page's batches are
stored by worker processes side by side with the same outcome as in one process."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select

import seed.load.job as job_module
import seed.load.sync as sync_module
from schemas.trial_json import render_trial_json
from seed.load.sync import sync
from seed.registry_api import Retry
from store import models as m
from tests.support.registry_server import UPDATED, Fault
from tests.support.registry_server import registry_server as registry_server  # fixture

pytestmark = pytest.mark.slow

SINCE = date(2000, 1, 1)
FAST = Retry(tries=3, backoff=0.01, max_backoff=0.05)


def _counted_trials(engine: Engine) -> int | None:
    """The trial count an unfiltered /v1/stats serves (``facet_counts``)."""
    with engine.connect() as conn:
        return conn.scalar(
            select(m.FacetCount.count).where(
                m.FacetCount.facet == "summary", m.FacetCount.value == "trials"
            )
        )


def _trials(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(m.Trial.nct_id).order_by(m.Trial.nct_id)))


@pytest.fixture
def recounts(monkeypatch) -> list[str]:
    """Who recounted the facets, each time they did."""
    calls: list[str] = []
    for name, module in (("sync", sync_module), ("store_items", job_module)):
        original = module.refresh_facets

        def counted(conn, name=name, original=original, **kwargs):
            calls.append(name)
            return original(conn, **kwargs)

        monkeypatch.setattr(module, "refresh_facets", counted)
    return calls


def test_the_facets_are_recounted_once_per_sync_not_per_page(
    fresh_engine, registry_server, recounts
):
    report = sync(fresh_engine, render=render_trial_json, base_url=registry_server.url,
                  since=SINCE, page_size=3, retry=FAST)  # fmt: skip

    assert (report.status, report.pages, report.loaded) == ("succeeded", 3, 7)
    assert recounts == ["sync"]
    assert _counted_trials(fresh_engine) == 7

    again = sync(fresh_engine, render=render_trial_json, base_url=registry_server.url,
                 since=SINCE, page_size=3, retry=FAST)  # fmt: skip
    assert (again.status, again.unchanged) == ("succeeded", 7)
    assert recounts == ["sync"]  # nothing changed: nothing to recount


def test_a_failed_sync_counts_the_pages_it_stored(fresh_engine, registry_server, recounts):
    registry_server.inject(*[Fault.status(503)] * 3, after=1)

    report = sync(fresh_engine, render=render_trial_json, base_url=registry_server.url,
                  since=SINCE, page_size=3, retry=FAST)  # fmt: skip

    assert (report.status, report.pages, report.loaded) == ("failed", 1, 3)
    assert _counted_trials(fresh_engine) == 3

    resumed = sync(fresh_engine, render=render_trial_json, base_url=registry_server.url,
                   page_size=3, retry=FAST)  # fmt: skip
    assert (resumed.status, resumed.loaded) == ("succeeded", 4)
    assert _counted_trials(fresh_engine) == 7
    assert recounts == ["sync", "sync"]


def test_a_page_stored_by_two_worker_processes_holds_what_one_process_stores(
    fresh_engine, registry_server, monkeypatch
):
    monkeypatch.setattr(sync_module, "BATCH_SIZE", 2)  # a page of 7: four batches

    report = sync(fresh_engine, render=render_trial_json, base_url=registry_server.url,
                  since=SINCE, page_size=7, retry=FAST, workers=2)  # fmt: skip

    assert (report.status, report.pages, report.loaded, report.failed) == ("succeeded", 1, 7, [])
    assert _trials(fresh_engine) == sorted(UPDATED)
    with fresh_engine.connect() as conn:
        statuses = set(conn.scalars(select(m.SourceDocument.status)))
        documents = conn.scalar(select(m.TrialJson.nct_id).limit(1))
    assert statuses == {"loaded"} and documents is not None
    assert _counted_trials(fresh_engine) == 7
