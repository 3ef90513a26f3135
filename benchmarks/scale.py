"""Scale: a large database built through the real ingest, then ingest, reads and exports on two server configs.

    nice -n 10 python benchmarks/scale.py                                   # 1M feedback, 100k customers
    nice -n 10 python benchmarks/scale.py --feedback 10000000 --customers 1000000   # the 10M run
    python benchmarks/scale.py --feedback 20000 --customers 2000 --new 2000 --duration 3   # a quick check

Starts a throwaway PostgreSQL 15 (Debian's initdb/pg_ctl) in --workdir on --port and builds the database once
("golden" data directory, kept for --reuse): customers, purchases and feedback from the project's generator, fed
through the real ingest service (validation, privacy gate, identity resolution, analysis, facts) in --procs
parallel processes, batches of 1,000. Every text is made unique by an order reference (" #<index>"), so
analyze_many's per-batch de-duplication never flatters ingest. The build server runs without fsync (a crash
would lose the build, not change what is stored): the rows are exactly what ingest stores.

Then, for each config (the server's defaults; the production configuration of docs/postgresql.md, from
insight_service.postgres_tuning for --ram-gb), it copies the golden directory, starts the server with that
config, reads every table and index into shared buffers (pg_prewarm), checkpoints and ingests --new items
unmeasured (a server that has been running, not one whose every page is touched first since start-up), then
measures, with baselines from the same run:
- ingest of --new new feedback items by 1 process, then by 2 processes (--new each): records/s, process CPU +
  server CPU (from /proc) and records per CPU second, WAL bytes per item; baseline: COPY of the same rows;
- insight and card p50/p95/p99 at 1, 4 and 8 concurrent clients through gunicorn (4 workers); baselines:
  a bare /healthz and a two-query SQL read (the customer row, then their 50 newest feedback) over psycopg;
- the pain-point aggregate (cold/warm) and the full CSV export (cold/warm, peak memory).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PG_BIN = Path("/usr/lib/postgresql/15/bin")
BATCH = 1000
SECRETS = {"SECRET_KEY": "bench-load-7Yq2mX9pL4vR8sT1wZ6nB3cF5hJ0kD",
           "IDENTITY_HASH_KEY": "bench-load-Q8w3E5r7T9y1U2i4O6p0A9s8D7f"}  # the same as load.py, whose server we use
BUILD_CONF = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "autovacuum": "off",
              "max_wal_size": "8GB", "checkpoint_timeout": "30min", "shared_buffers": "1GB", "jit": "off"}
SEED = 7


# ---------------------------------------------------------------- the throwaway server

class Server:
    """A PostgreSQL server of our own on a data directory, started with one config."""

    def __init__(self, datadir: Path, port: int):
        self.datadir, self.port = datadir, port
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/scale"

    def run(self, *command) -> None:
        """A PostgreSQL program, as the postgres user when we are root (the server refuses to run as root)."""
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *map(str, command)], check=True, stdout=subprocess.DEVNULL)

    def init(self) -> None:
        """initdb a fresh cluster (trust auth on loopback only)."""
        self.datadir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.datadir, "postgres", "postgres")
        self.run(PG_BIN / "initdb", "-D", self.datadir, "-U", "postgres", "--auth", "trust", "-E", "UTF8",
                        "--locale", "C.UTF-8")

    def start(self, conf: dict[str, str]) -> None:
        """Start with these settings (written to an included file; the rest stays initdb's defaults)."""
        from insight_service.postgres_tuning import as_conf

        main = self.datadir / "postgresql.conf"
        if "include_if_exists = 'scale.conf'" not in main.read_text():
            main.write_text(main.read_text() + "\ninclude_if_exists = 'scale.conf'\n")
        (self.datadir / "scale.conf").write_text(
            as_conf({"listen_addresses": "127.0.0.1", "port": str(self.port),
                     "unix_socket_directories": str(self.datadir), **conf}))
        if os.geteuid() == 0:
            shutil.chown(self.datadir / "scale.conf", "postgres", "postgres")
        self.run(PG_BIN / "pg_ctl", "-D", self.datadir, "-l", self.datadir / "server.log", "-w", "-t", "300", "start")

    def stop(self) -> None:
        """A clean (fast) shutdown, with its checkpoint."""
        self.run(PG_BIN / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "-t", "600", "stop")

    def sql(self, statement: str, database: str = "scale"):
        """Run one statement in autocommit; its rows, if any."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname={database}",
                             autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else None


# ---------------------------------------------------------------- records

def dataset(customers: int, total_feedback: int):
    """The generator's dataset, sized so that every index this run uses exists."""
    from insight_service.generator import generate

    return generate(customers, total_feedback, seed=SEED)


def unique(record: dict, index: int) -> dict:
    """The record with an order reference that makes its text unique (generated texts repeat)."""
    record["text"] = f"{record['text']} #{index:08d}"
    return record


def records(data, kind: str, start: int, stop: int) -> list[dict]:
    """Records [start, stop) of one kind."""
    if kind == "customer":
        return [data.customer(i) for i in range(start, stop)]
    if kind == "purchase":
        return [data.purchase(i) for i in range(start, stop)]
    return [unique(data.feedback(i), i) for i in range(start, stop)]


def make_app(url: str):
    """The app on this database (migrated by the caller)."""
    from insight_service import create_app

    return create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, "MAX_BATCH_SIZE": BATCH, **SECRETS})


def build_part(url: str, customers: int, total: int, kind: str, start: int, stop: int) -> None:
    """Child process of the build: ingest records [start, stop) of one kind through the service."""
    from insight_service import db
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest

    data, app = dataset(customers, total), make_app(url)
    with app.app_context():
        hasher = hasher_from_config(app.config)
        for first in range(start, stop, BATCH):
            batch = records(data, kind, first, min(stop, first + BATCH))
            with db.fresh_session() as session:
                ingest(session, kind, batch, origin="scale", hasher=hasher)


def build(server: Server, customers: int, feedback: int, total: int, procs: int) -> float:
    """Create, migrate and fill the database; seconds taken."""
    server.sql("CREATE DATABASE scale", database="postgres")
    upgrade(server)
    started = time.perf_counter()
    purchases = dataset(customers, total).counts["purchase"]
    for kind, count in (("customer", customers), ("purchase", purchases), ("feedback", feedback)):
        began = time.perf_counter()
        step = -(-count // procs)
        children = [mp.get_context("spawn").Process(target=build_part, args=(server.url, customers, total, kind,
                                                                             p * step, min(count, (p + 1) * step)))
                    for p in range(procs)]
        for child in children:
            child.start()
        for child in children:
            child.join()
            if child.exitcode:
                raise SystemExit(f"build of {kind} failed (exit code {child.exitcode})")
        print(f"  built {count:,} {kind} in {time.perf_counter() - began:,.0f} s "
              f"({count / (time.perf_counter() - began):,.0f}/s, {procs} processes; load average "
              f"{os.getloadavg()[0]:.1f})", flush=True)
    server.sql("VACUUM ANALYZE")  # what autovacuum keeps on a live database: statistics and visibility maps
    server.sql("CHECKPOINT")
    return time.perf_counter() - started


# ---------------------------------------------------------------- ingest into the large database

def ingest_child(url: str, customers: int, total: int, start: int, stop: int, raw: bool, ready, go, done,
                 queue) -> None:
    """Child process: prepare outside the timed window, then ingest [start, stop) (or COPY it) when told."""
    from benchmarks.ingest import raw_rows
    from insight_service import analysis, db
    from insight_service.models import Feedback
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest

    data, app = dataset(customers, total), make_app(url)
    batches = [records(data, "feedback", first, min(stop, first + BATCH)) for first in range(start, stop, BATCH)]
    analysis.analyze("warm up")  # the lexicons, once per process
    with app.app_context():
        hasher = hasher_from_config(app.config)
        with db.fresh_session() as session:  # opens the pooled connection before the window
            session.execute(Feedback.__table__.select().limit(1)).all()
        if raw:
            batches = [raw_rows(batch) for batch in batches]
            for rows in batches:
                for row in rows:
                    row["source"] = "scale-copy"  # beside the ingested items, never in conflict with them
        ready.set()
        go.wait()
        cpu = time.process_time()
        for batch in batches:
            with db.fresh_session() as session:
                if raw:
                    copy_rows(session, batch)
                else:
                    ingest(session, "feedback", batch, origin="scale", hasher=hasher)
        queue.put(time.process_time() - cpu)
        done.wait()  # keep the connection (and its backend's CPU) until the parent has measured


def copy_rows(session, rows: list[dict]) -> None:
    """COPY feedback rows (the raw baseline)."""
    import json

    columns = list(rows[0])
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY feedback ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, list) else v for v in row.values()])


def run_children(server: Server, target, argsets: list[tuple]) -> tuple[list, float, float, float]:
    """Start target(*args, ready, go, done, queue) per argset, let all go at once once each is ready; their queued
    results, the wall time, the server's CPU and WAL bytes of the window."""
    from benchmarks.ingest import ServerCpu

    ctx = mp.get_context("spawn")
    ready = [ctx.Event() for _ in argsets]
    go, done, queue = ctx.Event(), ctx.Event(), ctx.Queue()
    children = [ctx.Process(target=target, args=(*args, r, go, done, queue)) for args, r in zip(argsets, ready)]
    for child in children:
        child.start()
    for event in ready:
        while not event.wait(5):
            if not all(c.is_alive() for c in children):
                raise SystemExit("an ingest child died while preparing")
    probe = ServerCpu(server.url)
    lsn = server.sql("SELECT pg_current_wal_lsn()")[0][0]
    before = probe.snapshot()
    started = time.perf_counter()
    go.set()
    got = [queue.get(timeout=3600) for _ in children]
    wall = time.perf_counter() - started
    server_cpu = ServerCpu.used(before, probe.snapshot())
    wal = float(server.sql(f"SELECT pg_current_wal_lsn() - '{lsn}'::pg_lsn")[0][0])
    done.set()
    for child in children:
        child.join()
    probe.close()
    return got, wall, server_cpu, wal


def measure_ingest(server: Server, customers: int, total: int, ranges: list[tuple[int, int]], raw: bool) -> dict:
    """Run one child per range at once; records/s, CPU of the children and of the server, WAL bytes."""
    got, wall, server_cpu, wal = run_children(server, ingest_child,
                                              [(server.url, customers, total, a, b, raw) for a, b in ranges])
    items = sum(b - a for a, b in ranges)
    return {"items": items, "wall": wall, "cpu": sum(got), "server_cpu": server_cpu, "wal": wal}


# ---------------------------------------------------------------- reads

def sql_read_target(port: int, ids: list[int], rng: random.Random):
    """The raw baseline: per thread one connection; a customer row, then their 50 newest feedback items."""
    import psycopg

    local = threading.local()

    def read() -> None:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=scale",
                                                autocommit=True, prepare_threshold=None)
        cid = rng.choice(ids)
        conn.execute("SELECT * FROM customers WHERE id = %s", (cid,)).fetchall()
        conn.execute("SELECT id, source, channel, text, posted_at, sentiment_score, sentiment_label FROM feedback "
                     "WHERE customer_id = %s ORDER BY posted_at DESC LIMIT 50", (cid,)).fetchall()

    return read


def hammer_calls(call, concurrency: int, duration: float) -> list[float]:
    """Threads that run call() until the time is up; latencies in ms."""
    latencies, lock, deadline = [], threading.Lock(), time.perf_counter() + duration

    def worker():
        mine = []
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            call()
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def measure_reads(server: Server, duration: float, workers: int) -> dict:
    """p50/p95/p99 and req/s per endpoint and concurrency, through gunicorn; the SQL read straight."""
    import requests

    from benchmarks.load import free_port, hammer, keys_and_ids, pct, serve
    from urllib.parse import urlsplit

    url = server.url
    keys, ids = keys_and_ids(url)
    port = free_port()
    proc = serve(url, port, workers)
    rng = random.Random(11)
    results = {}
    try:
        auth = {role: {"Authorization": f"Bearer {key}"} for role, key in keys.items()}
        cards = []
        for cid in rng.sample(ids, min(200, len(ids))):
            response = requests.post(f"http://127.0.0.1:{port}/api/v1/customers/{cid}/card-link",
                                     headers=auth["service"], timeout=60)
            card = urlsplit(response.json()["url"])
            cards.append(f"{card.path}?{card.query}")
        targets = {"/healthz (baseline)": lambda: ("/healthz", {}),
                   "insight": lambda: (f"/api/v1/customers/{rng.choice(ids)}/insight", auth["crm"]),
                   "card": lambda: (rng.choice(cards), {})}
        hammer(targets["insight"], port, 4, 1.0)  # warm the workers: imports, pools, the taxonomy
        hammer(targets["card"], port, 4, 1.0)
        sql_read = sql_read_target(server.port, ids, rng)
        for clients in (1, 4, 8):
            for name, target in targets.items():
                latencies, errors, seconds = hammer(target, port, clients, duration)
                results[(name, clients)] = (len(latencies) / seconds, statistics.median(latencies),
                                            pct(latencies, 95), pct(latencies, 99), errors)
            began = time.perf_counter()
            latencies = hammer_calls(sql_read, clients, duration)
            results[("two-query SQL read (baseline)", clients)] = (
                len(latencies) / (time.perf_counter() - began), statistics.median(latencies), pct(latencies, 95),
                pct(latencies, 99), 0)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return results


def measure_aggregates(server: Server, cold: int) -> dict:
    """The pain-point aggregate and the full CSV export, through the app in this process."""
    from benchmarks.read_paths import cold_and_warm, measure_export
    from insight_service import db
    from insight_service.services.access.keys import create_key

    app = make_app(server.url)
    with app.app_context():
        with db.fresh_session() as session:
            _key, rnd = create_key(session, "scale-rnd", "rnd")
        headers = {"Authorization": f"Bearer {rnd}"}
        client = app.test_client()
        out = {"aggregate": cold_and_warm(client, "/api/v1/pain-points?limit=10000", headers, cold),
               "csv": measure_export(client, "csv", headers, cold)}
        db.engine().dispose()
    return out


# ---------------------------------------------------------------- the run

def configs(ram_gb: float, connections: int, cores: int) -> dict[str, dict[str, str]]:
    """The two configurations compared: initdb's defaults, and ours for this RAM."""
    from insight_service.postgres_tuning import GB, production_settings

    return {"defaults": {"max_connections": str(connections)},
            f"production ({ram_gb:g} GB)": production_settings(int(ram_gb * GB), connections, cores)}


def upgrade(server: Server) -> None:
    """Migrate the database to the newest revision."""
    from sqlalchemy import create_engine

    from insight_service import migrations

    engine = create_engine(server.url)
    migrations.upgrade(engine)
    engine.dispose()


def measure_config(golden: Path, workdir: Path, port: int, name: str, conf: dict, args, total: int) -> dict:
    """Copy the golden database, start it with conf, measure everything; the figures."""
    run = workdir / "run"
    shutil.rmtree(run, ignore_errors=True)
    began = time.perf_counter()
    subprocess.run(["cp", "-a", str(golden), str(run)], check=True)  # -a keeps the postgres user's ownership
    (run / "postmaster.pid").unlink(missing_ok=True)
    server = Server(run, port)
    server.start({**conf, "shared_preload_libraries": "pg_stat_statements"} if args.statements else conf)
    upgrade(server)  # a golden database built before the newest migration gets it, as an operator upgrades
    print(f"\n[{name}] copied and started in {time.perf_counter() - began:.0f} s; shared_buffers "
          f"{server.sql('SHOW shared_buffers')[0][0]}, database {server.sql('SELECT pg_size_pretty(pg_database_size(current_database()))')[0][0]}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    figures = {"load": [os.getloadavg()[0]]}
    try:
        n, base = args.new, args.feedback
        # A server that has run for a while: relations read into shared buffers (their memory touched), and
        # one ingest after a checkpoint, so the window is not the first touch of every page since start-up.
        server.sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        server.sql("SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't')")
        server.sql("CHECKPOINT")
        figures["warm-up"] = measure_ingest(server, args.customers, total, [(base, base + n)], raw=False)
        base += n
        if args.statements:
            server.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            server.sql("SELECT pg_stat_statements_reset()")
        figures["ingest 1"] = measure_ingest(server, args.customers, total, [(base, base + n)], raw=False)
        if args.statements:
            print_statements(server, n)
        figures["ingest 2"] = measure_ingest(server, args.customers, total,
                                             [(base + n, base + 2 * n), (base + 2 * n, base + 3 * n)], raw=False)
        figures["copy"] = measure_ingest(server, args.customers, total, [(base, base + n)], raw=True)
        for key in ("warm-up", "ingest 1", "ingest 2", "copy"):
            print(f"  {key:<9} {describe(figures[key])}", flush=True)
        figures["load"].append(os.getloadavg()[0])
        figures["reads"] = measure_reads(server, args.duration, args.workers)
        figures["load"].append(os.getloadavg()[0])
        figures["aggregates"] = measure_aggregates(server, args.cold)
        figures["load"].append(os.getloadavg()[0])
    finally:
        server.stop()
        shutil.rmtree(run, ignore_errors=True)
    return figures


def print_statements(server: Server, items: int) -> None:
    """Where the server's time went during the 1-process ingest: the top statements per item."""
    rows = server.sql("""
        SELECT total_exec_time, calls, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written,
               wal_fpi, wal_bytes, regexp_replace(left(query, 150), '\\s+', ' ', 'g')
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'scale')
        ORDER BY total_exec_time DESC LIMIT 14""")
    print(f"  top statements of the 1-process ingest, per item ({items:,} items): exec us, blocks hit / read / "
          "dirtied / written, WAL full-page images, WAL bytes")
    for ms, calls, hit, read, dirtied, written, fpi, wal, query in rows:
        print(f"    {ms * 1000 / items:7.1f} us {hit / items:6.1f} {read / items:5.2f} {dirtied / items:5.2f} "
              f"{written / items:5.2f}  fpi {fpi / items:5.2f} wal {float(wal) / items:7.0f} B  ({calls} calls) {query}")


def describe(f: dict) -> str:
    """One ingest measurement on one line."""
    cpu = f["cpu"] + f["server_cpu"]
    return (f"{f['items']:>6,} items {f['items'] / f['wall']:>7,.0f}/s wall  cpu {f['cpu']:6.2f} s + server "
            f"{f['server_cpu']:6.2f} s -> {f['items'] / cpu:>7,.0f}/s per core; server {f['server_cpu'] / f['items'] * 1e6:5.0f} us/item, "
            f"process {f['cpu'] / f['items'] * 1e6:5.0f} us/item, WAL {f['wal'] / f['items'] / 1024:5.1f} KiB/item")


def report(all_figures: dict[str, dict]) -> None:
    """Both configurations side by side."""
    names = list(all_figures)
    print("\n== ingest (records per CPU second = items / (process CPU + server CPU))")
    for key, label in (("copy", "COPY of the same rows (baseline)"), ("ingest 1", "ingest, 1 process"),
                       ("ingest 2", "ingest, 2 processes")):
        for name in names:
            print(f"  {label:<34} {name:<18} {describe(all_figures[name][key])}")
    for name in names:
        f = all_figures[name]
        one, two, copy = (x["items"] / (x["cpu"] + x["server_cpu"]) for x in (f["ingest 1"], f["ingest 2"], f["copy"]))
        wall1, wall2 = f["ingest 1"]["items"] / f["ingest 1"]["wall"], f["ingest 2"]["items"] / f["ingest 2"]["wall"]
        print(f"  {name}: ingest / COPY per core {one / copy:.3f}; 2 processes / 1: {wall2 / wall1:.2f}x wall, "
              f"{two / one:.2f}x per core")
    print("\n== reads through gunicorn (req/s, p50 / p95 / p99 ms, errors)")
    endpoints = ["/healthz (baseline)", "two-query SQL read (baseline)", "insight", "card"]
    for clients in (1, 4, 8):
        for endpoint in endpoints:
            cells = []
            for name in names:
                rps, p50, p95, p99, errors = all_figures[name]["reads"][(endpoint, clients)]
                cells.append(f"{name}: {rps:7.1f}/s {p50:7.2f} / {p95:7.2f} / {p99:7.2f}" + (f" ({errors} errors)" if errors else ""))
            print(f"  {clients} clients  {endpoint:<30} " + "   ".join(cells))
    print("\n== aggregate and export (cold = cache emptied, median; warm = best of 3)")
    for name in names:
        agg = all_figures[name]["aggregates"]
        cold, warm, size, peak = agg["csv"]
        print(f"  {name:<18} aggregate cold {agg['aggregate'][0]:8.1f} ms, warm {agg['aggregate'][1]:6.1f} ms; "
              f"CSV export cold {cold:8.1f} ms, warm {warm:7.1f} ms, {size / 1024:,.0f} KiB, peak {peak / 2**20:.1f} MiB")
    for name in names:
        print(f"  load average during {name}: " + ", ".join(f"{x:.1f}" for x in all_figures[name]["load"]))


def main() -> None:
    """Build (or reuse) the golden database, measure each config, print both."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feedback", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10_000, help="new items per ingest process")
    parser.add_argument("--procs", type=int, default=2, help="ingest processes for the build")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/insight-scale"))
    parser.add_argument("--port", type=int, default=55432)
    parser.add_argument("--ram-gb", type=float, default=4.0, help="RAM the production config is sized for")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint and concurrency")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--statements", action="store_true",
                        help="load pg_stat_statements and print the 1-process ingest's top statements per item")
    parser.add_argument("--configs", default="defaults,production", help="which of: defaults, production")
    args = parser.parse_args()
    total = args.feedback + 4 * args.new
    golden = args.workdir / f"golden-{args.feedback}-{args.customers}"
    print(f"scale: {args.feedback:,} feedback, {args.customers:,} customers; {args.new:,} new items per ingest "
          f"process; load average {os.getloadavg()[0]:.1f}", flush=True)
    if not (golden / "BUILT").exists():
        shutil.rmtree(golden, ignore_errors=True)
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.parent.chmod(0o755)
        server = Server(golden, args.port)
        server.init()
        server.start(BUILD_CONF)
        try:
            seconds = build(server, args.customers, args.feedback, total, args.procs)
            size = server.sql("SELECT pg_size_pretty(pg_database_size('scale'))")[0][0]
        finally:
            server.stop()
        (golden / "BUILT").write_text(f"{seconds:.0f} s, {size}\n")
        print(f"  built in {seconds:,.0f} s; database {size}", flush=True)
    else:
        print(f"  reusing {golden} (built: {(golden / 'BUILT').read_text().strip()})")
    if args.build_only:
        return
    wanted = args.configs.split(",")
    chosen = {name: conf for name, conf in configs(args.ram_gb, args.connections, args.cores).items()
              if name.split()[0] in wanted}
    figures = {name: measure_config(golden, args.workdir, args.port, name, conf, args, total)
               for name, conf in chosen.items()}
    report(figures)


if __name__ == "__main__":
    main()
