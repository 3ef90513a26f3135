"""Reads and aggregates of scale.py on its built database, from one checkout: before/after comparisons of a change.

    cp -a /tmp/insight-scale/golden-1000000-100000 /tmp/reads/run      # a copy: reads write audit rows
    python benchmarks/scale_reads.py --datadir /tmp/reads/run --port 55481 --keep               # this checkout
    python benchmarks/scale_reads.py --port 55481 --code /path/to/main/checkout --keep           # the same server

Uses the PostgreSQL server answering on --port, or starts one on --datadir with the production configuration of
docs/postgresql.md (as scale.py does: migrated, every relation read into shared buffers). Then measures, with the
code of --code (default: this checkout; gunicorn is started from there too), scale.py's reads (insight, card,
/healthz and a two-query SQL read at 1, 4 and 8 clients) and aggregates (the pain-point aggregate and the CSV
export, cold and warm), and prints them as one JSON line with the load average before, between and after. Run the
two checkouts in turn, more than once, to compare them on a shared machine. Stops a server it started unless --keep.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    """Start (or reuse) the server, measure with the chosen checkout's code, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datadir", type=Path, help="a copy of scale.py's golden data directory")
    parser.add_argument("--port", type=int, default=55481)
    parser.add_argument("--code", type=Path, default=HERE, help="the checkout whose insight_service is measured")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint and concurrency")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--ram-gb", type=float, default=4.0)
    parser.add_argument("--keep", action="store_true", help="leave a server this run started running")
    args = parser.parse_args()
    code = str(args.code.resolve())
    # gunicorn runs `python -m gunicorn` in the working directory: it imports the same checkout
    os.chdir(code)
    os.environ["PYTHONPATH"] = code
    sys.path.insert(0, code)
    import psycopg

    import insight_service
    from benchmarks.scale import Server, configs, measure_aggregates, measure_reads, upgrade

    server = Server(args.datadir or Path("/nonexistent"), args.port)
    started = False
    try:
        server.sql("SELECT 1")
    except psycopg.OperationalError:
        if args.datadir is None:
            parser.error(f"no server on port {args.port}: give --datadir to start one")
        server.start(configs(args.ram_gb, 100, os.cpu_count() or 2)[f"production ({args.ram_gb:g} GB)"])
        started = True
        upgrade(server)
        server.sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        server.sql("SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't')")
    try:
        load = [os.getloadavg()[0]]
        reads = measure_reads(server, args.duration, args.workers)
        load.append(os.getloadavg()[0])
        aggregates = measure_aggregates(server, args.cold)
        load.append(os.getloadavg()[0])
    finally:
        if started and not args.keep:
            server.stop()
    print(json.dumps({"code": str(Path(insight_service.__file__).parent.parent), "load": load,
                      "reads": {f"{name} @{clients}": [round(x, 2) for x in figures]
                                for (name, clients), figures in reads.items()},
                      "aggregates": {name: [round(x, 1) for x in figures] for name, figures in aggregates.items()}}),
          flush=True)


if __name__ == "__main__":
    main()
