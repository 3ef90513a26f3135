"""Large pain-point exports as jobs: queue one (202), then download its file when the job has finished."""
from __future__ import annotations

from flask import Blueprint, Response, current_app

from .. import db
from ..analysis import taxonomy
from ..errors import ApiError
from ..jobs import submit
from ..jobs.runner import EngineUnavailable
from ..jobs.tasks import export_path
from ..models import Job, utcnow
from ..schemas.jobs import ExportJobSchema
from ..schemas.pain_points import ExportQuerySchema
from ..services.aggregates.exports import FORMATS, READ_BYTES
from .context import audit
from .routing import endpoint

bp = Blueprint("export_jobs", __name__, url_prefix="/api/v1")


def _answer(job: Job) -> dict:
    return {"job_id": job.id, "status": job.status, "format": job.params["query"]["format"],
            "download_url": f"/api/v1/pain-points/exports/{job.id}"}


@endpoint(bp, "/pain-points/exports", method="POST", area="pain_points", summary="Queue a large export",
          query=ExportQuerySchema, response=ExportJobSchema, status=202, errors=(503,))
def queue_export(query):
    """The same export as GET /pain-points/export, written by a job; download it from download_url when ready."""
    k = current_app.config["K_ANONYMITY"]
    filters = {key: str(v) for key, v in query.items() if key not in ("group_by", "period", "format")}
    metadata = {"taxonomy_version": taxonomy().version, "k_anonymity": k, "group_by": query["group_by"],
                "period": query["period"], "filters": filters, "generated_at": utcnow().isoformat()}
    try:
        job = submit(current_app._get_current_object(), "export",
                     {"query": ExportQuerySchema().dump(query), "metadata": metadata})
    except EngineUnavailable as exc:
        raise ApiError(503, "Service Unavailable", str(exc), slug="job-engine-unavailable") from None
    audit("pain_points.export", detail={"format": query["format"], "job_id": job.id})
    return _answer(job)


@endpoint(bp, "/pain-points/exports/<int:job_id>", area="pain_points", summary="Download a queued export",
          content_type=tuple(FORMATS.values()), errors=(404, 409))
def download_export(job_id):
    """The export file once its job finished (409 with the job's status before that; 404 when unknown)."""
    job = db.session().get(Job, job_id)
    if job is None or job.kind != "export":
        raise ApiError(404, "Not Found", f"No export job with id {job_id}.")
    if job.status != "finished":
        raise ApiError(409, "Conflict", f"Export job {job_id} is {job.status}; download it once it has finished.")
    fmt = job.result["format"]
    path = export_path(current_app, job_id, fmt)
    if not path.exists():
        raise ApiError(404, "Not Found", f"The file of export job {job_id} is gone (EXPORTS_DIR).")

    def stream():
        with open(path, "rb") as handle:
            while block := handle.read(READ_BYTES):
                yield block

    return Response(stream(), mimetype=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="pain-points-{job.enqueued_at:%Y%m%d}-{job_id}.{fmt}"',
        "X-Taxonomy-Version": job.params["metadata"]["taxonomy_version"]})
