"""What wiping the database files costs an erasure: erasures with the wipe (SQLite WAL checkpoint, PostgreSQL
VACUUM of the touched tables) against the same erasures without it, and the purge's rewrite (VACUUM FULL).

    python benchmarks/erasure_wipe.py [--customers 2000] [--feedback 20000] [--erasures 10]
        [--database-url postgresql://...]

Loads a generated data set through the ingest pipeline into a fresh database (SQLite file, or a scratch
PostgreSQL database beside --database-url), then erases --erasures customers with WIPE_AFTER_PRIVACY_CHANGES
off (the baseline) and as many with it on, interleaved, each the service call and its commit; prints the median
milliseconds per erasure of each and their ratio, then the seconds of one purge (which rewrites the tables on
PostgreSQL). Wall clock on a shared machine: read the ratio, not the absolute figures.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.ingest import SECRETS, drop_scratch, scratch_url  # noqa: E402


def make_app(url: str, wipe: bool):
    """The app on a database, wiping after privacy changes or not."""
    from insight_service import create_app

    return create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, "WIPE_AFTER_PRIVACY_CHANGES": wipe,
                       **SECRETS})


def erase_some(app, ids: list[int]) -> list[float]:
    """Milliseconds per erasure (service call, commit and whatever runs after the commit)."""
    from insight_service import db
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.privacy.erasure import erase_customer

    hasher, times = hasher_from_config(app.config), []
    with app.app_context():
        for cid in ids:
            started = time.perf_counter()
            with db.fresh_session() as session:
                erase_customer(session, cid, hasher)
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--feedback", type=int, default=20000)
    parser.add_argument("--erasures", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = scratch_url(args.database_url, "wipe")
    try:
        from sqlalchemy import select

        from insight_service import db, migrations
        from insight_service.generator import generate
        from insight_service.models import Customer
        from insight_service.services.identity.identifiers import hasher_from_config
        from insight_service.services.ingest.loading import load_dataset

        app = make_app(url, wipe=False)
        with app.app_context():
            migrations.upgrade(db.engine())
            load_dataset(db.fresh_session, generate(args.customers, args.feedback, seed=11), origin="bench",
                         hasher=hasher_from_config(app.config))
            with db.fresh_session() as session:
                ids = list(session.scalars(select(Customer.id).order_by(Customer.id).limit(2 * args.erasures + 2)))
        wiping = make_app(url, wipe=True)
        erase_some(app, ids[:1]), erase_some(wiping, ids[1:2])  # warm both (caches, connections)
        baseline, wiped = [], []
        for plain, wiped_id in zip(ids[2::2], ids[3::2]):  # interleaved, so load on the machine hits both alike
            baseline += erase_some(app, [plain])
            wiped += erase_some(wiping, [wiped_id])
        app.extensions["db_engine"].dispose()
        with wiping.app_context():
            from insight_service.worker import purge

            started = time.perf_counter()
            with db.fresh_session() as session:
                purge(session, 1200)
            purge_seconds = time.perf_counter() - started
        wiping.extensions["db_engine"].dispose()
        base_ms, wipe_ms = statistics.median(baseline), statistics.median(wiped)
        print(f"database: {url.split(':')[0]}  data: {args.customers} customers, {args.feedback} feedback")
        print(f"erasure without wipe (baseline): {base_ms:8.1f} ms median of {len(baseline)}")
        print(f"erasure with wipe:               {wipe_ms:8.1f} ms median of {len(wiped)}  "
              f"ratio {wipe_ms / base_ms:.2f}x")
        print(f"purge with table rewrite:        {purge_seconds:8.2f} s")
    finally:
        drop_scratch(url)


if __name__ == "__main__":
    main()
