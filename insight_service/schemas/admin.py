"""Shapes of the operator's routes: API keys and the audit log."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class ApiKeySchema(Schema):
    """An API key as listed (never the key itself)."""

    id = fields.Integer()
    name = fields.String()
    role = fields.String()
    prefix = fields.String(metadata={"description": "first characters of the key, to recognise it"})
    created_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)


class ApiKeyListSchema(Schema):
    """All keys."""

    items = fields.List(fields.Nested(ApiKeySchema))


class AuditEntrySchema(Schema):
    """One audit entry."""

    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    subject_type = fields.String(allow_none=True)
    subject_id = fields.String(allow_none=True)
    detail = fields.Dict(allow_none=True)
    request_id = fields.String(allow_none=True)


class AuditQuerySchema(Schema):
    """Filters of the audit log."""

    # bounded like the columns, so no filter makes a request line longer than the server reads (no 414)
    subject_type = fields.String(validate=validate.Length(max=32))
    subject_id = fields.String(validate=validate.Length(max=64))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    before_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))  # ids are INTEGER columns


class AuditListSchema(Schema):
    """A page of audit entries, newest first."""

    items = fields.List(fields.Nested(AuditEntrySchema))
