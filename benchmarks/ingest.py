"""Ingest throughput: generated records end to end through the pipeline vs a raw bulk insert of the same rows.

    python benchmarks/ingest.py [--customers 2000] [--feedback 20000] [--database-url postgresql://...]
        [--modes service,api,files]

Each mode runs in a child process on a fresh database (SQLite file, or a scratch PostgreSQL database beside
--database-url) and prints, per kind, records/s (wall clock), the CPU seconds used by the ingest process and,
on a local PostgreSQL, by its server backends, and records per CPU second ("per core": throughput divided by
the cores actually used). Records are generated a batch at a time outside the timed windows, so generation is
not timed and peak RSS is the ingest's own. The baseline, measured in the same run, is a raw bulk insert of
the same feedback rows without validation, analysis or linking: Core executemany on SQLite, COPY on PostgreSQL.
The analysis lexicons are loaded before timing (a once-per-process cost, about 0.2 s).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECRETS = {"SECRET_KEY": "bench-" + "s" * 40, "IDENTITY_HASH_KEY": "bench-" + "i" * 40}
BATCH = 1000
LOCAL_HOSTS = {None, "", "localhost", "127.0.0.1", "::1"}


def scratch_url(base: str | None, tag: str) -> str:
    """A fresh database: a temp SQLite file, or a new PostgreSQL database next to base."""
    if not base:
        return f"sqlite:///{tempfile.mkdtemp()}/{tag}.sqlite"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"bench_ingest_{tag}_{os.getpid()}"
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

    app = create_app({"SQLALCHEMY_DATABASE_URL": url, "TESTING": True, "MAX_BATCH_SIZE": BATCH, **SECRETS})
    with app.app_context():
        migrations.upgrade(db.engine())
    return app


class ServerCpu:
    """CPU seconds used by the PostgreSQL backends of one database (from /proc, so only for a local server)."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        self.engine = None
        if parsed.get_backend_name() == "postgresql" and parsed.host in LOCAL_HOSTS and os.path.isdir("/proc/self"):
            self.engine = create_engine(parsed, isolation_level="AUTOCOMMIT")
            self.conn = self.engine.connect()
        self.tick = os.sysconf("SC_CLK_TCK")

    def snapshot(self) -> dict[int, float]:
        """pid -> CPU seconds of every backend on this database except the one asking."""
        if self.engine is None:
            return {}
        from sqlalchemy import text

        pids = self.conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                      "AND pid <> pg_backend_pid()")).scalars()
        found = {}
        for pid in pids:
            try:
                with open(f"/proc/{pid}/comm") as comm, open(f"/proc/{pid}/stat") as stat:
                    if not comm.read().startswith("postgres"):
                        continue
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:  # the backend ended meanwhile
                continue
            found[pid] = (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime
        return found

    @staticmethod
    def used(before: dict[int, float], after: dict[int, float]) -> float:
        """CPU seconds between two snapshots (a backend that ended in between is not counted)."""
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())

    def close(self) -> None:
        """Release the probe's connection."""
        if self.engine is not None:
            self.conn.close()
            self.engine.dispose()


class Meter:
    """Sums wall, process CPU and server CPU over timed windows (generation happens between them)."""

    def __init__(self, server: ServerCpu):
        self.server, self.records, self.wall, self.cpu, self.server_cpu = server, 0, 0.0, 0.0, 0.0

    def timed(self, records: int, work) -> None:
        """Run work() inside a timed window."""
        before = self.server.snapshot()
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu
        self.server_cpu += ServerCpu.used(before, self.server.snapshot())
        self.records += records

    def figures(self) -> dict:
        """What the parent prints."""
        return {"records": self.records, "wall": self.wall, "cpu": self.cpu, "server_cpu": self.server_cpu}


def _batches(stream):
    from insight_service.services.ingest.loading import batched

    return batched(stream, BATCH)


def run_pipeline(mode: str, url: str, customers: int, feedback: int, queue) -> None:
    """Child process: load the generated data set one way and report timings."""
    from insight_service import analysis, db
    from insight_service.generator import generate
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.loading import load_stream

    app = make_app(url)
    dataset = generate(customers, feedback, seed=7)
    analysis.analyze("warm up")  # loads the lexicons once per process
    server = ServerCpu(url)
    figures = {}
    with app.app_context():
        hasher = hasher_from_config(app.config)
        post = _poster(app)
        for kind, stream in (("customer", dataset.iter_customers), ("purchase", dataset.iter_purchases),
                             ("feedback", dataset.iter_feedback)):
            meter = Meter(server)
            if mode == "files":
                _via_files(meter, kind, stream(), hasher)
            elif mode == "api":
                for batch in _batches(stream()):
                    body = json.dumps({"records": batch})  # the client's work, outside the timed window
                    meter.timed(len(batch), lambda b=body: post(kind, b))
            else:
                for batch in _batches(stream()):
                    meter.timed(len(batch), lambda b=batch: load_stream(db.fresh_session, kind, b, origin="bench",
                                                                        hasher=hasher, batch_size=BATCH))
            figures[kind] = meter.figures()
    server.close()
    queue.put({"figures": figures, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _poster(app):
    from insight_service import db
    from insight_service.services.access.keys import create_key

    with db.fresh_session() as session:
        _k, raw = create_key(session, "bench", "crm")
    client = app.test_client()
    paths = {"customer": "/api/v1/customers", "purchase": "/api/v1/purchases", "feedback": "/api/v1/feedback"}

    def post(kind: str, body: str) -> None:
        response = client.post(paths[kind], data=body, content_type="application/json",
                               headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]

    return post


def _via_files(meter: Meter, kind: str, records, hasher) -> None:
    from connectors.files import FilesConnector
    from insight_service import db
    from insight_service.services.ingest.entry import ingest_mixed

    path = Path(tempfile.mkdtemp()) / f"{kind}.jsonl"
    count = 0
    with path.open("w") as handle:  # written before timing; reading and parsing it is timed
        for record in records:
            handle.write(json.dumps(record) + "\n")
            count += 1
    connector = FilesConnector(name="bench", options={"path": str(path), "kind": kind, "chunk_size": BATCH},
                               secrets={})

    def load() -> None:
        for page in connector.pages({}):
            with db.fresh_session() as session:
                ingest_mixed(session, page.records, origin="bench-files", hasher=hasher)

    meter.timed(count, load)
    path.unlink()


def raw_rows(records: list[dict]) -> list[dict]:
    """Feedback rows as the pipeline stores them, built without validation, hashing or analysis."""
    import hashlib
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    rows = []
    for r in records:
        key = hashlib.sha256(f"{r['source']}/{r['external_id']}".encode()).hexdigest()
        rows.append({"source": r["source"], "external_key": key, "external_id": r["external_id"],
                     "channel": r["channel"], "party": r["party"], "order_ref": r.get("order_ref"),
                     "text": r["text"], "content_hash": key, "language": r.get("language"),
                     "rating": r.get("rating"), "posted_at": datetime.fromisoformat(r["posted_at"]),
                     "url": r.get("url"), "sentiment_score": 0.0, "sentiment_label": "neutral", "emotions": [],
                     "journey": [], "created_at": now, "updated_at": now})
    return rows


def run_raw(url: str, customers: int, feedback: int, queue) -> None:
    """Child process: the baseline, a raw bulk insert of the same feedback rows."""
    from insight_service import db
    from insight_service.generator import generate
    from insight_service.models import Feedback

    app = make_app(url)
    server = ServerCpu(url)
    meter = Meter(server)
    with app.app_context():
        for batch in _batches(generate(customers, feedback, seed=7).iter_feedback()):
            rows = raw_rows(batch)
            if url.startswith("sqlite"):
                work = lambda r=rows: _executemany(Feedback, r)  # noqa: E731
            else:
                work = lambda r=rows: _copy(Feedback, r)  # noqa: E731
            meter.timed(len(rows), work)
    server.close()
    queue.put({"figures": {"feedback": meter.figures()},
               "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _executemany(model, rows: list[dict]) -> None:
    from insight_service import db

    with db.fresh_session() as session:
        session.execute(model.__table__.insert(), rows)


def _copy(model, rows: list[dict]) -> None:
    from insight_service import db

    columns = list(rows[0])
    with db.fresh_session() as session:
        cursor = session.connection().connection.driver_connection.cursor()
        with cursor.copy(f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(v) if isinstance(v, list) else v for v in row.values()])


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


def rates(f: dict) -> tuple[float, float]:
    """(records per wall second, records per CPU second of ingest process plus server)."""
    return f["records"] / f["wall"], f["records"] / (f["cpu"] + f["server_cpu"])


def describe(f: dict) -> str:
    """One kind's figures on one line."""
    wall, per_core = rates(f)
    return (f"{wall:>7,.0f}/s  cpu {f['cpu']:6.2f} s + server {f['server_cpu']:5.2f} s  "
            f"= {(f['cpu'] + f['server_cpu']) / f['wall']:.2f} cores  -> {per_core:>7,.0f}/s per core")


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
          f"{args.feedback} feedback; batches of {BATCH}; load average {os.getloadavg()[0]:.2f}")
    raw_url = scratch_url(args.database_url, "raw")
    raw = in_child(run_raw, raw_url, args.customers, args.feedback)
    drop_scratch(raw_url)
    raw_wall, raw_core = rates(raw["figures"]["feedback"])
    print(f"  raw bulk insert   feedback  {describe(raw['figures']['feedback'])}  peak RSS {raw['rss_mb']:.0f} MB")
    for mode in args.modes.split(","):
        url = scratch_url(args.database_url, mode)
        out = in_child(run_pipeline, mode, url, args.customers, args.feedback)
        drop_scratch(url)
        for kind, f in out["figures"].items():
            print(f"  via {mode:<8} {kind:<9} {describe(f)}")
        wall, per_core = rates(out["figures"]["feedback"])
        print(f"  via {mode:<8} peak RSS {out['rss_mb']:.0f} MB; feedback vs raw insert: {wall / raw_wall:.3f} "
              f"(wall), {per_core / raw_core:.3f} (per core)")
    print(f"  load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
