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
    from insight_service.services.ingest import ingest
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
