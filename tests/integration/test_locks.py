"""A job waits for the lock another process holds however long that takes (a replica booting
while another seeds the registry), beyond its connections' statement timeout; a request gives up
after it."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from store.locks import advisory_lock

KEY = 0x7465_7374  # "test": a key no job of the service takes
HELD = 1.5  # seconds the other process holds the lock: several statement timeouts


@pytest.fixture
def short_timeout_engine(database_url):
    engine = create_engine(
        database_url, connect_args={"options": "-c statement_timeout=300"}, pool_size=2
    )
    yield engine
    engine.dispose()


def _hold(database_url: str, taken: threading.Event) -> None:
    """Another process's job: the lock taken, held ``HELD`` seconds, released."""
    other = create_engine(database_url, pool_size=1)
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": KEY})
            taken.set()
            time.sleep(HELD)
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": KEY})
    finally:
        other.dispose()


def _held_by_another(database_url: str) -> threading.Thread:
    taken = threading.Event()
    holder = threading.Thread(target=_hold, args=(database_url, taken))
    holder.start()
    assert taken.wait(10)
    return holder


def test_a_job_waits_past_the_statement_timeout_for_the_lock(database_url, short_timeout_engine):
    holder = _held_by_another(database_url)
    started = time.monotonic()
    with advisory_lock(short_timeout_engine, KEY) as conn:
        waited = time.monotonic() - started
        # the connection's own timeout is back for what runs under the lock
        assert conn.scalar(text("SHOW statement_timeout")) == "300ms"
    holder.join()
    assert waited > 1.0


def test_a_request_gives_up_after_the_statement_timeout(database_url, short_timeout_engine):
    holder = _held_by_another(database_url)
    started = time.monotonic()
    with (
        pytest.raises(OperationalError, match="statement timeout"),
        advisory_lock(short_timeout_engine, KEY, patient=False),
    ):
        pass
    assert time.monotonic() - started < 1.0
    holder.join()
