"""Sync runs: feed connector pages to ingest in batches, commit each batch with its state.

One run per connector at a time is the job engine's business (the sync job's lock and key, insight_service/jobs).
"""
from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from connectors.errors import SourceError

from ...connector_config import ConnectorConfig, ConnectorConfigError
from ...models import SyncRun, SyncState, utcnow
from ..identity.identifiers import IdentityHasher
from .batch import BatchResult
from .entry import ingest_mixed

log = logging.getLogger(__name__)
INTERRUPTED = "interrupted: the runner stopped before the end; the next run resumed from the saved state"
STOPPED = "stopped before the end (shutdown); the next run resumes from the saved state"


class LeaseLost(Exception):
    """The run's job was handed to another worker (this one looked dead): stop without touching its state."""


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


def ensure_state(session: Session, connector: str) -> None:
    """Create the connector's sync_state row unless it exists (insert-ignore, safe under concurrency)."""
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(insert(SyncState).values(connector=connector).on_conflict_do_nothing())
    elif session.get(SyncState, connector) is None:
        session.add(SyncState(connector=connector))
        session.flush()


def queue_run(session: Session, name: str) -> SyncRun:
    """A run that waits for its job to start (the API answers with its id at once)."""
    run = SyncRun(connector=name, status="queued", started_at=utcnow(), counts=Progress().as_counts())
    session.add(run)
    session.flush()
    return run


def begin_run(session: Session, name: str, run_id: int | None = None) -> SyncRun:
    """Open a run, or start the queued run `run_id` (the caller commits); only the connector's job calls this."""
    now = utcnow()
    ensure_state(session, name)
    # A run still marked running belonged to a runner that died: it never finished.
    session.execute(update(SyncRun).where(SyncRun.connector == name, SyncRun.status == "running")
                    .values(status="failed", finished_at=now, error=INTERRUPTED)
                    .execution_options(synchronize_session=False))
    run = session.get(SyncRun, run_id) if run_id is not None else None
    if run is None or run.connector != name or run.status != "queued":
        run = SyncRun(connector=name, counts=Progress().as_counts())
        session.add(run)
    run.status, run.started_at = "running", now
    session.flush()
    return run


def safe_error(exc: BaseException) -> str:
    """An error text fit for the run row and logs: SourceError and config texts are built safe; others by type."""
    if isinstance(exc, (SourceError, ConnectorConfigError, LeaseLost)):
        return str(exc)[:1000]
    # Other messages can quote records or SQL parameters (personal data): keep the type and where it arose.
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"internal error ({type(exc).__name__}{where})"


class _Runner:
    """One run's loop; the only place that commits, once per batch together with the state after it."""

    def __init__(self, session, config, run_id, owns, hasher, progress):
        self.session, self.config, self.owns, self.hasher = session, config, owns, hasher
        self.run_id, self.report = run_id, progress
        self.tally = Progress()
        self.saved = session.get(SyncState, config.name).state

    def flush(self, batch: list, state) -> None:
        results = ingest_mixed(self.session, batch, origin=f"sync:{self.config.name}", hasher=self.hasher)
        tally = self.tally.merged(results, len(batch))
        if self.owns is not None and not self.owns(self.session):
            self.session.rollback()
            raise LeaseLost(f"{self.config.name}: the job was handed to another worker")
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
        """Record how the run ended, in one commit."""
        self.session.rollback()  # whatever a failed batch left behind
        run = self.session.get(SyncRun, self.run_id)
        run.status, run.finished_at, run.counts, run.error = status, utcnow(), self.tally.as_counts(), error
        if not lost:  # after a hand-over the state belongs to the worker that took the job over
            state = self.session.get(SyncState, self.config.name)
            state.last_run_at, state.last_status, state.counts = run.started_at, status, run.counts
            state.last_error = error
        self.session.commit()
        return run


def execute_run(session: Session, config: ConnectorConfig, run_id: int, *, hasher: IdentityHasher,
                owns: Callable[[Session], bool] | None = None, connector=None,
                progress: Callable[[Progress], None] | None = None,
                should_stop: Callable[[], bool] | None = None) -> SyncRun:
    """Run an opened run to its end and record how it ended; never raises for a failed source.

    `owns(session)` is asked before each batch commits: False means the job was handed over, so stop.
    """
    runner = _Runner(session, config, run_id, owns, hasher, progress)
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


def sync_connector(session: Session, config: ConnectorConfig, *, hasher: IdentityHasher, run_id: int | None = None,
                   **kwargs) -> SyncRun:
    """Open a run (or start a queued one), commit, and run it; the caller makes sure it runs alone."""
    run = begin_run(session, config.name, run_id)
    session.commit()
    return execute_run(session, config, run.id, hasher=hasher, **kwargs)


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
