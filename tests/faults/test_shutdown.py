"""SIGTERM to gunicorn while requests are in flight: they complete, and it exits 0; Ctrl-C
(SIGINT to the whole process group) stops every process at once."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store.engine import sqlalchemy_url
from tests.support.servers import Service

pytestmark = pytest.mark.slow

# No more than one worker's threads (Service runs 2 workers x 4 threads): gunicorn's gthread
# workers accept connections unevenly, and requests past a worker's threads wait in its queue,
# outside the database, where this test could not see them in flight.
IN_FLIGHT = 4


def test_sigterm_lets_in_flight_requests_finish(empty_database_url, seed_dir, tmp_path, services):
    svc = Service(empty_database_url, seed_dir, tmp_path / "service.log")
    services.append(svc.start())
    svc.wait_ready()
    expected = svc.get("/v1/trials/NCT02713984").json()
    engine = create_engine(sqlalchemy_url(empty_database_url))
    results: list = []

    def call() -> None:
        try:
            results.append(svc.get("/v1/trials/NCT02713984", timeout=60))
        except OSError as exc:
            results.append(exc)

    try:
        with engine.connect() as locker:
            # hold the requests inside the database: they wait for this lock
            locker.execute(text("LOCK TABLE trial_json IN ACCESS EXCLUSIVE MODE"))
            threads = [threading.Thread(target=call) for _ in range(IN_FLIGHT)]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 20
            waiting = 0
            while waiting < IN_FLIGHT:
                assert time.monotonic() < deadline, f"{waiting} requests waiting"
                time.sleep(0.05)
                locker.execute(text("SELECT pg_stat_clear_snapshot()"))  # else one per transaction
                waiting = locker.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND datname = current_database()"
                    )
                ).scalar()
            svc.proc.send_signal(15)  # SIGTERM
            time.sleep(1.5)
            assert svc.proc.poll() is None  # still finishing its requests
            with pytest.raises(OSError):
                svc.get("/healthz", timeout=2)  # but no longer taking new ones
            locker.rollback()  # release the lock: the requests complete
        for t in threads:
            t.join(30)
        assert svc.wait(30) == 0, svc.output()
    finally:
        engine.dispose()
    assert len(results) == IN_FLIGHT
    for r in results:
        assert not isinstance(r, Exception), r
        assert r.status == 200 and r.json() == expected
    assert max(r.seconds for r in results) > 1.5  # they really were in flight


def workers_of(master: int) -> set[int]:
    return {int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()}


def test_ctrl_c_is_the_masters_and_stops_every_process_at_once(
    empty_database_url, seed_dir, tmp_path, services
):
    """Ctrl-C reaches every process of the terminal's group: a worker leaves it to the master
    (a worker that answered it too could deadlock in gthread's quit handler, until the master
    killed it GUNICORN_GRACEFUL_TIMEOUT later); the master's quick shutdown ends them all."""
    svc = Service(empty_database_url, seed_dir, tmp_path / "service.log")
    services.append(svc.start())
    svc.wait_ready()
    master = svc.proc.pid
    workers = workers_of(master)
    assert len(workers) == 2
    os.kill(min(workers), signal.SIGINT)  # one worker alone: ignored
    time.sleep(1)
    assert workers_of(master) == workers  # none exited, none replaced
    assert svc.get("/v1/trials/NCT02713984").status == 200
    started = time.monotonic()
    os.killpg(master, signal.SIGINT)  # the whole group, as a terminal's Ctrl-C
    assert svc.wait(timeout=15) == 0, svc.output()
    assert time.monotonic() - started < 5
    assert "SIGKILL" not in svc.output()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
