"""Events from real changes delivered to a receiver: signed per Standard Webhooks, in order, filtered by role."""
from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook
from sqlalchemy import select

from insight_service.models import OutboxEvent, WebhookDelivery
from tests.records import make_feedback
from tests.reliability.conftest import push_seed

PERSON = ("feedback.complaint", "customer.risk_changed", "customer.sentiment_changed", "consent.changed",
          "customer.erased")


def test_a_complaint_arrives_signed_as_the_spec_says(client, auth, receiver, subscribe, run_jobs):
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    customer_id = push_seed(client, auth("crm"))
    run_jobs()
    assert receiver.types() == ["feedback.complaint", "feedback.complaint"]
    verifier = Webhook(endpoint["secret"])  # the reference implementation of the spec
    for got in receiver.received:
        payload = verifier.verify(got["body"], got["headers"])
        assert payload["type"] == "feedback.complaint" and payload["timestamp"] and payload["data"]
        assert payload["data"]["customer"] == {"id": customer_id, "crm_source": "crm", "crm_id": "C1"}
        assert got["headers"]["Webhook-Id"].startswith("msg_")
    assert {b["data"]["channel"] for b in receiver.bodies()} == {"ticket", "social"}
    assert "lekt" in receiver.bodies()[0]["data"]["text"]  # crm reads texts of every channel


def test_a_rolled_back_change_sends_nothing(app, session, hasher, receiver, subscribe, run_jobs):
    from insight_service.services.ingest.entry import ingest
    from tests.records import make_customer

    subscribe(receiver.url, PERSON)
    ingest(session, "customer", [make_customer("C9", email="x9@mailbox.nl")], origin="test", hasher=hasher)
    ingest(session, "feedback", [make_feedback("r1", author={"email": "x9@mailbox.nl"}, rating=1,
                                               text="Kapot en slecht, heel teleurgesteld")], origin="test",
           hasher=hasher)
    assert session.scalar(select(OutboxEvent.id)) is not None  # written in the transaction...
    session.rollback()
    run_jobs()
    assert session.scalar(select(OutboxEvent.id)) is None and session.scalar(select(WebhookDelivery.id)) is None
    assert receiver.received == []


def complaint(external_id: str, email: str, **extra) -> dict:
    """A negative first-party review by the customer with this e-mail."""
    return make_feedback(external_id, author={"email": email}, rating=1,
                         **{"text": "Kapot na een week, heel slechte kwaliteit", **extra})


def customers(ingest_into, *ids: str) -> None:
    """CRM customers with these external ids (e-mail klant.<id>@mailbox.nl)."""
    from tests.records import make_customer

    ingest_into("customer", [make_customer(i) for i in ids])


def make_due(session) -> None:
    """Move every waiting delivery's next attempt to now (time passes, without waiting for it)."""
    from sqlalchemy import update

    from insight_service.models import utcnow

    session.execute(update(WebhookDelivery).where(WebhookDelivery.status.in_(("pending", "retrying")))
                    .values(next_attempt_at=utcnow()))
    session.commit()


def tick(app) -> None:
    """What the periodic tick does for webhooks: submit the delivery jobs with something due."""
    from insight_service.jobs.schedules import submit_webhook_jobs

    submit_webhook_jobs(app)


def test_a_failed_delivery_is_retried_later_and_then_delivered(app, session, ingest_into, receiver, subscribe,
                                                               run_jobs, deliveries):
    receiver.statuses = [503]
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    customers(ingest_into, "C1")
    ingest_into("feedback", [complaint("k1", "klant.c1@mailbox.nl")])
    run_jobs()
    [delivery] = deliveries(endpoint["id"])
    assert delivery["status"] == "retrying" and delivery["next_attempt_at"] and delivery["last_response_code"] == 503
    assert delivery["attempt_log"][0]["outcome"] == "retry" and delivery["attempt_log"][0]["error"] == "HTTP 503"
    tick(app)
    run_jobs()
    assert len(receiver.received) == 1  # not due yet: nothing sent before its back-off
    make_due(session)
    tick(app)
    run_jobs()
    [delivery] = deliveries(endpoint["id"])
    assert delivery["status"] == "delivered" and delivery["attempts"] == 2 and len(receiver.received) == 2
    assert receiver.received[0]["headers"]["Webhook-Id"] == receiver.received[1]["headers"]["Webhook-Id"]


def test_retry_after_is_honoured(session, ingest_into, receiver, subscribe, run_jobs):
    from insight_service.models import WebhookAttempt

    receiver.statuses, receiver.headers = [429], {"Retry-After": "7200"}
    subscribe(receiver.url, ["feedback.complaint"])
    customers(ingest_into, "C1")
    ingest_into("feedback", [complaint("k1", "klant.c1@mailbox.nl")])
    run_jobs()
    delivery = session.scalar(select(WebhookDelivery))
    attempt = session.scalar(select(WebhookAttempt))
    assert delivery.status == "retrying"
    assert (delivery.next_attempt_at - attempt.attempted_at).total_seconds() >= 7200


def test_a_customers_events_go_out_in_order_and_others_are_not_held_up(app, session, ingest_into, receiver,
                                                                       subscribe, run_jobs):
    receiver.statuses = [500]
    subscribe(receiver.url, ["feedback.complaint"])
    customers(ingest_into, "C1", "C2")
    ingest_into("feedback", [complaint("a1", "klant.c1@mailbox.nl")])
    ingest_into("feedback", [complaint("a2", "klant.c1@mailbox.nl", text="Weer kapot, slechte kwaliteit")])
    ingest_into("feedback", [complaint("b1", "klant.c2@mailbox.nl")])
    run_jobs()
    ids = [b["data"]["feedback_id"] for b in receiver.bodies()]
    first, second, other = [session.scalar(select(OutboxEvent.data["feedback_id"].as_integer())
                                           .where(OutboxEvent.id == i)) for i in (1, 2, 3)]
    assert ids[0] == first and second not in ids and other in ids  # a2 waits behind a1; C2 does not
    make_due(session)
    tick(app)
    run_jobs()
    ids = [b["data"]["feedback_id"] for b in receiver.bodies()]
    assert ids.count(first) == 2 and ids.index(second) > max(i for i, x in enumerate(ids) if x == first)


def test_4xx_is_dead_at_once_and_the_endpoint_is_disabled_after_n_dead(app, client, auth, session, ingest_into,
                                                                       receiver, subscribe, run_jobs, deliveries):
    app.config["WEBHOOK_DISABLE_AFTER"] = 2
    receiver.statuses = [400, 410]
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    customers(ingest_into, "C1", "C2", "C3")
    ingest_into("feedback", [complaint("a1", "klant.c1@mailbox.nl"), complaint("b1", "klant.c2@mailbox.nl")])
    run_jobs()
    assert [d["status"] for d in deliveries(endpoint["id"])] == ["dead", "dead"]
    state = client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=auth("admin")).get_json()
    assert state["enabled"] is False and state["consecutive_dead"] == 2
    assert "2 consecutive dead deliveries" in state["disabled_reason"] and "HTTP 4" in state["disabled_reason"]
    ingest_into("feedback", [complaint("c1", "klant.c3@mailbox.nl")])
    run_jobs()
    assert len(receiver.received) == 2  # nothing goes to a disabled endpoint
    response = client.patch(f"/api/v1/webhooks/{endpoint['id']}", json={"enabled": True}, headers=auth("admin"))
    assert response.status_code == 200 and response.get_json()["disabled_reason"] is None


def test_a_delivery_can_be_resent(client, auth, session, ingest_into, receiver, subscribe, run_jobs, deliveries):
    receiver.statuses = [404]
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    customers(ingest_into, "C1")
    ingest_into("feedback", [complaint("a1", "klant.c1@mailbox.nl")])
    run_jobs()
    [dead] = deliveries(endpoint["id"])
    response = client.post(f"/api/v1/webhooks/{endpoint['id']}/deliveries/{dead['id']}/retry", headers=auth("admin"))
    assert response.status_code == 202 and response.get_json()["status"] == "pending"
    run_jobs()
    [done] = deliveries(endpoint["id"])
    assert done["status"] == "delivered" and [a["outcome"] for a in done["attempt_log"]] == ["dead", "delivered"]


def test_payloads_carry_only_what_the_role_may_read(client, auth, receiver, httpserver, subscribe, run_jobs):
    sales = subscribe(receiver.url, ["feedback.complaint"], role="sales")
    push_seed(client, auth("crm"))
    run_jobs()
    assert len(receiver.bodies()) == 2 and sales["role"] == "sales"
    for body in receiver.bodies():
        assert "text" not in body["data"] and "url" not in body["data"]  # sales reads no texts
    assert "Sanne" not in str(receiver.received) and "mailbox" not in str(receiver.received)


def test_marketing_gets_no_ticket_texts(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["feedback.complaint"], role="marketing")
    push_seed(client, auth("crm"))
    run_jobs()
    by_channel = {b["data"]["channel"]: b["data"] for b in receiver.bodies()}
    assert "text" not in by_channel["ticket"] and "kapot" in by_channel["social"]["text"]


def test_an_rnd_subscription_leaves_out_person_events(client, auth, receiver, subscribe, run_jobs):
    endpoint = subscribe(receiver.url, ["pain_point.emerging", "feedback.complaint", "consent.changed"], role="rnd")
    assert endpoint["event_types"] == ["pain_point.emerging"]
    push_seed(client, auth("crm"))  # complaints and consent changes of a person: none for R&D
    run_jobs()
    assert receiver.received == []


def test_an_rnd_subscription_gets_aggregates_and_nothing_personal(app, session, ingest_into, httpserver, subscribe,
                                                                  run_jobs):
    from insight_service.jobs import run_inline
    from insight_service.models import utcnow
    from tests.conftest import TEST_SECRETS  # noqa: F401
    from tests.leaks import assert_absent
    from tests.webhooks.conftest import Receiver

    rnd = Receiver(httpserver)
    subscribe(rnd.url, ["pain_point.emerging", "theme.emerging"], role="rnd")
    customers(ingest_into, *[f"E{i}" for i in range(7)])
    now = utcnow().isoformat()
    ingest_into("feedback", [make_feedback(f"e{i}", author={"email": f"klant.e{i}@mailbox.nl"}, rating=1,
                                           posted_at=now, text=f"De machine lekt water, klant {i} is boos")
                             for i in range(7)])
    run_inline(app, "emerging")
    run_jobs()
    assert rnd.types() and set(rnd.types()) <= {"pain_point.emerging", "theme.emerging"}
    assert_absent(str(rnd.received), ["mailbox", "klant", "Klant E", "customer", "lekt water"])
    emerging = next(b["data"] for b in rnd.bodies() if b["type"] == "pain_point.emerging")
    assert emerging["sku"] == "CM-100" and emerging["count"] >= 5
    run_inline(app, "emerging")
    run_jobs()
    assert len(rnd.types()) == len(set(rnd.types()))  # announced once


def test_erasure_stops_pending_deliveries_and_leaves_nothing_personal(client, auth, session, receiver, subscribe,
                                                                      run_jobs, deliveries):
    from tests.leaks import assert_absent, table_dump
    from tests.reliability.conftest import SEED_EMAIL

    endpoint = subscribe(receiver.url, PERSON)
    customer_id = push_seed(client, auth("crm"))
    assert deliveries(endpoint["id"])  # complaints, consents, risk: waiting
    response = client.delete(f"/api/v1/customers/{customer_id}", headers=auth("crm"))
    assert response.status_code == 200
    run_jobs()
    erased = [b for b in receiver.bodies() if b["data"].get("customer", {}).get("id") == customer_id]
    assert [b["type"] for b in erased] == ["customer.erased"]
    assert erased[0]["data"]["customer"] == {"id": customer_id, "crm_source": "crm", "crm_id": "C1"}
    event = session.scalar(select(OutboxEvent).where(OutboxEvent.type == "customer.erased"))
    assert event.data == {"customer": {"id": customer_id}}  # the CRM ids go once it was delivered
    assert_absent(table_dump(session), [SEED_EMAIL, "Sanne", "sannej", "lekt", "molen"])


def test_withdrawn_consent_stops_a_pending_social_complaint(client, auth, receiver, subscribe, run_jobs,
                                                            deliveries):
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    customer_id = push_seed(client, auth("crm"))
    response = client.post(f"/api/v1/customers/{customer_id}/consents", headers=auth("crm"),
                           json={"purpose": "social_profiling", "status": "withdrawn"})
    assert response.status_code == 201
    run_jobs()
    assert [b["data"]["channel"] for b in receiver.bodies()] == ["ticket"]
    cancelled = [d for d in deliveries(endpoint["id"]) if d["status"] == "cancelled"]
    assert len(cancelled) == 1 and cancelled[0]["last_error"]


def test_a_withdrawal_after_delivery_leaves_no_text_of_the_post_in_the_outbox(client, auth, session, receiver,
                                                                               subscribe, run_jobs):
    from tests.leaks import assert_absent, table_dump

    subscribe(receiver.url, ["feedback.complaint"])
    customer_id = push_seed(client, auth("crm"))
    run_jobs()
    [(uid, post)] = [(got["headers"]["Webhook-Id"], body["data"])
                     for got, body in zip(receiver.received, receiver.bodies()) if body["data"]["channel"] == "social"]
    assert "molen" in post["text"]  # delivered with its text while consent held
    response = client.post(f"/api/v1/customers/{customer_id}/consents", headers=auth("crm"),
                           json={"purpose": "social_profiling", "status": "withdrawn"})
    assert response.status_code == 201
    session.expire_all()
    event = session.scalar(select(OutboxEvent).where(OutboxEvent.uid == uid))
    assert {"text", "url"}.isdisjoint(event.data)
    assert_absent(table_dump(session), [post["text"]])


def test_consent_and_risk_changes_are_events(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["consent.changed", "customer.risk_changed"])
    push_seed(client, auth("crm"))
    run_jobs()
    consents = [b["data"] for b in receiver.bodies() if b["type"] == "consent.changed"]
    assert sorted(c["purpose"] for c in consents) == ["marketing", "social_profiling", "testimonial"]
    risks = [b["data"]["risk"] for b in receiver.bodies() if b["type"] == "customer.risk_changed"]
    assert risks and risks[0]["previous"] == "low" and risks[0]["level"] in ("medium", "high")
