"""The job engine (Huey): one instance per app on the storage JOBS_URL names, with a task per job kind.

`sqlite:///path` runs embedded on one machine (a file beside the database; no server), `redis://host:6379/0`
or `postgresql://...` run across machines: every web process and consumer that shares that URL shares the
queue, the schedule and the locks.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer, Scheduler


class JobsConfigError(ValueError):
    """JOBS_URL names no storage the engine has."""


def jobs_url(config, instance_path: str) -> str:
    """The engine's storage URL: JOBS_URL, or an SQLite file in the instance folder (embedded)."""
    return config.get("JOBS_URL") or f"sqlite:///{Path(instance_path) / 'jobs.sqlite'}"


def make_huey(url: str, name: str) -> Huey:
    """A Huey instance on the storage a URL names (results are not kept: the jobs table holds outcomes)."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), results=False, timeout=30)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return PostgresHuey(name, dsn="postgresql://" + url.split("://", 1)[1], results=False)
    raise JobsConfigError("JOBS_URL must start with sqlite:///, redis:// or postgresql://")


def huey(app: Flask) -> Huey:
    """The app's engine, built on first use with a task for every job kind and the periodic tick."""
    engine = app.extensions.get("huey")
    if engine is None:
        from .runner import register_tasks

        engine = make_huey(jobs_url(app.config, app.instance_path), app.config.get("JOBS_NAME") or "insight-service")
        app.extensions["huey_tasks"] = register_tasks(app, engine)
        app.extensions["huey"] = engine
    return engine


def tasks(app: Flask) -> dict:
    """The engine's task per job kind (and `_tick`)."""
    huey(app)
    return app.extensions["huey_tasks"]


def consumer(app: Flask, workers: int) -> Consumer:
    """A consumer: `workers` threads run jobs; its scheduler enqueues the tick every JOBS_TICK_SECONDS."""
    tick = max(1, int(app.config["JOBS_TICK_SECONDS"]))
    # Huey checks periodic tasks once a minute; our tick validates every check, so its period is this attribute.
    scheduler = type("TickScheduler", (Scheduler,), {"periodic_task_seconds": tick})
    kind = type("InsightConsumer", (Consumer,), {"scheduler_class": scheduler})
    return kind(huey(app), workers=workers, worker_type="thread", periodic=True, initial_delay=0.05,
                backoff=1.5, max_delay=float(app.config["JOBS_POLL_MAX_SECONDS"]), scheduler_interval=1,
                check_worker_health=True)
