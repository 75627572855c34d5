"""What one request costs the service's own process, without a server in between: the app's
WSGI callable called in-process, as gunicorn's gthread worker calls it, for ``GET /healthz``
and ``GET /v1/trials/{id}`` (ids from the database, cycled), after a warm-up of both.

Instruction counts do not move with the machine's load, wall time does, so run it under
callgrind twice, with and without the measured requests, and divide the difference:

    export DATABASE_URL=... PYTHONHASHSEED=0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python -m bench.request_cost --path lookup --requests 0     # I refs: A
    ... --requests 2000                                                       # I refs: B
    (B - A) / 2000 = instructions a request (the same for --path healthz)

``--backend-cpu`` also prints the PostgreSQL backend's CPU time a request (its
``/proc/<pid>/stat``, so the server must run on this machine; 10 ms ticks, so ask for a few
thousand requests), over the one pooled connection the requests take in turn. Metrics are
in prometheus_client's multiprocess mode, the access log is off and the app is frozen
(``gc.freeze``), as under ``bench/serving.py``'s gunicorn.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from service import create_app
from service.db import get_connection

WARM_UP = 200


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "RAW_URI": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(app, path: str) -> int:
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(int(line[:3]))

    body = app(environ(path), start_response)
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return status[0]


def trial_ids(url: str, count: int) -> list[str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        ids = conn.scalars(
            text("SELECT nct_id FROM trial_json ORDER BY md5(nct_id) LIMIT :n"), {"n": count}
        ).all()
    engine.dispose()
    if not ids:
        raise SystemExit("no trials in DATABASE_URL")
    return list(ids)


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", choices=("lookup", "healthz"), required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--backend-cpu", action="store_true")
    args = parser.parse_args()

    ids = trial_ids(os.environ["DATABASE_URL"], 500)
    paths = [f"/v1/trials/{i}" for i in ids] if args.path == "lookup" else ["/healthz"]
    with tempfile.TemporaryDirectory(prefix="trials-cost-") as metrics:
        # set before the app imports prometheus_client (service.web.metrics)
        os.environ.update(PROMETHEUS_MULTIPROC_DIR=metrics, ACCESS_LOG="0", LOG_FORMAT="json")
        measure(create_app(), ids, paths, args)


def measure(app, ids: list[str], paths: list[str], args) -> None:
    gc.freeze()  # as service/runtime/gunicorn_conf.py's post_worker_init does
    for n in range(WARM_UP):
        assert call(app, f"/v1/trials/{ids[n % len(ids)]}") == 200
        assert call(app, "/healthz") == 200
    if args.backend_cpu:
        with app.app_context():
            pid = get_connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        before, started = backend_cpu_seconds(pid), time.perf_counter()
    for n in range(args.requests):
        call(app, paths[n % len(paths)])
    if args.backend_cpu:
        cpu, wall = backend_cpu_seconds(pid) - before, time.perf_counter() - started
        print(
            f"{args.path}: backend {cpu / args.requests * 1e6:.1f} us CPU a request, "
            f"{wall / args.requests * 1e6:.1f} us wall a request (one connection)"
        )


if __name__ == "__main__":
    main()
