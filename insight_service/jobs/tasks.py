"""The jobs of insight-service: connector syncs, CRM write-back, the retention purge, re-analysis and exports."""
from __future__ import annotations

import calendar
from datetime import datetime

from .. import db
from ..connector_config import ConnectorConfigError, configured
from ..models import utcnow
from ..services.identity.identifiers import hasher_from_config
from ..services.privacy.suppression import purge_expired_texts
from ..wiping import mark_full
from .registry import JobContext, JobFailed, job


@job("sync", retries=2, retry_delay=60, retry_backoff=4, lock=lambda p: f"sync.{p['connector']}",
     unique=lambda p: f"sync:{p['connector']}", connector=lambda p: p["connector"])
def sync(ctx: JobContext, connector: str, run_id: int | None = None) -> dict:
    """Sync one connector from its saved state, one committed batch at a time; fails when the run fails."""
    from ..services.ingest.sync import sync_connector

    try:
        config = configured(ctx.app.config, check_env=False).get(connector)
        if config is None:
            raise ConnectorConfigError(f"no connector named {connector!r} is configured")
    except ConnectorConfigError as exc:
        _fail_queued_run(run_id, str(exc))
        raise JobFailed(str(exc)) from None
    with db.fresh_session() as session:
        run = sync_connector(session, config, hasher=hasher_from_config(ctx.app.config), run_id=run_id,
                             owns=ctx.owns)
    if run.status != "ok":
        raise JobFailed(f"run {run.id}: {run.error}")
    return {"run_id": run.id, "records": run.counts.get("records", 0)}


@job("writeback", retries=2, retry_delay=60, retry_backoff=4, lock=lambda p: f"writeback.{p['connector']}",
     unique=lambda p: f"writeback:{p['connector']}", connector=lambda p: p["connector"])
def writeback(ctx: JobContext, connector: str, run_id: int | None = None) -> dict:
    """Write one CRM connector's changed insight fields back into the CRM; fails when the run fails."""
    from ..models import WritebackRun
    from ..services.outbound.writeback import run_writeback

    try:
        config = configured(ctx.app.config, check_env=False).get(connector)
        if config is None:
            raise ConnectorConfigError(f"no connector named {connector!r} is configured")
    except ConnectorConfigError as exc:
        _fail_queued_run(run_id, str(exc), WritebackRun)
        raise JobFailed(str(exc)) from None
    with db.fresh_session() as session:
        run = run_writeback(session, config, run_id=run_id, owns=ctx.owns)
        if run.status != "ok":
            raise JobFailed(f"run {run.id}: {run.error}")
        return {"run_id": run.id, "written": run.counts.get("written", 0), "cleared": run.counts.get("cleared", 0),
                "failed": run.counts.get("failed", 0)}


def _fail_queued_run(run_id: int | None, error: str, model=None) -> None:
    """A run the API queued ends as failed when its job cannot start it (it would otherwise wait for ever)."""
    from ..models import SyncRun

    if run_id is None:
        return
    with db.fresh_session() as session:
        run = session.get(model or SyncRun, run_id)
        if run is not None and run.status == "queued":
            run.status, run.finished_at, run.error = "failed", utcnow(), error[:1000]


def retention_cutoff(now: datetime, months: int) -> datetime:
    """The moment `months` calendar months before now (the day clamped to the target month's length)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


@job("purge", retries=3, retry_delay=300, unique=lambda p: "purge")
def purge(ctx: JobContext, months: int | None = None) -> dict:
    """De-identify third-party texts older than the retention period and, once that commits, rewrite the tables
    privacy changes touched (no bytes of what was removed since the last purge stay in the files)."""
    months = ctx.app.config["RETENTION_MONTHS"] if months is None else months
    cutoff = retention_cutoff(utcnow(), months)
    with db.fresh_session() as session:
        mark_full(session)
        count = purge_expired_texts(session, cutoff)
    return {"deidentified": count, "posted_before": cutoff.date().isoformat(), "months": months}


@job("reanalyze", retries=2, retry_delay=60, unique=lambda p: "reanalyze")
def reanalyze(ctx: JobContext, force: bool = False, batch_size: int = 1000) -> dict:
    """Re-score stored feedback of older analyzer or taxonomy versions (committed batches: a retry goes on)."""
    from ..services.ingest.reanalysis import reanalyze as reanalyze_all

    return {"reanalysed": reanalyze_all(db.fresh_session, batch_size, force)}


def export_path(app, job_id: int, fmt: str):
    """Where an export job writes its file: EXPORTS_DIR (shared by web and workers), named by the job."""
    from pathlib import Path

    return Path(app.config.get("EXPORTS_DIR") or Path(app.instance_path) / "exports") / f"export-{job_id}.{fmt}"


@job("export", retries=1, retry_delay=60)
def export(ctx: JobContext, query: dict, metadata: dict) -> dict:
    """Write the pain-point aggregate as a file (streamed chunk by chunk), for download when finished."""
    import os

    from ..schemas.pain_points import ExportQuerySchema
    from ..services.aggregates.cache import cached_aggregate
    from ..services.aggregates.exports import export_stream

    filters = ExportQuerySchema().load(query)
    fmt, group_by, period = filters.pop("format"), filters.pop("group_by"), filters.pop("period")
    path = export_path(ctx.app, ctx.job_id, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    part, size = path.with_name(path.name + ".part"), 0
    with db.fresh_session() as session, open(part, "wb") as out:
        rows = cached_aggregate(session, group_by=group_by, period=period, k=ctx.app.config["K_ANONYMITY"], **filters)
        for chunk in export_stream(rows, fmt, metadata):
            out.write(chunk)
            size += len(chunk)
    os.replace(part, path)  # a download never sees half a file
    return {"file": path.name, "format": fmt, "bytes": size}


from ..webhooks import jobs as _webhook_jobs  # noqa: E402,F401 - defines the deliver and emerging jobs
