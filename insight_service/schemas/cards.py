"""Wire shapes of the signed links to the insight card and the pain-point overview."""
from __future__ import annotations

from marshmallow import Schema, fields


class SignedLinkSchema(Schema):
    """A short-lived link that opens an HTML view as the caller's role, without handing out an API key."""

    url = fields.String(metadata={"description": "absolute URL of the view, with the signed token"})
    token = fields.String(metadata={"description": "the signed token (binds view, customer, role and expiry)"})
    view = fields.String(metadata={"description": "card or overview"})
    customer_id = fields.Integer(allow_none=True)
    role = fields.String()
    expires_at = fields.DateTime()
    expires_in = fields.Integer(metadata={"description": "seconds until the link expires"})
