"""Department views: the service queue, marketing lists and sales signals."""
import pytest

from tests.records import granted, make_customer, make_feedback
from tests.leaks import assert_absent
from tests.services.insight_data import TICKET, ago, anna, item_id

QUEUE = "/api/v1/service/queue"


def test_queue_is_oldest_first_with_age_value_and_pain_points(client, auth, check_response, ingest_into, session):
    anna(ingest_into, session)
    response = check_response(client.get(QUEUE, headers=auth("service")), "get", QUEUE)
    items = response.get_json()["items"]
    assert [i["id"] for i in items] == [item_id(session, "z1"), item_id(session, "t1")]
    first = items[0]
    assert first["text"] == TICKET and first["age_days"] == 10 and first["customer_value"] == "600.00"
    assert "defect" in first["pain_points"] and first["kind"] == "complaint"
    tickets = client.get(QUEUE + "?channel=ticket", headers=auth("service")).get_json()["items"]
    assert [i["channel"] for i in tickets] == ["ticket"]


def test_queue_drops_public_posts_without_consent_and_unlinked_items(client, auth, ingest_into, session):
    anna(ingest_into, session, consents=[granted("marketing")])
    ingest_into("customer", [make_customer("C2", consents=[granted()], handles={"twitter": "bert"})])
    ingest_into("feedback", [make_feedback("s1", author={"email": "stranger@example.org"}, text="Kapot!",
                                           rating=1, posted_at=ago(3))])
    ids = [i["id"] for i in client.get(QUEUE, headers=auth("service")).get_json()["items"]]
    assert ids == [item_id(session, "z1")]


def test_handled_unknown_item_is_404(client, auth, check_response):
    response = client.post("/api/v1/feedback/4242/handled", headers=auth("service"), json={})
    assert check_response(response, "post", "/api/v1/feedback/{feedback_id}/handled").status_code == 404


def test_marketing_lists_respect_consent(client, auth, check_response, ingest_into, session):
    ingest_into("customer", [make_customer("C7", consents=[granted("marketing"), granted("testimonial")]),
                             make_customer("C8", consents=[])])
    ingest_into("feedback", [
        make_feedback(f"p{c}{i}", author={"email": f"klant.c{c}@mailbox.nl"}, posted_at=ago(10 + i))
        for c in (7, 8) for i in range(2)])
    for path in ("advocates", "testimonials"):
        url = f"/api/v1/marketing/{path}"
        body = check_response(client.get(url, headers=auth("marketing")), "get", url).get_json()
        assert {i["customer_id"] for i in body["items"]} == {1}, path
    url = "/api/v1/marketing/review-requests"
    assert check_response(client.get(url, headers=auth("marketing")), "get", url).status_code == 200
    url = "/api/v1/marketing/mix"
    mix = check_response(client.get(url, headers=auth("marketing")), "get", url).get_json()
    assert mix["channels"] == {"review": 4} and mix["journey_stages"]["advocacy"] == 4


def test_sales_signals_have_reasons_and_no_text(client, auth, check_response, ingest_into, session):
    anna(ingest_into, session)
    url = "/api/v1/sales/signals"
    response = check_response(client.get(url, headers=auth("sales")), "get", url)
    body = response.get_json()
    assert body["at_risk"][0]["level"] == "high"
    assert {r["code"] for r in body["at_risk"][0]["reasons"]} >= {"unanswered_complaint", "high_value"}
    assert_absent(response.get_data(as_text=True), [TICKET, "kapot", "lekt", "aanrader"])


def test_a_second_handling_keeps_the_first_agents_note(client, auth, check_response, ingest_into, session):
    cid = anna(ingest_into, session)
    ticket = item_id(session, "z1")
    url = f"/api/v1/feedback/{ticket}/handled"
    first = client.post(url, headers=auth("service"), json={"handler": "Ria", "note": "Sent a new seal"})
    check_response(first, "post", "/api/v1/feedback/{feedback_id}/handled")
    second = check_response(client.post(url, headers=auth("service"), json={"handler": "Tom", "note": "Called back"}),
                            "post", "/api/v1/feedback/{feedback_id}/handled").get_json()
    assert second["handled_by"] == "Tom" and second["handled_note"] == "Called back"
    assert [(h["handled_by"], h["note"]) for h in second["history"]] == [("Ria", "Sent a new seal"),
                                                                         ("Tom", "Called back")]
    insight = client.get(f"/api/v1/customers/{cid}/insight", headers=auth("service")).get_json()
    latest = next(i for i in insight["feedback"]["latest"] if i["id"] == ticket)
    assert [h["note"] for h in latest["handling"]] == ["Sent a new seal", "Called back"]
    history = client.get(f"/api/v1/customers/{cid}/feedback", headers=auth("service")).get_json()["items"]
    assert [h["handled_by"] for h in next(i for i in history if i["id"] == ticket)["handling"]] == ["Ria", "Tom"]
    hidden = client.get(f"/api/v1/customers/{cid}/feedback", headers=auth("marketing")).get_json()["items"]
    assert all(i["handling"] == [] for i in hidden)


def test_queue_has_a_total_and_sort_options(client, auth, check_response, ingest_into, session):
    anna(ingest_into, session)
    newest = check_response(client.get(QUEUE + "?sort=recency&limit=1", headers=auth("service")), "get", QUEUE)
    body = newest.get_json()
    assert body["total"] == 2 and body["sort"] == "recency" and body["items"][0]["id"] == item_id(session, "t1")
    bad = client.get(QUEUE + "?sort=random", headers=auth("service"))
    assert bad.status_code == 422 and "sort" in bad.get_data(as_text=True)
