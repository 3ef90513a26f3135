"""Wire shapes of the push API: batches in, per-batch summaries out, opt-outs, quarantine."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import FieldErrorSchema
from .records import AUTHOR_KINDS, CustomerRecordSchema, FeedbackRecordSchema, PurchaseRecordSchema

DOCUMENTED_BATCH_LIMIT = "MAX_BATCH_SIZE records (default 1,000)"


class BatchEnvelopeSchema(Schema):
    """A batch as received: records are validated one by one so a bad one is quarantined, not fatal."""

    # Checked record by record by the ingest (NUL characters and lone surrogates included): what fails goes to
    # quarantine.
    checked_inside = ("records",)
    records = fields.List(fields.Raw(allow_none=True), required=True)


class LooseRecord(fields.Raw):
    """A record of a batch as the contract states it: any JSON value is taken; one that does not match its kind's
    record schema is quarantined with the reasons, and unusable optional fields are dropped with warnings."""

    def __init__(self, record_schema: str, **kwargs):
        ref = {"$ref": f"#/components/schemas/{record_schema}"}
        description = (f"a {record_schema}; any other value is taken too and quarantined with its reasons (listed "
                       "under `quarantined` in the answer), and unusable optional fields are dropped with `warnings`"
                       " (docs/record-fields.md)")
        super().__init__(metadata={"anyOf": [ref, {}], "description": description}, **kwargs)


def _batch_doc(record_schema: str, name: str) -> type[Schema]:
    return Schema.from_dict({"records": fields.List(LooseRecord(record_schema), required=True, metadata={
        "description": f"0 to {DOCUMENTED_BATCH_LIMIT}; an empty batch changes nothing"})}, name=name)


RECORD_COMPONENTS = {"CustomerRecord": CustomerRecordSchema, "PurchaseRecord": PurchaseRecordSchema,
                     "FeedbackRecord": FeedbackRecordSchema}
CustomerBatchSchema = _batch_doc("CustomerRecord", "CustomerBatch")
PurchaseBatchSchema = _batch_doc("PurchaseRecord", "PurchaseBatch")
FeedbackBatchSchema = _batch_doc("FeedbackRecord", "FeedbackBatch")


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


class WarnedSummarySchema(Schema):
    """A record of the batch that was stored without some unusable optional fields (never their values)."""

    index = fields.Integer()
    external_id = fields.String(allow_none=True)
    warnings = fields.List(fields.Nested(FieldErrorSchema),
                           metadata={"description": "each dropped field and why; it is neither stored nor linked"})


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
    warnings = fields.List(fields.Nested(WarnedSummarySchema),
                           metadata={"description": "stored records that lost unusable optional fields"})


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
    identifiers_blocked = fields.Integer(metadata={"description": "placeholder or malformed values that never "
                                                                  "identify anyone (malformed ones are in warnings)"})
    identifiers_suppressed = fields.Integer()
    customers_concerned = fields.Integer()
    items_deidentified = fields.Integer()
    quarantined_records_removed = fields.Integer(metadata={"description": "rejected records of theirs, deleted"})
    warnings = fields.List(fields.Nested(FieldErrorSchema),
                           metadata={"description": "identifiers that are not valid of their kind (never echoed)"})


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

    checked_inside = ("record",)  # like a batch's records: a record that fails goes back to quarantine
    record = fields.Dict(load_default=None, allow_none=True,
                         metadata={"description": "the corrected record; one that still fails is quarantined again"})


class RetryResultSchema(Schema):
    """The quarantine entry after the retry and the batch summary of the retry."""

    entry = fields.Nested(QuarantineEntrySchema)
    result = fields.Nested(BatchSummarySchema)
