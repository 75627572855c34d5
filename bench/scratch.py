"""Scratch databases for the benchmarks, on DATABASE_URL's server."""

from __future__ import annotations

from sqlalchemy import create_engine, make_url, text


def create_database(server_url: str, name: str, reuse: bool) -> tuple[str, bool]:
    """The database ``name`` on the server, created empty unless ``reuse`` finds it there:
    (its URL, whether it was kept)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and not reuse:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not exists or not reuse:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    return url, bool(exists and reuse)


def drop_database(server_url: str, name: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
