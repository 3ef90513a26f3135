"""The push API: batches, summaries, problem documents, opt-outs and the quarantine."""
import json

import pytest

from tests.records import make_customer, make_feedback, make_purchase


def post(client, auth, path, body, role="crm"):
    return client.post(path, json=body, headers=auth(role))


def test_batches_answer_with_a_summary_matching_the_contract(client, auth, check_response):
    response = post(client, auth, "/api/v1/customers", {"records": [make_customer("C1"), make_customer("C2")]})
    check_response(response, "post", "/api/v1/customers")
    assert response.get_json()["created"] == 2
    response = post(client, auth, "/api/v1/purchases", {"records": [make_purchase("L1", "C1")]})
    check_response(response, "post", "/api/v1/purchases")
    response = post(client, auth, "/api/v1/feedback", {"records": [make_feedback("f1"), {"source": "x"}]})
    check_response(response, "post", "/api/v1/feedback")
    body = response.get_json()
    assert body["created"] == 1 and body["quarantined"][0]["index"] == 1
    assert {"channel", "text", "posted_at"} <= {e["field"] for e in body["quarantined"][0]["errors"]}


def test_resending_a_batch_changes_nothing(client, auth):
    batch = {"records": [make_feedback("f1"), make_feedback("f2", text="Bezorging duurde lang en slecht")]}
    post(client, auth, "/api/v1/feedback", batch)
    again = post(client, auth, "/api/v1/feedback", batch).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


@pytest.mark.parametrize("body, field", [({}, "records"), ({"records": "nope"}, "records"), ([1, 2], None),
                                         ({"records": [], "extra": 1}, "extra")])
def test_malformed_envelope_is_a_422_problem(client, auth, body, field, check_response):
    response = post(client, auth, "/api/v1/feedback", body)
    check_response(response, "post", "/api/v1/feedback")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    if field:
        assert field in {e["field"] for e in response.get_json()["errors"]}


@pytest.mark.parametrize("route", ["customers", "purchases", "feedback"])
def test_an_empty_batch_changes_nothing(client, auth, route, check_response):
    response = post(client, auth, f"/api/v1/{route}", {"records": []})
    check_response(response, "post", f"/api/v1/{route}")
    assert response.status_code == 200 and response.get_json()["received"] == 0
    assert response.get_json()["quarantined"] == [] and response.get_json()["warnings"] == []


def test_any_record_value_is_taken_and_what_fails_is_quarantined(client, auth, check_response):
    response = post(client, auth, "/api/v1/customers", {"records": [None, "x", {"external_id": "C9"}]})
    check_response(response, "post", "/api/v1/customers")
    assert response.status_code == 200 and [q["index"] for q in response.get_json()["quarantined"]] == [0, 1, 2]


def test_batch_over_the_limit_is_refused(app, client, auth):
    app.config["MAX_BATCH_SIZE"] = 2
    response = post(client, auth, "/api/v1/feedback", {"records": [make_feedback(str(i)) for i in range(3)]})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "records"


def test_wrong_content_type_and_bad_json(client, auth):
    assert client.post("/api/v1/feedback", data="records=1", headers=auth("crm"),
                       content_type="text/plain").status_code == 415
    response = client.post("/api/v1/feedback", data=b"{\"records\": [", headers=auth("crm"),
                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] == "body"
    response = client.post("/api/v1/feedback", data=b"\xff\xfe{}", headers=auth("crm"),
                           content_type="application/json")
    assert response.status_code == 400


def test_opt_out_api(client, auth, check_response):
    response = post(client, auth, "/api/v1/opt-outs", {"identifiers": [{"kind": "twitter", "value": "@someone"},
                                                                       {"kind": "email", "value": "anonymous"}]})
    check_response(response, "post", "/api/v1/opt-outs")
    assert response.get_json()["identifiers_suppressed"] == 1 and response.get_json()["identifiers_blocked"] == 1
    # a malformed value was never anyone's identifier: nothing to suppress, and the answer says why (not the value)
    bad = post(client, auth, "/api/v1/opt-outs", {"identifiers": [{"kind": "phone", "value": "12"},
                                                                  {"kind": "email", "value": "0" * 300}]})
    check_response(bad, "post", "/api/v1/opt-outs")
    assert bad.status_code == 200 and bad.get_json()["identifiers_blocked"] == 2
    assert [w["field"] for w in bad.get_json()["warnings"]] == ["identifiers.0.value", "identifiers.1.value"]
    assert "0" * 300 not in bad.get_data(as_text=True)


def test_quarantine_list_retry_and_discard(client, auth, check_response):
    post(client, auth, "/api/v1/feedback", {"records": [make_feedback("f1", posted_at="soon"),
                                                        make_feedback("f2", posted_at="later")]})
    listing = client.get("/api/v1/quarantine", headers=auth("admin"))
    check_response(listing, "get", "/api/v1/quarantine")
    first, second = listing.get_json()["items"]
    assert listing.get_json()["total"] == 2 and first["errors"][0]["field"] == "posted_at"
    assert first["source"] == "api:feedback" and first["payload"]["external_id"] == "f1"

    unchanged = client.post(f"/api/v1/quarantine/{first['id']}/retry", json={"record": None}, headers=auth("admin"))
    assert unchanged.status_code == 200 and unchanged.get_json()["result"]["quarantined"]
    fixed = client.post(f"/api/v1/quarantine/{second['id']}/retry", json={"record": make_feedback("f2")},
                        headers=auth("admin"))
    check_response(fixed, "post", "/api/v1/quarantine/{entry_id}/retry")
    assert fixed.get_json()["result"]["created"] == 1 and fixed.get_json()["entry"]["status"] == "retried"
    again = client.post(f"/api/v1/quarantine/{second['id']}/retry", json={"record": None}, headers=auth("admin"))
    assert again.status_code == 409
    open_items = client.get("/api/v1/quarantine", headers=auth("admin")).get_json()["items"]
    assert [i["payload"]["external_id"] for i in open_items] == ["f1"]
    discarded = client.post(f"/api/v1/quarantine/{open_items[0]['id']}/discard", json={}, headers=auth("admin"))
    assert discarded.get_json()["status"] == "discarded" and discarded.get_json()["payload"] is None
    assert client.get("/api/v1/quarantine", headers=auth("admin")).get_json()["total"] == 0
    assert client.post("/api/v1/quarantine/999/discard", json={}, headers=auth("admin")).status_code == 404


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_nul_is_refused_in_any_json_encoding(client, auth, encoding):
    """The quick NUL pre-check on the raw body must not let an escaped NUL through in any encoding JSON allows."""
    body = json.dumps({"identifiers": [{"kind": "twitter", "value": "a\u0000b"}]}).encode(encoding)
    response = client.post("/api/v1/opt-outs", data=body, content_type="application/json", headers=auth("crm"))
    assert response.status_code == 422 and "NUL" in response.get_data(as_text=True)


def test_push_answers_name_the_internal_ids_of_what_they_stored(client, auth, check_response, session):
    from insight_service.models import Customer, Feedback, Purchase

    customers = post(client, auth, "/api/v1/customers", {"records": [make_customer("C1"), {"source": "crm"},
                                                                     make_customer("C2")]})
    stored = check_response(customers, "post", "/api/v1/customers").get_json()["stored"]
    assert [(s["index"], s["external_id"], s["status"]) for s in stored] == [(0, "C1", "created"), (2, "C2", "created")]
    for s in stored:
        assert session.get(Customer, s["id"]).external_id == s["external_id"]
    purchases = post(client, auth, "/api/v1/purchases", {"records": [make_purchase("L1", "C1")]}).get_json()
    assert session.get(Purchase, purchases["stored"][0]["id"]).external_id == "L1"
    feedback = post(client, auth, "/api/v1/feedback", {"records": [make_feedback("f1")]}).get_json()["stored"]
    assert feedback[0]["status"] == "created" and session.get(Feedback, feedback[0]["id"]).external_id == "f1"
    edited = post(client, auth, "/api/v1/feedback", {"records": [make_feedback("f1", text="Toch kapot gegaan."),
                                                                 make_feedback("f2")]}).get_json()["stored"]
    assert [(s["id"] == feedback[0]["id"], s["status"]) for s in edited] == [(True, "updated"), (False, "created")]
    again = post(client, auth, "/api/v1/customers", {"records": [make_customer("C2", name="Renamed"),
                                                                 make_customer("C1")]}).get_json()["stored"]
    assert [(s["external_id"], s["status"], s["id"]) for s in again] == [
        ("C2", "updated", stored[1]["id"]), ("C1", "unchanged", stored[0]["id"])]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_record_with_nul_is_quarantined_not_the_batch(client, auth, encoding):
    body = json.dumps({"records": [make_feedback("f1", text="a\u0000b"), make_feedback("f2")]}).encode(encoding)
    response = client.post("/api/v1/feedback", data=body, content_type="application/json", headers=auth("crm"))
    answer = response.get_json()
    assert response.status_code == 200 and answer["created"] == 1
    assert answer["quarantined"][0]["errors"] == [{"field": "text", "message": "must not contain NUL characters"}]
