"""Load test: gunicorn as deployed (``python -m service.runtime.boot``), wrk over a mix of
endpoints.

    python bench/loadtest.py [--duration 60] [--connections 64] [--threads 4] [--warmup 10]

``make loadtest`` runs it with ``scripts/with_db.py`` (an embedded PostgreSQL when DATABASE_URL is
unset) and installs Debian's ``wrk`` if it is missing. It starts the service on a free port,
waits for /readyz, warms up, then runs wrk with a Lua script that rotates over /v1/trials,
/v1/trials/{id}, /v1/trials/{id}/eligibility, /v1/stats and ``q`` searches, and prints the
throughput, p50/p90/p99 latency, non-2xx responses, socket errors and each gunicorn worker's
resident memory (from /proc) before and after. It exits non-zero on any non-2xx response or
socket error, or when a worker's RSS grew by more than 10 %.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
MAX_RSS_GROWTH = 0.10
SEARCHES = [
    "/v1/trials?q=cancer",
    "/v1/trials?q=%22breast%20cancer%22",
    "/v1/trials?q=chemotherapy%20-placebo",
    "/v1/trials?q=tumor&limit=5",
]
LISTS = ["/v1/trials", "/v1/trials?limit=50", "/v1/stats", "/v1/trials?sort=-enrollment"]

LUA = """
local paths = {%(paths)s}
local threads = {}
counter = 0  -- globals: thread:get() reads a thread's globals
non2xx = 0

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %%d, "duration_us": %%d, "non2xx": %%d, "connect": %%d, ' ..
    '"read": %%d, "write": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=4, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before measuring")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL is not set: run `make loadtest` (it starts a database)")

    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "loadtest-server.log"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", LOG_FORMAT="json")
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # service.runtime.boot makes a fresh one
    with open(log_path, "a") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "service.runtime.boot"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        _wait_ready(base, server)
        workers = _workers(server.pid)
        paths = _paths(base)
        print(f"gunicorn pid {server.pid}, workers {workers}, {len(paths)} paths, log {log_path}")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
        if args.warmup:
            _wrk(base, script.name, args.connections, args.threads, args.warmup)
        before = {pid: rss for pid in _workers(server.pid) if (rss := _rss_kib(pid))}
        result = _wrk(base, script.name, args.connections, args.threads, args.duration)
        after = {pid: _rss_kib(pid) for pid in before}  # None: the worker is gone
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    return _report(result, before, after, args)


def _report(result: dict, before: dict, after: dict, args) -> int:
    seconds = result["duration_us"] / 1e6
    socket_errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    print(f"\nwrk: {args.connections} connections, {args.threads} threads, {seconds:.1f} s")
    print(f"requests      {result['requests']}")
    print(f"throughput    {result['requests'] / seconds:,.0f} req/s")
    print(
        f"latency       p50 {result['p50_us'] / 1000:.1f} ms, p90 {result['p90_us'] / 1000:.1f} ms,"
        f" p99 {result['p99_us'] / 1000:.1f} ms, max {result['max_us'] / 1000:.1f} ms"
    )
    print(f"non-2xx       {result['non2xx']}")
    print(
        f"socket errors {socket_errors} (connect {result['connect']}, read {result['read']}, "
        f"write {result['write']}, timeout {result['timeout']})"
    )
    failures = []
    if result["non2xx"]:
        failures.append(f"{result['non2xx']} non-2xx responses")
    if socket_errors:
        failures.append(f"{socket_errors} socket errors")
    print("worker RSS    before -> after")
    for pid, rss in before.items():
        now = after.get(pid)
        if now is None:
            failures.append(f"worker {pid} is gone")
            print(f"  pid {pid:>7}  {rss / 1024:6.1f} MB -> gone")
            continue
        growth = (now - rss) / rss
        print(f"  pid {pid:>7}  {rss / 1024:6.1f} MB -> {now / 1024:6.1f} MB ({growth:+.1%})")
        if growth > MAX_RSS_GROWTH:
            failures.append(f"worker {pid} RSS grew {growth:.1%}")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("ok: no errors, no worker grew more than 10%")
    return 0


def _wrk(base: str, script: str, connections: int, threads: int, seconds: int) -> dict:
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={script}",
        base,
    ]
    run = subprocess.run(command, capture_output=True, text=True)
    out = run.stdout
    if run.returncode != 0:
        raise SystemExit(f"wrk failed ({run.returncode}):\n{out}\n{run.stderr}")
    for line in out.splitlines():
        if line.startswith("LOADTEST "):
            return json.loads(line.removeprefix("LOADTEST "))
    raise SystemExit(f"wrk printed no summary:\n{out}")


def _paths(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/v1/trials?limit=100", timeout=10) as r:
        ids = [t["nct_id"] for t in json.loads(r.read())["data"]]
    if not ids:
        raise SystemExit("no trials in the database: nothing to load-test")
    per_trial = [f"/v1/trials/{i}" for i in ids] + [f"/v1/trials/{i}/eligibility" for i in ids]
    paths = [*LISTS, *SEARCHES, *per_trial]
    for path in paths:  # every path must answer 200 before the run, or the run means nothing
        with urllib.request.urlopen(base + path, timeout=10) as r:
            assert r.status == 200, path
    return paths


def _wait_ready(base: str, server: subprocess.Popen, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the service exited with {server.returncode}; see bench/out")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.5)
    raise SystemExit("the service did not become ready")


def _workers(master: int) -> list[int]:
    """gunicorn's worker processes: the children of its master (service.runtime.boot, exec'd
    into it)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # field 4, ppid
            pids.append(int(stat.parent.name))
    return sorted(pids)


def _rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
