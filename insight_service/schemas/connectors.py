"""Shapes of the connector routes: configured connectors, their runs, and a started sync."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

STATUSES = ("queued", "running", "ok", "failed")


class KindCountsSchema(Schema):
    """What ingest did with one kind of record over a run."""

    received = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    duplicates = fields.Integer()
    suppressed = fields.Integer()
    quarantined = fields.Integer()
    linked = fields.Integer()
    ambiguous = fields.Integer()
    warned = fields.Integer(metadata={"description": "records stored without some unusable optional fields"})


class SyncCountsSchema(Schema):
    """Pages fetched, batches committed, records stored, and per-kind ingest counts."""

    pages = fields.Integer()
    batches = fields.Integer()
    records = fields.Integer()
    kinds = fields.Dict(keys=fields.String(validate=validate.OneOf(("customer", "purchase", "feedback"))),
                        values=fields.Nested(KindCountsSchema))
    skipped = fields.Dict(keys=fields.String(), values=fields.Integer(),
                          metadata={"description": "source items not turned into records, by reason (e.g. the "
                                                   "Page's own comments, open deals); absent when none"})
    notes = fields.List(fields.String(), metadata={"description": "what the run did differently, e.g. a fallback "
                                                                  "it took; absent when none"})


class WritebackSummarySchema(Schema):
    """A CRM connector's write-back: what it writes and how its last run ended (docs/writeback.md)."""

    enabled = fields.Boolean()
    schedule = fields.String()
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields",
                          metadata={"description": "sentiment, risk_level, top_pain_point, last_complaint_date, "
                                                   "card_link"})
    tasks = fields.Boolean(metadata={"description": "a task (HubSpot) or case (Salesforce) per unanswered complaint"})
    running = fields.Boolean(metadata={"description": "a write-back job is queued or running now"})
    last_run_at = fields.DateTime(allow_none=True)
    last_status = fields.String(allow_none=True, validate=validate.OneOf(STATUSES))
    last_error = fields.String(allow_none=True)


class ConnectorSchema(Schema):
    """A configured connector and where its syncs stand (never its secrets)."""

    name = fields.String()
    kind = fields.String(metadata={"description": "connector kind: hubspot, salesforce, twitter, ..."})
    schedule = fields.String(metadata={"description": "`every 15m`, `daily 03:00` (UTC) or `manual`"})
    batch_size = fields.Integer()
    secrets = fields.List(fields.String(), metadata={"description": "names of the secrets it uses (no values)"})
    running = fields.Boolean(metadata={"description": "a sync job of it is queued or running now"})
    next_run_at = fields.DateTime(allow_none=True, metadata={"description": "when the schedule submits it next"})
    last_run_at = fields.DateTime(allow_none=True)
    last_status = fields.String(allow_none=True, validate=validate.OneOf(STATUSES))
    last_error = fields.String(allow_none=True)
    counts = fields.Nested(SyncCountsSchema, allow_none=True, metadata={"description": "counts of the last run"})
    state = fields.Dict(allow_none=True, metadata={"description": "the saved cursor the next run resumes from"})
    writeback = fields.Nested(WritebackSummarySchema, allow_none=True,
                              metadata={"description": "CRM write-back, when the connector has a writeback table"})


class ConnectorListSchema(Schema):
    """Every configured connector."""

    items = fields.List(fields.Nested(ConnectorSchema))


class SyncRunSchema(Schema):
    """One run of a connector."""

    id = fields.Integer()
    connector = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    counts = fields.Nested(SyncCountsSchema, allow_none=True)
    error = fields.String(allow_none=True, metadata={"description": "the source's error (never a secret)"})


class SyncRunListSchema(Schema):
    """A page of runs, newest first."""

    items = fields.List(fields.Nested(SyncRunSchema))
    total = fields.Integer()


class SyncStartedSchema(Schema):
    """A sync queued as a job."""

    run_id = fields.Integer(metadata={"description": "the run the job will carry out (status queued until then)"})
    job_id = fields.Integer()
    connector = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    runs_url = fields.String(metadata={"description": "where the run's progress and result appear"})
    job_url = fields.String(metadata={"description": "where the job's attempts and last error appear"})
