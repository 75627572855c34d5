"""What the registry-scale benchmarks do over HTTP: start gunicorn on a database, the query
shapes, sequential latencies, deep paging, CSV export, wrk throughput, the workers' RSS."""

from __future__ import annotations

import http.client
import json
import os
import random
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
        "near + count_total": [
            "/v1/trials?near=30.27,120.15&distance_km=100&count_total=true",
            "/v1/trials?near=42.36,-71.06&count_total=true",
        ],
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
        "stats (filtered, repeated)": [
            "/v1/stats?condition=breast%20cancer",
            "/v1/stats?country=china",
            "/v1/stats?status=RECRUITING",
            "/v1/stats?phase=PHASE3",
        ],
        "interventions collection": [
            "/v1/interventions?type=DRUG&q=paclitaxel",
            "/v1/interventions?type=DEVICE",
        ],
        "outcomes collection": ["/v1/outcomes?type=PRIMARY&q=survival"],
        "enums / version": ["/v1/enums", "/v1/version"],
    }


def first_time_stats(port: int, count: int) -> list[str]:
    """``count`` filtered ``/v1/stats`` URLs no request asked before (a worker keeps filtered
    answers until the next recount): one country, one condition or a status with a phase,
    taken from the registry-wide facets, so each one is counted, not read back."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/v1/stats")
    facets = json.loads(conn.getresponse().read())
    conn.close()
    quote = urllib.parse.quote
    urls = [f"/v1/stats?country={quote(f['value'])}" for f in facets["country"]]
    urls += [f"/v1/stats?condition={quote(f['value'])}" for f in facets["condition"]]
    urls += [
        f"/v1/stats?status={s['value']}&phase={p['value']}"
        for s in facets["overall_status"]
        for p in facets["phase"]
    ]
    random.Random(5).shuffle(urls)
    return urls[:count]


def cache_lookups(port: int) -> dict[str, float]:
    """``trial_cache_lookups_total`` by result, summed over the workers, from ``/metrics``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    counts = dict.fromkeys(("hit", "miss", "off"), 0.0)
    for line in text.splitlines():
        if line.startswith('trial_cache_lookups_total{result="'):
            labels, value = line.rsplit(" ", 1)
            counts[labels.split('"')[1]] += float(value)
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database_url: str, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
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
    stop_server(proc)
    raise SystemExit("gunicorn did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


def p95(ms: list[float]) -> float:
    """The 95th percentile (interpolated between the samples, never past the largest)."""
    if len(ms) < 2:
        return ms[0] if ms else 0.0
    return statistics.quantiles(ms, n=20, method="inclusive")[18]


def latencies(port: int, urls: list[str], requests: int, warm: int = 0) -> tuple[list[float], int]:
    """``requests`` sequential GETs cycling through ``urls`` on one keep-alive connection
    (so one gunicorn worker answers them all), after ``warm`` untimed ones on the same
    connection: the worker that is timed is the one that was warmed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out, errors = [], 0
    for n in range(warm + requests):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        if n >= warm:
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
        if not cursor:
            break
        url = f"/v1/trials?limit=100&sort=nct_id&cursor={urllib.parse.quote(cursor)}"
    return out, errors


def csv_export(port: int, query: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", f"/v1/trials.csv?{query}")
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"GET /v1/trials.csv?{query}: HTTP {response.status}")
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
