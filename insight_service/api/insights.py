"""Per-customer insight and the paged feedback history."""
from __future__ import annotations

from flask import Blueprint, current_app

from .. import db
from ..auth import current_key
from ..schemas.insights import HistoryQuerySchema, HistorySchema, InsightSchema
from ..services.departments.insight import customer_insight
from ..services.reads.history import feedback_history
from .context import audit, audit_with_reads
from .customers import get_customer, no_such_customer
from .routing import endpoint

bp = Blueprint("insights", __name__, url_prefix="/api/v1")


@endpoint(bp, "/customers/<int:customer_id>/insight", area="insight", summary="Per-customer insight",
          response=InsightSchema, errors=(404,))
def read_insight(customer_id):
    """Purchases, feedback, pain points (quoted by their clause), the discovered themes the customer's items belong
    to, journey, risk, next actions, privacy and the analyzer and taxonomy versions, as the role may see them."""
    primary, reader, role = db.session(), db.replica_session(), current_key().role
    k = current_app.config["K_ANONYMITY"]
    if reader is primary:
        audit("insight.read", "customer", customer_id)
        # the customer's row comes with the first reads; none: a 404, which undoes the audit entry sent with them
        found = customer_insight(primary, customer_id, role, k=k, writes=audit_with_reads())
        if found is None:
            raise no_such_customer(customer_id)
        return found
    customer = get_customer(customer_id)  # held: the session's identity map keeps it only while referenced
    audit("insight.read", "customer", customer_id)
    # a replica reads; the customer's existence (above), consent, opt-outs and the audit entry stay on the primary
    writes = audit_with_reads()
    found = customer_insight(reader, customer.id, role, k=k, writes=writes, privacy_session=primary)
    # a customer the replica has not seen yet: read where it was written (the entry was not sent yet)
    return found if found is not None else customer_insight(primary, customer.id, role, k=k, writes=writes)


@endpoint(bp, "/customers/<int:customer_id>/feedback", area="insight", summary="A customer's feedback history",
          query=HistoryQuerySchema, response=HistorySchema, errors=(404,))
def read_feedback(customer_id, query):
    """Newest first, filtered by channel, since, until and sentiment; public posts only with social_profiling."""
    get_customer(customer_id)
    audit("feedback.read", "customer", customer_id)
    return feedback_history(db.session(), customer_id, current_key().role, **query)
