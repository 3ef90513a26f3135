"""Connector routes (admin): configured connectors, their runs, and starting a sync in the background."""
from __future__ import annotations

import logging
import threading

from flask import Blueprint, Flask, current_app

from .. import db
from ..connector_config import ConnectorConfig, ConnectorConfigError, configured
from ..errors import ApiError
from ..models import utcnow
from ..schemas.common import PageQuerySchema
from ..schemas.connectors import ConnectorListSchema, SyncRunListSchema, SyncStartedSchema
from ..services import leases
from ..services.identifiers import hasher_from_config
from ..services.sync import AlreadyRunning, begin_run, connector_states, execute_run, list_runs, safe_error
from .context import audit
from .routing import endpoint

bp = Blueprint("connectors", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)


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
    items = []
    for name, config in configs.items():
        state = states.get(name)
        last_run_at = state.last_run_at if state else None
        items.append({
            "name": name, "kind": config.kind, "schedule": config.schedule.text, "batch_size": config.batch_size,
            "secrets": sorted(config.secret_vars),
            "running": bool(state and state.locked_until and state.locked_until > now),
            "next_run_at": config.schedule.next_run(last_run_at, now), "last_run_at": last_run_at,
            "last_status": state.last_status if state else None, "last_error": state.last_error if state else None,
            "counts": state.counts if state else None, "state": state.state if state else None,
        })
    return {"items": items}


@endpoint(bp, "/connectors/<name>/sync", method="POST", area="admin", summary="Start a sync",
          response=SyncStartedSchema, status=202, errors=(404, 409))
def start_sync(name):
    """Take the connector's lease and run it in the background; poll its runs for progress and the result."""
    config = _config(name)
    owner = leases.new_owner()
    try:
        with db.fresh_session() as session:  # committed before the thread starts, so it sees the run
            run_id = begin_run(session, name, owner).id
    except AlreadyRunning as exc:
        raise ApiError(409, "Conflict", str(exc)) from None
    start_in_background(current_app._get_current_object(), config, run_id, owner)
    audit("connectors.sync", "connector", name, {"run_id": run_id})
    return {"run_id": run_id, "connector": name, "status": "running",
            "runs_url": f"/api/v1/connectors/{name}/runs"}


@endpoint(bp, "/connectors/<name>/runs", area="admin", summary="List a connector's runs", query=PageQuerySchema,
          response=SyncRunListSchema, errors=(404,))
def connector_runs(name, query):
    """Recent runs of a connector, newest first: status, counts, error."""
    _config(name)
    items, total = list_runs(db.session(), name, **query)
    return {"items": items, "total": total}


def start_in_background(app: Flask, config: ConnectorConfig, run_id: int, owner: str) -> threading.Thread:
    """Run an opened run in a thread with its own app context and session."""
    def work() -> None:
        with app.app_context():
            try:
                with db.fresh_session() as session:
                    execute_run(session, config, run_id, owner, hasher=hasher_from_config(app.config))
            except Exception as exc:  # noqa: BLE001 - a thread has nobody to raise to; the lease lapses
                log.error("sync %s: run %s could not finish: %s", config.name, run_id, safe_error(exc))
            finally:
                app.extensions["sync_threads"].pop(run_id, None)

    thread = threading.Thread(target=work, name=f"sync-{config.name}-{run_id}", daemon=True)
    app.extensions.setdefault("sync_threads", {})[run_id] = thread
    thread.start()
    return thread


def wait_for_syncs(app: Flask, timeout: float = 30.0) -> None:
    """Join the background syncs still running (tests and a graceful shutdown)."""
    for thread in list(app.extensions.get("sync_threads", {}).values()):
        thread.join(timeout)
