"""Sync runs: take the lease, feed connector pages to ingest in batches, commit each batch with its state."""
from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from connectors.errors import SourceError

from ..connector_config import ConnectorConfig, ConnectorConfigError
from ..models import SyncRun, SyncState, utcnow
from . import leases
from .batch import BatchResult
from .identifiers import IdentityHasher
from .ingest import ingest_mixed

log = logging.getLogger(__name__)
INTERRUPTED = "interrupted: the runner stopped before the end; the next run resumed from the saved state"
STOPPED = "stopped before the end (shutdown); the next run resumes from the saved state"


class AlreadyRunning(Exception):
    """Another runner holds the connector's lease."""

    def __init__(self, connector: str, holder: tuple | None = None) -> None:
        until = f" (lease held until {holder[1]:%Y-%m-%d %H:%M:%S} UTC)" if holder else ""
        super().__init__(f"{connector}: already running{until}")
        self.connector = connector


class LeaseLost(Exception):
    """The lease lapsed and another runner took it: stop without touching its state."""


@dataclass(frozen=True)
class Progress:
    """What a run has stored so far: pages, batches, records and per-kind ingest counts."""

    pages: int = 0
    batches: int = 0
    records: int = 0
    kinds: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)  # source items the connector left out, by reason
    notes: tuple = ()  # fallbacks the connector took, said once each

    def noted(self, page) -> Progress:
        """This progress plus what a page skipped and noted."""
        skipped = dict(self.skipped)
        for reason, count in getattr(page, "skipped", {}).items():
            skipped[reason] = skipped.get(reason, 0) + count
        notes = self.notes + tuple(n for n in getattr(page, "notes", ()) if n not in self.notes)
        return replace(self, pages=self.pages + 1, skipped=skipped, notes=notes)

    def merged(self, results: dict[str, BatchResult], records: int) -> Progress:
        """This progress plus one committed batch."""
        kinds = {kind: dict(counts) for kind, counts in self.kinds.items()}
        for kind, result in results.items():
            for name, value in result.as_counts().items():
                kinds.setdefault(kind, {})[name] = kinds.get(kind, {}).get(name, 0) + value
        return Progress(self.pages, self.batches + 1, self.records + records, kinds, self.skipped, self.notes)

    def as_counts(self) -> dict:
        """The JSON kept on the run and the connector's state."""
        counts = {"pages": self.pages, "batches": self.batches, "records": self.records, "kinds": self.kinds}
        if self.skipped:
            counts["skipped"] = dict(self.skipped)
        if self.notes:
            counts["notes"] = list(self.notes)
        return counts


def begin_run(session: Session, name: str, owner: str, seconds: int = leases.LEASE_SECONDS) -> SyncRun:
    """Take the lease and open a run (the caller commits both); AlreadyRunning when the lease is held."""
    if not leases.acquire(session, name, owner, seconds):
        raise AlreadyRunning(name, leases.holder(session, name))
    now = utcnow()
    # A run still marked running belonged to a runner whose lease lapsed: it never finished.
    session.execute(update(SyncRun).where(SyncRun.connector == name, SyncRun.status == "running")
                    .values(status="failed", finished_at=now, error=INTERRUPTED)
                    .execution_options(synchronize_session=False))
    run = SyncRun(connector=name, status="running", started_at=now, counts=Progress().as_counts())
    session.add(run)
    session.flush()
    return run


def safe_error(exc: BaseException) -> str:
    """An error text fit for the run row and logs: SourceError and config texts are built safe; others by type."""
    if isinstance(exc, (SourceError, ConnectorConfigError, AlreadyRunning, LeaseLost)):
        return str(exc)[:1000]
    # Other messages can quote records or SQL parameters (personal data): keep the type and where it arose.
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"internal error ({type(exc).__name__}{where})"


class _Runner:
    """One run's loop; the only place that commits, once per batch together with the state after it."""

    def __init__(self, session, config, run_id, owner, hasher, progress, seconds):
        self.session, self.config, self.owner, self.hasher = session, config, owner, hasher
        self.run_id, self.report, self.seconds = run_id, progress, seconds
        self.tally = Progress()
        self.saved = session.get(SyncState, config.name).state

    def flush(self, batch: list, state) -> None:
        results = ingest_mixed(self.session, batch, origin=f"sync:{self.config.name}", hasher=self.hasher)
        tally = self.tally.merged(results, len(batch))
        if not leases.renew(self.session, self.config.name, self.owner, self.seconds):
            self.session.rollback()
            raise LeaseLost(f"{self.config.name}: lease lost to another runner")
        self.session.get(SyncState, self.config.name).state = state
        self.session.get(SyncRun, self.run_id).counts = tally.as_counts()
        self.session.commit()  # the batch and the state after it land together, or neither does
        self.tally, self.saved = tally, state
        if self.report:
            self.report(self.tally)

    def loop(self, connector, should_stop) -> bool:
        """Feed every page; True when stopped early on request."""
        size, buffer, ready, stopped = self.config.batch_size, [], self.saved, False
        try:
            for page in connector.pages(self.saved):
                self.tally = self.tally.noted(page)
                for pair in page.records:
                    if len(buffer) >= size:
                        self.flush(buffer, ready)  # mid-page: the state stays at the last whole page
                        buffer = []
                    buffer.append(pair)
                ready = page.state
                if len(buffer) >= size:
                    self.flush(buffer, ready)
                    buffer = []
                if should_stop is not None and should_stop():
                    stopped = True
                    break
        except SourceError:
            if buffer or ready != self.saved:
                self.flush(buffer, ready)  # the buffer holds whole pages only: keep what was fetched
            raise
        if buffer or ready != self.saved:
            self.flush(buffer, ready)
        return stopped

    def finish(self, status: str, error: str | None, lost: bool) -> SyncRun:
        """Record how the run ended and release the lease, in one commit."""
        self.session.rollback()  # whatever a failed batch left behind
        run = self.session.get(SyncRun, self.run_id)
        run.status, run.finished_at, run.counts, run.error = status, utcnow(), self.tally.as_counts(), error
        if not lost:  # after a lost lease the state belongs to the runner that took it over
            state = self.session.get(SyncState, self.config.name)
            state.last_run_at, state.last_status, state.counts = run.started_at, status, run.counts
            state.last_error = error
            leases.release(self.session, self.config.name, self.owner)
        self.session.commit()
        return run


def execute_run(session: Session, config: ConnectorConfig, run_id: int, owner: str, *, hasher: IdentityHasher,
                connector=None, progress: Callable[[Progress], None] | None = None,
                should_stop: Callable[[], bool] | None = None, seconds: int = leases.LEASE_SECONDS) -> SyncRun:
    """Run an opened run to its end and record how it ended; never raises for a failed source."""
    runner = _Runner(session, config, run_id, owner, hasher, progress, seconds)
    lost = False
    try:
        stopped = runner.loop(connector or config.build(), should_stop)
        status, error = ("failed", STOPPED) if stopped else ("ok", None)
    except Exception as exc:  # noqa: BLE001 - every failure ends the run as failed, with a safe text
        status, error, lost = "failed", safe_error(exc), isinstance(exc, LeaseLost)
        log.warning("sync %s: run %s failed: %s", config.name, run_id, error)
    run = runner.finish(status, error, lost)
    log.info("sync %s: run %s %s: %s", config.name, run_id, status, run.counts)
    return run


def sync_connector(session: Session, config: ConnectorConfig, *, hasher: IdentityHasher, owner: str | None = None,
                   **kwargs) -> SyncRun:
    """Take the lease, open a run, commit, and run it (AlreadyRunning when another runner has it)."""
    owner = owner or leases.new_owner()
    run = begin_run(session, config.name, owner, kwargs.get("seconds", leases.LEASE_SECONDS))
    session.commit()
    return execute_run(session, config, run.id, owner, hasher=hasher, **kwargs)


def connector_states(session: Session, names) -> dict[str, SyncState]:
    """The saved state rows of the named connectors (absent until a first run)."""
    rows = session.scalars(select(SyncState).where(SyncState.connector.in_(list(names))))
    return {row.connector: row for row in rows}


def list_runs(session: Session, name: str, *, limit: int = 50, offset: int = 0) -> tuple[list[SyncRun], int]:
    """A connector's runs, newest first, with the total count."""
    total = session.scalar(select(func.count()).select_from(SyncRun).where(SyncRun.connector == name))
    rows = session.scalars(select(SyncRun).where(SyncRun.connector == name)
                           .order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(limit).offset(offset))
    return list(rows), total
