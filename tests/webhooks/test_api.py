"""The webhook routes: the secret shown once, changes, rotation with both signatures, deletion, problems."""
from __future__ import annotations

import base64

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from insight_service.webhooks.signing import sign
from tests.reliability.conftest import assert_problem, push_seed

BODY = {"url": "http://127.0.0.1:9/hook", "event_types": ["feedback.complaint"], "role": "crm"}


def test_the_secret_is_shown_once(client, auth, check_response):
    created = check_response(client.post("/api/v1/webhooks", json=BODY, headers=auth("admin")), "post",
                             "/api/v1/webhooks").get_json()
    assert created["secret"].startswith("whsec_") and len(base64.b64decode(created["secret"][6:])) == 32
    read = check_response(client.get(f"/api/v1/webhooks/{created['id']}", headers=auth("admin")), "get",
                          "/api/v1/webhooks/{webhook_id}").get_json()
    listed = client.get("/api/v1/webhooks", headers=auth("admin")).get_json()["items"]
    assert "secret" not in read and all("secret" not in e for e in listed)
    assert created["secret"] not in str(listed) + str(read)


def test_an_endpoint_is_changed_and_deleted(client, auth):
    created = client.post("/api/v1/webhooks", json=BODY, headers=auth("admin")).get_json()
    path = f"/api/v1/webhooks/{created['id']}"
    changed = client.patch(path, json={"event_types": ["consent.changed", "customer.erased"], "role": "sales",
                                       "filter": {"channel": "review"}}, headers=auth("admin")).get_json()
    assert changed["event_types"] == ["consent.changed", "customer.erased"] and changed["filter"] == {"channel": "review"}
    assert client.delete(path, headers=auth("admin")).status_code == 204
    assert_problem(client.get(path, headers=auth("admin")), 404)


def test_rotation_keeps_the_old_secret_valid_with_both_signatures(client, auth, receiver, subscribe, run_jobs):
    old = subscribe(receiver.url, ["feedback.complaint"])
    rotated = client.post(f"/api/v1/webhooks/{old['id']}/secret", headers=auth("admin")).get_json()
    assert rotated["secret"] != old["secret"] and rotated["previous_secret_expires_at"]
    push_seed(client, auth("crm"))
    run_jobs()
    got = receiver.received[0]
    assert len(got["headers"]["Webhook-Signature"].split(" ")) == 2
    Webhook(old["secret"]).verify(got["body"], got["headers"])  # receivers still on the old secret
    Webhook(rotated["secret"]).verify(got["body"], got["headers"])  # and those already on the new one


def test_a_wrong_secret_does_not_verify(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["feedback.complaint"])
    push_seed(client, auth("crm"))
    run_jobs()
    got = receiver.received[0]
    other = "whsec_" + base64.b64encode(b"k" * 32).decode()
    try:
        Webhook(other).verify(got["body"], got["headers"])
        raise AssertionError("verified under another secret")
    except WebhookVerificationError:
        pass


def test_the_signature_is_the_spec_algorithm():
    """Computed by hand from the spec: base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))."""
    import hashlib
    import hmac

    key = bytes(range(32))
    secret = "whsec_" + base64.b64encode(key).decode()
    expected = base64.b64encode(hmac.new(key, b"msg_1.1700000000.{\"a\":1}", hashlib.sha256).digest()).decode()
    assert sign(secret, "msg_1", 1700000000, b'{"a":1}') == "v1," + expected
    signed = Webhook(secret).sign("msg_1", __import__("datetime").datetime.fromtimestamp(1700000000), '{"a":1}')
    assert signed == "v1," + expected


def test_bad_input_is_a_problem_naming_the_field(client, auth):
    cases = [({**BODY, "event_types": ["nope"]}, "event_types.0"), ({**BODY, "role": "boss"}, "role"),
             ({**BODY, "url": "ftp://x/y"}, "url"), ({**BODY, "event_types": []}, "event_types"),
             ({**BODY, "filter": {"channel": "fax"}}, "filter.channel")]
    for body, field in cases:
        problem = assert_problem(client.post("/api/v1/webhooks", json=body, headers=auth("admin")), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    created = client.post("/api/v1/webhooks", json=BODY, headers=auth("admin")).get_json()
    assert client.patch(f"/api/v1/webhooks/{created['id']}", json={}, headers=auth("admin")).status_code == 200
    assert_problem(client.post(f"/api/v1/webhooks/{created['id']}/deliveries/99/retry", headers=auth("admin")), 404)
    assert_problem(client.get("/api/v1/webhooks", headers=auth("crm")), 403)


def test_a_cancelled_delivery_is_not_resent(client, auth, receiver, subscribe, run_jobs, deliveries):
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    customer_id = push_seed(client, auth("crm"))
    client.post(f"/api/v1/customers/{customer_id}/consents", headers=auth("crm"),
                json={"purpose": "social_profiling", "status": "withdrawn"})
    run_jobs()
    [cancelled] = [d for d in deliveries(endpoint["id"]) if d["status"] == "cancelled"]
    response = client.post(f"/api/v1/webhooks/{endpoint['id']}/deliveries/{cancelled['id']}/retry",
                           headers=auth("admin"))
    assert_problem(response, 409)


def test_the_readme_receiver_verifies_a_real_delivery(client, auth, receiver, subscribe, run_jobs):
    """The copy-paste example of the README, run against what a receiver got."""
    import re
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text()
    code = re.search(r"```python\n(import base64.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own README's example
    endpoint = subscribe(receiver.url, ["feedback.complaint"])
    push_seed(client, auth("crm"))
    run_jobs()
    got = receiver.received[0]
    headers = {k.lower(): v for k, v in got["headers"].items()}
    assert namespace["verify"](endpoint["secret"], headers, got["body"])
    assert not namespace["verify"](endpoint["secret"], headers, got["body"] + b" ")


@pytest.mark.parametrize("enabled", [0, 1, "true", "yes", None])
def test_enabled_must_be_a_json_boolean(client, auth, enabled):
    body = {"url": "https://hooks.example.com/x", "role": "crm", "event_types": ["feedback.complaint"],
            "enabled": enabled}
    response = client.post("/api/v1/webhooks", headers=auth("admin"), json=body)
    assert response.status_code == 422
    assert any(e["field"] == "enabled" for e in response.get_json()["errors"])
