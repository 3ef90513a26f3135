"""Define a background job once: `@job("kind", ...)` registers it, and the engine runs it as a task of its own.

A job is a function `run(ctx, **params) -> dict | None` whose parameters are JSON values. The decorator holds
what the engine needs to know about it: retries with back-off, an engine lock (one at a time across
machines), a key that allows one queued-or-running job at a time (a second submit is refused), and the
connector it concerns (shown to operators). Define jobs in `insight_service/jobs/tasks.py` (or a module
that tasks.py imports), so every web process and consumer knows them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from sqlalchemy.orm import Session

ParamsKey = Callable[[dict], str | None]


class JobFailed(Exception):
    """A job ended unsuccessfully with a message fit for operators (no secret, no personal data)."""


class JobActive(Exception):
    """A job with the same key is queued or running already."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{key}: already queued or running")
        self.key = key


@dataclass(frozen=True)
class JobKind:
    """What the engine knows about one kind of job."""

    kind: str
    run: Callable[..., dict | None]
    retries: int = 0
    retry_delay: float = 60.0
    retry_backoff: float = 2.0
    priority: int = 0
    lock: ParamsKey | None = None
    unique: ParamsKey | None = None
    connector: ParamsKey | None = None

    @property
    def max_attempts(self) -> int:
        """The first attempt plus the retries."""
        return self.retries + 1


@dataclass
class JobContext:
    """What a running job gets besides its parameters."""

    app: Flask
    job_id: int
    attempt: int
    owns: Callable[[Session], bool]  # True while this attempt still owns the job; call before each commit


KINDS: dict[str, JobKind] = {}


def job(kind: str, *, retries: int = 0, retry_delay: float = 60.0, retry_backoff: float = 2.0, priority: int = 0,
        lock: ParamsKey | None = None, unique: ParamsKey | None = None, connector: ParamsKey | None = None):
    """Register a job kind: `@job("sync", retries=2, lock=lambda p: f"sync.{p['connector']}")`."""
    def decorator(run: Callable[..., dict | None]):
        KINDS[kind] = JobKind(kind, run, retries, retry_delay, retry_backoff, priority, lock, unique, connector)
        return run
    return decorator


def kind_of(name: str) -> JobKind:
    """The registered job kind of a name (KeyError when unknown)."""
    from . import tasks  # noqa: F401 - defining the jobs registers them

    return KINDS[name]


def all_kinds() -> dict[str, JobKind]:
    """Every registered job kind."""
    from . import tasks  # noqa: F401

    return dict(KINDS)
