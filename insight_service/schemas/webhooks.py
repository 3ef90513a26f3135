"""Shapes of the webhook routes: endpoints (the secret only when made or rotated) and their deliveries."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..auth import ROLES
from ..services.access.roles import CHANNELS
from ..webhooks.events import EVENT_TYPES
from .common import JsonBoolean

DELIVERY_STATUSES = ("pending", "retrying", "delivered", "dead", "cancelled")
# an absolute http(s) URL: a host name or IPv4 address, an optional port, no credentials
PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
URL = validate.Regexp(rf"^https?://[A-Za-z0-9.-]+(:{PORT})?(/[!-~]*)?$",
                      error="must be an absolute http(s) URL with a host and no credentials")
TYPES_DOC = ("types the role may not receive are left out (rnd receives aggregate events only), so the stored "
             "list is what is sent")


class WebhookFilterSchema(Schema):
    """Only events of this product and/or channel (applies to events that carry the field)."""

    product = fields.String(allow_none=True, validate=validate.Length(1, 64), metadata={"description": "a SKU"})
    channel = fields.String(allow_none=True, validate=validate.OneOf(sorted(CHANNELS)))


class WebhookInSchema(Schema):
    """A new endpoint: where, which events, for which role."""

    url = fields.String(required=True, validate=[validate.Length(1, 2000), URL],
                        metadata={"description": "https (http only in the demo and tests); public addresses only"})
    event_types = fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)), required=True,
                              validate=validate.Length(1, 20), metadata={"description": TYPES_DOC})
    role = fields.String(required=True, validate=validate.OneOf(ROLES), metadata={
        "description": "payloads carry only what this role may read; rnd gets aggregate events only"})
    filter = fields.Nested(WebhookFilterSchema, load_default=dict)
    description = fields.String(allow_none=True, validate=validate.Length(max=200))
    enabled = JsonBoolean(load_default=True)


class WebhookPatchSchema(Schema):
    """Fields to change (none: nothing changes); `enabled: true` re-enables a disabled endpoint (its waiting deliveries go out)."""

    url = fields.String(validate=[validate.Length(1, 2000), URL])
    event_types = fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)),
                              validate=validate.Length(1, 20), metadata={"description": TYPES_DOC})
    role = fields.String(validate=validate.OneOf(ROLES))
    filter = fields.Nested(WebhookFilterSchema, allow_none=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=200))
    enabled = JsonBoolean()


class WebhookSchema(Schema):
    """An endpoint as listed (never its secret)."""

    id = fields.Integer()
    url = fields.String()
    description = fields.String(allow_none=True)
    event_types = fields.List(fields.String())
    role = fields.String()
    filter = fields.Nested(WebhookFilterSchema)
    enabled = fields.Boolean()
    disabled_reason = fields.String(allow_none=True, metadata={"description": "why it was disabled"})
    consecutive_dead = fields.Integer(metadata={"description": "dead deliveries in a row (disabled at the limit)"})
    previous_secret_expires_at = fields.DateTime(allow_none=True, metadata={
        "description": "after a rotation, until when the old secret still signs too"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class WebhookSecretSchema(WebhookSchema):
    """An endpoint just made or whose secret was rotated: the secret, shown this once."""

    secret = fields.String(metadata={"description": "whsec_ + base64 key; store it now, it is not shown again"})


class WebhookListSchema(Schema):
    """All endpoints."""

    items = fields.List(fields.Nested(WebhookSchema))


class DeliveryQuerySchema(Schema):
    """Filters of an endpoint's deliveries."""

    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    before_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))


class AttemptSchema(Schema):
    """One HTTP attempt."""

    attempted_at = fields.DateTime()
    outcome = fields.String(metadata={"description": "delivered, retry or dead"})
    response_code = fields.Integer(allow_none=True)
    latency_ms = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)


class DeliverySchema(Schema):
    """One event for one endpoint, with every attempt (never the payload or the secret)."""

    id = fields.Integer()
    event_id = fields.String(metadata={"description": "the webhook-id header the receiver got"})
    event_type = fields.String()
    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES), metadata={
        "description": "pending, retrying, delivered, dead (no more attempts) or cancelled (no longer allowed)"})
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime(allow_none=True)
    last_response_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    attempt_log = fields.List(fields.Nested(AttemptSchema))


class DeliveryListSchema(Schema):
    """A page of deliveries, newest first."""

    items = fields.List(fields.Nested(DeliverySchema))
