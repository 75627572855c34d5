"""Engine and sessions: one engine per app, one Session per app context, closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from service.settings import Settings, sqlalchemy_url


def make_engine(settings: Settings) -> Engine:
    return create_engine(
        sqlalchemy_url(settings.database_url),
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": settings.connect_timeout_s,
            "options": f"-c statement_timeout={settings.statement_timeout_ms}",
        },
    )


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings)
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
