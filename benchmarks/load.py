"""Reads under load: gunicorn with several workers, a bounded client on loopback, next to /healthz.

    python benchmarks/load.py --database-url sqlite:////path/to/read_paths.sqlite   # a loaded database
    python benchmarks/load.py --customers 2000 --feedback 20000                      # or build one first

Serves the app with gunicorn (--workers) on 127.0.0.1, then for each endpoint runs --concurrency client
threads (one kept-alive connection each) for --duration seconds and prints throughput, p50/p95/p99 latency,
errors and the CPU used (cores) by the server, by a local PostgreSQL's backends and by the client: /healthz
(the bare baseline), the per-customer insight, the insight card (through signed links), the service queue
and the pain-point aggregate. All of them share the machine, so the CPU figures tell whether a latency is
the server's work or a queue for a core. Traffic goes to 127.0.0.1 only; every loop is bounded in time and
count.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# gunicorn runs outside testing mode, so these must pass the start-up strength check
SECRETS = {"SECRET_KEY": "bench-load-7Yq2mX9pL4vR8sT1wZ6nB3cF5hJ0kD",
           "IDENTITY_HASH_KEY": "bench-load-Q8w3E5r7T9y1U2i4O6p0A9s8D7f"}
MAX_REQUESTS_PER_THREAD = 200_000


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str | None, customers: int, feedback: int) -> str:
    """A database URL with data: the given one, or a fresh SQLite file loaded like read_paths does."""
    if url:
        return url
    from benchmarks.read_paths import load
    from insight_service import create_app, db, migrations

    url = f"sqlite:///{tempfile.mkdtemp()}/load.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, **SECRETS})
    with app.app_context():
        migrations.upgrade(db.engine())
    load(app, customers, feedback)
    return url


def keys_and_ids(url: str) -> tuple[dict[str, str], list[int]]:
    """Fresh keys per role and the customer ids to sample."""
    from sqlalchemy import select

    from insight_service import create_app, db
    from insight_service.models import Customer
    from insight_service.services.access.keys import create_key

    app = create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, **SECRETS})
    with app.app_context():
        with db.fresh_session() as session:
            keys = {role: create_key(session, f"load-{role}", role)[1] for role in ("crm", "service", "rnd")}
            ids = list(session.scalars(select(Customer.id)))
        db.engine().dispose()
    return keys, ids


def serve(url: str, port: int, workers: int) -> subprocess.Popen:
    """Start gunicorn and wait until /healthz answers."""
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", **SECRETS}
    from insight_service.serving import gunicorn_command

    proc = subprocess.Popen(gunicorn_command(f"127.0.0.1:{port}", workers, "--log-level", "warning"), env=env)
    for _ in range(120):  # workers take a moment to import the app; up to a minute on a busy machine
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def _get(conn: http.client.HTTPConnection, target: tuple[str, dict]) -> int:
    """One GET on a kept-alive connection, body read; its status."""
    path, headers = target
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def hammer(next_target, port: int, concurrency: int, duration: float) -> tuple[list[float], int, float]:
    """Threads that GET next_target() until the time is up; latencies (ms), errors, seconds.

    http.client on one kept-alive connection per thread: the client shares the machine with the server, and
    requests' per-call work would take CPU the server could use.
    """
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker():
        conn, mine, bad = http.client.HTTPConnection("127.0.0.1", port, timeout=60), [], 0
        for _ in range(MAX_REQUESTS_PER_THREAD):
            if time.perf_counter() >= deadline:
                break
            target = next_target()
            started = time.perf_counter()
            try:
                ok = _get(conn, target) == 200
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnects on the next request
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.perf_counter() - started


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def server_pids(master: int) -> list[int]:
    """gunicorn's master and its workers."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [master, *(int(p) for p in children.read_text().split())] if children.exists() else [master]


def pct(values: list[float], q: int) -> float:
    """The q-th percentile."""
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    """Serve, load each endpoint in turn, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--feedback", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0)
    args = parser.parse_args()
    from benchmarks.ingest import ServerCpu

    url = prepare(args.database_url, args.customers, args.feedback)
    keys, ids = keys_and_ids(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = serve(url, port, args.workers)
    database = ServerCpu(url)  # the PostgreSQL backends' CPU, when the server is local
    rng = random.Random(11)
    try:
        auth = {role: {"Authorization": f"Bearer {key}"} for role, key in keys.items()}
        cards = []
        for cid in rng.sample(ids, min(200, len(ids))):
            response = requests.post(f"{base}/api/v1/customers/{cid}/card-link", headers=auth["service"], timeout=30)
            if response.status_code in (200, 201):
                card = urlsplit(response.json()["url"])
                cards.append(f"{card.path}?{card.query}")
        pick = lambda: rng.choice(ids)  # noqa: E731
        phases = {
            "/healthz (baseline)": lambda: ("/healthz", {}),
            "insight": lambda: (f"/api/v1/customers/{pick()}/insight", auth["crm"]),
            "card": lambda: (rng.choice(cards), {}),
            "service queue": lambda: ("/api/v1/service/queue?limit=50", auth["service"]),
            "pain-point aggregate": lambda: ("/api/v1/pain-points", auth["rnd"]),
        }
        if not cards:
            del phases["card"]
        print(f"load: gunicorn {args.workers} workers, {args.concurrency} client threads, {args.duration:.0f} s per "
              f"endpoint, {len(ids)} customers, {url.split('://')[0]}")
        baseline = None
        pids = server_pids(proc.pid)
        for name, next_target in phases.items():
            server_before, client_before = cpu_seconds(pids), time.process_time()
            database_before = database.snapshot()
            latencies, errors, seconds = hammer(next_target, port, args.concurrency, args.duration)
            server_cores = (cpu_seconds(pids) - server_before) / seconds
            client_cores = (time.process_time() - client_before) / seconds
            database_cores = database.used(database_before, database.snapshot()) / seconds
            p95 = pct(latencies, 95)
            baseline = baseline or p95
            print(f"  {name:<22} {len(latencies) / seconds:8.1f} req/s  p50 {statistics.median(latencies):7.2f} ms  "
                  f"p95 {p95:7.2f} ms  p99 {pct(latencies, 99):7.2f} ms  errors {errors}  "
                  f"p95 x{p95 / baseline:.1f} of /healthz  cpu: server {server_cores:.2f}, "
                  + (f"database {database_cores:.2f}, " if database.engine is not None else "")
                  + f"client {client_cores:.2f} cores")
    finally:
        database.close()
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
