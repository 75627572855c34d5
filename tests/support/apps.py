"""The Flask app under test, made as the service makes it (``create_app``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import Connection
from sqlalchemy.orm import sessionmaker

from service import create_app
from service.settings import Settings


@contextmanager
def app_under_test(
    database_url: str, connection: Connection | None = None, **settings
) -> Iterator[Flask]:
    """``create_app(Settings(database_url=..., **settings))`` with TESTING on, its engines
    disposed after the block. With ``connection``, every session the app opens joins that
    connection's transaction (in a savepoint), which the test rolls back."""
    app = create_app(Settings(database_url=database_url, **settings))
    app.config["TESTING"] = True
    if connection is not None:
        app.extensions["sessionmaker"] = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        app.extensions["shared_connection"] = connection
    try:
        yield app
    finally:
        for key in ("engine", "write_engine"):
            if key in app.extensions:
                app.extensions[key].dispose()
