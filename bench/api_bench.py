"""Registry-scale benchmark: N synthetic trials in PostgreSQL, queried over HTTP via gunicorn.

    make bench-api                  # 500,000 trials (generation + load take ~15 minutes)
    .venv/bin/python scripts/with_db.py -- .venv/bin/python bench/api_bench.py --count 20000

Steps, each printed with its figures:
1. write N documents of both layouts (``python -m tools.synth``) to a scratch directory
   (tmpfs by default), unless they are already there;
2. load them into the database ``trials_bench`` on DATABASE_URL's server (created; kept for
   re-runs with ``--reuse``) and print documents per second;
3. start gunicorn (gthread, ``--workers`` × ``--threads``) and, for every query shape, send
   ``--requests`` requests one after another: p50 and p95 latency;
4. wrk (Debian's ``wrk``; skipped if absent): throughput of ``GET /v1/trials/{id}`` next to
   ``GET /healthz`` on the same server, and their ratio;
5. the resident memory of each gunicorn worker.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from schemas.trial_json import render_trial_json  # noqa: E402
from seed.load import load_directory  # noqa: E402
from store.engine import sqlalchemy_url  # noqa: E402
from store.migrate import migrate  # noqa: E402

DB_NAME = "trials_bench"


def shapes(ids: list[str]) -> dict[str, list[str]]:
    """Query shapes, each with a few variants (cycled through)."""
    pick = random.Random(7).sample(ids, min(200, len(ids)))
    return {
        "id lookup": [f"/v1/trials/{i}" for i in pick],
        "id lookup, sparse fields": [f"/v1/trials/{i}?fields=brief_title,phases" for i in pick],
        "trial arms": [f"/v1/trials/{i}/arms" for i in pick],
        "trial eligibility": [f"/v1/trials/{i}/eligibility" for i in pick],
        "list (default sort)": ["/v1/trials", "/v1/trials?limit=100"],
        "q broad (cancer)": ["/v1/trials?q=cancer", "/v1/trials?q=patients"],
        "q narrow": ["/v1/trials?q=pembrolizumab%20gastric", "/v1/trials?q=%22heart%20failure%22"],
        "q web syntax": ["/v1/trials?q=asthma%20OR%20copd%20-children"],
        "q + count_total": ["/v1/trials?q=pembrolizumab&count_total=true"],
        "condition": ["/v1/trials?condition=gastric%20cancer", "/v1/trials?condition=asthma"],
        "intervention": ["/v1/trials?intervention=paclitaxel", "/v1/trials?intervention=placebo"],
        "sponsor": ["/v1/trials?sponsor=university", "/v1/trials?sponsor=pfizer"],
        "intervention_type": ["/v1/trials?intervention_type=DEVICE"],
        "status": ["/v1/trials?status=RECRUITING", "/v1/trials?status=SUSPENDED"],
        "phase": ["/v1/trials?phase=PHASE3", "/v1/trials?phase=EARLY_PHASE1"],
        "study_type": ["/v1/trials?study_type=OBSERVATIONAL"],
        "sex": ["/v1/trials?sex=MALE"],
        "age": ["/v1/trials?age=72", "/v1/trials?age=5"],
        "healthy_volunteers": ["/v1/trials?healthy_volunteers=true"],
        "country": ["/v1/trials?country=china", "/v1/trials?country=germany"],
        "city": ["/v1/trials?city=hangzhou", "/v1/trials?city=boston"],
        "near": ["/v1/trials?near=30.27,120.15&distance_km=100", "/v1/trials?near=42.36,-71.06"],
        "start date range": ["/v1/trials?start_from=2020&start_to=2021-06"],
        "updated_since": ["/v1/trials?updated_since=2025-01-01"],
        "sort start_date": ["/v1/trials?sort=start_date"],
        "sort -enrollment": ["/v1/trials?sort=-enrollment"],
        "combined filters": [
            "/v1/trials?status=RECRUITING&phase=PHASE2&condition=gastric%20cancer&age=72"
            "&sex=FEMALE",
            "/v1/trials?status=RECRUITING&phase=PHASE2,PHASE3&q=her2&country=china",
            "/v1/trials?status=RECRUITING,NOT_YET_RECRUITING&near=30.27,120.15&distance_km=300"
            "&age=72&sex=FEMALE&q=cancer",
        ],
        "stats (all)": ["/v1/stats"],
        "stats (filtered)": ["/v1/stats?condition=breast%20cancer", "/v1/stats?country=china"],
        "interventions collection": [
            "/v1/interventions?type=DRUG&q=paclitaxel",
            "/v1/interventions?type=DEVICE",
        ],
        "outcomes collection": ["/v1/outcomes?type=PRIMARY&q=survival"],
        "enums / version": ["/v1/enums", "/v1/version"],
    }


# --------------------------------------------------------------------------- steps


def ensure_documents(directory: Path, count: int) -> None:
    existing = sum(1 for _ in directory.glob("synth_*.txt")) if directory.is_dir() else 0
    if existing == count:
        print(f"documents: {count} already in {directory}")
        return
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    started = time.perf_counter()
    shards = os.cpu_count() or 1
    per = -(-count // shards)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tools.synth", "--count", str(min(per, count - k * per)),
             "--start", str(1 + k * per), "--out", str(directory)],
            cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        for k in range(shards)
        if count - k * per > 0
    ]  # fmt: skip
    for p in procs:
        p.wait()
    seconds = time.perf_counter() - started
    print(f"documents: wrote {count} in {seconds:.0f}s ({count / seconds:.0f}/s) to {directory}")


def load(server_url: str, directory: Path, reuse: bool) -> str:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    url = make_url(server_url).set(database=DB_NAME)
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DB_NAME})
        if exists and not reuse:
            conn.execute(text(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)'))
        if not exists or not reuse:
            conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    engine = create_engine(url)
    migrate(engine)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            print(f"  loading: {done}/{total}", flush=True)

    report = load_directory(engine, directory, render=render_trial_json, progress=progress)
    print(f"load: {report.summary()}")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        started = time.perf_counter()
        conn.execute(text("VACUUM ANALYZE"))
        print(f"vacuum analyze: {time.perf_counter() - started:.0f}s")
        size = conn.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        trials = conn.scalar(text("SELECT count(*) FROM trials"))
        print(f"database: {trials} trials, {size}")
    engine.dispose()
    return url.render_as_string(hide_password=False)


def start_server(database_url: str, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, DATABASE_URL=database_url, PORT=str(port), HOST="127.0.0.1")
    env.update(WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads), ACCESS_LOG="0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "service/runtime/gunicorn_conf.py",
         "service:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def latencies(port: int, urls: list[str], requests: int) -> tuple[list[float], int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out, errors = [], 0
    for n in range(requests):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - started) * 1000)
        errors += response.status != 200
    conn.close()
    return out, errors


def deep_paging(port: int, pages: int) -> tuple[list[float], int]:
    """Follow next_cursor ``pages`` deep; the latency of each page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    url, out, errors = "/v1/trials?limit=100&sort=nct_id", [], 0
    for _ in range(pages):
        started = time.perf_counter()
        conn.request("GET", url)
        response = conn.getresponse()
        body = json.loads(response.read())
        out.append((time.perf_counter() - started) * 1000)
        errors += response.status != 200
        cursor = body["page"]["next_cursor"]
        url = f"/v1/trials?limit=100&sort=nct_id&cursor={urllib.parse.quote(cursor)}"
    return out, errors


def csv_export(port: int, query: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", f"/v1/trials?format=csv&{query}")
    response = conn.getresponse()
    rows = sum(chunk.count(b"\n") for chunk in iter(lambda: response.read(65536), b"")) - 1
    return rows, time.perf_counter() - started


def wrk(port: int, path: str, seconds: int, connections: int, ids: list[str] | None) -> dict:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    with tempfile.TemporaryDirectory() as tmp:
        if ids:
            script = Path(tmp) / "ids.lua"
            sample = random.Random(3).sample(ids, min(2000, len(ids)))
            script.write_text(
                "ids = {" + ",".join(f'"{i}"' for i in sample) + "}\n"
                "request = function()\n"
                "  return wrk.format(nil, '/v1/trials/' .. ids[math.random(#ids)])\nend\n"
            )
            args += ["-s", str(script)]
        out = subprocess.run(
            [*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if "Requests/sec" in line))
    p99 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")), "")
    errors = sum(
        int(w) for line in out.splitlines() if "Non-2xx" in line for w in line.split()[-1:]
    )
    return {"rps": rps, "p99": p99, "non_2xx": errors}


def worker_rss_mb(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    out = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500_000)
    parser.add_argument("--docs", default="/dev/shm/trials-bench-docs")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--wrk-seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    server_url = sqlalchemy_url(os.environ["DATABASE_URL"])
    directory = Path(args.docs)
    if not args.reuse:
        ensure_documents(directory, args.count)
    database_url = load(server_url, directory, args.reuse)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        ids = list(conn.scalars(text("SELECT nct_id FROM trials ORDER BY random() LIMIT 5000")))
    engine.dispose()

    proc, port = start_server(database_url, args.workers, args.threads)
    try:
        rss_before = worker_rss_mb(proc.pid)
        print(f"\nlatency over HTTP, {args.requests} sequential requests per shape (ms):")
        print(f"{'shape':32s} {'p50':>8s} {'p95':>8s} {'max':>8s}  errors")
        for name, urls in shapes(ids).items():
            latencies(port, urls, len(urls))  # warm
            ms, errors = latencies(port, urls, args.requests)
            q = statistics.quantiles(ms, n=20)
            print(f"{name:32s} {statistics.median(ms):8.1f} {q[18]:8.1f} {max(ms):8.1f}  {errors}")
        ms, errors = deep_paging(port, 100)
        q = statistics.quantiles(ms, n=20)
        print(f"{'deep paging (100 pages x 100)':32s} {statistics.median(ms):8.1f} {q[18]:8.1f} "
              f"{max(ms):8.1f}  {errors}")  # fmt: skip
        for query in ("status=SUSPENDED", "phase=PHASE3&status=RECRUITING"):
            rows, seconds = csv_export(port, query)
            print(
                f"csv export {query}: {rows} rows in {seconds:.2f}s ({rows / seconds:.0f} rows/s)"
            )

        if shutil.which("wrk"):
            print(f"\nthroughput (wrk, {args.wrk_seconds}s, {args.connections} connections):")
            health = wrk(port, "/healthz", args.wrk_seconds, args.connections, None)
            lookup = wrk(port, "/", args.wrk_seconds, args.connections, ids)
            for name, r in (("GET /healthz", health), ("GET /v1/trials/{id}", lookup)):
                print(
                    f"{name:24s} {r['rps']:8.0f} req/s  p99 {r['p99']:>8s}  non-2xx {r['non_2xx']}"
                )
            print(f"id lookup / healthz: {lookup['rps'] / health['rps']:.0%}")
        else:
            print("\nwrk not installed (apt-get install wrk): throughput skipped")
        rss_after = worker_rss_mb(proc.pid)
        print(f"\nworker RSS MB before: {', '.join(f'{r:.0f}' for r in rss_before)}; "
              f"after: {', '.join(f'{r:.0f}' for r in rss_after)}")  # fmt: skip
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
