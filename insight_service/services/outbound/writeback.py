"""Write-back runs: send each CRM customer's changed insight fields to the CRM they came from, in batches.

Only what changed since the last successful write is sent (the state keeps, per CRM record, the values the CRM
holds), so a re-run sends nothing. A record the CRM refuses is kept with its reason (codes only) and retried on
the next run; it never stops the batch. An erased customer leaves a pending clear: the CRM's own record id and
the names of the fields to empty, and the row goes once they are cleared.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.errors import SourceError
from connectors.writeback import BATCH_REFUSED, WriteResult, refused

from ...connector_config import ConnectorConfig
from ...models import Customer, WritebackRun, WritebackState, utcnow
from ...wiping import mark as mark_for_wipe
from ..ingest.sync import LeaseLost, safe_error
from ..privacy.lock import hold_for_ingest
from .writeback_state import begin_run
from .writeback_values import Desired, desired_values

log = logging.getLogger(__name__)
CHUNK = 500  # customers read and decided per step


class WritebackDisabled(Exception):
    """The connector has no enabled write-back section."""


def send(writer, batch: dict[str, dict]) -> WriteResult:
    """One batch; when the CRM refuses it whole (one bad record can do that), each record alone."""
    try:
        return writer.update(batch)
    except SourceError as exc:
        if exc.status not in BATCH_REFUSED:
            raise  # authentication, throttling, outage: the run stops and the next one goes on
        if len(batch) == 1:
            return WriteResult(failed={cid: refused(exc) for cid in batch})
    result = WriteResult()
    for cid, props in batch.items():
        one = send(writer, {cid: props})
        result.ok += one.ok
        result.failed.update(one.failed)
    return result


class _Run:
    """One run's loop over pending clears and customers; it commits once per batch with the state after it."""

    def __init__(self, session: Session, config: ConnectorConfig, run: WritebackRun, writer, owns, now):
        self.session, self.config, self.wb, self.run_id = session, config, config.writeback, run.id
        self.writer, self.owns, self.now = writer, owns, now
        self.counts = {"customers": 0, "unchanged": 0, "written": 0, "cleared": 0, "failed": 0, "batches": 0,
                       "tasks": 0, "task_failures": 0, "reasons": {}}

    def tally(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def failed(self, row: WritebackState, why: str) -> None:
        row.error, row.failures = why[:300], (row.failures or 0) + 1
        self.tally("failed")
        self.counts["reasons"][why] = self.counts["reasons"].get(why, 0) + 1

    def commit(self) -> None:
        if self.owns is not None and not self.owns(self.session):
            self.session.rollback()
            raise LeaseLost(f"{self.config.name}: the job was handed to another worker")
        self.session.get(WritebackRun, self.run_id).counts = self.snapshot()
        self.session.commit()

    def snapshot(self) -> dict:
        """The counts as a new JSON value (a mutated dict would not be seen as changed)."""
        return {**self.counts, "reasons": dict(self.counts["reasons"])}

    def setup(self) -> None:
        """Create the CRM's properties (HubSpot) or check its fields (Salesforce) unless the last good run did."""
        names = sorted(self.wb.names.values())
        last = self.session.scalars(select(WritebackRun.counts).where(
            WritebackRun.connector == self.config.name, WritebackRun.status == "ok")
            .order_by(WritebackRun.id.desc()).limit(1)).first()
        if not last or last.get("setup") != names:
            self.counts["created_properties"] = self.writer.setup(self.wb.names)
        self.counts["setup"] = names

    def write(self, rows: dict[str, WritebackState], changes: dict[str, dict]) -> None:
        """Send changes (crm id -> {CRM name: value}) in batches; record each record's outcome."""
        ids = list(changes)
        for start in range(0, len(ids), self.wb.batch_size):
            batch = {cid: changes[cid] for cid in ids[start:start + self.wb.batch_size]}
            result = send(self.writer, batch)
            erased = self.settle(rows, batch)
            if erased:
                self.tally("erased_meanwhile", len(erased))
            for cid in [c for c in result.ok if c not in erased]:
                row = rows[cid]
                merged = {**(row.written or {}), **batch[cid]}
                row.written = {k: v for k, v in merged.items() if v is not None}
                row.error, row.failures = None, 0
                cleared = all(v is None for v in batch[cid].values())
                self.tally("cleared" if cleared else "written")
                if row.customer_id is None:  # an erased customer's clear is done: nothing of them is left
                    self.session.delete(row)
            for cid, why in result.failed.items():
                if cid not in erased:
                    self.failed(rows[cid], why)
            self.tally("batches")
            self.commit()

    def settle(self, rows: dict[str, WritebackState], batch: dict[str, dict]) -> set[str]:
        """After the CRM answered and before recording it: take the lock privacy changes take, read the rows
        again, and turn those whose customer was erased meanwhile into pending clears (of what we just sent too),
        so a run never writes back values an erasure removed. Returns their CRM ids."""
        owners = {cid: rows[cid].customer_id for cid in batch}
        with self.session.no_autoflush:  # new rows must not be inserted before their customer is known to exist
            hold_for_ingest(self.session, "purchase")  # a privacy change waits for this commit, or this for its
            stored = [rows[cid].id for cid in batch if rows[cid].id is not None]
            if stored:
                list(self.session.scalars(select(WritebackState).where(WritebackState.id.in_(stored))
                                          .execution_options(populate_existing=True)))
            alive = set(self.session.scalars(select(Customer.id).where(
                Customer.id.in_([o for o in owners.values() if o is not None]))))
        erased = {cid for cid, owner in owners.items() if owner is not None and owner not in alive}
        for cid, owner in owners.items():
            row = rows[cid]
            if cid not in erased:
                row.customer_id = owner
                continue
            sent = {name for name, value in batch[cid].items() if value is not None}
            fields = sorted(set(row.clear_fields or []) | set(row.written or {}) | sent)
            row.customer_id, row.written, row.tasks, row.error, row.clear_fields = None, None, None, None, fields
            mark_for_wipe(self.session, "writeback_state")
        return erased

    def clears(self) -> None:
        """Empty the fields written for erased customers (rows keeping only the CRM id and field names)."""
        rows = {row.crm_id: row for row in self.session.scalars(select(WritebackState).where(
            WritebackState.connector == self.config.name, WritebackState.customer_id.is_(None)))}
        changes = {cid: dict.fromkeys(row.clear_fields or sorted(row.written or {})) for cid, row in rows.items()}
        for cid in [cid for cid, fields in changes.items() if not fields]:
            self.session.delete(rows.pop(cid))
            changes.pop(cid)
        self.write(rows, changes)

    def customers(self) -> None:
        """Every customer of this CRM, a chunk at a time: decide, diff against what was written, send."""
        after = 0
        while True:
            chunk = self.session.execute(select(Customer.id, Customer.external_id).where(
                Customer.source == self.wb.source, Customer.id > after).order_by(Customer.id).limit(CHUNK)).all()
            if not chunk:
                return
            after = chunk[-1].id
            desired = desired_values(self.session, [c.id for c in chunk], self.wb, self.now)
            crm_ids = {c.external_id: c.id for c in chunk}
            rows = {row.crm_id: row for row in self.session.scalars(select(WritebackState).where(
                WritebackState.connector == self.config.name, WritebackState.crm_id.in_(list(crm_ids))))}
            changes = {}
            for crm_id, cid in crm_ids.items():
                self.tally("customers")
                change = self.diff(rows.get(crm_id), desired[cid])
                if not change:
                    self.tally("unchanged")
                    continue
                if crm_id not in rows:
                    rows[crm_id] = WritebackState(connector=self.config.name, crm_id=crm_id, customer_id=cid,
                                                  written={}, tasks=[], failures=0)
                    self.session.add(rows[crm_id])
                rows[crm_id].customer_id = cid
                changes[crm_id] = change
            self.write(rows, changes)
            if self.wb.tasks:
                self.follow_up(rows, crm_ids, desired)

    def diff(self, row: WritebackState | None, desired: Desired) -> dict:
        """{CRM name: value} that differs from what the CRM holds from us (None clears a field we wrote)."""
        held = dict(row.written or {}) if row is not None else {}
        wanted = {self.wb.names[f]: v for f, v in desired.values.items()}
        change = {name: v for name, v in wanted.items() if held.get(name) != v}
        change.update({name: None for name in held if name not in wanted})  # a field no longer configured
        return change

    def follow_up(self, rows: dict, crm_ids: dict[str, int], desired: dict[int, Desired]) -> None:
        """A task (HubSpot) or case (Salesforce) per unanswered complaint, once per complaint."""
        todo = []
        for crm_id, cid in crm_ids.items():
            want = desired[cid]
            if not want.allowed or want.complaint is None:
                continue
            row = rows.get(crm_id)
            if row is not None and want.complaint["feedback_id"] in (row.tasks or []):
                continue
            if row is None:
                row = rows[crm_id] = WritebackState(connector=self.config.name, crm_id=crm_id, customer_id=cid,
                                                    written={}, tasks=[], failures=0)
                self.session.add(row)
            todo.append((row, want.complaint, cid))
        for start in range(0, len(todo), self.wb.batch_size):
            part = todo[start:start + self.wb.batch_size]
            made = self.writer.create_followups([self.followup(row.crm_id, c, cid) for row, c, cid in part])
            erased = self.settle({row.crm_id: row for row, _c, _id in part}, {row.crm_id: {} for row, _c, _id in part})
            for (row, complaint, _cid), (new_id, why) in zip(part, made):
                if row.crm_id in erased:
                    continue
                if new_id:
                    row.tasks = [*(row.tasks or []), complaint["feedback_id"]]
                    self.tally("tasks")
                else:
                    self.failed(row, f"task: {why}")
                    self.tally("task_failures")
            self.commit()

    def followup(self, crm_id: str, complaint: dict, cid: int) -> dict:
        """What the task or case says: channel, date and the card link; never the complaint's text or a name."""
        subject = f"Unanswered complaint ({complaint['channel']}, {complaint['date']})"
        body = (f"A negative {complaint['channel']} item of {complaint['date']} has no answer yet. Answer it and "
                "mark it handled in insight-service.")
        if self.wb.card_base_url:
            body += f" Insight card: {self.wb.card_base_url}/cards/{cid}"
        return {"crm_id": crm_id, "subject": subject, "body": body, "when": self.now}


def run_writeback(session: Session, config: ConnectorConfig, *, run_id: int | None = None,
                  owns: Callable[[Session], bool] | None = None, writer=None,
                  now: datetime | None = None) -> WritebackRun:
    """Open (or start a queued) run, write back, and record how it ended; never raises for a CRM failure."""
    run = begin_run(session, config.name, run_id)
    session.commit()
    run_id = run.id
    loop = _Run(session, config, run, writer, owns, now or utcnow())
    status, error, lost = "ok", None, False
    try:
        if config.writeback is None or not config.writeback.enabled:
            raise WritebackDisabled(f"{config.name}: write-back is not enabled in the connectors file")
        loop.writer = writer or config.build_writer()
        loop.setup()
        loop.clears()
        loop.customers()
    except Exception as exc:  # noqa: BLE001 - every failure ends the run as failed, with a safe text
        status, lost = "failed", isinstance(exc, LeaseLost)
        error = str(exc)[:1000] if isinstance(exc, WritebackDisabled) else safe_error(exc)
        log.warning("writeback %s: run %s failed: %s", config.name, run_id, error)
    session.rollback()
    if not lost:
        row = session.get(WritebackRun, run_id)
        row.status, row.finished_at, row.counts, row.error = status, utcnow(), loop.snapshot(), error
        session.commit()
    log.info("writeback %s: run %s %s: %s", config.name, run_id, status,
             {k: v for k, v in loop.counts.items() if k != "reasons"})
    return session.get(WritebackRun, run_id)
