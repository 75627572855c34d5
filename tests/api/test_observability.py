"""Request ids, one structured log line per request, and Prometheus metrics at /metrics."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from service.runtime.ready import ready_line
from service.settings import log_format_from_env
from service.web.observability import JsonFormatter, TextFormatter, configure_logging
from tests.support.servers import gunicorn

TRIAL = "NCT02713984"
HEX32 = re.compile(r"[0-9a-f]{32}")


def access_records(caplog, request_id: str) -> list[dict]:
    """The access log lines of one request, as the JSON formatter writes them."""
    return [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "service.access" and getattr(r, "status", None) is not None
        and json.loads(JsonFormatter().format(r)).get("request_id") == request_id
    ]  # fmt: skip


def scrape(client) -> dict[tuple[str, tuple], float]:
    """``/metrics`` as ``{(sample name, sorted labels): value}``."""
    response = client.get("/metrics", buffered=True)
    assert response.status_code == 200
    return parse(response.get_data(as_text=True))


def parse(body: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


# Request ids


def test_a_sane_request_id_is_kept_and_echoed(client, seeded):
    response = client.get(f"/v1/trials/{TRIAL}", headers={"X-Request-ID": "web-42.a:b_C"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "web-42.a:b_C"


def test_a_request_id_is_generated_when_missing_also_on_errors(client):
    first = client.get("/v1/enums")
    second = client.get("/v1/trials/NCT99999999")
    assert second.status_code == 404
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(HEX32.fullmatch(i) for i in ids) and ids[0] != ids[1]


@pytest.mark.parametrize("insane", ["x" * 129, "a b", "id;drop", "ü", "<script>"])
def test_an_insane_request_id_is_replaced(client, insane):
    response = client.get("/healthz", headers={"X-Request-ID": insane})
    assert HEX32.fullmatch(response.headers["X-Request-ID"])


def test_the_longest_sane_request_id_is_kept(client):
    sane = "a" * 128
    assert client.get("/healthz", headers={"X-Request-ID": sane}).headers["X-Request-ID"] == sane


# Logs


def test_one_json_access_line_per_request_without_query_string_or_credentials(
    client, seeded, caplog
):
    caplog.set_level(logging.INFO, logger="service.access")
    response = client.get(
        "/v1/trials?q=jane.doe%40example.org&limit=5",
        headers={"X-Request-ID": "req-1", "Authorization": "Bearer s3cr3t-token"},
        buffered=True,  # the test client then closes the body, as a server does
    )
    assert response.status_code == 200
    [line] = access_records(caplog, "req-1")
    assert line["method"] == "GET"
    assert line["path"] == "/v1/trials"
    assert line["route"] == "/v1/trials"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["logger"] == "service.access"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["timestamp"])
    raw = json.dumps(line)
    for secret in ("jane", "example.org", "limit", "Bearer", "s3cr3t", "Authorization"):
        assert secret not in raw


def test_errors_and_unknown_paths_are_logged_with_their_status(client, caplog):
    caplog.set_level(logging.INFO, logger="service.access")
    client.get("/v1/trials/NCT1", headers={"X-Request-ID": "bad-id"}, buffered=True)
    client.get("/no/such/path", headers={"X-Request-ID": "nowhere"}, buffered=True)
    [bad] = access_records(caplog, "bad-id")
    assert (bad["status"], bad["route"]) == (400, "/v1/trials/<string:nct_id>")
    [nowhere] = access_records(caplog, "nowhere")
    assert (nowhere["status"], nowhere["route"], nowhere["path"]) == (
        404,
        "unmatched",
        "/no/such/path",
    )


def test_text_and_json_log_formats(capsys):
    log = logging.getLogger("tests.observability")
    try:
        configure_logging("INFO", "json")
        log.warning("hello %s", "world", extra={"count": 3})
        line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert line["message"] == "hello world" and line["count"] == 3
        assert line["level"] == "WARNING" and line["logger"] == "tests.observability"
        configure_logging("INFO", "text")
        log.warning("hello %s", "text")
        assert capsys.readouterr().err.strip().endswith("WARNING tests.observability: hello text")
    finally:
        configure_logging("INFO", "json")


def record(message: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    rec = logging.LogRecord("service.access", logging.INFO, __file__, 1, message, args, exc_info)
    rec.created = time.mktime((2026, 3, 1, 14, 3, 7, 0, 0, -1))  # local time, as the formatter
    rec.__dict__.update(extra)
    return rec


def test_the_text_formatter_is_one_short_line_with_the_request_id_and_any_traceback():
    assert TextFormatter().format(record("GET %s %d", "/v1/trials", 200)) == (
        "14:03:07 INFO service.access: GET /v1/trials 200"
    )
    assert TextFormatter().format(record("GET /v1", request_id="abc", status=404)) == (
        "14:03:07 INFO service.access [abc]: GET /v1"
    )
    try:
        raise ValueError("boom")
    except ValueError:
        line = TextFormatter().format(record("failed", exc_info=sys.exc_info()))
    first, *rest = line.splitlines()
    assert first == "14:03:07 INFO service.access: failed"
    assert rest[0] == "Traceback (most recent call last):" and rest[-1] == "ValueError: boom"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stderr", "env", "expected"),
    [
        (Terminal(), None, "text"),  # a person is watching
        (io.StringIO(), None, "json"),  # a file, a pipe, a log collector
        (Terminal(), "json", "json"),  # LOG_FORMAT wins
        (io.StringIO(), "TEXT", "text"),
    ],
)
def test_log_format_is_text_on_a_terminal_and_json_otherwise_unless_set(
    monkeypatch, stderr, env, expected
):
    monkeypatch.setattr(sys, "stderr", stderr)
    if env is None:
        monkeypatch.delenv("LOG_FORMAT", raising=False)
    else:
        monkeypatch.setenv("LOG_FORMAT", env)
    assert log_format_from_env() == expected


def test_alembic_says_only_its_warnings_unless_the_level_is_debug():
    alembic = logging.getLogger("alembic.runtime.migration")
    try:
        configure_logging("INFO", "json")
        assert not alembic.isEnabledFor(logging.INFO)
        assert alembic.isEnabledFor(logging.WARNING)
        configure_logging("DEBUG", "json")
        assert alembic.isEnabledFor(logging.INFO)
    finally:
        configure_logging("INFO", "json")


def test_the_ready_line_names_the_docs_and_the_api_where_they_listen():
    assert ready_line([("0.0.0.0", 8000)]) == (
        "ready: http://localhost:8000/docs (API at http://localhost:8000/v1)"
    )
    assert ready_line([("127.0.0.1", 5001)]) == (
        "ready: http://127.0.0.1:5001/docs (API at http://127.0.0.1:5001/v1)"
    )
    assert ready_line([("::1", 8000, 0, 0)]) == (
        "ready: http://[::1]:8000/docs (API at http://[::1]:8000/v1)"
    )
    assert ready_line(["/run/trials.sock"]) == "ready: listening on unix:/run/trials.sock"


# Metrics


def test_request_counts_go_up_by_route_rule_never_by_raw_path(client, seeded):
    key = ("http_requests_total", (("method", "GET"), ("route", "/v1/trials/<string:nct_id>"),
                                   ("status", "200")))  # fmt: skip
    count = ("http_request_duration_seconds_count",
             (("method", "GET"), ("route", "/v1/trials/<string:nct_id>")))  # fmt: skip
    before = scrape(client)
    for _ in range(3):
        assert client.get(f"/v1/trials/{TRIAL}", buffered=True).status_code == 200
    assert client.get("/v1/trials/NCT99999999", buffered=True).status_code == 404
    after = scrape(client)
    assert after[key] - before.get(key, 0) == 3
    assert after[count] - before.get(count, 0) == 4
    not_found = (key[0], (*key[1][:2], ("status", "404")))
    assert after[not_found] - before.get(not_found, 0) == 1
    routes = {dict(labels).get("route") for _, labels in after}
    assert not any(r and TRIAL in r for r in routes)
    assert "/metrics" in routes


def test_pool_and_seed_document_gauges(client, seeded, engine):
    samples = scrape(client)
    for name in ("db_pool_checked_out", "db_pool_size", "db_pool_overflow"):
        assert (name, ()) in samples
    assert samples[("db_pool_size", ())] == 5
    with engine.connect() as conn:
        counts = dict(conn.execute(text("SELECT status, count(*) FROM source_documents "
                                        "GROUP BY status")).all())  # fmt: skip
    assert samples[("seed_documents", (("status", "loaded"),))] == counts["loaded"] >= 5
    assert samples[("seed_documents", (("status", "failed"),))] == counts.get("failed", 0)


def test_metrics_is_not_in_the_openapi_spec(app):
    assert "/metrics" not in app.extensions["api"].spec.to_dict()["paths"]


# A real gunicorn with two workers


@pytest.mark.slow
def test_gunicorn_workers_share_metrics_and_log_one_json_line_per_request(
    engine, seeded, database_url, tmp_path
):
    log = tmp_path / "gunicorn.log"
    with gunicorn(database_url, log, WEB_CONCURRENCY="2", GUNICORN_THREADS="2") as server:
        base = server.url
        for n in range(12):  # a new connection each: both workers answer some
            request = urllib.request.Request(
                f"{base}/v1/trials?q=jane.doe&limit=2",
                headers={"X-Request-ID": f"gw-{n}", "Authorization": "Bearer s3cr3t"},
            )
            with urllib.request.urlopen(request) as response:
                assert response.headers["X-Request-ID"] == f"gw-{n}"
        labels = (("method", "GET"), ("route", "/v1/trials"), ("status", "200"))
        key = ("http_requests_total", labels)
        deadline = time.monotonic() + 30
        # the second worker may still be booting, and a request is counted once its response
        # is closed, which may come after the client has read it and asked for /metrics
        while True:
            scrapes = []
            for _ in range(4):
                with urllib.request.urlopen(f"{base}/metrics") as response:
                    scrapes.append(parse(response.read().decode()))
            pool_sizes = [s[("db_pool_size", ())] for s in scrapes]
            counts = [s.get(key) for s in scrapes]
            if (pool_sizes, counts) == ([10.0] * 4, [12.0] * 4) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert pool_sizes == [10.0] * 4  # 5 per worker, summed over the live workers
    assert counts == [12.0] * 4  # whichever worker answers the scrape
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    access = [x for x in lines if x["logger"] == "service.access"]
    assert sorted(x["request_id"] for x in access if x["path"].startswith("/v1/")) == sorted(
        f"gw-{n}" for n in range(12)
    )
    assert {x["route"] for x in access} == {"/healthz", "/v1/trials", "/metrics"}
    assert any(x["logger"] == "gunicorn.error" for x in lines)  # gunicorn's own lines: JSON too
    raw = log.read_text()
    assert "jane" not in raw and "s3cr3t" not in raw and "Bearer" not in raw
