"""Wire shapes of the push API: batches in, per-batch summaries out, opt-outs, quarantine."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import FieldErrorSchema
from .records import AUTHOR_KINDS, CustomerRecordSchema, FeedbackRecordSchema, PurchaseRecordSchema

DOCUMENTED_BATCH_LIMIT = "MAX_BATCH_SIZE records (default 1,000)"


class BatchEnvelopeSchema(Schema):
    """A batch as received: records are validated one by one so a bad one is quarantined, not fatal."""

    PER_RECORD = "records"  # what holds invalid text there is quarantined record by record, not refused whole

    records = fields.List(fields.Raw(), required=True, validate=validate.Length(min=1))


def _batch_doc(record_schema, name: str) -> type[Schema]:
    return Schema.from_dict({"records": fields.List(fields.Nested(record_schema), required=True,
                                                    metadata={"description": f"1 to {DOCUMENTED_BATCH_LIMIT}"})},
                            name=name)


CustomerBatchSchema = _batch_doc(CustomerRecordSchema, "CustomerBatch")
PurchaseBatchSchema = _batch_doc(PurchaseRecordSchema, "PurchaseBatch")
FeedbackBatchSchema = _batch_doc(FeedbackRecordSchema, "FeedbackBatch")


class QuarantinedSummarySchema(Schema):
    """A record of the batch that was quarantined, and why."""

    index = fields.Integer()
    external_id = fields.String(allow_none=True)
    quarantine_id = fields.Integer()
    errors = fields.List(fields.Nested(FieldErrorSchema))


class StoredSummarySchema(Schema):
    """A record of the batch and the internal id it is stored under: use it in the other routes without a look-up."""

    index = fields.Integer()
    external_id = fields.String()
    id = fields.Integer(metadata={"description": "the customer, purchase or feedback id"})
    status = fields.String(metadata={"description": "created, updated or unchanged"})


class BatchSummarySchema(Schema):
    """What happened to each record of a batch."""

    received = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    duplicates = fields.Integer(metadata={"description": "earlier copies of a record repeated in the batch"})
    suppressed = fields.Integer(metadata={"description": "kept as anonymous facts only, or not kept (erased)"})
    linked = fields.Integer()
    ambiguous = fields.Integer()
    quarantined = fields.List(fields.Nested(QuarantinedSummarySchema))
    stored = fields.List(fields.Nested(StoredSummarySchema), metadata={
        "description": "our id of every record stored or found unchanged, by its index in the batch (suppressed, "
                       "duplicate and quarantined records have none)"})


class IdentifierSchema(Schema):
    """An identifier of anyone, e.g. a Twitter handle."""

    kind = fields.String(required=True, validate=validate.OneOf(AUTHOR_KINDS))
    value = fields.String(required=True, validate=validate.Length(1, 320))


class OptOutSchema(Schema):
    """Identifiers whose owners do not want to be collected."""

    identifiers = fields.List(fields.Nested(IdentifierSchema), required=True, validate=validate.Length(1, 1000))
    source = fields.String(load_default="api", validate=validate.Length(1, 64))


class OptOutResultSchema(Schema):
    """What an opt-out did."""

    identifiers_received = fields.Integer()
    identifiers_blocked = fields.Integer(metadata={"description": "placeholder values that never identify anyone"})
    identifiers_suppressed = fields.Integer()
    customers_concerned = fields.Integer()
    items_deidentified = fields.Integer()
    quarantined_records_removed = fields.Integer(metadata={"description": "rejected records of theirs, deleted"})


class QuarantineQuerySchema(Schema):
    """Filters of the quarantine list."""

    status = fields.String(load_default="open", validate=validate.OneOf(["open", "retried", "discarded"]))
    kind = fields.String(validate=validate.OneOf(["customer", "purchase", "feedback"]))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))  # bounded: ids are 64-bit


class QuarantineEntrySchema(Schema):
    """A rejected record with its reason and source."""

    id = fields.Integer()
    source = fields.String()
    kind = fields.String()
    external_id = fields.String(allow_none=True)
    payload = fields.Raw(allow_none=True)
    errors = fields.Method("_errors", metadata={"type": "array"})
    status = fields.String()
    created_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)

    def _errors(self, entry):
        return (entry.errors or {}).get("errors", [])


class QuarantineListSchema(Schema):
    """A page of quarantined records."""

    total = fields.Integer()
    items = fields.List(fields.Nested(QuarantineEntrySchema))


class RetryBodySchema(Schema):
    """Retry as stored (record null) or with a corrected record."""

    record = fields.Dict(load_default=None, allow_none=True)


class RetryResultSchema(Schema):
    """The quarantine entry after the retry and the batch summary of the retry."""

    entry = fields.Nested(QuarantineEntrySchema)
    result = fields.Nested(BatchSummarySchema)
