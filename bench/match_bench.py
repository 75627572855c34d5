"""``POST /v1/match`` at registry scale: latency of matching one profile against N trials.

    .venv/bin/python scripts/with_db.py --data .run/bench-pgdata -- \
        .venv/bin/python bench/match_bench.py --count 500000
    DATABASE_URL=postgresql://… .venv/bin/python bench/match_bench.py --reuse

Uses the database ``bench/api_bench.py`` builds (``trials_bench``; ``--reuse`` keeps an
already loaded one), starts gunicorn, and for each profile sends ``--requests`` requests one
after another: p50 / p95 / max in ms, the candidates decided, and the verdicts of the page.
The target is under one second per request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import start_server  # noqa: E402
from bench.text_load import ensure_documents, load  # noqa: E402
from store.engine import sqlalchemy_url  # noqa: E402

LABS = {
    "anc": {"value": 2.1, "unit": "×10^9/L"},
    "platelets": {"value": 180000, "unit": "/mm^3"},
    "hemoglobin": {"value": 118, "unit": "g/L"},
    "alt": {"value": 1.4, "unit": "×ULN"},
    "ast": {"value": 1.2, "unit": "×ULN"},
    "bilirubin": {"value": 14, "unit": "µmol/L", "uln": 21},
    "creatinine": {"value": 0.9, "unit": "mg/dL", "uln": 1.2},
    "creatinine_clearance": {"value": 85, "unit": "mL/min"},
}

PROFILES = {
    "broad: cancer, 60 F": {"age": 60, "sex": "FEMALE", "conditions": ["cancer"]},
    "narrow: gastric cancer + labs": {
        "age": 58,
        "sex": "MALE",
        "conditions": ["gastric cancer"],
        "ecog": 1,
        "life_expectancy": {"value": 9, "unit": "months"},
        "her2": {"ihc": "3+"},
        "labs": LABS,
        "prior_therapy_lines": 2,
        "history": {"hiv": False, "hepatitis_b": False, "brain_metastases": False},
    },
    "no condition: 45 F, full profile": {
        "age": 45,
        "sex": "FEMALE",
        "ecog": 0,
        "labs": LABS,
        "history": {"pregnant": False, "breastfeeding": False, "hiv": False},
    },
    "all statuses: breast cancer": {
        "age": 50,
        "sex": "FEMALE",
        "conditions": ["breast cancer"],
        "statuses": ["RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED"],
    },
    "near Hangzhou, 300 km": {"age": 66, "near": "30.27,120.15", "distance_km": 300},
}


def post(conn: http.client.HTTPConnection, body: dict) -> tuple[float, int, dict]:
    payload = json.dumps(body)
    started = time.perf_counter()
    conn.request("POST", "/v1/match", payload, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = json.loads(response.read())
    return (time.perf_counter() - started) * 1000, response.status, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500_000)
    parser.add_argument("--docs", default="/dev/shm/trials-bench-docs")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()

    server_url = sqlalchemy_url(os.environ["DATABASE_URL"])
    if not args.reuse:
        ensure_documents(Path(args.docs), args.count)
    database_url = load(server_url, Path(args.docs), args.reuse)
    proc, port = start_server(database_url, 2, 4)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        print(f"\nPOST /v1/match, {args.requests} sequential requests per profile (ms):")
        print(f"{'profile':36s} {'p50':>7s} {'p95':>7s} {'max':>7s}  candidates  page verdicts")
        for name, profile in PROFILES.items():
            post(conn, profile)  # warm
            runs = [post(conn, profile) for _ in range(args.requests)]
            ms = [r[0] for r in runs]
            status, data = runs[-1][1], runs[-1][2]
            if status != 200:
                print(f"{name:36s} HTTP {status}: {data}")
                continue
            verdicts = Counter(t["verdict"] for t in data["data"])
            meta = data["meta"]
            shown = ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
            p95 = statistics.quantiles(ms, n=20)[18]
            print(
                f"{name:36s} {statistics.median(ms):7.0f} {p95:7.0f} {max(ms):7.0f}  "
                f"{meta['candidates']:>6d}{'+' if meta['truncated'] else ' '}    {shown}"
            )
        conn.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
