"""Customer and purchase ingest: upserts, identities, consents in the ledger."""
import pytest
from sqlalchemy import func, select

from insight_service.models import ConsentEvent, Customer, Identity, Purchase
from tests.records import granted, make_customer, make_purchase


def test_customers_upsert_and_keep_only_hashes(session, ingest_into):
    record = make_customer("C1", email="Anna@Mailbox.nl", phone="06-12345678", handles={"twitter": "@AnnaDV"})
    assert ingest_into("customer", [record]).created == 1
    assert ingest_into("customer", [record]).unchanged == 1
    assert ingest_into("customer", [{**record, "name": "Anna V."}]).updated == 1
    kinds = sorted(session.scalars(select(Identity.kind)))
    assert kinds == ["crm", "email", "phone", "twitter"]
    stored = " ".join(session.scalars(select(Identity.hash)))
    assert "annadv" not in stored and "612345678" not in stored


@pytest.mark.parametrize("broken, field", [({"email": "nope"}, "email"), ({"phone": "12345"}, "phone"),
                                           ({"external_id": ""}, "external_id"),
                                           ({"handles": {"myspace": "x"}}, "handles"),
                                           ({"consents": [{"purpose": "spam", "status": "granted"}]},
                                            "consents.0.purpose")])
def test_bad_customers_are_quarantined(ingest_into, broken, field):
    result = ingest_into("customer", [{**make_customer("C1"), **broken}])
    assert result.created == 0
    assert any(e["field"].startswith(field) for e in result.quarantined[0]["errors"])


def test_consents_are_appended_once(session, ingest_into):
    record = make_customer("C1", consents=[granted("marketing"), granted("testimonial")])
    ingest_into("customer", [record])
    ingest_into("customer", [record])
    assert session.scalar(select(func.count()).select_from(ConsentEvent)) == 2


def test_purchases_link_by_crm_id_now_and_later(session, ingest_into):
    ingest_into("purchase", [make_purchase("L1", "C1")])
    assert session.scalars(select(Purchase.customer_id)).one() is None
    ingest_into("customer", [make_customer("C1")])
    cid = session.scalars(select(Customer.id)).one()
    assert session.scalars(select(Purchase.customer_id)).one() == cid


def test_purchases_link_by_email(session, ingest_into):
    ingest_into("customer", [make_customer("C1", email="buyer@mailbox.nl")])
    record = make_purchase("L1", None, customer_email="BUYER@mailbox.nl", source="shop")
    del record["customer_external_id"]
    ingest_into("purchase", [record])
    assert session.scalars(select(Purchase.customer_id)).one() is not None


def test_purchase_idempotence_and_update(session, ingest_into):
    ingest_into("purchase", [make_purchase("L1")])
    assert ingest_into("purchase", [make_purchase("L1")]).unchanged == 1
    assert ingest_into("purchase", [make_purchase("L1", amount="199.00")]).updated == 1
    assert session.scalar(select(func.count()).select_from(Purchase)) == 1


@pytest.mark.parametrize("broken, field", [({"amount": "lots"}, "amount"), ({"sku": None}, "sku"),
                                           ({"purchased_at": "yesterday"}, "purchased_at"),
                                           ({"currency": "euro"}, "currency"),
                                           ({"customer_external_id": None}, "customer_external_id")])
def test_bad_purchases_are_quarantined(ingest_into, broken, field):
    result = ingest_into("purchase", [make_purchase("L1", **broken)])
    assert field in {e["field"] for e in result.quarantined[0]["errors"]}
