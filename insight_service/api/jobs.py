"""Job routes (admin): what the job engine has queued, running, failed and finished, and retrying a failed job."""
from __future__ import annotations

from flask import Blueprint, current_app

from .. import db
from ..errors import ApiError
from ..jobs.registry import kind_of
from ..jobs.runner import send
from ..models import Job
from ..schemas.jobs import JobListSchema, JobQuerySchema, JobSchema
from ..services.ingest.sync import safe_error
from ..services.jobs.records import JobNotRetryable, list_jobs, retry
from .context import audit
from .routing import endpoint

bp = Blueprint("jobs", __name__, url_prefix="/api/v1")


def _job(job_id: int) -> Job:
    job = db.session().get(Job, job_id)
    if job is None:
        raise ApiError(404, "Not Found", f"No job with id {job_id}.")
    return job


@endpoint(bp, "/jobs", area="admin", summary="List background jobs", query=JobQuerySchema, response=JobListSchema)
def jobs(query):
    """Jobs newest first with kind, connector, status, attempts, worker, timings and last error."""
    items, total = list_jobs(db.session(), **query)
    return {"items": items, "total": total}


@endpoint(bp, "/jobs/<int:job_id>", area="admin", summary="Read a background job", response=JobSchema,
          errors=(404,))
def read_job(job_id):
    """One job."""
    return _job(job_id)


@endpoint(bp, "/jobs/<int:job_id>/retry", method="POST", area="admin", summary="Retry a failed job",
          response=JobSchema, status=202, errors=(404, 409, 503))
def retry_job(job_id):
    """Queue a failed job again with as many attempts as it had; 409 unless it failed or while its key is taken."""
    job = _job(job_id)
    spec = kind_of(job.kind)
    session = db.session()
    try:
        retry(session, job_id, spec.unique(job.params) if spec.unique else None)
    except JobNotRetryable as exc:
        raise ApiError(409, "Conflict", str(exc)) from None
    session.commit()  # the consumer must find the job queued
    try:
        send(current_app._get_current_object(), job)
    except Exception as exc:  # noqa: BLE001 - the broker is down: the job stays failed, to be retried later
        job.status, job.active_key, job.last_error = "failed", None, f"could not queue: {safe_error(exc)}"
        session.commit()
        raise ApiError(503, "Service Unavailable", "The job engine could not take the job; retry later.",
                       slug="job-engine-unavailable") from None
    audit("jobs.retry", "job", job_id, {"kind": job.kind})
    return job
