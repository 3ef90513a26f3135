"""Finding customers and describing what is linked to them."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Customer, Feedback, Identity, Purchase
from .identifiers import IdentityHasher


def find_customers(session: Session, hasher: IdentityHasher, *, crm_id: str | None = None,
                   source: str | None = None, email: str | None = None) -> list[Customer]:
    """Customers by the CRM's id (optionally within one source) or by normalised e-mail."""
    query = select(Customer).order_by(Customer.id)
    if crm_id:
        query = query.where(Customer.external_id == crm_id)
        if source:
            query = query.where(Customer.source == source)
    if email:
        h = hasher.hash_lenient("email", email)
        if h is None:
            return []
        query = query.where(Customer.id.in_(select(Identity.customer_id).where(Identity.kind == "email",
                                                                               Identity.hash == h)))
    if not (crm_id or email):
        return []
    return list(session.scalars(query.limit(50)))


def describe_customer(session: Session, customer: Customer) -> dict:
    """The customer with identifier kinds (not values) and link statistics."""
    kinds = sorted(set(session.scalars(select(Identity.kind).where(Identity.customer_id == customer.id))))
    links = dict(session.execute(select(Feedback.link_rule, func.count()).where(Feedback.customer_id == customer.id)
                                 .group_by(Feedback.link_rule)).all())
    links["purchases"] = session.scalar(select(func.count()).where(Purchase.customer_id == customer.id)) or 0
    return {"id": customer.id, "source": customer.source, "external_id": customer.external_id,
            "name": customer.name, "email": customer.email, "created_at": customer.created_at,
            "updated_at": customer.updated_at, "identifier_kinds": kinds, "links": links}
