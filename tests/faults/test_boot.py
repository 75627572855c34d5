"""Start-up under stress: four replicas at once on one empty database, and a seed job killed
with SIGKILL half-way through."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from store.engine import sqlalchemy_url
from tests.support.databases import alembic_heads
from tests.support.paths import ROOT
from tests.support.servers import Service

pytestmark = pytest.mark.slow

SEED_IDS = ["NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738"]


def scalar(url: str, sql: str):
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_four_replicas_on_one_empty_database_migrate_and_seed_once(
    empty_database_url, seed_dir, tmp_path, services
):
    for i in range(4):
        svc = Service(empty_database_url, seed_dir, tmp_path / f"boot{i}.log", WEB_CONCURRENCY="1")
        services.append(svc.start())
    for svc in services:
        svc.wait_ready(timeout=120)
    for svc in services:
        body = svc.get("/v1/trials?sort=nct_id").json()
        assert [t["nct_id"] for t in body["data"]] == SEED_IDS
    assert rows(empty_database_url, "SELECT version_num FROM alembic_version") == [
        (head,) for head in alembic_heads()
    ]
    runs = rows(
        empty_database_url,
        "SELECT loaded, unchanged, failed, finished_at IS NOT NULL FROM seed_runs ORDER BY id",
    )
    assert runs == [(5, 0, 0, True)] + [(0, 5, 0, True)] * 3  # the first loads, 3 find it done
    assert scalar(empty_database_url, "SELECT count(*) FROM trials") == 5
    assert scalar(empty_database_url, "SELECT count(*) FROM source_documents") == 5
    outputs = [svc.output() for svc in services]
    assert sum("loaded 5, unchanged 0" in out for out in outputs) == 1, outputs
    for svc in services:
        assert svc.terminate() == 0


INTEGRITY = {
    # a trial without its serialised record, eligibility or source; a source without its trial
    "trials without trial_json": "SELECT count(*) FROM trials t WHERE NOT EXISTS "
    "(SELECT 1 FROM trial_json j WHERE j.trial_id = t.id)",
    "trials without eligibility": "SELECT count(*) FROM trials t WHERE NOT EXISTS "
    "(SELECT 1 FROM eligibility e WHERE e.trial_id = t.id)",
    "trials without conditions": "SELECT count(*) FROM trials t WHERE NOT EXISTS "
    "(SELECT 1 FROM conditions c WHERE c.trial_id = t.id)",
    "loaded documents without a trial": "SELECT count(*) FROM source_documents s "
    "WHERE s.status = 'loaded' AND NOT EXISTS "
    "(SELECT 1 FROM trials t WHERE t.source_document_id = s.id)",
    # every child the serialised record lists is stored, and no more
    "arms that differ from trial_json": "SELECT count(*) FROM trial_json j WHERE "
    "json_array_length(j.body::json->'arms') <> (SELECT count(*) FROM arms a "
    "WHERE a.trial_id = j.trial_id)",
    "outcomes that differ from trial_json": "SELECT count(*) FROM trial_json j WHERE "
    "json_array_length(j.body::json->'outcomes') <> (SELECT count(*) FROM outcomes o "
    "WHERE o.trial_id = j.trial_id)",
    "locations that differ from trial_json": "SELECT count(*) FROM trial_json j WHERE "
    "json_array_length(j.body::json->'locations') <> (SELECT count(*) FROM locations l "
    "WHERE l.trial_id = j.trial_id)",
}


def check_integrity(url: str) -> None:
    assert {name: scalar(url, sql) for name, sql in INTEGRITY.items()} == dict.fromkeys(
        INTEGRITY, 0
    )


def test_seed_killed_mid_way_leaves_no_half_trial_and_the_next_start_finishes(
    empty_database_url, tmp_path, services
):
    docs = tmp_path / "synth"
    subprocess.run(
        [sys.executable, "-m", "tools.synth", "--count", "2000", "--out", str(docs)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    first = Service(empty_database_url, docs, tmp_path / "first.log")
    services.append(first.start())
    deadline = time.monotonic() + 120
    count = 0
    while True:  # kill it as soon as some batches are in, and before all are
        assert first.proc.poll() is None, first.output()
        assert time.monotonic() < deadline, first.output()
        try:
            count = scalar(empty_database_url, "SELECT count(*) FROM trials")
        except Exception:  # noqa: BLE001 - not migrated yet
            count = 0
        if count:
            first.kill_group()
            break
        time.sleep(0.02)
    killed_with = scalar(empty_database_url, "SELECT count(*) FROM trials")
    print(f"\nseed killed with {killed_with} of 2000 trials stored")
    assert 0 < killed_with < 2000
    assert rows(empty_database_url, "SELECT finished_at IS NULL FROM seed_runs") == [(True,)]
    check_integrity(empty_database_url)

    second = Service(empty_database_url, docs, tmp_path / "second.log")
    services.append(second.start())
    second.wait_ready(timeout=180)
    assert scalar(empty_database_url, "SELECT count(*) FROM trials") == 2000
    assert scalar(empty_database_url, "SELECT count(*) FROM source_documents") == 2000
    check_integrity(empty_database_url)
    last = rows(
        empty_database_url,
        "SELECT loaded, unchanged, failed FROM seed_runs WHERE finished_at IS NOT NULL",
    )
    assert last == [(2000 - killed_with, killed_with, 0)]
    page = second.get("/v1/trials?count_total=true&limit=1").json()["page"]
    assert page["total"] == 2000
    assert second.terminate() == 0


MIGRATIONS = len(list((ROOT / "migrations" / "versions").glob("[0-9]*.py")))
ALEMBIC_CHATTER = ("Context impl", "Will assume transactional DDL", "Running upgrade")


def test_a_start_in_logs_says_what_it_did_in_json_and_ends_with_where_to_go(
    empty_database_url, seed_dir, tmp_path, services
):
    svc = Service(empty_database_url, seed_dir, tmp_path / "boot.log")
    services.append(svc.start())
    svc.wait_ready()
    [head] = alembic_heads()
    out = svc.output()
    assert not any(chatter in out for chatter in ALEMBIC_CHATTER), out
    logs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    messages = [(x["logger"], x["message"]) for x in logs]
    assert ("store.migrate", f"database schema at {head} ({MIGRATIONS} migrations applied)") in (
        messages
    )
    assert any(logger == "gunicorn.error" for logger, _ in messages)  # gunicorn's lines: JSON too
    ready = f"ready: http://127.0.0.1:{svc.port}/docs (API at http://127.0.0.1:{svc.port}/v1)"
    assert messages.count(("service.runtime", ready)) == 1, out
    assert "seed: loaded 5, unchanged 0, failed 0" in out  # the seed's report, not swallowed
    others = [line for line in out.splitlines() if line.strip() and not line.startswith("{")]
    assert all(line.startswith("seed: ") for line in others), others  # the seed's own console
    assert svc.terminate() == 0


def start_on_a_terminal(url: str, seed_dir, tmp_path, services, **env: str) -> tuple[Service, str]:
    """Start the service with its stderr (and stdout) on a pseudo-terminal; its output until
    the ready line."""
    svc = Service(url, seed_dir, tmp_path / "unused.log", SEED_ON_START="0", **env)
    svc.env.pop("LOG_FORMAT", None)
    svc.env.update(env)
    controller, terminal = pty.openpty()
    svc.proc = subprocess.Popen(
        svc.command, cwd=ROOT, env=svc.env, stdin=subprocess.DEVNULL, stdout=terminal,
        stderr=terminal, start_new_session=True,
    )  # fmt: skip
    services.append(svc)
    os.close(terminal)
    out = b""
    deadline = time.monotonic() + 60
    try:
        while b"ready: " not in out or not out.endswith(b"\n"):
            assert time.monotonic() < deadline, out.decode(errors="replace")
            if select.select([controller], [], [], 0.5)[0]:
                out += os.read(controller, 65536)
    finally:
        svc.proc.terminate()
        svc.proc.wait(30)
        os.close(controller)
    return svc, out.decode(errors="replace").replace("\r\n", "\n")


def test_on_a_terminal_the_logs_are_text_and_log_format_json_still_wins(
    empty_database_url, seed_dir, tmp_path, services
):
    svc, out = start_on_a_terminal(empty_database_url, seed_dir, tmp_path, services)
    [head] = alembic_heads()
    lines = out.splitlines()
    assert not any(line.startswith("{") for line in lines), out
    schema = f"INFO store.migrate: database schema at {head} ({MIGRATIONS} migrations applied)"
    assert any(line.endswith(schema) for line in lines), out
    assert any(" INFO gunicorn.error: Listening at: " in line for line in lines), out
    ready = f"ready: http://127.0.0.1:{svc.port}/docs (API at http://127.0.0.1:{svc.port}/v1)"
    assert any(line.endswith(f"INFO service.runtime: {ready}") for line in lines), out

    svc, out = start_on_a_terminal(
        empty_database_url, seed_dir, tmp_path, services, LOG_FORMAT="json"
    )
    logs = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert ("store.migrate", f"database schema at {head} (up to date)") in [
        (x["logger"], x["message"]) for x in logs
    ]
    assert {x["logger"] for x in logs} >= {"store.migrate", "gunicorn.error", "service.runtime"}
    assert not any(chatter in out for chatter in ALEMBIC_CHATTER), out
