"""Wire shapes of the per-customer insight and the paged feedback history."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import PageQuerySchema
from .customers import ConsentStateSchema
from .records import CHANNELS, UTCDateTime

LABELS = ("positive", "neutral", "negative")
MONEY_DOC = {"type": "string", "format": "decimal"}
Money = lambda: fields.Decimal(as_string=True, places=2, metadata=MONEY_DOC)  # noqa: E731


class HandlingSchema(Schema):
    """One time an agent handled an item."""

    handled_at = fields.DateTime()
    handled_by = fields.String()
    note = fields.String(allow_none=True)


class FeedbackItemSchema(Schema):
    """One feedback item as the caller's role may see it (text null when withheld or de-identified)."""

    id = fields.Integer()
    source = fields.String()
    channel = fields.String()
    party = fields.String()
    posted_at = fields.DateTime()
    language = fields.String(allow_none=True)
    rating = fields.Float(allow_none=True)
    sku = fields.String(allow_none=True)
    sentiment_score = fields.Float()
    sentiment_label = fields.String()
    text = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    text_withheld = fields.Boolean(metadata={"description": "a text exists that this role may not read"})
    pain_points = fields.List(fields.String())
    handled_at = fields.DateTime(allow_none=True)
    handled_by = fields.String(allow_none=True)
    handled_note = fields.String(allow_none=True)
    handling = fields.List(fields.Nested(HandlingSchema), metadata={
        "description": "every handling, oldest first (empty for roles that may not see handling notes)"})


class WithheldSchema(Schema):
    """What consent kept out of this answer."""

    purpose = fields.String()
    count = fields.Integer()
    what = fields.String()
    message = fields.String()


class EvidenceSchema(Schema):
    """An item (or a purchase fact) behind a rule's outcome."""

    feedback_id = fields.Integer(allow_none=True)
    posted_at = fields.DateTime()
    channel = fields.String()
    why = fields.String()


class ProductLineSchema(Schema):
    """What the customer bought of one product."""

    sku = fields.String()
    name = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    lines = fields.Integer()
    units = fields.Integer()
    value = Money()


class OrderLineSchema(Schema):
    """One recent order line."""

    order_id = fields.String(allow_none=True)
    sku = fields.String()
    name = fields.String(allow_none=True)
    quantity = fields.Integer()
    amount = Money()
    currency = fields.String()
    purchased_at = fields.DateTime()
    channel = fields.String(allow_none=True)


class PurchasesSchema(Schema):
    """Purchase history in figures."""

    count = fields.Integer()
    orders = fields.Integer()
    total_value = Money()
    first_purchase_at = fields.DateTime(allow_none=True)
    last_purchase_at = fields.DateTime(allow_none=True)
    top_products = fields.List(fields.Nested(ProductLineSchema))
    top_categories = fields.List(fields.Nested(Schema.from_dict(
        {"category": fields.String(), "lines": fields.Integer()}, name="CategoryCount")))
    recent_orders = fields.List(fields.Nested(OrderLineSchema))


class MonthSchema(Schema):
    """One month of the sentiment trend."""

    month = fields.String()
    count = fields.Integer()
    average_score = fields.Float()
    positive = fields.Integer()
    negative = fields.Integer()


class ChangeSchema(Schema):
    """Average score of the last 90 days against the 275 days before."""

    recent_average = fields.Float(allow_none=True)
    recent_count = fields.Integer()
    previous_average = fields.Float(allow_none=True)
    previous_count = fields.Integer()
    delta = fields.Float(allow_none=True)
    direction = fields.String(allow_none=True, metadata={"description": "falling, stable or rising"})


class EmotionSchema(Schema):
    """A barometer word and how often it was used."""

    word = fields.String()
    category = fields.String()
    polarity = fields.String()
    count = fields.Integer()


class FeedbackSummarySchema(Schema):
    """Counts, barometer, average, trend, emotion words and the latest items."""

    total = fields.Integer()
    by_channel = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_source = fields.Dict(keys=fields.String(), values=fields.Integer())
    barometer = fields.Dict(keys=fields.String(), values=fields.Integer())
    average_score = fields.Float(allow_none=True)
    trend = fields.Nested(Schema.from_dict({"monthly": fields.List(fields.Nested(MonthSchema)),
                                            "change_90d": fields.Nested(ChangeSchema)}, name="Trend"))
    emotions = fields.List(fields.Nested(EmotionSchema))
    latest = fields.List(fields.Nested(FeedbackItemSchema))


class PainPointSummarySchema(Schema):
    """One pain point of the customer."""

    code = fields.String()
    label = fields.String()
    owner = fields.String(allow_none=True)
    misuse = fields.Boolean()
    count = fields.Integer()
    last_seen = fields.DateTime()
    products = fields.List(fields.String())
    feedback_ids = fields.List(fields.Integer())
    quote = fields.String(allow_none=True, metadata={
        "description": "the clause the customer wrote around the span, scrubbed, if the role may read it"})
    quote_span = fields.String(allow_none=True, metadata={"description": "the words inside the quote that show it"})
    quote_feedback_id = fields.Integer(allow_none=True)
    analyzer_version = fields.String(allow_none=True, metadata={"description": "of the quoted item's analysis"})
    taxonomy_version = fields.String(allow_none=True)


class CustomerThemeSchema(Schema):
    """A discovered theme (no taxonomy code; k or more authors of the product) the customer's items belong to."""

    key = fields.String()
    label = fields.String()
    sku = fields.String()
    shared_by_authors = fields.Integer(metadata={"description": "distinct authors of the product with this phrase"})
    count = fields.Integer(metadata={"description": "the customer's items with it"})
    feedback_ids = fields.List(fields.Integer())
    quote = fields.String(allow_none=True, metadata={"description": "the customer's clause, scrubbed, if the role "
                                                                    "may read it"})
    quote_feedback_id = fields.Integer(allow_none=True)


class AnalysisVersionsSchema(Schema):
    """The running analyzer and taxonomy, and the versions that produced the analyses shown."""

    analyzer_version = fields.String()
    taxonomy_version = fields.String()
    produced_by = fields.List(fields.Nested(Schema.from_dict(
        {"analyzer_version": fields.String(allow_none=True), "taxonomy_version": fields.String(allow_none=True),
         "items": fields.Integer()}, name="AnalysisVersionCount")))


class JourneySchema(Schema):
    """Journey stage with its detail, and advocate/detractor status, each with evidence."""

    stage = fields.String(metadata={"description": "see, think, do or care"})
    detail = fields.String(metadata={"description": "awareness, consideration, purchase, post_purchase, loyalty, "
                                                    "advocacy"})
    evidence = fields.List(fields.Nested(EvidenceSchema))
    status = fields.String(metadata={"description": "advocate, detractor or neither"})
    advocate_evidence = fields.List(fields.Nested(EvidenceSchema))
    detractor_evidence = fields.List(fields.Nested(EvidenceSchema))


class RiskReasonSchema(Schema):
    """One reason for a risk level."""

    code = fields.String(metadata={"description": "falling_sentiment, recent_negative, mostly_negative, "
                                                  "unanswered_complaint, open_complaints or high_value "
                                                  "(docs/next-actions.md)"})
    detail = fields.String()
    feedback_id = fields.Integer(allow_none=True)


class RiskSchema(Schema):
    """Churn risk and why."""

    level = fields.String(metadata={"description": "low, medium or high"})
    high_value = fields.Boolean()
    score = fields.Integer(metadata={"description": "the weighted churn signals (high value not counted)"})
    reasons = fields.List(fields.Nested(RiskReasonSchema))


class ActionSchema(Schema):
    """A next action for a department, with its reason and the item it refers to."""

    department = fields.String()
    kind = fields.String()
    reason = fields.String()
    feedback_id = fields.Integer(allow_none=True)
    sku = fields.String(allow_none=True)


class OpenItemsSchema(Schema):
    """The open complaints and questions behind the service's answer actions, and how many are not listed."""

    total = fields.Integer()
    shown = fields.Integer()
    more = fields.Integer(metadata={"description": "open items not listed as actions ('and N more')"})
    complaints = fields.Integer()
    questions = fields.Integer()
    oldest_days = fields.Integer(allow_none=True)


class SuppressedActionSchema(Schema):
    """Suggestions a rule of the decision table had, held back by a condition (docs/next-actions.md)."""

    rule = fields.String()
    kinds = fields.List(fields.String())
    count = fields.Integer()
    because = fields.List(fields.String(), metadata={"description": "the suppressing conditions that hold"})
    reason = fields.String()


class InsightSchema(Schema):
    """Everything about one customer that the caller's role may see."""

    customer = fields.Nested(Schema.from_dict(
        {"id": fields.Integer(), "source": fields.String(), "external_id": fields.String(),
         "name": fields.String(allow_none=True), "email": fields.String(allow_none=True)}, name="InsightCustomer"))
    generated_at = fields.DateTime()
    role = fields.String()
    purchases = fields.Nested(PurchasesSchema, allow_none=True)
    feedback = fields.Nested(FeedbackSummarySchema)
    pain_points = fields.List(fields.Nested(PainPointSummarySchema))
    themes = fields.List(fields.Nested(CustomerThemeSchema))
    journey = fields.Nested(JourneySchema)
    risk = fields.Nested(RiskSchema)
    actions = fields.List(fields.Nested(ActionSchema))
    analysis = fields.Nested(AnalysisVersionsSchema)
    open_items = fields.Nested(OpenItemsSchema, allow_none=True,
                               metadata={"description": "null when the role sees no service actions"})
    suppressed_actions = fields.List(fields.Nested(SuppressedActionSchema))
    privacy = fields.Nested(Schema.from_dict(
        {"consent": fields.Dict(keys=fields.String(), values=fields.Nested(ConsentStateSchema)),
         "withheld": fields.List(fields.Nested(WithheldSchema)),
         "fields": fields.Dict(keys=fields.String(), values=fields.List(fields.String()))}, name="InsightPrivacy"))


class HistoryQuerySchema(PageQuerySchema):
    """Filters of the feedback history."""

    channel = fields.String(validate=validate.OneOf(CHANNELS))
    since = UTCDateTime()
    until = UTCDateTime()
    sentiment = fields.String(validate=validate.OneOf(LABELS))


class HistorySchema(Schema):
    """A page of the customer's feedback, newest first."""

    customer_id = fields.Integer()
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(FeedbackItemSchema))
    withheld = fields.List(fields.Nested(WithheldSchema))
