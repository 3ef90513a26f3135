"""Connector routes (admin): configured connectors, their runs, and queueing a sync job."""
from __future__ import annotations

from flask import Blueprint, current_app

from .. import db
from ..connector_config import ConnectorConfig, ConnectorConfigError, configured
from ..errors import ApiError
from ..jobs import JobActive, submit
from ..jobs.runner import EngineUnavailable
from ..models import utcnow
from ..schemas.common import PageQuerySchema
from ..schemas.connectors import ConnectorListSchema, SyncRunListSchema, SyncStartedSchema
from ..services.ingest.sync import connector_states, list_runs, queue_run
from ..services.jobs.records import active_keys
from ..services.outbound.writeback_state import last_runs
from .context import audit
from .routing import endpoint

bp = Blueprint("connectors", __name__, url_prefix="/api/v1")


def _configs(check_env: bool = False) -> dict[str, ConnectorConfig]:
    try:
        return configured(current_app.config, check_env=check_env)
    except ConnectorConfigError as exc:
        raise ApiError(500, "Connector configuration invalid", str(exc), slug="connector-configuration") from None


def _config(name: str) -> ConnectorConfig:
    config = _configs().get(name)
    if config is None:
        raise ApiError(404, "Not Found", f"No connector named {name!r} is configured.")
    return config


@endpoint(bp, "/connectors", area="admin", summary="List configured connectors", response=ConnectorListSchema)
def list_connectors():
    """Configured connectors with kind, schedule, saved state, last run, counts and last error; never secrets."""
    configs, now = _configs(), utcnow()
    states = connector_states(db.session(), configs)
    busy = active_keys(db.session(), [f"{kind}:{name}" for name in configs for kind in ("sync", "writeback")])
    written = last_runs(db.session(), configs)
    items = []
    for name, config in configs.items():
        state = states.get(name)
        last_run_at = state.last_run_at if state else None
        items.append({
            "name": name, "kind": config.kind, "schedule": config.schedule.text, "batch_size": config.batch_size,
            "secrets": sorted(config.secret_vars),
            "running": f"sync:{name}" in busy,
            "next_run_at": config.schedule.next_run(last_run_at, now), "last_run_at": last_run_at,
            "last_status": state.last_status if state else None, "last_error": state.last_error if state else None,
            "counts": state.counts if state else None, "state": state.state if state else None,
            "writeback": _writeback(config, written.get(name), f"writeback:{name}" in busy),
        })
    return {"items": items}


def _writeback(config: ConnectorConfig, run, running: bool) -> dict | None:
    wb = config.writeback
    if wb is None:
        return None
    return {"enabled": wb.enabled, "schedule": wb.schedule.text, "fields": list(wb.fields), "tasks": wb.tasks,
            "running": running, "last_run_at": run.started_at if run else None,
            "last_status": run.status if run else None, "last_error": run.error if run else None}


@endpoint(bp, "/connectors/<name>/sync", method="POST", area="admin", summary="Start a sync",
          response=SyncStartedSchema, status=202, errors=(404, 409, 503))
def start_sync(name):
    """Queue a sync job (its run is created at once, status queued); 409 while one is queued or running."""
    _config(name)
    try:
        job = submit(current_app._get_current_object(), "sync", {"connector": name},
                     prepare=lambda session, _params: {"run_id": queue_run(session, name).id})
    except JobActive:
        raise ApiError(409, "Conflict", f"{name}: a sync is already queued or running") from None
    except EngineUnavailable as exc:
        raise ApiError(503, "Service Unavailable", str(exc), slug="job-engine-unavailable") from None
    audit("connectors.sync", "connector", name, {"run_id": job.params["run_id"], "job_id": job.id})
    return {"run_id": job.params["run_id"], "job_id": job.id, "connector": name, "status": "queued",
            "runs_url": f"/api/v1/connectors/{name}/runs", "job_url": f"/api/v1/jobs/{job.id}"}


@endpoint(bp, "/connectors/<name>/runs", area="admin", summary="List a connector's runs", query=PageQuerySchema,
          response=SyncRunListSchema, errors=(404,))
def connector_runs(name, query):
    """Recent runs of a connector, newest first: status, counts, error."""
    _config(name)
    items, total = list_runs(db.session(), name, **query)
    return {"items": items, "total": total}
