"""The Flask app under test, made as the service makes it (``create_app``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from service import create_app
from service.db import Database
from service.settings import Settings
from store.driver import DriverConnection


class TransactionDatabase(Database):
    """The app's reads inside the test's transaction, which the test rolls back: sessions
    join it through savepoints, and every plain or driver connection is the test's own."""

    def __init__(self, settings: Settings, connection: Connection) -> None:
        super().__init__(settings)
        self._connection = connection
        self._sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

    def connection(self) -> Connection:
        return self._connection

    def release(self, connection: Connection) -> None:
        pass  # the test's: it stays open until the test ends

    def driver_connection(self) -> DriverConnection:
        return DriverConnection.borrow(self._connection)

    def export_session(self) -> Session:
        return self.session()


@contextmanager
def app_under_test(
    database_url: str, connection: Connection | None = None, **settings
) -> Iterator[Flask]:
    """``create_app(Settings(database_url=..., **settings))`` with TESTING on, its engines
    disposed after the block. With ``connection``, every session the app opens joins that
    connection's transaction (in a savepoint), which the test rolls back."""
    config = Settings(database_url=database_url, **settings)
    database = TransactionDatabase(config, connection) if connection is not None else None
    app = create_app(config, database=database)
    app.config["TESTING"] = True
    try:
        yield app
    finally:
        app.extensions["db"].dispose()
