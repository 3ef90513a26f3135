"""SSRF protection: private, loopback, link-local and metadata addresses refused, the connected peer checked, and
no redirect followed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from insight_service.models import WebhookDelivery
from insight_service.webhooks import transport
from insight_service.webhooks.endpoints import EndpointInvalid, check_url
from tests.reliability.conftest import assert_problem, push_seed


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                                     "fd00:ec2::254", "224.0.0.1", "240.0.0.1"])
def test_addresses_that_are_not_public_are_refused(address):
    assert not transport.public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert transport.public(address)


@pytest.mark.parametrize("url", ["https://127.0.0.1/hook", "https://localhost/hook", "https://169.254.169.254/x",
                                 "https://[::1]/hook", "https://10.0.0.5/hook", "https://0x7f000001/hook"])
def test_an_endpoint_on_a_private_address_is_refused(url):
    with pytest.raises(EndpointInvalid) as refused:
        check_url(url, allow_private=False)
    assert refused.value.field == "url"


def test_plain_http_is_refused_outside_demo_and_tests():
    with pytest.raises(EndpointInvalid, match="https"):
        check_url("http://example.com/hook", allow_private=False)


def test_the_api_refuses_a_loopback_url_as_a_problem(app, client, auth):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    response = client.post("/api/v1/webhooks", json={"url": "https://127.0.0.1:8443/hook", "role": "crm",
                                                     "event_types": ["feedback.complaint"]}, headers=auth("admin"))
    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "url"


def test_the_connected_peer_is_checked_even_when_the_name_passed(receiver):
    """A host whose DNS answer changed after the check (rebinding) still reaches no private address."""
    sent = transport.post(transport.make_session(allow_private=False), receiver.url, b"{}", {}, 5,
                          allow_private=True)  # skip the name check: only the peer check stands
    assert sent.outcome.permanent and "not public" in sent.outcome.error
    assert receiver.received == []


def test_a_delivery_to_a_private_address_is_refused_and_dead(app, client, auth, receiver, subscribe, run_jobs,
                                                              session, deliveries):
    endpoint = subscribe(receiver.url, ["feedback.complaint"])  # made while allowed (tests)
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False  # as in production
    push_seed(client, auth("crm"))
    run_jobs()
    assert receiver.received == []
    found = deliveries(endpoint["id"])
    assert found and {d["status"] for d in found} == {"dead"}
    assert all("refused" in d["last_error"] for d in found)


def test_redirects_are_not_followed(receiver, httpserver, subscribe, client, auth, run_jobs, deliveries):
    receiver.statuses = [302, 302]
    receiver.headers = {"Location": httpserver.url_for("/elsewhere")}
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    push_seed(client, auth("crm"))
    run_jobs()
    assert [r for r in httpserver.log if r[0].path == "/elsewhere"] == []
    assert {d["last_error"] for d in deliveries(endpoint["id"])} == {"HTTP 302: redirects are not followed"}
