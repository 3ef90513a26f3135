"""Job engine: enqueue-to-start latency and throughput of our jobs beside a bare no-op task of Huey itself.

    python benchmarks/jobs.py                       # SQLite (embedded) and Redis on 127.0.0.1:6379
    python benchmarks/jobs.py --backends sqlite --jobs 100

For each backend and 1 or 2 consumer processes (`--workers` threads each), in the same run and on the same
queue settings: a bare Huey task that only notes when it started, and our no-op job (a row in the jobs table,
its claim, heartbeat and outcome: everything the wrapper adds). Latency: --paced jobs sent one every
--gap seconds, start minus enqueue (p50, p95). Throughput: --jobs sent at once, jobs per second from the first
enqueue to the last finish. The app database is an SQLite file; everything stays on this machine and every wait
is bounded.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from insight_service.jobs.registry import job  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/15"
TIMEOUT = 120


@job("bench_noop")
def bench_noop(ctx) -> None:
    """Our wrapper around nothing: what a job costs besides its work."""
    return None


def make_app(db: str, jobs_url: str, name: str):
    """The app on the benchmark database and engine, with the bare task registered on its Huey."""
    from insight_service import create_app
    from insight_service.jobs.engine import huey

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": f"sqlite:///{db}", "JOBS_URL": jobs_url,
                      "JOBS_NAME": name, "JOBS_TICK_SECONDS": 3600, "JOBS_POLL_MAX_SECONDS": 0.1,
                      "LOG_LEVEL": "WARNING"})
    engine = huey(app)

    @engine.task(name="bench.bare")
    def bare(index: int) -> None:
        engine.put(f"started:{index}", time.time())  # the one write a bare task needs to be measured

    app.extensions["bench_bare"] = bare
    return app


def consume(db: str, jobs_url: str, name: str, workers: int) -> None:
    """A consumer process (the benchmark starts these with --consume)."""
    from insight_service.jobs.engine import consumer

    app = make_app(db, jobs_url, name)
    with app.app_context():
        consumer(app, workers).run()


def bare_round(app, count: int, gap: float) -> tuple[list[float], float]:
    """Send `count` bare tasks `gap` apart; (start-minus-enqueue latencies, seconds until all started)."""
    from insight_service.jobs.engine import huey

    engine, sent = huey(app), {}
    first = time.time()
    for index in range(count):
        sent[index] = time.time()
        app.extensions["bench_bare"](index)
        if gap:
            time.sleep(gap)
    started, deadline = {}, time.monotonic() + TIMEOUT
    while len(started) < count and time.monotonic() < deadline:
        for index in set(sent) - set(started):
            value = engine.get(f"started:{index}", peek=True)
            if value is not None:
                started[index] = value
        time.sleep(0.01)
    return [started[i] - sent[i] for i in started], max(started.values()) - first


def wrapped_round(app, count: int, gap: float) -> tuple[list[float], float]:
    """Send `count` of our no-op jobs `gap` apart; (start-minus-enqueue latencies, seconds until all finished)."""
    from sqlalchemy import func, select

    from insight_service import db
    from insight_service.jobs import submit
    from insight_service.models import Job

    ids, first = [], time.time()
    with app.app_context():
        for _ in range(count):
            ids.append(submit(app, "bench_noop").id)
            if gap:
                time.sleep(gap)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with db.fresh_session() as session:
                done = session.scalar(select(func.count()).select_from(Job).where(
                    Job.id.in_(ids), Job.status == "finished"))
            if done == count:
                break
            time.sleep(0.01)
        with db.fresh_session() as session:
            rows = session.execute(select(Job.enqueued_at, Job.started_at, Job.finished_at).where(Job.id.in_(ids))).all()
    return ([(r.started_at - r.enqueued_at).total_seconds() for r in rows if r.started_at],
            max(r.finished_at.timestamp() for r in rows if r.finished_at) - first)


def pct(values: list[float], q: float) -> float:
    """The q-quantile in milliseconds."""
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] * 1000 if len(values) > 1 else float("nan")


def run(backend: str, consumers: int, args, workdir: Path) -> dict:
    """Both variants on one backend with `consumers` consumer processes; their figures."""
    from insight_service import migrations
    from insight_service.jobs.engine import make_huey
    from sqlalchemy import create_engine

    name = f"bench-{uuid.uuid4().hex[:8]}"
    db = workdir / f"{name}.sqlite"
    engine = create_engine(f"sqlite:///{db}")
    migrations.upgrade(engine)
    engine.dispose()
    jobs_url = f"sqlite:///{workdir / (name + '-jobs.sqlite')}" if backend == "sqlite" else REDIS_URL
    procs = [subprocess.Popen([sys.executable, __file__, "--consume", str(db), jobs_url, name, str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(consumers)]
    try:
        app = make_app(str(db), jobs_url, name)
        time.sleep(3)  # consumers import the app
        figures = {}
        for variant, round_ in (("bare", bare_round), ("ours", wrapped_round)):
            round_(app, 10, 0)  # warm up
            latencies, _ = round_(app, args.paced, args.gap)
            _, elapsed = round_(app, args.jobs, 0)
            figures[variant] = (pct(latencies, 0.5), pct(latencies, 0.95), args.jobs / elapsed)
        return figures
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        make_huey(jobs_url, name).flush()


def main() -> None:
    """Parse arguments and print a table per backend and consumer count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,redis")
    parser.add_argument("--jobs", type=int, default=200, help="jobs sent at once for the throughput")
    parser.add_argument("--paced", type=int, default=50, help="jobs sent one by one for the latency")
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between paced jobs")
    parser.add_argument("--workers", type=int, default=2, help="job threads per consumer")
    parser.add_argument("--consume", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.consume:
        db, jobs_url, name, workers = args.consume
        return consume(db, jobs_url, name, int(workers))
    print(f"{'backend':<8} {'consumers':>9}  {'variant':<5} {'p50 ms':>8} {'p95 ms':>8} {'jobs/s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            for consumers in (1, 2):
                figures = run(backend, consumers, args, Path(tmp))
                for variant, (p50, p95, rate) in figures.items():
                    print(f"{backend:<8} {consumers:>9}  {variant:<5} {p50:>8.1f} {p95:>8.1f} {rate:>8.1f}")
                (b50, b95, brate), (o50, o95, orate) = figures["bare"], figures["ours"]
                print(f"{'':<8} {'':>9}  ours/bare: p50 +{o50 - b50:.1f} ms, p95 +{o95 - b95:.1f} ms, "
                      f"throughput x{orate / brate:.2f}", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    main()
