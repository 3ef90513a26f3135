"""Wire shapes of the service, marketing and sales views."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import PageQuerySchema
from .insights import EvidenceSchema, FeedbackItemSchema, HandlingSchema, Money, RiskReasonSchema
from .records import CHANNELS, UTCDateTime


class QueueQuerySchema(PageQuerySchema):
    """Filters of the service queue."""

    channel = fields.String(validate=validate.OneOf(CHANNELS))
    sku = fields.String(validate=validate.Length(1, 64))
    kind = fields.String(validate=validate.OneOf(("complaint", "question")))
    since = UTCDateTime()
    until = UTCDateTime()
    sort = fields.String(load_default="oldest", validate=validate.OneOf(("oldest", "recency", "severity")), metadata={
        "description": "oldest: oldest first (default); recency: newest first; severity: high, medium, low "
                       "(docs/next-actions.md), newest first within each"})


class QueueItemSchema(FeedbackItemSchema):
    """An open item with its customer, age and customer value."""

    customer_id = fields.Integer()
    customer_value = Money()
    age_days = fields.Integer()
    kind = fields.String(metadata={"description": "complaint or question"})
    severity = fields.String(metadata={"description": "high, medium or low (docs/next-actions.md)"})


class QueueSchema(Schema):
    """A page of the queue in the chosen order, and how many items the whole queue holds."""

    items = fields.List(fields.Nested(QueueItemSchema))
    total = fields.Integer(metadata={"description": "open items matching the filters that this page's rules show"})
    sort = fields.String()
    limit = fields.Integer()
    offset = fields.Integer()


class HandledInSchema(Schema):
    """Mark an item handled: the note and who handled it (the API key when not given)."""

    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    handler = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 100))


class HandledSchema(Schema):
    """The item's handled state (the latest handling) and its whole handling history."""

    feedback_id = fields.Integer()
    customer_id = fields.Integer(allow_none=True)
    handled_at = fields.DateTime()
    handled_by = fields.String()
    handled_note = fields.String(allow_none=True)
    history = fields.List(fields.Nested(HandlingSchema), metadata={
        "description": "every handling of the item, oldest first: a second one never overwrites the first"})


class ListQuerySchema(PageQuerySchema):
    """Paging of the marketing lists."""


class MixQuerySchema(Schema):
    """Window of the channel and journey-stage mix (default: the last 90 days)."""

    since = UTCDateTime()


class AdvocatesSchema(Schema):
    """Advocates who granted marketing, with the items that make them advocates."""

    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(Schema.from_dict(
        {"customer_id": fields.Integer(), "name": fields.String(allow_none=True),
         "positive_items": fields.Integer(), "evidence": fields.List(fields.Nested(EvidenceSchema))},
        name="Advocate")))


class TestimonialsSchema(Schema):
    """Positive reviews whose authors granted testimonial."""

    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(Schema.from_dict(
        {"feedback_id": fields.Integer(), "customer_id": fields.Integer(), "name": fields.String(allow_none=True),
         "sku": fields.String(allow_none=True), "source": fields.String(), "rating": fields.Float(allow_none=True),
         "posted_at": fields.DateTime(), "text": fields.String(), "url": fields.String(allow_none=True)},
        name="Testimonial")))


class ReviewRequestsSchema(Schema):
    """Buyers (with marketing consent) to ask for a review."""

    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(Schema.from_dict(
        {"customer_id": fields.Integer(), "sku": fields.String(), "purchased_at": fields.DateTime(),
         "days_since_purchase": fields.Integer(), "reason": fields.String()}, name="ReviewRequest")))


class MixSchema(Schema):
    """Feedback per channel and per journey-stage cue in a window (no person)."""

    since = fields.DateTime()
    until = fields.DateTime()
    channels = fields.Dict(keys=fields.String(), values=fields.Integer())
    journey_stages = fields.Dict(keys=fields.String(), values=fields.Integer())


class SalesQuerySchema(Schema):
    """How many of each list."""

    limit = fields.Integer(load_default=20, validate=validate.Range(1, 200))


class SalesSignalsSchema(Schema):
    """At-risk high-value customers and upsell candidates, with reasons; no feedback text."""

    high_value_threshold = Money()
    at_risk_total = fields.Integer()
    upsell_suppressed = fields.Integer(metadata={"description": "satisfied buyers left out: an open complaint, "
                                                                "negative trend, churn risk or opt-out holds"})
    at_risk = fields.List(fields.Nested(Schema.from_dict(
        {"customer_id": fields.Integer(), "name": fields.String(allow_none=True), "total_value": Money(),
         "level": fields.String(), "reasons": fields.List(fields.Nested(RiskReasonSchema))},
        name="AtRisk")))
    upsell = fields.List(fields.Nested(Schema.from_dict(
        {"customer_id": fields.Integer(), "name": fields.String(allow_none=True),
         "reasons": fields.List(fields.String()),
         "suggestions": fields.List(fields.Nested(Schema.from_dict(
             {"sku": fields.String(), "kind": fields.String(), "buyers": fields.Integer(),
              "because": fields.String()}, name="Suggestion")))}, name="UpsellCandidate")))
