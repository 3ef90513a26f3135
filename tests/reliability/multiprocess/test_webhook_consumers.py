"""Webhook deliveries on two consumer processes: a consumer killed mid-batch loses no event, its job is handed to
the other consumer, every event reaches the receiver (those in flight at the kill, at most one per worker thread,
may arrive twice with the same webhook-id), each customer's events arrive in order, and none is recorded twice.
"""
from __future__ import annotations

import json
import threading
import uuid
from collections import Counter

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Response

from insight_service.jobs.engine import make_huey
from insight_service.models import Job, OutboxEvent, WebhookAttempt, WebhookDelivery
from insight_service.webhooks.events import SHARDS
from tests.records import make_customer, make_feedback
from tests.reliability.multiprocess.live_server import TIMEOUT, consumers, kill
from tests.reliability.multiprocess.test_job_consumers import ENGINES, REDIS_URL, wait_for

CUSTOMERS, EACH, HOLD_AT = 8, 3, 6
WORKERS = 2  # threads per consumer (live_server.consumers)


class HoldingReceiver:
    """A threaded receiver that holds the HOLD_AT-th request until released (its sender is killed meanwhile)."""

    def __init__(self) -> None:
        self.server = HTTPServer(threaded=True)
        self.received: list[dict] = []
        self.lock, self.held, self.release = threading.Lock(), threading.Event(), threading.Event()
        self.server.expect_request("/hook", method="POST").respond_with_handler(self.handle)

    def handle(self, request):
        """Record the request; hold one of them."""
        with self.lock:
            self.received.append(json.loads(request.get_data()) | {"id": request.headers["webhook-id"]})
            hold = len(self.received) == HOLD_AT
        if hold:
            self.held.set()
            self.release.wait(TIMEOUT)
        return Response("ok", status=200)


@pytest.fixture(params=ENGINES)
def hook_env(request, database, server_env, tmp_path):
    """The consumers' environment on one engine backend, with a queue of this test's own (private addresses
    allowed: the receiver is on loopback)."""
    name = f"hooks-{uuid.uuid4().hex[:10]}"
    engine = request.param if request.param != "paired" else ("sqlite" if database[0] == "sqlite" else "redis")
    url = f"sqlite:///{tmp_path / 'jobs.sqlite'}" if engine == "sqlite" else REDIS_URL
    yield {**server_env, "JOBS_URL": url, "JOBS_NAME": name, "WEBHOOKS_ALLOW_PRIVATE": "1",
           "CONNECTORS_FILE": ""}
    make_huey(url, name).flush()


def test_a_consumer_killed_mid_batch_loses_no_event(app, hook_env, session, ingest_into):
    from insight_service.webhooks.endpoints import create_endpoint

    app.config.update(JOBS_URL=hook_env["JOBS_URL"], JOBS_NAME=hook_env["JOBS_NAME"])
    receiver = HoldingReceiver()
    receiver.server.start()
    tag = uuid.uuid4().hex[:6]
    try:
        endpoint, _secret = create_endpoint(session, {"url": receiver.server.url_for("/hook"), "role": "crm",
                                                      "event_types": ["feedback.complaint"]}, allow_private=True)
        session.commit()
        ingest_into("customer", [make_customer(f"{tag}-{i}", email=f"k{i}.{tag}@mailbox.nl") for i in range(CUSTOMERS)])
        with consumers(hook_env, 2) as procs:
            ingest_into("feedback", [make_feedback(f"{tag}-{i}-{n}", author={"email": f"k{i}.{tag}@mailbox.nl"},
                                                   rating=1, text=f"Kapot, slechte kwaliteit ({n})")
                                     for n in range(EACH) for i in range(CUSTOMERS)])
            assert receiver.held.wait(TIMEOUT), ([p.poll() for p in procs], receiver.received)
            shard = receiver.received[HOLD_AT - 1]["data"]["customer"]["id"] % SHARDS
            session.rollback()
            job = session.scalar(select(Job).where(Job.kind == "deliver", Job.status == "running",
                                                   Job.params["endpoint"].as_integer() == endpoint.id,
                                                   Job.params["shard"].as_integer() == shard))
            assert job is not None
            victim = next(p for p in procs if job.worker.endswith(f":{p.pid}"))
            kill(victim)  # mid-batch: its request is in flight, its outcome never committed
            receiver.release.set()

            def all_delivered():
                session.rollback()
                states = list(session.scalars(select(WebhookDelivery.status).where(
                    WebhookDelivery.endpoint_id == endpoint.id)))
                return len(states) == CUSTOMERS * EACH and set(states) == {"delivered"}

            assert wait_for(all_delivered), Counter(session.scalars(select(WebhookDelivery.status)))
    finally:
        receiver.release.set()
        receiver.server.clear()
        receiver.server.stop()
    session.rollback()
    events = {uid: cid for uid, cid in session.execute(select(OutboxEvent.uid, OutboxEvent.customer_id).join(
        WebhookDelivery, WebhookDelivery.event_id == OutboxEvent.id).where(WebhookDelivery.endpoint_id == endpoint.id))}
    ids = [r["id"] for r in receiver.received]
    assert set(ids) == set(events)  # none lost
    repeats = [i for i, n in Counter(ids).items() if n > 1]
    # only what the killed consumer had in flight (one request per worker thread) was sent again, same webhook-id
    assert len(repeats) <= WORKERS
    delivered = Counter(session.scalars(select(WebhookAttempt.delivery_id).join(
        WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id).where(
        WebhookDelivery.endpoint_id == endpoint.id, WebhookAttempt.outcome == "delivered")))
    assert len(delivered) == CUSTOMERS * EACH and set(delivered.values()) == {1}  # recorded once each
    order = {uid: n for n, uid in enumerate(session.scalars(select(OutboxEvent.uid).order_by(OutboxEvent.id)))}
    for customer in set(events.values()):
        mine = [order[i] for i in dict.fromkeys(i for i in ids if events[i] == customer)]  # first arrivals
        assert mine == sorted(mine), customer  # in order per customer
