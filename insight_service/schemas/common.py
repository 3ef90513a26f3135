"""Shapes shared by many routes: problems, paging."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class FieldErrorSchema(Schema):
    """One invalid field."""

    field = fields.String(allow_none=True, metadata={"description": "dotted path of the field, or null"})
    message = fields.String()


class ProblemSchema(Schema):
    """RFC 9457 problem details with the invalid fields listed."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    request_id = fields.String(allow_none=True)
    errors = fields.List(fields.Nested(FieldErrorSchema))


class PageQuerySchema(Schema):
    """Limit/offset paging."""

    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))


class JsonBoolean(fields.Boolean):
    """A JSON true or false only: marshmallow's Boolean also takes 0, 1, "yes" and "on", which the contract's
    `type: boolean` refuses."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value
