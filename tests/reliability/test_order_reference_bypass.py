"""An order reference links an item to its buyer as an e-mail does: after an opt-out, a withdrawal or an erasure,
a new item from another address that carries one of the person's order numbers is not linked and keeps no text
(DESIGN.md section 4, rule 3), and items already held that carry it are de-identified with the rest."""
from __future__ import annotations

import pytest

from tests.records import granted, make_customer, make_feedback, make_purchase

EMAIL, ORDER = "bram.visser@mailbox.nl", "ORD-77001"
TEXT = "Bestelling ORD-77001: de molen is kapot, Bram"


@pytest.fixture
def bram(client, auth) -> int:
    """A customer with social_profiling granted and one order; his customer id."""
    crm = auth("crm")
    client.post("/api/v1/customers", json={"records": [make_customer("BRAM", email=EMAIL, consents=[granted()])]},
                headers=crm)
    client.post("/api/v1/purchases", json={"records": [make_purchase("BL1", "BRAM", order_id=ORDER)]}, headers=crm)
    return client.get(f"/api/v1/customers?email={EMAIL}", headers=crm).get_json()["items"][0]["id"]


def privacy_change(client, auth, action: str, cid: int) -> None:
    """Opt Bram out by e-mail, withdraw his social_profiling consent, or erase him."""
    crm = auth("crm")
    if action == "opt_out":
        response = client.post("/api/v1/opt-outs", json={"identifiers": [{"kind": "email", "value": EMAIL}]},
                               headers=crm)
    elif action == "withdrawal":
        response = client.post(f"/api/v1/customers/{cid}/consents",
                               json={"purpose": "social_profiling", "status": "withdrawn"}, headers=crm)
    else:
        response = client.delete(f"/api/v1/customers/{cid}", headers=crm)
    assert response.status_code in (200, 201), response.get_json()


@pytest.mark.parametrize("action", ["opt_out", "withdrawal", "erasure"])
def test_an_item_from_another_address_with_their_order_number_is_not_linked_and_keeps_no_text(
        client, auth, session, bram, action):
    from insight_service.models import Feedback

    party = {"party": "third", "channel": "social", "source": "twitter", "rating": None} \
        if action == "withdrawal" else {}
    held = make_feedback("held", order_ref=ORDER, author={"email": "bram.werk@mailbox.nl"}, text=TEXT, **party)
    assert client.post("/api/v1/feedback", json={"records": [held]}, headers=auth("crm")).get_json()["linked"] == 1
    privacy_change(client, auth, action, bram)
    new = make_feedback("new", order_ref=ORDER, author={"email": "b.visser@anders.nl"}, text=TEXT + " (weer)",
                        **party)
    summary = client.post("/api/v1/feedback", json={"records": [new]}, headers=auth("crm")).get_json()
    assert summary["linked"] == 0 and summary["suppressed"] == 1, summary
    session.expire_all()
    rows = session.query(Feedback.text, Feedback.customer_id, Feedback.order_ref).all()
    assert all(row == (None, None, None) for row in rows), rows
