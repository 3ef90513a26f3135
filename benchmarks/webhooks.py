"""Webhooks: events per second from the outbox to a local receiver, and change-to-delivery latency, beside bare POSTs.

    python benchmarks/webhooks.py                        # SQLite database, embedded engine; 1 and 2 consumers
    python benchmarks/webhooks.py --backends sqlite,redis --events 1000

One endpoint (role crm, `consent.changed`) and a receiver on loopback (a threaded stdlib HTTP server that notes
when each webhook-id arrived). Throughput: --events events written in transactions of --batch (as an ingest
batch writes them), events per second from the first commit to the last arrival. Latency: --paced events, one
transaction each, --gap seconds apart; arrival minus commit (p50, p95). Consumers are `insight-service worker`
processes (--workers threads each). Baseline in the same run: bare POSTs of a body of the same size to the same
receiver from one thread (what the network and receiver cost without the outbox, signing, consent checks and
bookkeeping), and from as many threads as the consumers have. Everything stays on this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REDIS_URL = "redis://127.0.0.1:6379/15"
TIMEOUT = 300
SECRETS = {"SECRET_KEY": "bench-secret-key-" + "q8" * 16, "IDENTITY_HASH_KEY": "bench-identity-key-" + "w3" * 16}


class Receiver:
    """A local receiver: 200 to every POST, noting when each webhook-id first arrived."""

    def __init__(self) -> None:
        arrived, lock = {}, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the stdlib's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    arrived.setdefault(self.headers.get("webhook-id") or uuid.uuid4().hex, time.time())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.arrived = arrived
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def pct(values: list[float], q: float) -> float:
    """The q-quantile in milliseconds."""
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] * 1000 if len(values) > 1 else float("nan")


def bare(url: str, count: int, threads: int, size: int) -> tuple[float, list[float]]:
    """Bare POSTs: (per second, latencies) from `threads` threads with a keep-alive session each."""
    import requests

    body = b"x" * size
    local = threading.local()

    def one(_i):
        session = getattr(local, "session", None) or setattr(local, "session", requests.Session()) or local.session
        started = time.time()
        session.post(url, data=body, headers={"webhook-id": uuid.uuid4().hex, "content-type": "application/json"},
                     timeout=10)
        return time.time() - started

    started = time.time()
    with ThreadPoolExecutor(threads) as pool:
        latencies = list(pool.map(one, range(count)))
    return count / (time.time() - started), latencies


def setup(workdir: Path, backend: str, customers: int):
    """A migrated database with customers, the engine's URL and queue name, and the app for writing events."""
    from sqlalchemy import create_engine

    from insight_service import create_app, migrations

    name = f"bench-hooks-{uuid.uuid4().hex[:8]}"
    db_path = workdir / f"{name}.sqlite"
    engine = create_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    engine.dispose()
    jobs_url = f"sqlite:///{workdir / (name + '-jobs.sqlite')}" if backend == "sqlite" else REDIS_URL
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": f"sqlite:///{db_path}", "JOBS_URL": jobs_url,
                      "JOBS_NAME": name, "LOG_LEVEL": "WARNING", **SECRETS})
    from insight_service import db
    from insight_service.models import Customer

    with app.app_context(), db.fresh_session() as session:
        session.add_all([Customer(source="crm", external_id=f"B{i}", name=f"Bench {i}") for i in range(customers)])
    return app, db_path, jobs_url, name


def write_events(app, ids: list[int], batch: int) -> dict[str, float]:
    """Events of these customers in transactions of `batch`; webhook-id -> when its transaction committed."""
    from insight_service import db
    from insight_service.webhooks.events import emit

    committed = {}
    with app.app_context():
        for start in range(0, len(ids), batch):
            session = db.session()
            uids = [emit(session, "consent.changed", {"customer": {"id": cid, "crm_source": "crm", "crm_id": f"B{cid}"},
                                                      "purpose": "marketing", "status": "granted",
                                                      "valid_from": "2026-12-04T12:00:00Z"}, customer_id=cid).uid
                    for cid in ids[start:start + batch]]
            session.commit()  # the commit kicks the delivery jobs
            now = time.time()
            committed.update((u, now) for u in uids)
    return committed


def wait_for(receiver: Receiver, uids) -> bool:
    """Until every webhook-id arrived (bounded)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if all(u in receiver.arrived for u in uids):
            return True
        time.sleep(0.01)
    return False


def run(backend: str, consumers: int, args, workdir: Path) -> dict:
    """Throughput and latency through the outbox with `consumers` worker processes, and the bare baselines."""
    from insight_service import db
    from insight_service.jobs.engine import make_huey
    from insight_service.webhooks.endpoints import create_endpoint

    receiver = Receiver()
    app, db_path, jobs_url, name = setup(workdir, backend, args.events + args.paced + 20)
    with app.app_context(), db.fresh_session() as session:
        create_endpoint(session, {"url": receiver.url, "role": "crm", "event_types": ["consent.changed"]},
                        allow_private=True)
    env = {**os.environ, **SECRETS, "DATABASE_URL": f"sqlite:///{db_path}", "JOBS_URL": jobs_url, "JOBS_NAME": name,
           "WEBHOOKS_ALLOW_PRIVATE": "1", "JOBS_TICK_SECONDS": "1", "JOBS_POLL_MAX_SECONDS": "0.05",
           "LOG_LEVEL": "WARNING", "CONNECTORS_FILE": ""}
    command = Path(sys.executable).with_name("insight-service")
    procs = [subprocess.Popen([str(command), "worker", "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(consumers)]
    try:
        ids = iter(range(1, args.events + args.paced + 21))
        warm = write_events(app, [next(ids) for _ in range(20)], 20)  # consumers import the app, connect
        assert wait_for(receiver, warm), "warm-up events did not arrive"
        paced = {}
        for _ in range(args.paced):
            paced.update(write_events(app, [next(ids)], 1))
            time.sleep(args.gap)
        assert wait_for(receiver, paced), "paced events did not arrive"
        latencies = [receiver.arrived[u] - t for u, t in paced.items()]
        first = time.time()
        burst = write_events(app, [next(ids) for _ in range(args.events)], args.batch)
        assert wait_for(receiver, burst), "burst events did not arrive"
        rate = args.events / (max(receiver.arrived[u] for u in burst) - first)
        size = len(json.dumps({"type": "consent.changed", "timestamp": "2026-12-04T12:00:00.000000Z",
                               "data": {"customer": {"id": 1, "crm_source": "crm", "crm_id": "B1"}}}))
        bare_rate, bare_latencies = bare(receiver.url, args.events, 1, size)
        bare_rate_n, _ = bare(receiver.url, args.events, consumers * args.workers, size)
        return {"rate": rate, "p50": pct(latencies, 0.5), "p95": pct(latencies, 0.95), "bare_rate": bare_rate,
                "bare_rate_n": bare_rate_n, "bare_p50": pct(bare_latencies, 0.5), "bare_p95": pct(bare_latencies, 0.95)}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        receiver.server.shutdown()
        make_huey(jobs_url, name).flush()


def main() -> None:
    """Parse arguments and print one line per backend and consumer count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--events", type=int, default=1000, help="events written at once for the throughput")
    parser.add_argument("--batch", type=int, default=100, help="events per transaction in the burst")
    parser.add_argument("--paced", type=int, default=100, help="events written one by one for the latency")
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between paced events")
    parser.add_argument("--workers", type=int, default=2, help="job threads per consumer")
    args = parser.parse_args()
    print(f"{'engine':<7} {'consumers':>9} {'events/s':>9} {'p50 ms':>8} {'p95 ms':>8} | {'bare POST/s 1 thread':>20}"
          f" {'N threads':>10} {'p50 ms':>7} {'p95 ms':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            for consumers in (1, 2):
                f = run(backend, consumers, args, Path(tmp))
                print(f"{backend:<7} {consumers:>9} {f['rate']:>9.1f} {f['p50']:>8.1f} {f['p95']:>8.1f} | "
                      f"{f['bare_rate']:>20.1f} {f['bare_rate_n']:>10.1f} {f['bare_p50']:>7.1f} {f['bare_p95']:>7.1f}",
                      flush=True)


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    main()
