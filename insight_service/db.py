"""Database engine and the one session per request or CLI command."""
from __future__ import annotations

from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import wiping
from .connection_budget import PoolSettings, pool_settings
from .services.reads.pipeline import PREPARE_READS


# Seconds: how long to wait for a connection, for SQLite's write lock, and for one PostgreSQL statement (0: no
# limit). A statement ends before gunicorn's 120 s worker timeout would kill the worker, so the client gets a 503.
DEFAULT_TIMEOUTS = {"connect": 5.0, "busy": 30.0, "statement": 100.0}
PREPARE_ONLY_ON_REQUEST = 2**62  # psycopg's automatic threshold, never reached: only prepare=True prepares


def make_engine(url: str, timeouts: dict | None = None, pool: PoolSettings | None = None,
                pgbouncer: bool = False) -> Engine:
    """Create an engine with bounded waits; SQLite gets WAL, foreign keys and secure_delete so workers share it."""
    limits = {**DEFAULT_TIMEOUTS, **(timeouts or {})}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": limits["busy"]})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            # deleted and overwritten rows are zeroed in the pages, not left in free space (erasure)
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        return engine
    # No automatic server-side prepared statements: psycopg prepares after 5 runs, and PostgreSQL may then keep a
    # generic plan chosen while a table was small (a sequential scan that later costs seconds per batch).
    # PgBouncer in transaction pooling needs none at all: a statement prepared on one server connection is
    # missing on the next transaction's. Without PgBouncer the per-customer reads prepare theirs explicitly
    # (services/reads/pipeline.py: a fixed set of single-customer index lookups, where planning was two thirds of
    # the server's CPU); psycopg prepares only on request then, since its automatic threshold is never reached.
    psycopg = url.startswith("postgresql+psycopg://")
    prepare = psycopg and not pgbouncer
    args = {"prepare_threshold": PREPARE_ONLY_ON_REQUEST if prepare else None} if psycopg else {}
    args["connect_timeout"] = max(1, round(limits["connect"]))  # libpq: whole seconds, at least 1
    if limits["statement"] and not pgbouncer:
        # PgBouncer refuses the `options` startup parameter (and a session-level SET would leak to other
        # clients): behind it the timeout is the role's or database's own (README: PgBouncer).
        args["options"] = f"-c statement_timeout={int(limits['statement'] * 1000)}"
    pool = pool or PoolSettings(timeout=limits["connect"] * 2)
    return create_engine(url, pool_pre_ping=True, pool_size=pool.size, max_overflow=pool.overflow,
                         pool_timeout=pool.timeout, connect_args=args, execution_options={PREPARE_READS: prepare})


def init_app(app: Flask) -> None:
    """Attach an engine and session factory to the app and close sessions after each request."""
    timeouts = {name: float(app.config[f"DATABASE_{name.upper()}_TIMEOUT"]) for name in DEFAULT_TIMEOUTS
                if app.config.get(f"DATABASE_{name.upper()}_TIMEOUT") not in (None, "")}
    pool = pool_settings(app.config, timeouts.get("connect", DEFAULT_TIMEOUTS["connect"]))
    engine = make_engine(app.config["SQLALCHEMY_DATABASE_URL"], timeouts, pool,
                         pgbouncer=bool(app.config.get("DATABASE_PGBOUNCER")))
    app.extensions["db_engine"] = engine
    maker = sessionmaker(engine, expire_on_commit=False)
    wiping.install(maker, engine, enabled=app.config.get("WIPE_AFTER_PRIVACY_CHANGES", True))
    app.extensions["db_sessionmaker"] = maker
    replica_url = app.config.get("DATABASE_REPLICA_URL")
    if replica_url:  # read-only routes read here (replica_session); everything else stays on the primary
        replica = make_engine(replica_url, timeouts, pool, pgbouncer=bool(app.config.get("DATABASE_PGBOUNCER")))
        app.extensions["db_replica_engine"] = replica
        app.extensions["db_replica_sessionmaker"] = sessionmaker(replica, expire_on_commit=False)

    @app.teardown_appcontext
    def _close(exc):
        session = g.pop("db_session", None)
        if session is not None:
            if exc is not None:
                session.rollback()
            session.close()
        reader = g.pop("db_replica_session", None)
        if reader is not None:
            reader.close()  # it only read: closing ends its transaction


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["db_engine"]


def session() -> Session:
    """The session of the current request or command, created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def replica_session() -> Session:
    """The session a read-only route reads from: the replica's (DATABASE_REPLICA_URL), else the primary's.

    What a replica may not lag behind stays on the primary: keys, the customer's existence (erasure), consent
    and opt-outs (a withdrawal takes effect at once), the audit log, and every write.
    """
    maker = current_app.extensions.get("db_replica_sessionmaker")
    if maker is None:
        return session()
    if "db_replica_session" not in g:
        g.db_replica_session = maker()
    return g.db_replica_session


@contextmanager
def fresh_session():
    """A session of its own, committed on success (for background work outside a request)."""
    sess = current_app.extensions["db_sessionmaker"]()
    try:
        yield sess
        sess.commit()
    except BaseException:
        sess.rollback()
        raise
    finally:
        sess.close()
