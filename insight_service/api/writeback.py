"""Write-back routes (admin): queue a CRM write-back job, list its runs and the records that failed."""
from __future__ import annotations

from flask import Blueprint, current_app

from .. import db
from ..errors import ApiError
from ..jobs import JobActive, submit
from ..jobs.runner import EngineUnavailable
from ..schemas.common import PageQuerySchema
from ..schemas.writeback import WritebackFailureListSchema, WritebackRunListSchema, WritebackStartedSchema
from ..services.outbound.writeback_state import list_failures, list_runs, queue_run
from .connectors import _config
from .context import audit
from .routing import endpoint

bp = Blueprint("writeback", __name__, url_prefix="/api/v1")


def _enabled(name: str):
    config = _config(name)
    if config.writeback is None or not config.writeback.enabled:
        raise ApiError(409, "Conflict", f"{name}: write-back is not enabled for this connector.",
                       [{"field": "name", "message": "no enabled [connectors.NAME.writeback] table"}],
                       slug="writeback-disabled")
    return config


@endpoint(bp, "/connectors/<name>/writeback", method="POST", area="admin", summary="Start a CRM write-back",
          response=WritebackStartedSchema, status=202, errors=(404, 409, 503))
def start_writeback(name):
    """Queue a write-back job (its run is created at once, status queued); 409 while one is queued or running,
    or when the connector has no enabled write-back."""
    _enabled(name)
    try:
        job = submit(current_app._get_current_object(), "writeback", {"connector": name},
                     prepare=lambda session, _params: {"run_id": queue_run(session, name).id})
    except JobActive:
        raise ApiError(409, "Conflict", f"{name}: a write-back is already queued or running") from None
    except EngineUnavailable as exc:
        raise ApiError(503, "Service Unavailable", str(exc), slug="job-engine-unavailable") from None
    audit("connectors.writeback", "connector", name, {"run_id": job.params["run_id"], "job_id": job.id})
    return {"run_id": job.params["run_id"], "job_id": job.id, "connector": name, "status": "queued",
            "runs_url": f"/api/v1/connectors/{name}/writeback/runs", "job_url": f"/api/v1/jobs/{job.id}"}


@endpoint(bp, "/connectors/<name>/writeback/runs", area="admin", summary="List a connector's write-back runs",
          query=PageQuerySchema, response=WritebackRunListSchema, errors=(404,))
def writeback_runs(name, query):
    """Recent write-back runs, newest first: status, counts (failures by reason), error."""
    _config(name)
    items, total = list_runs(db.session(), name, **query)
    return {"items": items, "total": total}


@endpoint(bp, "/connectors/<name>/writeback/failures", area="admin", summary="List records the CRM refused",
          query=PageQuerySchema, response=WritebackFailureListSchema, errors=(404,))
def writeback_failures(name, query):
    """CRM records whose last write failed, with the reason; each is retried on the next run."""
    _config(name)
    rows, total = list_failures(db.session(), name, **query)
    return {"items": [{"customer_id": r.customer_id, "pending_clear": r.customer_id is None, "error": r.error,
                       "failures": r.failures, "updated_at": r.updated_at} for r in rows], "total": total}
