"""make_* helpers that build canonical records for tests (docs/records.md)."""
from __future__ import annotations


def make_customer(external_id="C1", **overrides) -> dict:
    """A valid CRM customer record."""
    record = {"source": "crm", "external_id": external_id, "name": f"Klant {external_id}",
              "email": f"klant.{external_id.lower()}@mailbox.nl", "phone": None, "handles": {}, "consents": []}
    record.update(overrides)
    return record


def make_purchase(external_id="L1", customer="C1", **overrides) -> dict:
    """A valid order line of a customer."""
    record = {"source": "crm", "external_id": external_id, "order_id": f"O-{external_id}",
              "customer_external_id": customer, "sku": "CM-100", "product_name": "Barista Pro",
              "category": "coffee", "quantity": 1, "amount": "249.00", "currency": "EUR",
              "purchased_at": "2026-03-01T10:00:00+00:00", "channel": "webshop"}
    record.update(overrides)
    return record


def make_feedback(external_id="f1", **overrides) -> dict:
    """A valid feedback record (a first-party review by default)."""
    record = {"source": "webshop", "external_id": external_id, "channel": "review", "party": "first",
              "author": {}, "text": "Heel blij met de machine, echt een aanrader!", "rating": 5,
              "posted_at": "2026-03-05T10:00:00+00:00", "sku": "CM-100"}
    record.update(overrides)
    return record


def granted(purpose="social_profiling", **extra) -> dict:
    """A consent event granting a purpose."""
    return {"purpose": purpose, "status": "granted", "recorded_at": "2026-01-01T00:00:00+00:00", **extra}
