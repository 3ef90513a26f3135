"""Customers over the API: lookup, consents, erasure receipts, the subject export, and the audit trail."""
from tests.leaks import assert_absent
from tests.records import granted, make_customer, make_feedback


def seed(client, auth):
    """Anna with a consent and a tweet; returns her id."""
    client.post("/api/v1/customers", headers=auth("crm"), json={"records": [
        make_customer("C1", email="anna@mailbox.nl", name="Anna de Vries", handles={"twitter": "annadv"},
                      consents=[granted()])]})
    client.post("/api/v1/feedback", headers=auth("crm"), json={"records": [
        make_feedback("t1", source="twitter", channel="social", party="third", author={"twitter": "annadv"},
                      rating=None, text="Anna tweets: de app crasht steeds")]})
    return client.get("/api/v1/customers?crm_id=C1", headers=auth("crm")).get_json()["items"][0]["id"]


def test_lookup_by_crm_id_and_email(client, auth, check_response):
    cid = seed(client, auth)
    by_email = client.get("/api/v1/customers?email=ANNA@mailbox.nl", headers=auth("service"))
    check_response(by_email, "get", "/api/v1/customers")
    assert [c["id"] for c in by_email.get_json()["items"]] == [cid]
    one = client.get(f"/api/v1/customers/{cid}", headers=auth("crm"))
    check_response(one, "get", "/api/v1/customers/{customer_id}")
    body = one.get_json()
    assert body["identifier_kinds"] == ["crm", "email", "twitter"] and body["links"]["twitter"] == 1
    assert "annadv" not in one.get_data(as_text=True)
    # a lookup, never a listing: with neither crm_id nor email (source alone) nobody matches
    for query in ("", "?source=crm"):
        missing = client.get(f"/api/v1/customers{query}", headers=auth("crm"))
        assert missing.status_code == 200 and missing.get_json() == {"items": []}


def test_consent_ledger_over_the_api(client, auth, check_response):
    cid = seed(client, auth)
    withdrawn = client.post(f"/api/v1/customers/{cid}/consents", headers=auth("crm"),
                            json={"purpose": "social_profiling", "status": "withdrawn"})
    check_response(withdrawn, "post", "/api/v1/customers/{customer_id}/consents")
    assert withdrawn.status_code == 201
    state = client.get(f"/api/v1/customers/{cid}/consents", headers=auth("crm"))
    check_response(state, "get", "/api/v1/customers/{customer_id}/consents")
    body = state.get_json()
    assert body["current"]["social_profiling"]["status"] == "withdrawn" and len(body["history"]) == 2
    past = client.get(f"/api/v1/customers/{cid}/consents?at=2026-02-01T00:00:00Z", headers=auth("crm")).get_json()
    assert past["current"]["social_profiling"]["granted"] is True
    export = client.get(f"/api/v1/customers/{cid}/export", headers=auth("crm")).get_data(as_text=True)
    assert "Anna tweets" not in export  # the withdrawal de-identified the tweet at once
    bad = client.post(f"/api/v1/customers/{cid}/consents", headers=auth("crm"), json={"purpose": "spam"})
    assert {e["field"] for e in bad.get_json()["errors"]} == {"purpose", "status"}


def test_export_then_erase_then_nothing_answers(client, auth, check_response):
    cid = seed(client, auth)
    export = client.get(f"/api/v1/customers/{cid}/export", headers=auth("crm"))
    check_response(export, "get", "/api/v1/customers/{customer_id}/export")
    assert export.get_json()["feedback"][0]["text"] == "Anna tweets: de app crasht steeds"
    receipt = client.delete(f"/api/v1/customers/{cid}", headers=auth("crm"))
    check_response(receipt, "delete", "/api/v1/customers/{customer_id}")
    assert receipt.get_json()["removed"]["identities"] == 3
    for path in (f"/api/v1/customers/{cid}", f"/api/v1/customers/{cid}/export", f"/api/v1/customers/{cid}/consents"):
        response = client.get(path, headers=auth("admin"))
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert client.delete(f"/api/v1/customers/{cid}", headers=auth("crm")).status_code == 404
    assert client.get("/api/v1/customers?email=anna@mailbox.nl", headers=auth("crm")).get_json()["items"] == []
    audit = client.get("/api/v1/audit", headers=auth("admin"))
    assert_absent(audit.get_data(as_text=True), ["anna", "annadv", "crasht"])
    actions = [e["action"] for e in audit.get_json()["items"]]
    assert "privacy.erasure" in actions and "privacy.export" in actions


def test_reads_of_personal_data_are_audited(client, auth):
    cid = seed(client, auth)
    client.get(f"/api/v1/customers/{cid}", headers=auth("service"))
    entries = client.get(f"/api/v1/audit?subject_type=customer&subject_id={cid}", headers=auth("admin")).get_json()
    assert entries["items"][0]["action"] == "customer.read" and entries["items"][0]["actor"].startswith("service:")
