"""Security headers, the CORS allow-list and the request-body rules (413/415/400)."""

from __future__ import annotations

import io
import re
import sys
import urllib.request

import pytest
from flask import Blueprint, request

from service.settings import ConfigError, Settings
from service.web.security import API_CSP, DOCS_CSP
from tests.support.apps import app_under_test
from tests.support.servers import gunicorn

ALLOWED = "https://app.example.org"
OTHER = "https://evil.example.com"

# Test-only JSON and text endpoints (the real ones, /v1/match and the admin upload, come and go).
echo_blp = Blueprint("test_echo", __name__)


@echo_blp.post("/v1/test-echo")
def echo():
    return {"received": request.get_json()}


@echo_blp.get("/v1/test-boom")
def boom():
    raise RuntimeError("a bug")


@echo_blp.post("/v1/admin/test-upload")
def upload():
    return {"bytes": len(request.get_data())}


@pytest.fixture
def strict_client(connection, database_url):
    settings = {"cors_origins": (ALLOWED,), "max_body_bytes": 64}
    with app_under_test(database_url, connection, **settings) as app:
        app.register_blueprint(echo_blp)
        yield app.test_client()


def assert_security_headers(response, csp: str = API_CSP) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == csp
    assert "Server" not in response.headers


def test_every_kind_of_response_carries_the_security_headers(client):
    json_ = client.get("/v1/enums")
    assert json_.status_code == 200 and json_.mimetype == "application/json"
    assert_security_headers(json_)
    problem = client.get("/v1/trials/NCT99999999")
    assert problem.status_code == 404 and problem.mimetype == "application/problem+json"
    assert_security_headers(problem)
    not_found = client.get("/no/such/page")
    assert not_found.status_code == 404
    assert_security_headers(not_found)
    metrics = client.get("/metrics")
    assert metrics.status_code == 200 and metrics.mimetype == "text/plain"
    assert_security_headers(metrics)
    docs = client.get("/docs")
    assert docs.status_code == 200 and docs.mimetype == "text/html"
    assert_security_headers(docs, csp=DOCS_CSP)
    assert_security_headers(client.get("/docs/init.js"))


def test_an_unexpected_error_carries_them_too(strict_client):
    response = strict_client.get("/v1/test-boom")
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    assert "a bug" not in response.get_data(as_text=True)
    assert_security_headers(response)


def test_docs_policy_allows_only_our_own_scripts_and_the_page_has_no_inline_script(client):
    directives = dict(d.strip().split(" ", 1) for d in DOCS_CSP.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"  # fetches /v1/openapi.json
    assert directives["frame-ancestors"] == "'none'"
    html = client.get("/docs").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert [attrs.strip() for attrs, _ in scripts] == [
        'src="/docs/static/swagger-ui-bundle.js"',
        'src="/docs/init.js"',
    ]
    assert all(body.strip() == "" for _, body in scripts)
    assert "style=" not in html


def test_a_real_gunicorn_sends_no_version_banner(engine, database_url):
    with (
        gunicorn(database_url, WEB_CONCURRENCY="1") as server,
        urllib.request.urlopen(f"{server.url}/v1/enums") as response,
    ):
        headers = response.headers
    assert headers["Server"] == "gunicorn"  # gunicorn >= 20.1: the name only, never a version
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == API_CSP
    assert "Werkzeug" not in str(headers) and "Python" not in str(headers)


# CORS


def test_no_cors_headers_by_default(client):
    response = client.get("/v1/enums", headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options(
        "/v1/trials", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers


def test_an_allowed_origin_gets_cors_headers(strict_client):
    response = strict_client.get("/v1/enums", headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Origin" in response.vary
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"X-Request-ID", "ETag"} <= exposed
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_another_origin_gets_none_and_the_response_varies_on_origin(strict_client):
    response = strict_client.get("/v1/enums", headers={"Origin": OTHER})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Origin" in response.vary
    no_origin = strict_client.get("/v1/enums")
    assert "Access-Control-Allow-Origin" not in no_origin.headers
    assert "Origin" in no_origin.vary


def test_preflight_for_an_allowed_origin(strict_client):
    headers = {
        "Origin": ALLOWED,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "X-Request-ID, If-None-Match",
    }
    response = strict_client.options("/v1/trials", headers=headers)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert {"GET", "HEAD", "POST"} <= set(
        response.headers["Access-Control-Allow-Methods"].split(", ")
    )
    assert response.headers["Access-Control-Allow-Headers"] == "If-None-Match, X-Request-ID"
    assert response.headers["Access-Control-Max-Age"] == "600"
    refused = strict_client.options("/v1/trials", headers={**headers, "Origin": OTHER})
    assert "Access-Control-Allow-Origin" not in refused.headers


# Request bodies


def test_a_body_over_the_limit_is_a_413_problem(strict_client):
    response = strict_client.post("/v1/test-echo", json={"text": "x" * 100})
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.json == {
        "type": "about:blank",
        "title": "Request Entity Too Large",
        "status": 413,
        "detail": "The request body is larger than the limit of 64 bytes.",
        "instance": "/v1/test-echo",
    }
    assert_security_headers(response)


def test_a_json_endpoint_refuses_other_media_types_with_a_415_problem(strict_client):
    response = strict_client.post("/v1/test-echo", data="a=1", content_type="text/plain")
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert response.json["title"] == "Unsupported Media Type"
    assert response.json["detail"] == (
        "POST /v1/test-echo takes an application/json body, not text/plain."
    )
    form = strict_client.post("/v1/test-echo", data={"a": "1"})
    assert form.status_code == 415
    assert "application/x-www-form-urlencoded" in form.json["detail"]


def test_malformed_json_is_a_400_problem_naming_the_body(strict_client):
    response = strict_client.post(
        "/v1/test-echo", data='{"age": 72,', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == "Invalid request parameters: body."
    [param] = response.json["invalid_params"]
    assert param["name"] == "body"
    assert param["reason"].startswith("Malformed JSON: Expecting")
    empty = strict_client.post("/v1/test-echo", data="", content_type="application/json")
    assert empty.status_code == 400
    assert empty.json["invalid_params"] == [
        {"name": "body", "reason": "The request body is empty; send a JSON document."}
    ]


def test_well_formed_json_passes_and_admin_uploads_may_send_text(strict_client):
    ok = strict_client.post("/v1/test-echo", json={"age": 72})
    assert ok.status_code == 200 and ok.json == {"received": {"age": 72}}
    upload = strict_client.post("/v1/admin/test-upload", data="NCT1\n", content_type="text/plain")
    assert upload.status_code == 200 and upload.json == {"bytes": 5}


def test_unrouted_posts_keep_their_404_and_405(strict_client):
    assert strict_client.post("/v1/nowhere", data="x", content_type="text/plain").status_code == 404
    not_allowed = strict_client.post("/v1/trials", data="x", content_type="text/plain")
    assert not_allowed.status_code == 405
    assert not_allowed.mimetype == "application/problem+json"


# Settings


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CORS_ORIGINS", "*"),
        ("CORS_ORIGINS", "https://app.example.org/"),
        ("CORS_ORIGINS", "app.example.org"),
        ("CORS_ORIGINS", "https://a.example.org,https://*.example.org"),
        ("MAX_BODY_BYTES", "1MB"),
        ("MAX_BODY_BYTES", "0"),
        ("LOG_FORMAT", "xml"),
        ("ACCESS_LOG", "yes"),
    ],
)
def test_malformed_settings_are_refused(monkeypatch, name, value):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        Settings.from_env()


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal: JSON logs by default
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("CORS_ORIGINS", " https://a.example.org, http://localhost:3000 ,")
    monkeypatch.setenv("MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("LOG_FORMAT", "TEXT")
    settings = Settings.from_env()
    assert settings.cors_origins == ("https://a.example.org", "http://localhost:3000")
    assert settings.max_body_bytes == 2048
    assert settings.log_format == "text"
    for name in ("CORS_ORIGINS", "MAX_BODY_BYTES", "LOG_FORMAT"):
        monkeypatch.delenv(name)
    defaults = Settings.from_env()
    assert (defaults.cors_origins, defaults.max_body_bytes, defaults.log_format) == (
        (),
        1024 * 1024,
        "json",
    )
