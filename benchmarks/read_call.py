"""One read call end to end: wall time, CPU of this process and of the database's backend, round trips, a profile.

    python benchmarks/read_call.py --url postgresql+psycopg://postgres@127.0.0.1:55433/scale [--calls 300]
        [--what insight|card] [--profile 25] [--code CHECKOUT]

Runs the per-customer insight (crm key) or the agent card (a signed link of a service key) through the Flask test
client, single client, on a built database (benchmarks/scale.py --build-only): random customers from a fixed
seed, after --warm calls. Per call it reports the wall time (p50/p95), the CPU time of this process (the app: Flask,
SQLAlchemy, psycopg, marshmallow, Jinja), the CPU of the PostgreSQL backends serving it (from /proc, when the
server runs on this machine), the statements sent one by one and the pipelines, and the round trips: each time the
client waited for the server: with --strace, the receives that returned data (strace of this process between two
markers; pool pings, BEGIN and COMMIT included). With --profile N it prints
cProfile's top N functions by own time and the time per package. With --code, that checkout's insight_service is
measured (run this script from two checkouts in turn, or one after the other, to compare a change).
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

SECRETS = {"SECRET_KEY": "bench-load-7Yq2mX9pL4vR8sT1wZ6nB3cF5hJ0kD",
           "IDENTITY_HASH_KEY": "bench-load-Q8w3E5r7T9y1U2i4O6p0A9s8D7f"}  # scale.py's, so its database reads alike


class Trips:
    """Counts the statements SQLAlchemy sends one by one and the pipelines (services/reads/pipeline.py)."""

    def __init__(self, engine):
        from sqlalchemy import event

        import insight_service.services.departments.insight as insight_module
        import insight_service.services.reads.history as history
        import insight_service.services.reads.queries as queries
        from insight_service.services.reads import pipeline

        self.alone = self.pipelines = 0
        self._inside = False
        real = pipeline.run_together

        def together(session, statements):
            self.pipelines += 1
            self._inside = True
            try:
                return real(session, statements)
            finally:
                self._inside = False

        pipeline.run_together = queries.run_together = insight_module.run_together = history.run_together = together
        event.listen(engine, "before_cursor_execute", lambda *_a: self._count_alone())

    def _count_alone(self):
        if not self._inside:
            self.alone += 1

    def snapshot(self) -> tuple[int, int]:
        """(statements one by one, pipelines) so far."""
        return self.alone, self.pipelines


def backend_pids(engine) -> list[int]:
    """The server's backends of this database (the pool's connections among them), when it is PostgreSQL."""
    if engine.dialect.name != "postgresql":
        return []
    from sqlalchemy import text

    with engine.connect() as conn:
        return list(conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"))
                    .scalars())


def backend_cpu(pids: list[int]) -> float:
    """CPU seconds used so far by these processes of this machine (0 for those it cannot read)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


MARK = "/nonexistent/read-call-"


def count_reads(argv: list[str], calls: int) -> None:
    """Run this script under strace; per measured call, the receives that returned data and the sends."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".strace") as log:
        command = [a for a in argv if a != "--strace"]
        subprocess.run(["strace", "-f", "-e", "trace=sendto,recvfrom,access", "-o", log.name, sys.executable,
                        *command], check=True)
        inside, received, sent = False, 0, 0
        for line in log:
            if MARK + "begin" in line:
                inside = True
            elif MARK + "end" in line:
                inside = False
            elif inside and ("recvfrom(" in line or "sendto(" in line) and "= -1" not in line:
                received += "recvfrom(" in line
                sent += "sendto(" in line
    # a receive that returned data is one answer waited for (a large answer can come in two)
    print(f"strace: per call {received / calls:.2f} receives with data, {sent / calls:.2f} sends")


def main() -> None:
    """Warm up, measure --calls calls, optionally profile them; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--what", choices=("insight", "card"), default="insight")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--warm", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N (a separate pass)")
    parser.add_argument("--strace", action="store_true",
                        help="run under strace and count the reads of the database's answers per call")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    if args.strace:
        return count_reads(sys.argv, args.calls)
    sys.path.insert(0, str(args.code.resolve()))
    from sqlalchemy import select

    from insight_service import create_app, db
    from insight_service.models import Customer
    from insight_service.services.access.keys import create_key

    app = create_app({"SQLALCHEMY_DATABASE_URL": args.url, **SECRETS})
    with app.app_context():
        with db.fresh_session() as session:
            crm = create_key(session, "read-call-crm", "crm")[1]
            service = create_key(session, "read-call-service", "service")[1]
            ids = list(session.scalars(select(Customer.id)))
    client = app.test_client()
    rng = random.Random(5)
    headers = {"Authorization": f"Bearer {crm}"}

    def target(cid: int) -> str:
        if args.what == "insight":
            return f"/api/v1/customers/{cid}/insight"
        link = client.post(f"/api/v1/customers/{cid}/card-link", headers={"Authorization": f"Bearer {service}"})
        url = urlsplit(link.get_json()["url"])
        return f"{url.path}?{url.query}"

    sample = [target(cid) for cid in rng.choices(ids, k=args.warm + args.calls)]
    trips = Trips(app.extensions["db_engine"])
    for path in sample[:args.warm]:
        assert client.get(path, headers=headers).status_code == 200
    pids = backend_pids(app.extensions["db_engine"])
    walls, before_trips = [], trips.snapshot()
    cpu0, server0 = time.process_time(), backend_cpu(pids)
    os.access(MARK + "begin", os.F_OK)  # strace's markers (--strace)
    for path in sample[args.warm:]:
        began = time.perf_counter()
        response = client.get(path, headers=headers)
        walls.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    os.access(MARK + "end", os.F_OK)
    cpu = (time.process_time() - cpu0) * 1000 / args.calls
    server = (backend_cpu(pids) - server0) * 1000 / args.calls
    after = trips.snapshot()
    per = [(b - a) / args.calls for a, b in zip(before_trips, after)]
    walls.sort()
    print(f"{args.what} x{args.calls} ({args.code.resolve().name}), load {os.getloadavg()[0]:.2f}: "
          f"wall p50 {statistics.median(walls):.2f} / p95 {walls[int(len(walls) * 0.95)]:.2f} ms, "
          f"app CPU {cpu:.2f} ms, database backend CPU {server:.2f} ms per call; "
          f"statements one by one {per[0]:.2f}, pipelines {per[1]:.2f}")
    if args.profile:
        profile = cProfile.Profile(time.process_time)  # CPU, not the waits
        profile.enable()
        for path in sample[args.warm:]:
            client.get(path, headers=headers)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumtime").print_stats(r"insight_service|flask/app|routing|jsonify|session.py.*(commit|close)",
                                                args.profile)
        packages: Counter = Counter()
        for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
            parts = filename.split("site-packages/")
            name = parts[1].split("/")[0] if len(parts) > 1 else ("insight_service" if "insight_service" in filename
                                                                 else Path(filename).name)
            packages[name] += tottime
        total = sum(packages.values())
        print("own time per package, ms per call:")
        for name, seconds in packages.most_common(15):
            print(f"  {name:30} {seconds * 1000 / args.calls:6.2f}  ({seconds / total:.0%})")


if __name__ == "__main__":
    main()
