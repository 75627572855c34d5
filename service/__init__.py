"""Trials API: ``create_app()`` builds the Flask app; nothing connects at import time."""

from __future__ import annotations

from flask import Flask

from service import db
from service.api import BLUEPRINTS
from service.api.admin import SECURITY_SCHEME
from service.api.docs import docs_blp
from service.cli import register_cli
from service.settings import Settings
from service.web import guards, http, observability, reconnect, routing, security
from service.web.errors import ProblemApi
from service.web.openapi import spec_options

API_VERSION = "1.0.0"


def create_app(settings: Settings | None = None, *, database: db.Database | None = None) -> Flask:
    """The app; ``database`` replaces the one made from ``settings`` (see service.db)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json.sort_keys = False
    app.config.update(
        SETTINGS=settings,
        API_TITLE="Trials API",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="v1/openapi.json",
        OPENAPI_SWAGGER_UI_PATH=None,
        API_SPEC_OPTIONS=spec_options(),
    )
    db.init_app(app, database or db.Database(settings))
    http.init_app(app)
    security.init_app(app, settings)
    observability.init_app(app, settings)  # logging, request ids, /metrics

    api = ProblemApi(app)
    api.spec.components.security_scheme("bearerAuth", SECURITY_SCHEME)
    for blp in BLUEPRINTS:
        api.register_blueprint(blp)
    app.register_blueprint(docs_blp)
    app.extensions["api"] = api
    guards.init_app(app)  # 406, query parameters where none are taken, NUL in path ids
    routing.init_app(app)  # a trailing slash redirects to the canonical URL
    reconnect.init_app(app)  # a read on a dropped connection runs again on a new one
    register_cli(app)
    return app
