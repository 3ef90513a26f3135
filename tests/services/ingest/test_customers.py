"""Customer and purchase ingest: upserts, identities, consents in the ledger."""
import pytest
from sqlalchemy import func, select

from insight_service.models import ConsentEvent, Customer, Identity, Purchase
from tests.records import granted, make_customer, make_purchase


def test_customers_upsert_and_keep_only_hashes(session, ingest_into):
    record = make_customer("C1", email="Anna@Mailbox.nl", phone="06-28174093", handles={"twitter": "@AnnaDV"})
    assert ingest_into("customer", [record]).created == 1
    assert ingest_into("customer", [record]).unchanged == 1
    assert ingest_into("customer", [{**record, "name": "Anna V."}]).updated == 1
    kinds = sorted(session.scalars(select(Identity.kind)))
    assert kinds == ["crm", "email", "phone", "twitter"]
    stored = " ".join(session.scalars(select(Identity.hash)))
    assert "annadv" not in stored and "628174093" not in stored


@pytest.mark.parametrize("broken, field", [({"external_id": ""}, "external_id"), ({"source": None}, "source"),
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
                                           ({"currency": "euro"}, "currency"), ({"quantity": 0}, "quantity")])
def test_bad_purchases_are_quarantined(ingest_into, broken, field):
    result = ingest_into("purchase", [make_purchase("L1", **broken)])
    assert field in {e["field"] for e in result.quarantined[0]["errors"]}


@pytest.mark.parametrize("broken, warned", [
    ({"email": "nope"}, ["email"]), ({"phone": "12345"}, ["phone"]), ({"phone": "n/a"}, ["phone"]),
    ({"phone": "+1-555-123-4567"}, ["phone"]), ({"phone": "+31 20 624 1111 ext. 12"}, ["phone"]),
    ({"phone": "020-6241111 / 06-28174093"}, ["phone"]), ({"handles": {"myspace": "x", "twitter": "ok_one"}},
                                                          ["handles.myspace"]),
    ({"handles": {"twitter": "two words"}}, ["handles.twitter"]), ({"name": "x" * 300}, ["name"]),
    ({"updated_at": "last tuesday"}, ["updated_at"]), ({"email": "-", "phone": "-"}, ["email", "phone"]),
])
def test_customers_with_unusable_optional_fields_are_stored_with_warnings(session, ingest_into, broken, warned):
    result = ingest_into("customer", [{**make_customer("C1", phone="+31 20 624 1111"), **broken}])
    assert result.created == 1 and not result.quarantined
    [entry] = result.warnings
    assert entry["index"] == 0 and entry["external_id"] == "C1"
    assert [w["field"] for w in entry["warnings"]] == warned
    for value in broken.values():  # the summary names fields and reasons, never the value
        assert all(str(value) not in w["message"] for w in entry["warnings"])
    kinds = set(session.scalars(select(Identity.kind)))
    assert not {field.split(".")[-1] for field in warned} & kinds  # a dropped field never links
    if "email" in warned:
        assert session.scalars(select(Customer.email)).one() is None


def test_purchase_without_a_buyer_is_stored_unlinked_with_a_warning(session, ingest_into):
    result = ingest_into("purchase", [make_purchase("L1", None), make_purchase("L2", None, customer_email="n/a")])
    assert result.created == 2 and not result.quarantined
    assert [[w["field"] for w in e["warnings"]] for e in result.warnings] == [
        ["customer_external_id"], ["customer_email", "customer_external_id"]]
    assert session.scalars(select(Purchase.customer_id)).all() == [None, None]
