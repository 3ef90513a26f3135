"""Wire shapes of customers, consents, erasure receipts and the subject export."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .records import CONSENT_STATUSES, PURPOSES, UTCDateTime


class CustomerSchema(Schema):
    """A customer with the kinds of identifiers held (never their values) and link statistics."""

    id = fields.Integer()
    source = fields.String()
    external_id = fields.String()
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    identifier_kinds = fields.List(fields.String())
    links = fields.Dict(keys=fields.String(), values=fields.Integer(),
                        metadata={"description": "linked feedback items per link rule, and purchases"})


class CustomerQuerySchema(Schema):
    """Find a customer by the CRM's id or by e-mail."""

    crm_id = fields.String(validate=validate.Length(1, 128), metadata={"description": "the CRM's customer id"})
    source = fields.String(validate=validate.Length(1, 64),
                           metadata={"description": "narrows crm_id to one CRM; alone it matches nobody"})
    email = fields.String(validate=validate.Length(3, 320))


class CustomerListSchema(Schema):
    """Customers found."""

    items = fields.List(fields.Nested(CustomerSchema))


class ConsentInSchema(Schema):
    """A consent event to append to the ledger."""

    purpose = fields.String(required=True, validate=validate.OneOf(PURPOSES))
    status = fields.String(required=True, validate=validate.OneOf(CONSENT_STATUSES))
    source = fields.String(load_default="api", validate=validate.Length(1, 64))
    valid_from = UTCDateTime(load_default=None)
    expires_at = UTCDateTime(load_default=None, allow_none=True)


class ConsentStateSchema(Schema):
    """The state of one purpose."""

    status = fields.String(metadata={"description": "granted, denied, withdrawn, expired or unknown"})
    granted = fields.Boolean()
    since = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    source = fields.String(allow_none=True)


class ConsentEventSchema(Schema):
    """One ledger event."""

    id = fields.Integer()
    purpose = fields.String()
    status = fields.String()
    source = fields.String()
    recorded_at = fields.DateTime()
    valid_from = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)


class ConsentsSchema(Schema):
    """The current state per purpose (or at a moment) and the full ledger."""

    customer_id = fields.Integer()
    at = fields.DateTime()
    current = fields.Dict(keys=fields.String(), values=fields.Nested(ConsentStateSchema))
    history = fields.List(fields.Nested(ConsentEventSchema))


class ConsentsQuerySchema(Schema):
    """Compute the state at a past moment."""

    at = UTCDateTime()


class ErasureReceiptSchema(Schema):
    """Proof of an erasure, with no personal data."""

    receipt_id = fields.String()
    customer_id = fields.Integer()
    erased_at = fields.DateTime()
    removed = fields.Dict(keys=fields.String(), values=fields.Integer())


class ExportPurchaseSchema(Schema):
    """A purchase in the subject export."""

    source = fields.String()
    external_id = fields.String()
    order_id = fields.String(allow_none=True)
    sku = fields.Function(lambda p: p.product.sku if getattr(p, "product", None) else None)
    quantity = fields.Integer()
    amount = fields.Decimal(as_string=True, metadata={"type": "string", "format": "decimal"})  # as on insight
    currency = fields.String()
    purchased_at = fields.DateTime()
    channel = fields.String(allow_none=True)


class ExportFeedbackSchema(Schema):
    """A feedback item in the subject export."""

    id = fields.Integer()
    source = fields.String()
    external_id = fields.String(allow_none=True)
    channel = fields.String()
    party = fields.String()
    text = fields.String(allow_none=True)
    rating = fields.Float(allow_none=True)
    language = fields.String(allow_none=True)
    posted_at = fields.DateTime()
    url = fields.String(allow_none=True)
    sentiment_score = fields.Float()
    sentiment_label = fields.String()
    link_rule = fields.String(allow_none=True)


class SubjectExportSchema(Schema):
    """Everything held about a person."""

    customer = fields.Nested(CustomerSchema)
    identifiers = fields.List(fields.Nested(Schema.from_dict(
        {"kind": fields.String(), "provenance": fields.String(), "created_at": fields.DateTime()},
        name="ExportIdentifier")))
    purchases = fields.List(fields.Nested(ExportPurchaseSchema))
    feedback = fields.List(fields.Nested(ExportFeedbackSchema))
    consents = fields.Nested(Schema.from_dict({"current": fields.Dict(
        keys=fields.String(), values=fields.Nested(ConsentStateSchema)), "history": fields.List(
        fields.Nested(ConsentEventSchema))}, name="ExportConsents"))
    audit = fields.List(fields.Nested(Schema.from_dict({"at": fields.DateTime(), "actor": fields.String(),
                                                        "action": fields.String()}, name="ExportAudit")))
