"""Ingest throughput: generated records end to end through the pipeline vs a raw bulk insert of the same rows.

    python benchmarks/ingest.py [--customers 2000] [--feedback 20000] [--database-url postgresql://...]
        [--modes service,api,files]

Each mode runs in a child process on a fresh database (SQLite file, or a scratch PostgreSQL database beside
--database-url) and prints records/s per kind, feedback items/s, peak RSS, and the ratio to a raw bulk insert
of the same feedback rows (Core executemany, no validation, analysis or linking) measured in the same run.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECRETS = {"SECRET_KEY": "bench-" + "s" * 40, "IDENTITY_HASH_KEY": "bench-" + "i" * 40}


def scratch_url(base: str | None, tag: str) -> str:
    """A fresh database: a temp SQLite file, or a new PostgreSQL database next to base."""
    if not base:
        return f"sqlite:///{tempfile.mkdtemp()}/{tag}.sqlite"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"bench_{tag}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_scratch(url: str) -> None:
    """Drop a scratch PostgreSQL database made by scratch_url (SQLite files live in a temp folder)."""
    if url.startswith("sqlite"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_app(url: str):
    """The app on a migrated database."""
    from insight_service import create_app, db, migrations

    app = create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, "MAX_BATCH_SIZE": 1000, **SECRETS})
    with app.app_context():
        migrations.upgrade(db.engine())
    return app


def run_pipeline(mode: str, url: str, customers: int, feedback: int, queue) -> None:
    """Child process: load the generated data set one way and report timings."""
    from insight_service import db
    from insight_service.generator import generate
    from insight_service.services.identifiers import hasher_from_config
    from insight_service.services.loading import load_stream

    app = make_app(url)
    dataset = generate(customers, feedback, seed=7)
    timings = {}
    with app.app_context():
        hasher = hasher_from_config(app.config)
        streams = (("customer", dataset.iter_customers), ("purchase", dataset.iter_purchases),
                   ("feedback", dataset.iter_feedback))
        for kind, stream in streams:
            records = list(stream())  # generated up front so generation is not timed
            start = time.perf_counter()
            if mode == "service":
                load_stream(db.fresh_session, kind, records, origin="bench", hasher=hasher, batch_size=1000)
            elif mode == "api":
                _post_batches(app, kind, records)
            else:
                _via_files(kind, records, hasher)
            timings[kind] = (len(records), time.perf_counter() - start)
    queue.put({"timings": timings, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _post_batches(app, kind: str, records: list) -> None:
    from insight_service import db
    from insight_service.services.keys import create_key

    with db.fresh_session() as session:
        _k, raw = create_key(session, "bench", "crm")
    client = app.test_client()
    path = {"customer": "/api/v1/customers", "purchase": "/api/v1/purchases", "feedback": "/api/v1/feedback"}[kind]
    for i in range(0, len(records), 1000):
        response = client.post(path, json={"records": records[i:i + 1000]}, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]


def _via_files(kind: str, records: list, hasher) -> None:
    import json

    from connectors.files import FilesConnector
    from insight_service import db
    from insight_service.services.ingest import ingest_mixed

    path = Path(tempfile.mkdtemp()) / f"{kind}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    connector = FilesConnector(name="bench", options={"path": str(path), "kind": kind, "chunk_size": 1000}, secrets={})
    for page in connector.pages({}):
        with db.fresh_session() as session:
            ingest_mixed(session, page.records, origin="bench-files", hasher=hasher)


def run_raw(url: str, feedback: int, queue) -> None:
    """Child process: the baseline, a raw bulk insert of the same feedback rows."""
    import hashlib
    from datetime import datetime, timezone

    from insight_service import db
    from insight_service.generator import generate
    from insight_service.models import Feedback

    app = make_app(url)
    rows = []
    now = datetime.now(timezone.utc)
    for r in generate(10, feedback, seed=7).iter_feedback():
        key = hashlib.sha256(f"{r.get('source')}/{r.get('external_id')}".encode()).hexdigest()
        rows.append({"source": str(r.get("source")), "external_key": key, "external_id": r.get("external_id"),
                     "channel": r.get("channel") or "social", "party": r.get("party") or "third",
                     "text": r.get("text"), "content_hash": key, "posted_at": now, "created_at": now,
                     "updated_at": now, "sentiment_score": 0.0, "sentiment_label": "neutral"})
    with app.app_context():
        start = time.perf_counter()
        for i in range(0, len(rows), 1000):
            with db.fresh_session() as session:
                session.execute(Feedback.__table__.insert(), rows[i:i + 1000])
        elapsed = time.perf_counter() - start
    queue.put({"timings": {"feedback": (len(rows), elapsed)},
               "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def in_child(target, *args) -> dict:
    """Run a measurement in its own process, so peak RSS is its own."""
    queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=target, args=(*args, queue))
    proc.start()
    while True:  # a child that dies must not leave the parent waiting forever
        try:
            result = queue.get(timeout=5)
            break
        except Exception:
            if not proc.is_alive():
                raise SystemExit(f"{target.__name__} failed (exit code {proc.exitcode})") from None
    proc.join()
    return result


def main() -> None:
    """Run every mode on one backend and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--feedback", type=int, default=20000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to benchmark (default: SQLite)")
    parser.add_argument("--modes", default="service,api,files")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"ingest benchmark on {backend}: {args.customers} customers, {args.customers * 4} purchases, "
          f"{args.feedback} feedback; one process (one core) per run")
    raw_url = scratch_url(args.database_url, "raw")
    raw = in_child(run_raw, raw_url, args.feedback)
    drop_scratch(raw_url)
    n, secs = raw["timings"]["feedback"]
    raw_rate = n / secs
    print(f"  raw bulk insert      feedback {raw_rate:>9,.0f} rows/s   peak RSS {raw['rss_mb']:.0f} MB   (baseline)")
    for mode in args.modes.split(","):
        url = scratch_url(args.database_url, mode)
        out = in_child(run_pipeline, mode, url, args.customers, args.feedback)
        drop_scratch(url)
        rates = {k: n / s for k, (n, s) in out["timings"].items()}
        print(f"  pipeline via {mode:<7} customers {rates['customer']:>7,.0f}/s  purchases {rates['purchase']:>7,.0f}/s  "
              f"feedback {rates['feedback']:>7,.0f}/s  peak RSS {out['rss_mb']:.0f} MB  "
              f"feedback ratio to raw {rates['feedback'] / raw_rate:.3f}")


if __name__ == "__main__":
    main()
