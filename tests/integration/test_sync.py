"""``python -m seed sync`` against a real HTTP server on the loopback that plays the registry
(tests/support/registry_server.py), on a database of its own: paging, resuming after a kill,
retries, retries exhausted, a changed study, a moved study, empty pages, /v1/version."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session

from schemas.trial_json import render_trial_json
from seed.load import facets, load_directory
from seed.load.sync import sync
from seed.load.sync_runs import SyncError, SyncReport
from seed.registry_api import Retry
from store import models as m
from store.facet_answers import filtered_stats
from store.filters import filter_key
from store.locks import SYNC_LOCK_KEY, advisory_lock
from tests.support.apps import app_under_test
from tests.support.databases import libpq_url, load_seeds
from tests.support.http import get_json
from tests.support.paths import ROOT
from tests.support.registry_server import (
    STUDIES,
    UPDATED,
    Fault,
    RegistryServer,
    load_studies,
    nct_id_of,
)
from tests.support.registry_server import registry_server as registry_server  # fixture

pytestmark = pytest.mark.slow

SINCE = date(2000, 1, 1)
DATA_DATE = date(2024, 5, 17)  # the server's dataTimestamp, 2024-05-17T09:00:03
FAST = Retry(tries=3, backoff=0.01, max_backoff=0.05)


def _sync(engine: Engine, server: RegistryServer, **kwargs) -> SyncReport:
    kwargs.setdefault("page_size", 3)
    kwargs.setdefault("retry", FAST)
    return sync(engine, render=render_trial_json, base_url=server.url, **kwargs)


def _trials(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(m.Trial.nct_id).order_by(m.Trial.nct_id)))


def _runs(engine: Engine) -> list[m.SyncRun]:
    with Session(engine) as session:
        return list(session.scalars(select(m.SyncRun).order_by(m.SyncRun.id)))


def _title(engine: Engine, nct_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(select(m.Trial.brief_title).where(m.Trial.nct_id == nct_id))


def _tokens(server: RegistryServer) -> list[str | None]:
    """The page token of each request for studies (``None``: the first page)."""
    return [r.params.get("pageToken") for r in server.seen()]


def _study(nct_id: str) -> dict[str, Any]:
    return copy.deepcopy(next(s for s in load_studies() if nct_id_of(s) == nct_id))


def _updated(study: dict[str, Any], when: str, title: str) -> dict[str, Any]:
    """The study as the registry holds it after an update posted on ``when``."""
    changed = copy.deepcopy(study)
    status = changed["protocolSection"]["statusModule"]
    status["lastUpdatePostDateStruct"] = {"date": when, "type": "ACTUAL"}
    changed["protocolSection"]["identificationModule"]["briefTitle"] = title
    return changed


# --------------------------------------------------------------------------- paging


def test_a_sync_stores_every_changed_study_page_by_page(fresh_engine, registry_server):
    report = _sync(fresh_engine, registry_server, since=SINCE)

    assert (report.status, report.resumed, report.error) == ("succeeded", False, None)
    assert (report.pages, report.studies, report.loaded, report.unchanged) == (3, 7, 7, 0)
    assert report.failed == [] and report.moved == []
    assert report.next_since == DATA_DATE
    assert _trials(fresh_engine) == sorted(UPDATED)
    S = m.SourceDocument
    with fresh_engine.connect() as conn:
        sources = conn.execute(
            select(S.name, S.origin, S.container, S.format, S.status).order_by(S.name)
        ).all()
    assert sources == [
        (f"ctgov-api!/{nct_id}", "sync", None, "ctgov-json", "loaded") for nct_id in sorted(UPDATED)
    ]
    [run] = _runs(fresh_engine)
    assert (run.status, run.since, run.page_token, run.last_error) == (
        "succeeded", SINCE, None, None,
    )  # fmt: skip
    assert run.data_timestamp == datetime(2024, 5, 17, 9, 0, 3, tzinfo=UTC)
    assert (run.pages, run.studies, run.loaded, run.unchanged, run.failed) == (3, 7, 7, 0, 0)
    assert (run.total, run.attempts) == (7, 1)
    assert run.finished_at is not None
    pages = registry_server.seen()
    assert len(pages) == 3
    assert {r.params["filter.advanced"] for r in pages} == {
        "AREA[LastUpdatePostDate]RANGE[2000-01-01,MAX]"
    }
    assert [r.path for r in registry_server.requests][0] == "/api/v2/version"


def test_the_next_sync_asks_for_the_changes_since_the_data_date(fresh_engine, registry_server):
    _sync(fresh_engine, registry_server, since=SINCE)

    again = _sync(fresh_engine, registry_server)

    assert (again.status, again.since, again.pages, again.studies) == (
        "succeeded", DATA_DATE, 1, 0,
    )  # fmt: skip
    assert registry_server.seen()[-1].params["filter.advanced"] == (
        "AREA[LastUpdatePostDate]RANGE[2024-05-17,MAX]"
    )
    assert [run.since for run in _runs(fresh_engine)] == [SINCE, DATA_DATE]
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_the_same_changes_fetched_again_are_left_unchanged(fresh_engine, registry_server):
    _sync(fresh_engine, registry_server, since=SINCE)

    again = _sync(fresh_engine, registry_server, since=SINCE)

    assert (again.loaded, again.unchanged, again.studies) == (0, 7, 7)
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_the_first_sync_after_an_import_asks_since_the_latest_update(fresh_engine):
    load_seeds(fresh_engine)  # the five seed documents: the latest last update is 2024-01-25
    with RegistryServer(load_studies()) as server:
        report = _sync(fresh_engine, server)

    assert (report.since, report.status, report.studies) == (date(2024, 1, 25), "succeeded", 0)


def test_the_first_sync_of_an_empty_database_needs_a_date(fresh_engine, registry_server):
    with pytest.raises(SyncError, match="pass --since DATE"):
        _sync(fresh_engine, registry_server)

    assert _runs(fresh_engine) == []
    assert registry_server.requests == []


def test_empty_pages_in_the_middle_and_at_the_end_are_tolerated(fresh_engine):
    with RegistryServer(load_studies(), empty_last_page=True) as server:
        server.inject(Fault.empty(), after=1)

        report = _sync(fresh_engine, server, since=SINCE)

    assert (report.status, report.pages, report.studies, report.loaded) == ("succeeded", 5, 7, 7)
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_a_broken_study_is_reported_by_nct_id_and_the_rest_are_applied(fresh_engine):
    broken = _study("NCT03418623")
    broken["protocolSection"]["identificationModule"]["briefTitle"] = ["not", "a", "string"]
    studies = [broken if nct_id_of(s) == "NCT03418623" else s for s in load_studies()]
    with RegistryServer(studies) as server:
        report = _sync(fresh_engine, server, since=SINCE)

    assert report.status == "succeeded"
    assert report.failed == [
        (
            "ctgov-api!/NCT03418623",
            "protocolSection.identificationModule.briefTitle: expected a string, got an array",
        )
    ]
    assert _trials(fresh_engine) == sorted(set(UPDATED) - {"NCT03418623"})
    [run] = _runs(fresh_engine)
    assert (run.studies, run.loaded, run.failed) == (7, 6, 1)


# --------------------------------------------------------------------------- resuming


def _run_cli(engine: Engine, *args: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=libpq_url(engine.url.render_as_string(False)))
    return subprocess.Popen(
        [sys.executable, "-m", "seed", "sync", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,
    )  # fmt: skip


def _wait_for_pages(engine: Engine, pages: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        with engine.connect() as conn:
            if conn.scalar(select(func.max(m.SyncRun.pages))) == pages:
                return
        time.sleep(0.05)
    raise AssertionError(f"the sync did not store {pages} pages in 60 s")


def test_a_sync_killed_half_way_resumes_from_its_cursor(fresh_engine, registry_server):
    registry_server.inject(Fault.slow(60), after=1)  # the second page hangs
    base = ["--base-url", registry_server.url, "--page-size", "3"]
    first = _run_cli(fresh_engine, "--since", "2000-01-01", *base)
    try:
        _wait_for_pages(fresh_engine, 1, first)
        while len(registry_server.seen()) < 2:  # it is waiting for the second page
            time.sleep(0.05)
    finally:
        first.kill()
        first.communicate()
    assert first.returncode == -9
    assert _trials(fresh_engine) == sorted(UPDATED[:3])
    [killed] = _runs(fresh_engine)
    assert (killed.status, killed.pages, killed.finished_at) == ("running", 1, None)
    assert killed.page_token == _tokens(registry_server)[1]

    second = _run_cli(fresh_engine, *base)  # no --since: the unfinished sync is resumed
    out, err = second.communicate(timeout=120)

    assert second.returncode == 0, err
    assert "sync: succeeded (resumed sync 1, since 2000-01-01): 2 pages, 4 studies" in err
    assert _trials(fresh_engine) == sorted(UPDATED)
    tokens = _tokens(registry_server)
    assert len(tokens) == 4 and tokens[0] is None
    assert tokens[2] == tokens[1]  # only the page the kill interrupted was asked again
    assert max(Counter(tokens).values()) == 2
    [run] = _runs(fresh_engine)
    assert (run.status, run.attempts, run.pages, run.studies, run.loaded) == (
        "succeeded", 2, 3, 7, 7,
    )  # fmt: skip
    assert run.page_token is None and run.finished_at is not None


def test_a_sync_stopped_by_sigterm_is_recorded_and_resumed(fresh_engine, registry_server):
    registry_server.inject(Fault.slow(60), after=1)
    base = ["--base-url", registry_server.url, "--page-size", "3"]
    first = _run_cli(fresh_engine, "--since", "2000-01-01", *base)
    try:
        _wait_for_pages(fresh_engine, 1, first)
    finally:
        first.terminate()  # what a container runtime sends first
        _, err = first.communicate(timeout=30)
    assert first.returncode == 143, err
    [stopped] = _runs(fresh_engine)
    assert (stopped.status, stopped.last_error, stopped.pages) == (
        "failed", "stopped (exit status 143)", 1,
    )  # fmt: skip

    second = _run_cli(fresh_engine, *base)
    _, err = second.communicate(timeout=120)

    assert second.returncode == 0, err
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_the_cli_needs_a_date_for_the_first_sync_of_an_empty_database(
    fresh_engine, registry_server
):
    cli = _run_cli(fresh_engine, "--base-url", registry_server.url)
    _, err = cli.communicate(timeout=60)

    assert cli.returncode == 2
    assert err.strip().splitlines()[-1] == (
        "error: no sync has succeeded yet and no trial is loaded: pass --since DATE "
        "(or import the registry's bulk ZIP first)"
    )


def test_a_stale_page_token_starts_the_pages_over(fresh_engine, registry_server):
    registry_server.inject(*[Fault.status(503)] * 3, after=1)
    _sync(fresh_engine, registry_server, since=SINCE)
    with fresh_engine.begin() as conn:
        conn.execute(update(m.SyncRun).values(page_token="expired"))

    report = _sync(fresh_engine, registry_server)

    assert (report.status, report.resumed, report.pages, report.studies) == (
        "succeeded", True, 3, 7,
    )  # fmt: skip
    assert _tokens(registry_server)[-4:-2] == ["expired", None]
    assert [r.answer for r in registry_server.seen()][-4] == "400"
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_one_sync_at_a_time(fresh_engine, registry_server):
    reports: list[SyncReport] = []
    with advisory_lock(fresh_engine, SYNC_LOCK_KEY):  # another sync is running
        waiting = threading.Thread(
            target=lambda: reports.append(_sync(fresh_engine, registry_server, since=SINCE))
        )
        waiting.start()
        time.sleep(0.5)
        assert registry_server.requests == [] and _runs(fresh_engine) == []
    waiting.join(timeout=60)

    assert [r.status for r in reports] == ["succeeded"]


def test_another_since_abandons_an_unfinished_sync(fresh_engine, registry_server):
    registry_server.inject(*[Fault.status(503)] * 3, after=1)
    _sync(fresh_engine, registry_server, since=SINCE)

    report = _sync(fresh_engine, registry_server, since=date(2020, 1, 1))

    assert (report.resumed, report.studies) == (False, 3)
    assert [(r.status, r.since) for r in _runs(fresh_engine)] == [
        ("abandoned", SINCE),
        ("succeeded", date(2020, 1, 1)),
    ]


# --------------------------------------------------------------------------- retries


def test_429_5xx_and_a_cut_connection_are_retried_then_the_sync_succeeds(
    fresh_engine, registry_server
):
    registry_server.inject(Fault.status(429, retry_after="1"), Fault.status(502), after=1)
    registry_server.inject(Fault.cut(), after=4)  # the third page's first try
    started = time.monotonic()

    report = _sync(fresh_engine, registry_server, since=SINCE, retry=Retry(tries=3, backoff=0.01))

    assert report.status == "succeeded" and report.studies == 7
    answers = [r.answer for r in registry_server.seen()]
    assert answers == ["200", "429", "502", "200", "cut", "200"]
    assert time.monotonic() - started >= 1.0  # Retry-After obeyed
    tokens = _tokens(registry_server)
    assert tokens[1] == tokens[2] == tokens[3] and tokens[4] == tokens[5]
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_retries_exhausted_fail_the_sync_and_keep_its_cursor(fresh_engine, registry_server):
    registry_server.inject(*[Fault.status(503)] * 3, after=1)

    report = _sync(fresh_engine, registry_server, since=SINCE)

    assert (report.status, report.pages, report.studies) == ("failed", 1, 3)
    assert report.error.startswith(f"GET {registry_server.url}{STUDIES}?")
    assert report.error.endswith(": HTTP 503: 503 Service Unavailable (after 3 tries)")
    [run] = _runs(fresh_engine)
    assert (run.status, run.last_error, run.pages) == ("failed", report.error, 1)
    assert run.page_token == _tokens(registry_server)[1]
    assert run.finished_at is not None
    assert _trials(fresh_engine) == sorted(UPDATED[:3])

    resumed = _sync(fresh_engine, registry_server)

    assert (resumed.status, resumed.resumed, resumed.pages, resumed.studies) == (
        "succeeded", True, 2, 4,
    )  # fmt: skip
    assert _tokens(registry_server)[-2] == run.page_token
    [run] = _runs(fresh_engine)
    assert (run.status, run.attempts, run.last_error, run.pages, run.studies) == (
        "succeeded", 2, None, 3, 7,
    )  # fmt: skip
    assert _trials(fresh_engine) == sorted(UPDATED)


def test_the_registry_version_failing_fails_the_sync(fresh_engine, registry_server):
    registry_server.inject(*[Fault.status(500)] * 3, path="/api/v2/version")

    report = _sync(fresh_engine, registry_server, since=SINCE)

    assert report.status == "failed" and "/api/v2/version" in report.error
    [run] = _runs(fresh_engine)
    assert (run.status, run.data_timestamp, run.pages) == ("failed", None, 0)
    assert registry_server.seen() == []

    mirror = registry_server.url + "/api/v2/"  # the same registry, spelt otherwise
    resumed = sync(fresh_engine, render=render_trial_json, base_url=mirror, retry=FAST)

    assert (resumed.status, resumed.resumed, resumed.studies) == ("succeeded", True, 7)
    assert _runs(fresh_engine)[0].data_timestamp == datetime(2024, 5, 17, 9, 0, 3, tzinfo=UTC)


# --------------------------------------------------------------------------- changes


def test_a_changed_study_replaces_its_trial(fresh_engine, registry_server):
    _sync(fresh_engine, registry_server, since=SINCE)
    assert _title(fresh_engine, "NCT03630471") != "A new title"
    studies = load_studies()
    registry_server.set_studies(
        [
            _updated(s, "2024-05-20", "A new title") if nct_id_of(s) == "NCT03630471" else s
            for s in studies
        ]
    )
    registry_server.data_timestamp = "2024-05-21T09:00:00"

    report = _sync(fresh_engine, registry_server)

    assert (report.since, report.studies, report.loaded) == (DATA_DATE, 1, 1)
    assert _title(fresh_engine, "NCT03630471") == "A new title"
    assert _trials(fresh_engine) == sorted(UPDATED)
    with fresh_engine.connect() as conn:
        body = conn.scalar(select(m.TrialJson.body).where(m.TrialJson.nct_id == "NCT03630471"))
    assert '"brief_title": "A new title"' in body or '"brief_title":"A new title"' in body
    assert _sync(fresh_engine, registry_server).since == date(2024, 5, 21)


def test_a_sync_recounts_the_filtered_stats_it_counted_ahead(
    fresh_engine, registry_server, monkeypatch
):
    monkeypatch.setattr(facets, "ENUM_AHEAD_FROM", 1)  # the broad filters of a large registry
    _sync(fresh_engine, registry_server, since=SINCE)
    urls = {
        "/v1/stats?status=COMPLETED": {"status": ["COMPLETED"]},
        "/v1/stats?status=COMPLETED&phase=NA": {"status": ["COMPLETED"], "phase": ["NA"]},
    }

    def served() -> dict[str, dict]:
        with app_under_test(fresh_engine.url.render_as_string(False)) as app:
            return {url: get_json(app.test_client(), url) for url in urls}

    def stored() -> dict[str, dict]:
        with fresh_engine.connect() as conn:
            rows = dict(conn.execute(select(m.FacetAnswer.filters, m.FacetAnswer.answer)).all())
            for url, filters in urls.items():
                assert rows[filter_key(filters)] == filtered_stats(conn, filters), url
            return {url: rows[filter_key(filters)] for url, filters in urls.items()}

    before = served()
    assert before == stored()
    studies = load_studies()
    changed = _updated(_study("NCT03630471"), "2024-05-20", "Now recruiting")
    assert changed["protocolSection"]["statusModule"]["overallStatus"] == "COMPLETED"
    changed["protocolSection"]["statusModule"]["overallStatus"] = "RECRUITING"
    registry_server.set_studies([changed if nct_id_of(s) == "NCT03630471" else s for s in studies])
    registry_server.data_timestamp = "2024-05-21T09:00:00"

    assert _sync(fresh_engine, registry_server).loaded == 1

    after = served()
    assert after == stored()
    for url in urls:
        assert after[url]["total"] == before[url]["total"] - 1, url


def _moved(old: str, new: str) -> dict[str, Any]:
    """The registry's study ``old`` after it moved to the NCT id ``new``."""
    study = _updated(_study(old), "2024-05-20", "Moved")
    ident = study["protocolSection"]["identificationModule"]
    ident["nctId"], ident["nctIdAliases"] = new, [old]
    return study


def _sources(engine: Engine, nct_id: str) -> list[tuple[str, str, str | None]]:
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(m.SourceDocument.name, m.SourceDocument.status, m.SourceDocument.error)
                .where(m.SourceDocument.nct_id == nct_id)
                .order_by(m.SourceDocument.name)
            )
        ]


MOVED = "NCT03418623 moved to NCT09999999: the registry lists NCT03418623 among its aliases"


def test_a_study_that_moved_to_a_new_nct_id_replaces_the_old_trial(fresh_engine, registry_server):
    _sync(fresh_engine, registry_server, since=SINCE)
    registry_server.set_studies(
        [s for s in load_studies() if nct_id_of(s) != "NCT03418623"]
        + [_moved("NCT03418623", "NCT09999999")]
    )

    report = _sync(fresh_engine, registry_server)

    assert (report.status, report.studies, report.loaded) == ("succeeded", 1, 1)
    assert report.moved == [("NCT03418623", "NCT09999999")]
    assert _trials(fresh_engine) == sorted((set(UPDATED) - {"NCT03418623"}) | {"NCT09999999"})
    assert _title(fresh_engine, "NCT09999999") == "Moved"
    assert _sources(fresh_engine, "NCT03418623") == [
        ("ctgov-api!/NCT03418623", "superseded", MOVED)
    ]
    assert _sources(fresh_engine, "NCT09999999") == [("ctgov-api!/NCT09999999", "loaded", None)]
    assert _runs(fresh_engine)[-1].moved == 1

    again = _sync(fresh_engine, registry_server, since=DATA_DATE)  # the same page once more
    assert (again.unchanged, again.moved) == (1, [])


def test_a_moved_study_replaces_a_trial_loaded_from_a_file(fresh_engine, tmp_path):
    (tmp_path / "old.json").write_text(json.dumps(_study("NCT03418623")))
    load_directory(fresh_engine, tmp_path, render=render_trial_json, workers=1)
    assert _trials(fresh_engine) == ["NCT03418623"]

    with RegistryServer([_moved("NCT03418623", "NCT09999999")]) as server:
        report = _sync(fresh_engine, server, since=SINCE)
    load_directory(fresh_engine, tmp_path, render=render_trial_json, workers=1)  # unchanged

    assert report.moved == [("NCT03418623", "NCT09999999")]
    assert _trials(fresh_engine) == ["NCT09999999"]
    assert _sources(fresh_engine, "NCT03418623") == [("old.json", "superseded", MOVED)]
    with fresh_engine.connect() as conn:
        kept = conn.scalar(text("SELECT record IS NOT NULL FROM source_documents"
                                " WHERE name = 'old.json'"))  # fmt: skip
    assert kept is False


# --------------------------------------------------------------------------- /v1/version


def test_version_shows_the_last_sync(fresh_engine, registry_server):
    load_seeds(fresh_engine)
    report = _sync(fresh_engine, registry_server, since=SINCE)
    [run] = _runs(fresh_engine)

    with app_under_test(fresh_engine.url.render_as_string(False)) as app:
        version = get_json(app.test_client(), "/v1/version")

    assert report.status == "succeeded"
    assert version["counts"] == {"trials": 12, "documents_loaded": 12, "documents_failed": 0}
    with fresh_engine.connect() as conn:
        seeded = conn.scalar(text("SELECT max(finished_at) FROM seed_runs"))
    assert datetime.fromisoformat(version["data_loaded_at"]) == seeded
    sync_ = version["last_sync"]
    assert datetime.fromisoformat(sync_.pop("started_at")) == run.started_at
    assert datetime.fromisoformat(sync_.pop("finished_at")) == run.finished_at
    assert sync_ == {
        "status": "succeeded",
        "since": "2000-01-01",
        "data_timestamp": "2024-05-17T09:00:03+00:00",
        "pages": 3,
        "counts": {
            "studies": 7,
            "loaded": 7,
            "unchanged": 0,
            "superseded": 0,
            "failed": 0,
            "moved": 0,
        },
    }
