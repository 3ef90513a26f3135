"""Shapes of the write-back routes: runs, records that failed, and a started write-back."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .connectors import STATUSES


class WritebackCountsSchema(Schema):
    """What a write-back run did."""

    customers = fields.Integer(metadata={"description": "customers of this CRM looked at"})
    unchanged = fields.Integer(metadata={"description": "customers whose fields the CRM already holds"})
    written = fields.Integer(metadata={"description": "CRM records updated"})
    cleared = fields.Integer(metadata={"description": "CRM records whose fields were emptied (consent, erasure)"})
    failed = fields.Integer(metadata={"description": "records the CRM refused; retried on the next run"})
    erased_meanwhile = fields.Integer(metadata={"description": "customers erased while their batch was sent: "
                                                               "left as pending clears, nothing recorded"})
    batches = fields.Integer()
    tasks = fields.Integer(metadata={"description": "tasks (HubSpot) or cases (Salesforce) created"})
    task_failures = fields.Integer()
    reasons = fields.Dict(keys=fields.String(), values=fields.Integer(),
                          metadata={"description": "failures by reason: HTTP status, vendor codes, field names"})
    setup = fields.List(fields.String(), metadata={"description": "the CRM properties or fields written"})
    created_properties = fields.List(fields.String(), metadata={"description": "HubSpot properties this run made"})


class WritebackRunSchema(Schema):
    """One write-back run of a connector."""

    id = fields.Integer()
    connector = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    counts = fields.Nested(WritebackCountsSchema, allow_none=True)
    error = fields.String(allow_none=True, metadata={"description": "why the run stopped (never a secret)"})


class WritebackRunListSchema(Schema):
    """A page of write-back runs, newest first."""

    items = fields.List(fields.Nested(WritebackRunSchema))
    total = fields.Integer()


class WritebackFailureSchema(Schema):
    """A CRM record whose last write failed (the next run retries it)."""

    customer_id = fields.Integer(allow_none=True, metadata={"description": "null for a clear left by an erasure"})
    pending_clear = fields.Boolean(metadata={"description": "an erased customer's fields still to be emptied"})
    error = fields.String(metadata={"description": "HTTP status, vendor codes and field names; never a value"})
    failures = fields.Integer(metadata={"description": "failed attempts in a row"})
    updated_at = fields.DateTime()


class WritebackFailureListSchema(Schema):
    """A page of failed records, most failures first."""

    items = fields.List(fields.Nested(WritebackFailureSchema))
    total = fields.Integer()


class WritebackStartedSchema(Schema):
    """A write-back queued as a job."""

    run_id = fields.Integer(metadata={"description": "the run the job will carry out (status queued until then)"})
    job_id = fields.Integer()
    connector = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    runs_url = fields.String()
    job_url = fields.String()
