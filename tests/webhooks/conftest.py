"""Fixtures of the webhook tests: a receiver served by pytest-httpserver, and subscribing through the API."""
from __future__ import annotations

import json

import pytest
from werkzeug import Response

from tests.reliability.conftest import push_seed, seed_records  # noqa: F401 - shared seed data


class Receiver:
    """A webhook receiver: answers each POST with the next scripted status (then 200) and keeps what it got."""

    def __init__(self, server) -> None:
        self.server, self.statuses, self.received = server, [], []
        self.headers: dict = {}
        server.expect_request("/hook", method="POST").respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        """Where endpoints point."""
        return self.server.url_for("/hook")

    def handle(self, request):
        """Record the request; answer with the next scripted status."""
        self.received.append({"headers": dict(request.headers), "body": request.get_data()})
        status = self.statuses.pop(0) if self.statuses else 200
        return Response("ok", status=status, headers=self.headers)

    def bodies(self) -> list[dict]:
        """The JSON bodies received, in order."""
        return [json.loads(r["body"]) for r in self.received]

    def types(self) -> list[str]:
        """The event types received, in order."""
        return [b["type"] for b in self.bodies()]


@pytest.fixture
def receiver(httpserver):
    """A receiver on loopback (deliveries may reach it: tests allow private addresses)."""
    return Receiver(httpserver)


@pytest.fixture
def subscribe(client, auth):
    """Create an endpoint through the API; its JSON (with the secret, shown once)."""

    def _subscribe(url: str, event_types, role: str = "crm", **extra) -> dict:
        response = client.post("/api/v1/webhooks", json={"url": url, "event_types": list(event_types), "role": role,
                                                         **extra}, headers=auth("admin"))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return _subscribe


@pytest.fixture
def deliveries(client, auth):
    """An endpoint's deliveries through the API, newest first."""

    def _deliveries(webhook_id: int, **query) -> list[dict]:
        response = client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", query_string=query, headers=auth("admin"))
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    return _deliveries
