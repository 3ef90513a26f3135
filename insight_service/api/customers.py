"""Customers: lookup, consents, erasure and the subject export."""
from __future__ import annotations

from flask import Blueprint

from .. import db
from ..errors import ApiError
from ..models import Customer
from ..schemas.customers import (ConsentInSchema, ConsentsQuerySchema, ConsentsSchema, CustomerListSchema,
                                 CustomerQuerySchema, CustomerSchema, ErasureReceiptSchema, SubjectExportSchema)
from ..services.privacy.consent import consent_history, consent_states
from ..services.privacy.consent_changes import append_consent, apply_social_profiling
from ..services.identity.customers import describe_customer, find_customers
from ..services.privacy.erasure import erase_customer, export_customer
from ..models import utcnow
from .context import audit, hasher
from .routing import endpoint

bp = Blueprint("customers", __name__, url_prefix="/api/v1")


def no_such_customer(customer_id: int) -> ApiError:
    """The 404 problem for an unknown customer id."""
    return ApiError(404, "Not Found", f"No customer {customer_id}.", [{"field": "customer_id", "message": "unknown"}])


def get_customer(customer_id: int) -> Customer:
    """The customer or a 404 problem."""
    customer = db.session().get(Customer, customer_id)
    if customer is None:
        raise no_such_customer(customer_id)
    return customer


@endpoint(bp, "/customers", area="insight", summary="Find customers by CRM id or e-mail",
          query=CustomerQuerySchema, response=CustomerListSchema)
def search_customers(query):
    """Give crm_id (optionally with source) or email; with neither the list is empty (a lookup, never a listing)."""
    found = find_customers(db.session(), hasher(), **query)
    audit("customer.search", detail={"found": len(found)})
    return {"items": [describe_customer(db.session(), c) for c in found]}


@endpoint(bp, "/customers/<int:customer_id>", area="insight", summary="Get a customer",
          response=CustomerSchema, errors=(404,))
def read_customer(customer_id):
    """The customer with identifier kinds (not values) and link statistics."""
    customer = get_customer(customer_id)
    audit("customer.read", "customer", customer_id)
    return describe_customer(db.session(), customer)


@endpoint(bp, "/customers/<int:customer_id>", method="DELETE", area="ingest", summary="Erase a customer",
          response=ErasureReceiptSchema, errors=(404,))
def erase(customer_id):
    """Delete the person and everything derived; identifiers stay suppressed; returns a receipt."""
    receipt = erase_customer(db.session(), customer_id, hasher())
    if receipt is None:
        raise no_such_customer(customer_id)
    audit("privacy.erasure", "customer", customer_id, {"receipt_id": receipt["receipt_id"], **receipt["removed"]})
    return receipt


@endpoint(bp, "/customers/<int:customer_id>/consents", area="insight", summary="Consent state and ledger",
          query=ConsentsQuerySchema, response=ConsentsSchema, errors=(404,))
def read_consents(customer_id, query):
    """The state per purpose now (or at `at`) and the full history; unknown is not granted."""
    get_customer(customer_id)
    at = query.get("at") or utcnow()
    audit("consent.read", "customer", customer_id)
    return {"customer_id": customer_id, "at": at,
            "current": consent_states(db.session(), [customer_id], at)[customer_id],
            "history": consent_history(db.session(), customer_id)}


@endpoint(bp, "/customers/<int:customer_id>/consents", method="POST", area="ingest",
          summary="Append a consent event", body=ConsentInSchema, response=ConsentsSchema, status=201,
          errors=(404,))
def add_consent(customer_id, body):
    """Append to the ledger; a social_profiling withdrawal de-identifies public posts at once."""
    get_customer(customer_id)
    session = db.session()
    event = append_consent(session, customer_id, body["purpose"], body["status"], body["source"],
                           valid_from=body["valid_from"], expires_at=body["expires_at"])
    effects = apply_social_profiling(session, [customer_id]) if event and body["purpose"] == "social_profiling" else {}
    audit("consent.change", "customer", customer_id, {"purpose": body["purpose"], "status": body["status"], **effects})
    return {"customer_id": customer_id, "at": utcnow(),
            "current": consent_states(session, [customer_id])[customer_id],
            "history": consent_history(session, customer_id)}


@endpoint(bp, "/customers/<int:customer_id>/export", area="ingest", summary="Export everything held about a person",
          response=SubjectExportSchema, errors=(404,))
def export(customer_id):
    """Access and portability: all data held about the customer, as JSON."""
    data = export_customer(db.session(), customer_id)
    if data is None:
        raise no_such_customer(customer_id)
    audit("privacy.export", "customer", customer_id)
    data["customer"] = describe_customer(db.session(), data["customer"])
    return data
