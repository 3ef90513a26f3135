"""Wire shapes of the service, marketing and sales views."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import PageQuerySchema
from .insights import FeedbackItemSchema, Money
from .records import CHANNELS, UTCDateTime


class QueueQuerySchema(PageQuerySchema):
    """Filters of the service queue."""

    channel = fields.String(validate=validate.OneOf(CHANNELS))
    sku = fields.String(validate=validate.Length(1, 64))
    kind = fields.String(validate=validate.OneOf(("complaint", "question")))
    since = UTCDateTime()
    until = UTCDateTime()


class QueueItemSchema(FeedbackItemSchema):
    """An open item with its customer, age and customer value."""

    customer_id = fields.Integer()
    customer_value = Money()
    age_days = fields.Integer()
    kind = fields.String(metadata={"description": "complaint or question"})


class QueueSchema(Schema):
    """A page of the queue, oldest first."""

    items = fields.List(fields.Nested(QueueItemSchema))
    limit = fields.Integer()
    offset = fields.Integer()


class HandledInSchema(Schema):
    """Mark an item handled: the note and who handled it (the API key when not given)."""

    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    handler = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 100))


class HandledSchema(Schema):
    """The item's handled state."""

    feedback_id = fields.Integer()
    customer_id = fields.Integer(allow_none=True)
    handled_at = fields.DateTime()
    handled_by = fields.String()
    handled_note = fields.String(allow_none=True)
