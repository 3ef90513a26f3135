"""Read-path speed: per-customer insight, the pain-point aggregate and its streamed exports, against /healthz.

    python benchmarks/read_paths.py                                   # 2,000 customers / 20,000 feedback, SQLite
    python benchmarks/read_paths.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
    python benchmarks/read_paths.py --customers 100000 --feedback 1000000   # the full run of issue 6
    python benchmarks/read_paths.py --customers 100000 --feedback 1000000 --build sqlite:///instance/rp-1m.sqlite
    python benchmarks/read_paths.py --reuse sqlite:///instance/rp-1m.sqlite      # measure it again, no rebuild

Builds a fresh database with the generator through the real ingest (a scratch one, or the one --build names,
which is kept), or measures one built before (--reuse: migrated to the newest revision first, as an operator
upgrades), then measures with the Flask test client (single client): insight p50/p95/p99 over --calls
customers, the aggregate, the weekly trends, the full export in each format (CSV, JSON, XLSX, Parquet: time, size
and peak memory while streaming) and /healthz as the bare baseline in the same run. Cold is a call with the per-process aggregate cache
emptied (median of --cold runs), warm the cached answer (best of 3).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from itertools import islice
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECRETS = {"SECRET_KEY": "bench-" + "s" * 40, "IDENTITY_HASH_KEY": "bench-" + "i" * 40}
BATCH = 1000
EXPORT_FORMATS = ("csv", "json", "xlsx", "parquet")


def fresh_url(target: str) -> str:
    """Empty the database a URL names: remove a SQLite file, or drop and create a PostgreSQL database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(target.replace("postgresql://", "postgresql+psycopg://", 1))
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)
        return url.render_as_string(hide_password=False)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def scratch_url(base: str | None) -> str:
    """A temp SQLite file, or a fresh PostgreSQL database beside base."""
    if not base:
        return f"sqlite:///{tempfile.mkdtemp()}/read_paths.sqlite"
    from sqlalchemy.engine import make_url

    return fresh_url(make_url(base).set(database="bench_read_paths").render_as_string(hide_password=False))


def load(app, customers: int, feedback: int) -> float:
    """Generate and ingest the data set, printing records/s per kind; returns seconds taken."""
    from insight_service import db
    from insight_service.generator import generate
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest

    data, hasher, started = generate(customers, feedback), hasher_from_config(app.config), time.perf_counter()
    with app.app_context():
        for kind, records in (("customer", data.iter_customers()), ("purchase", data.iter_purchases()),
                              ("feedback", data.iter_feedback())):
            count, began = 0, time.perf_counter()
            while batch := list(islice(records, BATCH)):
                with db.fresh_session() as session:
                    ingest(session, kind, batch, origin="bench", hasher=hasher)
                count += len(batch)
            print(f"  loaded {count} {kind} records, {count / (time.perf_counter() - began):,.0f}/s "
                  f"(generation included)", flush=True)
    settle(app)
    return time.perf_counter() - started


def settle(app) -> None:
    """Fresh statistics and (PostgreSQL) visibility maps, as autovacuum keeps them on a live database."""
    from insight_service import db

    with app.app_context(), db.engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if db.engine().dialect.name == "postgresql" else "ANALYZE")


def timed(client, url: str, headers: dict) -> float:
    """Milliseconds of one GET, body consumed."""
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    response.get_data()
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - started) * 1000


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def cold_and_warm(client, url: str, headers: dict, runs: int) -> tuple[float, float]:
    """Median ms with the aggregate cache emptied (cold) and best of 3 with it filled (warm)."""
    from insight_service.services.aggregates import cache as aggregate_cache

    cold = []
    for _ in range(runs):
        aggregate_cache.clear()
        cold.append(timed(client, url, headers))
    return statistics.median(cold), min(timed(client, url, headers) for _ in range(3))


def measure_export(client, fmt: str, headers: dict, runs: int) -> tuple[float, float, int, int]:
    """The full aggregate export in one format: cold ms (median), warm ms (best of 3), bytes, peak memory.

    Peak memory is what tracemalloc saw of Python's allocations during a separate cold run (timed runs go without
    it, it slows Python), plus pyarrow's memory pool peak (tracemalloc cannot see it; its peak so far in the process, so an upper bound).
    """
    import pyarrow

    from insight_service.services.aggregates import cache as aggregate_cache

    url = f"/api/v1/pain-points/export?format={fmt}&group_by=product,code,source,language,period"

    def run(cold: bool) -> tuple[float, int]:
        if cold:
            aggregate_cache.clear()
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        size = sum(len(chunk) for chunk in response.response)  # consume the stream
        assert response.status_code == 200, (url, response.status_code)
        return (time.perf_counter() - started) * 1000, size

    cold = statistics.median(run(True)[0] for _ in range(runs))
    warm, size = min(run(False) for _ in range(3))
    pool = pyarrow.default_memory_pool()
    pool.release_unused()
    arrow_before = pool.bytes_allocated()
    tracemalloc.start()
    run(True)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return cold, warm, size, peak + max(0, pool.max_memory() - arrow_before)


def measure_insight(client, sample: list[int], headers: dict, block: int = 25) -> tuple[list, list]:
    """Insight ms per call; on PostgreSQL also with every statement sent alone (the way before pipelining).

    The two run in alternating blocks over the same customers, so a busy machine slows both alike.
    """
    from insight_service.services.reads import pipeline as read_pipeline

    url = "/api/v1/customers/{}/insight"
    with client.application.app_context():
        from insight_service import db

        together = read_pipeline.pipelined(db.session())
    if not together:
        return [timed(client, url.format(cid), headers) for cid in sample], []
    real, pipelined, alone = read_pipeline.pipelined, [], []
    for start in range(0, len(sample), block):
        chunk = sample[start:start + block]
        pipelined += [timed(client, url.format(cid), headers) for cid in chunk]
        read_pipeline.pipelined = lambda _session: False  # the statements and the audit INSERT one by one
        try:
            alone += [timed(client, url.format(cid), headers) for cid in chunk]
        finally:
            read_pipeline.pipelined = real
    return pipelined, alone


def main() -> None:
    """Build or reuse, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--feedback", type=int, default=20000)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--cold", type=int, default=3, help="cold runs per path (median)")
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to make a scratch database on")
    parser.add_argument("--build", metavar="URL", help="build into this database (emptied first) and keep it")
    parser.add_argument("--reuse", metavar="URL", help="measure a database built before; no rebuild")
    parser.add_argument("--insight-only", action="store_true", help="stop after /healthz and the insight")
    args = parser.parse_args()

    from insight_service import create_app, db, migrations
    from insight_service.models import Customer, Feedback
    from insight_service.services.access.keys import create_key

    url = args.reuse or (fresh_url(args.build) if args.build else scratch_url(args.database_url))
    app = create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, **SECRETS})
    started = time.perf_counter()
    with app.app_context():
        migrations.upgrade(db.engine())
    upgraded = time.perf_counter() - started
    if args.reuse:
        settle(app)  # after an upgrade, as autovacuum would
    seconds = None if args.reuse else load(app, args.customers, args.feedback)
    with app.app_context():
        with db.fresh_session() as session:
            _key, raw = create_key(session, "bench", "crm")
            _key, rnd = create_key(session, "bench-rnd", "rnd")
            ids = list(session.scalars(Customer.__table__.select().with_only_columns(Customer.id)))
            items = session.scalar(select(func.count()).select_from(Feedback))
    headers = {"Authorization": f"Bearer {raw}"}
    rnd_headers = {"Authorization": f"Bearer {rnd}"}
    client = app.test_client()
    rng = random.Random(7)
    sample = [rng.choice(ids) for _ in range(args.calls)]
    for cid in sample[:50]:  # warm-up: caches, connections, the taxonomy
        timed(client, f"/api/v1/customers/{cid}/insight", headers)
    health = [timed(client, "/healthz", {}) for _ in range(args.calls)]
    insight, one_by_one = measure_insight(client, sample, headers)
    backend = db_backend(url)
    built = f"loaded in {seconds:.0f} s" if seconds is not None else f"reused, migrations took {upgraded:.1f} s"
    print(f"{backend}: {len(ids)} customers, {items} feedback, {built}")
    rows = [("/healthz (baseline)", health), ("insight", insight)]
    rows += [("insight, one by one", one_by_one)] if one_by_one else []
    for name, values in rows:
        print(f"  {name:<22} p50 {statistics.median(values):6.2f} ms  p95 {pct(values, 95):6.2f} ms  "
              f"p99 {pct(values, 99):6.2f} ms  (n={len(values)})")
    print(f"  insight p95 / healthz p95: {pct(insight, 95) / pct(health, 95):.1f}x")
    if one_by_one:
        print(f"  insight / one by one: p50 {statistics.median(insight) / statistics.median(one_by_one):.2f}x, "
              f"p95 {pct(insight, 95) / pct(one_by_one, 95):.2f}x (statements together vs. one round trip each, "
              "alternating blocks of 25 calls on the same customers)")
    if args.insight_only:
        return
    aggregate = cold_and_warm(client, "/api/v1/pain-points?limit=10000", rnd_headers, args.cold)
    trends_url = "/api/v1/pain-points/trends?weeks=26&until=2026-05-01T00:00:00Z"  # the generator's last weeks
    trends = cold_and_warm(client, trends_url, rnd_headers, args.cold)
    exports = {fmt: measure_export(client, fmt, rnd_headers, args.cold) for fmt in EXPORT_FORMATS}
    print(f"  pain-point aggregate      cold {aggregate[0]:8.1f} ms, warm {aggregate[1]:8.1f} ms")
    print(f"  trends (26 weeks)         cold {trends[0]:8.1f} ms, warm {trends[1]:8.1f} ms")
    for fmt, (cold, warm, size, peak) in exports.items():
        print(f"  {fmt.upper() + ' export (all dims)':<25} cold {cold:8.1f} ms, warm {warm:8.1f} ms, {size / 1024:6.0f} KiB, "
              f"peak memory {peak / 1024 / 1024:5.1f} MiB (cold)")
    print(f"  (cold: median of {args.cold} with the aggregate cache emptied; warm: best of 3)")


def db_backend(url: str) -> str:
    """SQLite or PostgreSQL, for the report."""
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


if __name__ == "__main__":
    main()
