"""Push API: batches of customers, purchases and feedback; opt-outs; the quarantine (admin)."""
from __future__ import annotations

from flask import Blueprint, current_app

from .. import db
from ..errors import ApiError
from ..schemas.ingest import (BatchEnvelopeSchema, BatchSummarySchema, CustomerBatchSchema, FeedbackBatchSchema,
                              OptOutResultSchema, OptOutSchema, PurchaseBatchSchema, QuarantineEntrySchema,
                              QuarantineListSchema, QuarantineQuerySchema, RetryBodySchema, RetryResultSchema)
from ..services.ingest.entry import discard_quarantined, ingest, list_quarantine, retry_quarantined
from ..services.privacy.suppression import opt_out
from .context import audit, hasher
from .routing import endpoint

bp = Blueprint("ingest", __name__, url_prefix="/api/v1")


def _batch(kind: str, body: dict):
    records = body["records"]
    limit = current_app.config["MAX_BATCH_SIZE"]
    if len(records) > limit:
        raise ApiError(422, "Unprocessable Content", f"A batch holds at most {limit} records.",
                       [{"field": "records", "message": f"{len(records)} records; the limit is {limit}"}], "validation")
    result = ingest(db.session(), kind, records, origin=f"api:{kind}", hasher=hasher())
    audit(f"ingest.{kind}", detail=result.as_counts())
    return result


@endpoint(bp, "/customers", method="POST", area="ingest", summary="Push a batch of customers",
          body=BatchEnvelopeSchema, body_doc=CustomerBatchSchema, response=BatchSummarySchema)
def push_customers(body):
    """Upsert customers by (source, external_id) with identifiers and consents; bad records are quarantined."""
    return _batch("customer", body)


@endpoint(bp, "/purchases", method="POST", area="ingest", summary="Push a batch of purchases",
          body=BatchEnvelopeSchema, body_doc=PurchaseBatchSchema, response=BatchSummarySchema)
def push_purchases(body):
    """Upsert order lines by (source, external_id); buyers are linked now or when they arrive."""
    return _batch("purchase", body)


@endpoint(bp, "/feedback", method="POST", area="ingest", summary="Push a batch of feedback",
          body=BatchEnvelopeSchema, body_doc=FeedbackBatchSchema, response=BatchSummarySchema)
def push_feedback(body):
    """Analyse, link and upsert feedback by (source, external_id); also the target of review webhooks."""
    return _batch("feedback", body)


@endpoint(bp, "/opt-outs", method="POST", area="ingest", summary="Opt identifiers out of collection",
          body=OptOutSchema, response=OptOutResultSchema)
def push_opt_outs(body):
    """Suppress identifiers of anyone; what is held from them keeps only anonymous facts."""
    result = opt_out(db.session(), hasher(), body["identifiers"])
    audit("privacy.opt_out", detail={k: v for k, v in result.items() if k != "warnings"} | {"source": body["source"]})
    return result


@endpoint(bp, "/quarantine", area="admin", summary="List quarantined records", query=QuarantineQuerySchema,
          response=QuarantineListSchema)
def quarantine_list(query):
    """Rejected records with their reasons and sources, oldest first."""
    items, total = list_quarantine(db.session(), **query)
    return {"items": items, "total": total}


@endpoint(bp, "/quarantine/<int:entry_id>/retry", method="POST", area="admin", summary="Retry a quarantined record",
          body=RetryBodySchema, response=RetryResultSchema, errors=(404, 409))
def quarantine_retry(entry_id, body):
    """Run the record (as stored, or corrected) through the pipeline again."""
    entry, result = retry_quarantined(db.session(), entry_id, body["record"], hasher=hasher())
    if entry is None:
        raise ApiError(404, "Not Found", f"No quarantined record {entry_id}.")
    if result is None:
        raise ApiError(409, "Conflict", f"Quarantined record {entry_id} is already {entry.status}.")
    return {"entry": entry, "result": result}


@endpoint(bp, "/quarantine/<int:entry_id>/discard", method="POST", area="admin",
          summary="Discard a quarantined record", response=QuarantineEntrySchema, errors=(404,))
def quarantine_discard(entry_id):
    """Give up on a record on purpose; its payload is removed."""
    entry = discard_quarantined(db.session(), entry_id)
    if entry is None:
        raise ApiError(404, "Not Found", f"No quarantined record {entry_id}.")
    return entry
