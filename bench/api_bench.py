"""Registry-scale benchmark: every target of issue 14 measured in one run, printed at the end as
one table (target, figure, bound, met/missed).

    make bench-api                      # 500,000 studies; ZIP=path reuses a bulk ZIP
    .venv/bin/python scripts/with_db.py -- .venv/bin/python bench/api_bench.py \
        --count 5000 --text-count 2000  # a quick version

Steps, each printed with its figures as it runs:
1. full load: a bulk ZIP of ``--count`` synthetic API v2 studies (``--zip``, written first
   unless it holds that many; not timed) imported into the EMPTY database ``--db-name`` as
   ``python -m seed import`` does, with ``bench/zip_load_bench.py``'s load, split and RSS
   sampling; the time for 500,000 is projected from the rate when the count is smaller.
   ``--reuse`` keeps an already loaded database and skips this step;
2. text layouts: ``--text-count`` text documents of both layouts loaded by the seed job into
   a second scratch database (dropped after): documents per second next to today's rate;
3. gunicorn (gthread, ``--workers`` x ``--threads``) on the loaded database, then the daily
   sync: ``--changed`` changed studies served by a registry on the loopback and applied by
   ``seed.load.sync`` (``bench/sync_bench.py``) while a reader sends ``GET /v1/trials/{id}``;
4. latency: every query shape (``bench/serving.py``), ``--requests`` sequential requests each,
   and ``POST /v1/match`` for ``bench/match_bench.py``'s five profiles;
5. throughput: wrk (Debian's ``wrk``) on ``GET /v1/trials/{id}`` and ``GET /healthz``;
6. memory: each gunicorn worker's RSS after the run, and the database's size.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import statistics
import sys
import time
import timeit
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

import bench.zip_load_bench as zlb  # noqa: E402
from bench.match_bench import PROFILES, post  # noqa: E402
from bench.scratch import create_database, drop_database  # noqa: E402
from bench.serving import (  # noqa: E402
    cache_lookups,
    csv_export,
    deep_paging,
    first_time_stats,
    latencies,
    p95,
    shapes,
    start_server,
    stop_server,
    worker_rss_mb,
    wrk,
)
from bench.sync_bench import TARGET_SECONDS as SYNC_SECONDS  # noqa: E402
from bench.sync_bench import run_sync  # noqa: E402
from bench.targets import Targets  # noqa: E402
from bench.text_load import (  # noqa: E402
    ensure_documents,
    load_text,
    vacuum_and_size,
)
from store.engine import sqlalchemy_url  # noqa: E402
from store.migrate import migrate  # noqa: E402

TEXT_RATE_TODAY = 711  # documents/s loading 500,000 text documents before issue 14
LATENCY_MS = 100  # every query shape's p95
MATCH_MS = 300  # POST /v1/match's p95
THROUGHPUT_RATIO = 0.5  # GET /v1/trials/{id} against /healthz
WRK_WARM_UP_S = 5  # each path, before the measured rounds
WORKER_MB = 200  # each gunicorn worker's RSS


def zip_count(path: Path) -> int | None:
    """How many members the ZIP holds (None: no readable ZIP there)."""
    with contextlib.suppress(OSError, zipfile.BadZipFile), zipfile.ZipFile(path) as archive:
        return len(archive.infolist())
    return None


# --------------------------------------------------------------------------- 1. full load


def full_load(server_url: str, args, targets: Targets) -> str:
    """The bulk ZIP imported into the empty database ``--db-name``: its URL."""
    section, what = "full load", f"bulk ZIP of {zlb.FULL:,} v2 studies into an empty database"
    url, kept = create_database(server_url, args.db_name, args.reuse)
    if kept:
        print(f"\n== 1. full load: skipped, reusing the database {args.db_name}")
        targets.skipped(section, what, "< 10 min", "--reuse")
        return url
    print(f"\n== 1. full load: {args.count:,} studies into the empty database {args.db_name}")
    path = args.zip or ROOT / ".run" / "bench" / f"ctg-{args.count}.json.zip"
    found = zip_count(path)
    if found is not None and found != args.count:
        raise SystemExit(f"{path} holds {found:,} studies, not {args.count:,}: pass --count "
                         f"{found} or another --zip")  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    zlb.ensure_zip(path, args.count, False, 6)
    engine = create_engine(url)
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        migrate(engine)
        empty = zlb._database_bytes(engine)
        split = zlb.Split()
        split.install()
        zlb.reset_peak_rss()
        at_start = zlb.rss("VmRSS")
        started = time.perf_counter()
        try:
            with zlb.RssSampler() as sampled, zlb.CpuSampler(admin, args.db_name) as cpu:
                result = zlb.load(engine, path, "import", args.batch_size, args.load_workers, split)
        finally:
            split.uninstall()
        seconds = time.perf_counter() - started
        memory = (f"{zlb._mb(max(sampled.peak, zlb.rss()))}: this {zlb._mb(zlb.rss())} "
                  f"(from {zlb._mb(at_start)})")  # fmt: skip
        if sampled.peak_workers:
            memory += f", workers <= {zlb._mb(sampled.peak_workers)} each"
        sizes = (empty, zlb._database_bytes(engine))
        zlb.report(args.count, result, seconds, split, sizes, memory, args.load_workers, cpu)
    finally:
        engine.dispose()
        admin.dispose()
    rate = len(result.loaded) / seconds if seconds > 0 else 0.0
    projected = zlb.FULL / rate if rate else float("inf")
    how = f" (projected from {args.count:,} at {rate:,.0f}/s)" if args.count < zlb.FULL else ""
    targets.add(section, what, f"{projected:,.0f} s{how}", f"< {zlb.TARGET_SECONDS} s",
                projected < zlb.TARGET_SECONDS)  # fmt: skip
    parts = ", ".join(f"{p} {s:,.0f} s" for p, s in split.seconds.items())
    if result.bulk:
        parts += f"; index builds after the load {result.index_seconds:,.0f} s (wall)"
    targets.add(section, "  where the time goes (summed over workers)", parts, "printed", None)
    if result.failed:
        targets.add(section, "  studies failed", f"{len(result.failed):,}", "0", False)
    vacuum_and_size(url)
    return url


# --------------------------------------------------------------------------- 2. text layouts


def text_rate(server_url: str, args, targets: Targets) -> None:
    section, what = "full load", "text-layout documents (both layouts), seed job"
    bound = f">= {TEXT_RATE_TODAY} docs/s (today's)"
    if args.skip_text:
        targets.skipped(section, what, bound, "--skip-text")
        return
    print(f"\n== 2. text layouts: {args.text_count:,} documents into a scratch database")
    directory = Path(args.docs)
    ensure_documents(directory, args.text_count)
    name = f"{args.db_name}_text"
    url, _ = create_database(server_url, name, reuse=False)
    try:
        report = load_text(url, directory)
    finally:
        drop_database(server_url, name)
    rate = report.documents_per_second
    figure = f"{rate:,.0f} docs/s ({len(report.loaded):,} in {report.seconds:,.1f} s)"
    targets.add(section, what, figure, bound, rate >= TEXT_RATE_TODAY)


# --------------------------------------------------------------------------- 3-6. serving


def daily_sync(url: str, port: int, args, targets: Targets) -> None:
    print(f"\n== 3. daily sync: {args.changed:,} changed studies, a reader reading throughout")
    result = run_sync(url, args.changed, port)
    for line in result.lines():
        print(line)
    section = "daily sync"
    targets.add(section, f"{result.changed:,} changed studies applied (seed.load.sync)",
                f"{result.seconds:.1f} s", f"< {SYNC_SECONDS:.0f} s",
                result.seconds < SYNC_SECONDS)  # fmt: skip
    other = sum(n for s, n in result.reader_statuses.items() if s != 200)
    reader_p95 = result.reader_p95
    if reader_p95 is None:
        targets.skipped(section, "  reader GET /v1/trials/{id} p95 during it", "< 100 ms")
    else:
        figure = f"{reader_p95:.1f} ms ({len(result.reader_ms):,} requests, {other} not 200)"
        ok = reader_p95 < LATENCY_MS and not other
        targets.add(section, "  reader GET /v1/trials/{id} p95 during it", figure,
                    f"< {LATENCY_MS} ms, all 200", ok)  # fmt: skip
    exclusive = ", ".join(sorted(result.exclusive)) or "none"
    targets.add(section, "  ACCESS EXCLUSIVE locks on tables / lock waiters",
                f"{exclusive} / at most {result.max_waiting}", "none / 0",
                not result.exclusive and result.max_waiting == 0)  # fmt: skip


def query_latency(port: int, ids: list[str], args, targets: Targets) -> None:
    print(f"\n== 4. latency over HTTP, {args.requests} sequential requests per shape (ms):")
    print(f"{'shape':32s} {'p50':>8s} {'p95':>8s} {'max':>8s}  errors")
    bound = f"< {LATENCY_MS} ms"
    for name, urls in shapes(ids).items():
        ms, errors = latencies(port, urls, args.requests, warm=len(urls))
        print(f"{name:32s} {statistics.median(ms):8.1f} {p95(ms):8.1f} {max(ms):8.1f}  {errors}")
        figure = f"{p95(ms):.1f} ms" + (f" ({errors} errors)" if errors else "")
        targets.add("latency", f"p95 {name}", figure, bound, p95(ms) < LATENCY_MS and not errors)
    ms, errors = latencies(port, first_time_stats(port, args.requests), args.requests)
    name = "stats (filtered, first time)"
    print(f"{name:32s} {statistics.median(ms):8.1f} {p95(ms):8.1f} {max(ms):8.1f}  {errors}")
    targets.add("latency", f"p95 {name}", f"{p95(ms):.1f} ms", bound, p95(ms) < LATENCY_MS)
    ms, errors = deep_paging(port, 100)
    name = "deep paging (100 pages x 100)"
    print(f"{name:32s} {statistics.median(ms):8.1f} {p95(ms):8.1f} {max(ms):8.1f}  {errors}")
    targets.add("latency", f"p95 {name}", f"{p95(ms):.1f} ms", bound, p95(ms) < LATENCY_MS)
    for query in ("status=SUSPENDED", "phase=PHASE3&status=RECRUITING"):
        rows, seconds = csv_export(port, query)
        print(f"csv export {query}: {rows} rows in {seconds:.2f}s ({rows / seconds:.0f} rows/s)")

    print(f"\nPOST /v1/match, {args.match_requests} sequential requests per profile (ms):")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for name, profile in PROFILES.items():
        post(conn, profile)  # warm
        runs = [post(conn, profile) for _ in range(args.match_requests)]
        ms = [r[0] for r in runs]
        errors = sum(r[1] != 200 for r in runs)
        print(f"{name:36s} p50 {statistics.median(ms):7.0f} p95 {p95(ms):7.0f} "
              f"max {max(ms):7.0f}  errors {errors}")  # fmt: skip
        figure = f"{p95(ms):.0f} ms" + (f" ({errors} errors)" if errors else "")
        targets.add("latency", f"p95 POST /v1/match: {name}", figure, f"< {MATCH_MS} ms",
                    p95(ms) < MATCH_MS and not errors)  # fmt: skip
    conn.close()


def throughput(port: int, ids: list[str], args, targets: Targets) -> None:
    """``/healthz`` and the lookup measured in turn, ``--wrk-rounds`` times after a warm-up of
    both: the figure is the median of the rounds' ratios (each round's two runs a few seconds
    apart, on a machine whose other load comes and goes)."""
    what, bound = "GET /v1/trials/{id} vs GET /healthz (wrk)", f">= {THROUGHPUT_RATIO:.0%}"
    if not shutil.which("wrk"):
        print("\n== 5. wrk not installed (apt-get install wrk): throughput skipped")
        targets.skipped("throughput", what, bound, "no wrk")
        return
    print(f"\n== 5. throughput (wrk, {args.wrk_seconds}s, {args.connections} connections, "
          f"{args.wrk_rounds} rounds of /healthz then the lookup):")  # fmt: skip
    # Warm-up, not counted, of both paths: the sampled trials' documents read into
    # PostgreSQL's buffers and every worker's threads and pooled connections started, which
    # the first round's lookups otherwise paid for.
    wrk(port, "/healthz", WRK_WARM_UP_S, args.connections, None)
    wrk(port, "/", WRK_WARM_UP_S, args.connections, ids)
    rounds, cached = [], cache_lookups(port)
    for n in range(1, args.wrk_rounds + 1):
        health = wrk(port, "/healthz", args.wrk_seconds, args.connections, None)
        lookup = wrk(port, "/", args.wrk_seconds, args.connections, ids)
        rounds.append((health, lookup, lookup["rps"] / health["rps"]))
        for name, r in (("GET /healthz", health), ("GET /v1/trials/{id}", lookup)):
            print(f"{n}  {name:24s} {r['rps']:8.0f} req/s  p99 {r['p99']:>8s}  "
                  f"non-2xx {r['non_2xx']}")  # fmt: skip
        print(f"{n}  ratio {rounds[-1][2]:.0%}")
    counts = {k: v - cached[k] for k, v in cache_lookups(port).items()}
    print(f"documents kept in memory (TRIAL_CACHE_MB): {counts['hit']:,.0f} lookups served "
          f"from memory, {counts['miss']:,.0f} read, {counts['off']:,.0f} with none kept "
          f"({counts['hit'] / max(sum(counts.values()), 1):.0%} from memory)")  # fmt: skip
    health, lookup, ratio = sorted(rounds, key=lambda r: r[2])[len(rounds) // 2]
    figure = (f"{lookup['rps']:,.0f} vs {health['rps']:,.0f} req/s = {ratio:.0%} (median of "
              f"{', '.join(f'{r[2]:.0%}' for r in rounds)})")  # fmt: skip
    errors = sum(r["non_2xx"] for h, lk, _ in rounds for r in (h, lk))
    if errors:
        figure += f" ({errors} non-2xx)"
    targets.add("throughput", what, figure, bound, ratio >= THROUGHPUT_RATIO and not errors)


def serve(url: str, args, targets: Targets) -> None:
    engine = create_engine(url)
    with engine.connect() as conn:
        ids = list(conn.scalars(text("SELECT nct_id FROM trials ORDER BY random() LIMIT 5000")))
    engine.dispose()
    proc, port = start_server(url, args.workers, args.threads)
    try:
        rss_before = worker_rss_mb(proc.pid)
        daily_sync(url, port, args, targets)
        query_latency(port, ids, args, targets)
        throughput(port, ids, args, targets)
        rss_after = worker_rss_mb(proc.pid)
    finally:
        stop_server(proc)
    print(f"\n== 6. worker RSS MB before: {', '.join(f'{r:.0f}' for r in rss_before)}; "
          f"after: {', '.join(f'{r:.0f}' for r in rss_after)}")  # fmt: skip
    targets.add("memory", f"each gunicorn worker's RSS after the run ({len(rss_after)} workers)",
                ", ".join(f"{r:.0f} MB" for r in rss_after), f"< {WORKER_MB} MB",
                bool(rss_after) and max(rss_after) < WORKER_MB)  # fmt: skip


# --------------------------------------------------------------------------- main


def machine_speed() -> tuple[float, float]:
    """How fast this machine is now, for comparing runs (the same machine's speed changes with
    its neighbours'): milliseconds for ``sum(range(10**6))``, and GB/s copying 256 MB between
    two buffers already in memory (each best of 5). The two can drift apart: one machine kept
    12-13 ms while its copies ran at 3 to 8 GB/s from one second to the next."""
    python = min(timeit.repeat("sum(range(10**6))", number=20, repeat=5)) / 20 * 1000
    source, target = bytearray(256 << 20), bytearray(256 << 20)
    target[:] = source  # faulted in: what is timed is the copy
    copy = min(timeit.repeat(lambda: target.__setitem__(slice(None), source), number=1, repeat=5))
    return python, 0.256 * 1.048576 / copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=zlb.FULL, help="studies (500,000)")
    parser.add_argument("--zip", type=Path, help="the bulk ZIP (written unless it holds --count)")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--db-name", default="trials_bench", help="the loaded database")
    parser.add_argument("--text-count", type=int, default=20_000, help="text documents")
    parser.add_argument("--skip-text", action="store_true", help="skip the text-layout rate")
    parser.add_argument("--docs", default="/dev/shm/trials-bench-docs", help="text documents")
    parser.add_argument("--load-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--changed", type=int, default=1000, help="changed studies to sync")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--requests", type=int, default=60, help="per query shape")
    parser.add_argument("--match-requests", type=int, default=15, help="per match profile")
    parser.add_argument("--wrk-seconds", type=int, default=15)
    parser.add_argument("--wrk-rounds", type=int, default=3, help="odd: the median is a round")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    server_url = sqlalchemy_url(os.environ["DATABASE_URL"])
    targets = Targets()
    started = time.perf_counter()
    speed = [machine_speed()]
    print(f"machine: sum(range(10**6)) in {speed[0][0]:.1f} ms, memory copied at "
          f"{speed[0][1]:.1f} GB/s (best of 5)")  # fmt: skip
    url = full_load(server_url, args, targets)
    text_rate(server_url, args, targets)
    serve(url, args, targets)
    engine = create_engine(url)
    with engine.connect() as conn:
        size, trials = conn.execute(text(
            "SELECT pg_database_size(current_database()), (SELECT count(*) FROM trials)"
        )).one()  # fmt: skip
    engine.dispose()
    targets.add("memory", f"database size ({args.db_name})", f"{size / 1e9:,.2f} GB, "
                f"{trials:,} trials", "printed", None)  # fmt: skip
    speed.append(machine_speed())
    print(f"\nbench-api: {time.perf_counter() - started:,.0f} s in all")
    targets.add("machine", "sum(range(10**6)), best of 5, at the start and the end",
                f"{speed[0][0]:.1f} ms, {speed[1][0]:.1f} ms", "printed", None)  # fmt: skip
    targets.add("machine", "256 MB copied in memory, best of 5, at the start and the end",
                f"{speed[0][1]:.1f} GB/s, {speed[1][1]:.1f} GB/s", "printed", None)  # fmt: skip
    targets.print()


if __name__ == "__main__":
    main()
