"""The database goes away under a live gunicorn, and is not there yet at start-up."""

from __future__ import annotations

import threading
import time

import pytest

from tests.support.servers import Response, Service

pytestmark = pytest.mark.slow

CONNECT_TIMEOUT_S = 2
STATEMENT_TIMEOUT_MS = 3000
# what a client calls over and over: every one must be a 200 with this body, or a 503
URLS = [
    "/v1/trials?limit=3",
    "/v1/trials/NCT02713984",
    "/v1/trials/NCT05745454/arms",
    "/v1/trials?phase=PHASE1&sort=nct_id",
    "/v1/sources?status=loaded",
    "/v1/stats",
    "/readyz",
]


class Client(threading.Thread):
    """Calls ``URLS`` in turn until stopped; keeps every response (or transport error)."""

    def __init__(self, svc: Service):
        super().__init__(daemon=True)
        self.svc, self.stop, self.responses, self.errors = svc, threading.Event(), [], []

    def run(self) -> None:
        while not self.stop.is_set():
            for url in URLS:
                try:
                    self.responses.append(self.svc.get(url, timeout=30))
                except OSError as exc:
                    self.errors.append((url, repr(exc)))


def check(r: Response, expected: dict[str, dict]) -> None:
    """A 200 with the right body, or a 503 problem+json with Retry-After; nothing else."""
    if r.status == 200:
        if r.url == "/readyz":
            assert r.json()["status"] == "ready"
        else:
            assert r.json() == expected[r.url], r.url
    else:
        assert r.status == 503, (r.url, r.status, r.body[:300])
        assert r.headers["Content-Type"] == "application/problem+json", r.headers
        assert int(r.headers["Retry-After"]) > 0
        assert r.json()["status"] == 503


def test_database_outage_gives_503s_then_recovers_by_itself(own_postgres, seed_dir, tmp_path):
    url = own_postgres.create_database()
    timeouts = {
        "DB_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT_S),
        "DB_STATEMENT_TIMEOUT_MS": str(STATEMENT_TIMEOUT_MS),
    }
    svc = Service(url, seed_dir, tmp_path / "service.log", **timeouts).start()
    try:
        svc.wait_ready()
        expected = {u: svc.get(u).json() for u in URLS if u != "/readyz"}
        clients = [Client(svc) for _ in range(3)]
        for c in clients:
            c.start()
        time.sleep(1.5)
        own_postgres.stop()
        # pg_ctl -w has returned: the server is gone. A request started before this may have
        # been answered either way (check() holds each to a 200 with its body or a 503); the
        # time pg_ctl takes to be started varies with the clients' threads, which hold this
        # process's GIL most of the time, so the outage is counted from here.
        stopped_at = time.monotonic()
        time.sleep(4)
        during = svc.get("/readyz")
        started_at = time.monotonic()
        own_postgres.start()
        back = time.monotonic()
        deadline = back + 30
        while not any(
            r.status == 200 and r.started >= back and r.url != "/readyz"
            for c in clients
            for r in list(c.responses)
        ):
            assert time.monotonic() < deadline, "no 200 within 30 s of the database's return"
            time.sleep(0.05)
        time.sleep(3)  # and keep calling for a while
        for c in clients:
            c.stop.set()
        for c in clients:
            c.join(60)
        after = svc.get("/readyz")
        assert svc.terminate() == 0, svc.output()
    finally:
        svc.kill_group()

    responses = sorted((r for c in clients for r in c.responses), key=lambda r: r.started)
    assert [e for c in clients for e in c.errors] == []  # no reset, no hang, no refused
    for r in responses:
        check(r, expected)
    outage = [r for r in responses if stopped_at <= r.started < started_at]
    assert outage and all(r.status == 503 for r in outage)
    assert during.status == 503 and during.headers["Retry-After"]
    assert during.json()["detail"] == "The database is unreachable or not migrated."
    assert after.status == 200
    slowest = max(r.seconds for r in responses)
    assert slowest < CONNECT_TIMEOUT_S + 1.5, slowest
    first_ok = min(
        r.started + r.seconds for r in responses if r.status == 200 and r.started >= back
    )
    late_503 = [r for r in responses if r.status == 503 and r.started >= first_ok]
    recovered_at = max([first_ok, *(r.started + r.seconds for r in late_503)])
    print(
        f"\noutage: {len(responses)} responses, {sum(r.status == 503 for r in responses)} x 503 "
        f"({len(outage)} during the outage), slowest {slowest * 1000:.0f} ms; database back "
        f"(pg_ctl start took {back - started_at:.2f} s) -> first 200 after "
        f"{first_ok - back:.2f} s; 503s after that first 200: {len(late_503)}; fully "
        f"recovered {recovered_at - back:.2f} s after the database"
    )
    assert all(r.status == 200 for r in responses if r.started > recovered_at)


def test_start_before_the_database_waits_and_then_serves(own_postgres, seed_dir, tmp_path):
    url = own_postgres.create_database()
    own_postgres.stop()
    svc = Service(url, seed_dir, tmp_path / "service.log", DB_WAIT_SECONDS="60").start()
    try:
        time.sleep(4)
        assert svc.proc.poll() is None, svc.output()  # still waiting, not crashed
        with pytest.raises(OSError):
            svc.get("/healthz", timeout=2)  # gunicorn does not listen before the seed
        started_at = time.monotonic()
        own_postgres.start()
        pg_start = time.monotonic() - started_at
        ready_after = pg_start + svc.wait_ready(timeout=60)
        body = svc.get("/v1/trials?sort=nct_id").json()
        assert [t["nct_id"] for t in body["data"]] == [
            "NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738",
        ]  # fmt: skip
        print(
            f"\nstart before the database: ready {ready_after:.2f} s after `pg_ctl start` "
            f"(which itself took {pg_start:.2f} s)"
        )
        assert svc.terminate() == 0
    finally:
        svc.kill_group()
    out = svc.output()
    waits = out.count("database not ready; retrying")
    assert waits >= 3, out
    delays = [float(w.split("retrying in ")[1].split("s")[0]) for w in out.splitlines()
              if "retrying in " in w]  # fmt: skip
    assert delays[1:3] == [0.5, 1.0] and delays == sorted(delays) and max(delays) <= 5.0, delays


def test_restart_while_idle_costs_no_request(own_postgres, seed_dir, tmp_path):
    """The database restarts while the service is quiet: every pooled connection is dead, and
    the next requests must not be the ones to find out (idle connections are pinged)."""
    url = own_postgres.create_database()
    svc = Service(url, seed_dir, tmp_path / "service.log").start()
    try:
        svc.wait_ready()
        expected = svc.get("/v1/trials/NCT02713984").json()
        warm = [threading.Thread(target=svc.get, args=("/v1/trials?limit=3",)) for _ in range(16)]
        for t in warm:  # several pooled connections in each worker
            t.start()
        for t in warm:
            t.join()
        own_postgres.stop()
        own_postgres.start()
        time.sleep(2.5)  # quiet for longer than the idle-ping threshold
        responses = [svc.get("/v1/trials/NCT02713984") for _ in range(40)]
        assert svc.terminate() == 0
    finally:
        svc.kill_group()
    statuses = [r.status for r in responses]
    print(f"\nquiet restart: {statuses.count(503)} x 503 in the first 40 requests after it")
    assert statuses == [200] * 40
    assert all(r.json() == expected for r in responses)
