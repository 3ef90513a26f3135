"""Shapes of the job routes: jobs with kind, connector, attempts, timings and last error."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import PageQuerySchema

JOB_STATUSES = ("queued", "running", "retrying", "failed", "finished")


class JobQuerySchema(PageQuerySchema):
    """Paging plus an optional status and kind."""

    status = fields.String(validate=validate.OneOf(JOB_STATUSES))
    kind = fields.String(validate=validate.Length(1, 32))


class JobSchema(Schema):
    """One background job as operators see it (never a secret: errors are the runs' safe texts)."""

    id = fields.Integer()
    kind = fields.String(metadata={"description": "sync, purge, reanalyze, export, ..."})
    connector = fields.String(allow_none=True)
    params = fields.Dict(metadata={"description": "what the job was asked to do"})
    status = fields.String(validate=validate.OneOf(JOB_STATUSES), metadata={
        "description": "queued, running, retrying (waiting for its next attempt), failed or finished"})
    attempts = fields.Integer(metadata={"description": "attempts started so far"})
    max_attempts = fields.Integer()
    worker = fields.String(allow_none=True, metadata={"description": "host:pid of the last attempt"})
    enqueued_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    heartbeat_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    last_error = fields.String(allow_none=True)
    result = fields.Dict(allow_none=True)


class JobListSchema(Schema):
    """A page of jobs, newest first."""

    items = fields.List(fields.Nested(JobSchema))
    total = fields.Integer()


class ExportJobSchema(Schema):
    """An export queued as a job."""

    job_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(JOB_STATUSES))
    format = fields.String()
    download_url = fields.String(metadata={"description": "GET it once the job has finished (409 before)"})
