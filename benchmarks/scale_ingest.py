"""Ingest of scale.py on its built database, from one checkout: before/after comparisons of an ingest change.

    cp -a /tmp/insight-scale/golden-100000-10000 /tmp/ingest/run     # a copy: ingest adds rows
    python benchmarks/scale_ingest.py --datadir /tmp/ingest/run --port 55491 --feedback 100000 --customers 10000 \\
        --first 100000 --keep                                           # warm-up range, this checkout
    python benchmarks/scale_ingest.py --port 55491 --feedback 100000 --customers 10000 --first 110000 \\
        --code /path/to/main/checkout --keep --statements               # the same server, the other checkout

Uses the PostgreSQL server answering on --port, or starts one on --datadir with the production configuration of
docs/postgresql.md and pg_stat_statements (as scale.py does: migrated, every relation read into shared buffers,
checkpointed). Then ingests --new new feedback items per process (--procs processes, ranges from --first on; each
range of the generator's items can be ingested once, so give every run its own --first) with the code of --code,
as scale.py's `measure_ingest` does, and prints one JSON line: items/s, process and server CPU per item (from
/proc), the process CPU spent in the text analysis (analyze_many, timed in the child), statements sent per batch
of 1,000 (counted in the child), WAL per item, the load average before and after. With --statements it also prints
the top statements of the run from pg_stat_statements (reset first); with --profile FILE the first child writes a
cProfile of its timed window. Run the two checkouts in turn, more than once, to compare them on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def child(code: str, url: str, customers: int, total: int, start: int, stop: int, profile: str | None, ready, go,
          done, queue) -> None:
    """Prepare outside the timed window, then ingest [start, stop) when told; CPU, analysis CPU, statements."""
    sys.path.insert(0, code)
    from sqlalchemy import event

    from benchmarks.scale import BATCH, dataset, make_app, records
    from insight_service import analysis, db
    from insight_service.models import Feedback
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest

    data, app = dataset(customers, total), make_app(url)
    batches = [records(data, "feedback", first, min(stop, first + BATCH)) for first in range(start, stop, BATCH)]
    analysis.analyze("warm up")
    spent = {"analysis": 0.0, "statements": 0}
    analyze_many = analysis.analyze_many

    def timed(*args, **kwargs):
        began = time.process_time()
        try:
            return analyze_many(*args, **kwargs)
        finally:
            spent["analysis"] += time.process_time() - began

    analysis.analyze_many = timed
    with app.app_context():
        hasher = hasher_from_config(app.config)

        @event.listens_for(db.engine(), "before_cursor_execute")
        def _count(*_args):
            spent["statements"] += 1

        with db.fresh_session() as session:
            session.execute(Feedback.__table__.select().limit(1)).all()
        spent["statements"] = 0
        profiler = None
        if profile and profile.endswith(".txt"):  # a sampling profile (pyinstrument, if installed): wall time
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
        elif profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the server
        ready.set()
        go.wait()
        cpu = time.process_time()
        if profiler:
            getattr(profiler, "enable", getattr(profiler, "start", None))()
        for batch in batches:
            with db.fresh_session() as session:
                ingest(session, "feedback", batch, origin="scale", hasher=hasher)
        if profiler:
            if profile.endswith(".txt"):
                profiler.stop()
                Path(profile).write_text(profiler.output_text(show_all=False))
            else:
                profiler.disable()
                profiler.dump_stats(profile)
        queue.put((time.process_time() - cpu, spent["analysis"], spent["statements"] / len(batches),
                   str(Path(db.__file__).parent.parent)))
        done.wait()


def measure(server, code: str, customers: int, total: int, ranges: list[tuple[int, int]], profile: str | None) -> dict:
    """One child per range at once, as scale.measure_ingest; plus analysis CPU and statements per batch."""
    from benchmarks.scale import run_children

    got, wall, server_cpu, wal = run_children(server, child, [
        (code, server.url, customers, total, a, b, profile if i == 0 else None) for i, (a, b) in enumerate(ranges)])
    items = sum(b - a for a, b in ranges)
    cpu, analysis_cpu = sum(g[0] for g in got), sum(g[1] for g in got)
    return {"items": items, "wall_per_s": round(items / wall), "per_core": round(items / (cpu + server_cpu)),
            "process_us": round(cpu / items * 1e6, 1), "analysis_us": round(analysis_cpu / items * 1e6, 1),
            "process_without_analysis_us": round((cpu - analysis_cpu) / items * 1e6, 1),
            "server_us": round(server_cpu / items * 1e6, 1), "statements_per_batch": [round(g[2], 1) for g in got],
            "wal_kib_per_item": round(wal / items / 1024, 2), "imported_from": sorted({g[3] for g in got})}


def main() -> None:
    """Start (or reuse) the server, ingest with the chosen checkout's code, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datadir", type=Path, help="a copy of scale.py's golden data directory")
    parser.add_argument("--port", type=int, default=55491)
    parser.add_argument("--code", type=Path, default=HERE, help="the checkout whose insight_service is measured")
    parser.add_argument("--feedback", type=int, default=1_000_000, help="as the golden database was built")
    parser.add_argument("--customers", type=int, default=100_000, help="as the golden database was built")
    parser.add_argument("--first", type=int, required=True, help="index of the first new item (>= --feedback)")
    parser.add_argument("--new", type=int, default=10_000, help="new items per process")
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--statements", action="store_true", help="print the run's top statements")
    parser.add_argument("--profile", help="write a cProfile of the first child's timed window here")
    parser.add_argument("--ram-gb", type=float, default=4.0)
    parser.add_argument("--keep", action="store_true", help="leave a server this run started running")
    args = parser.parse_args()
    code = str(args.code.resolve())
    sys.path.insert(0, code)
    import psycopg

    from benchmarks.scale import Server, configs, print_statements, upgrade

    total = args.feedback + 4 * 10_000  # scale.py's dataset size for its default --new: the same generator context
    server = Server(args.datadir or Path("/nonexistent"), args.port)
    started = False
    try:
        server.sql("SELECT 1")
    except psycopg.OperationalError:
        if args.datadir is None:
            parser.error(f"no server on port {args.port}: give --datadir to start one")
        conf = configs(args.ram_gb, 100, os.cpu_count() or 2)[f"production ({args.ram_gb:g} GB)"]
        server.start({**conf, "shared_preload_libraries": "pg_stat_statements"})
        started = True
        upgrade(server)
        server.sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        server.sql("SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't')")
        server.sql("CHECKPOINT")
    try:
        if args.statements:
            server.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            server.sql("SELECT pg_stat_statements_reset()")
        load = [os.getloadavg()[0]]
        ranges = [(args.first + i * args.new, args.first + (i + 1) * args.new) for i in range(args.procs)]
        figures = measure(server, code, args.customers, total, ranges, args.profile)
        load.append(os.getloadavg()[0])
        if args.statements:
            print_statements(server, figures["items"])
    finally:
        if started and not args.keep:
            server.stop()
    print(json.dumps({"code": code, "ranges": ranges, "load": load, **figures}), flush=True)


if __name__ == "__main__":
    main()
