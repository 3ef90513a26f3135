"""Events from later changes: an item linked to a customer after it was stored, and a complaint marked handled."""
from __future__ import annotations

from tests.records import granted, make_customer, make_feedback

POST = "Mijn nieuwe molen maakt een hels kabaal en de maalgraad klopt niet, erg teleurgesteld"


def _push(client, headers, route: str, records: list[dict]) -> dict:
    response = client.post(f"/api/v1/{route}", json={"records": records}, headers=headers)
    assert response.status_code == 200 and not response.get_json()["quarantined"], response.get_json()
    return response.get_json()


def _post(external_id: str = "t1", **extra) -> dict:
    """A negative public post by a handle no customer holds yet."""
    return make_feedback(external_id, source="twitter", channel="social", party="third", rating=None,
                         author={"twitter": "koffieliefhebber"}, text=POST, **extra)


def _owner(**extra) -> dict:
    """The CRM customer who turns out to hold that handle, with social profiling granted."""
    return make_customer("C7", handles={"twitter": "koffieliefhebber"}, **{"consents": [granted()], **extra})


def _complaints(receiver) -> list[dict]:
    return [b["data"] for b in receiver.bodies() if b["type"] == "feedback.complaint"]


def test_a_complaint_linked_later_is_announced_once(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["feedback.complaint"])
    _push(client, auth("crm"), "feedback", [_post()])
    run_jobs()
    assert _complaints(receiver) == []  # nobody's complaint yet: nothing to tell a CRM
    assert _push(client, auth("crm"), "customers", [_owner()])["linked"] == 1
    _push(client, auth("crm"), "customers", [_owner()])  # the same sync again links nothing new
    run_jobs()
    [complaint] = _complaints(receiver)
    assert complaint["customer"]["crm_id"] == "C7" and complaint["channel"] == "social"
    assert complaint["text"] == POST and complaint["sentiment"]["label"] == "negative"
    assert complaint["sku"] == "CM-100" and complaint["posted_at"].startswith("2026-03-05")


def test_no_complaint_when_the_owner_has_not_granted_social_profiling(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["feedback.complaint"])
    _push(client, auth("crm"), "feedback", [_post()])
    _push(client, auth("crm"), "customers", [_owner(consents=[])])
    run_jobs()
    assert _complaints(receiver) == []


def test_a_complaint_handled_before_it_was_linked_is_not_announced(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["feedback.complaint"])
    [stored] = _push(client, auth("crm"), "feedback", [_post()])["stored"]
    response = client.post(f"/api/v1/feedback/{stored['id']}/handled", headers=auth("service"),
                           json={"handler": "agent 7", "note": "answered on X"})
    assert response.status_code == 200, response.get_json()
    _push(client, auth("crm"), "customers", [_owner()])
    run_jobs()
    assert _complaints(receiver) == []


def test_linking_later_raises_the_risk_and_handling_lowers_it(client, auth, receiver, subscribe, run_jobs):
    subscribe(receiver.url, ["customer.risk_changed"])
    posts = [_post(f"t{n}", posted_at=f"2026-11-{20 + n}T10:00:00+00:00") for n in range(3)]
    stored = _push(client, auth("crm"), "feedback", posts)["stored"]
    _push(client, auth("crm"), "customers", [_owner()])
    run_jobs()
    raised = [b["data"]["risk"] for b in receiver.bodies()]
    assert raised and raised[-1]["previous"] == "low" and raised[-1]["level"] != "low"
    for item in stored:
        response = client.post(f"/api/v1/feedback/{item['id']}/handled", headers=auth("service"), json={})
        assert response.status_code == 200, response.get_json()
    run_jobs()
    risks = [b["data"]["risk"] for b in receiver.bodies()]
    assert len(risks) > len(raised)
    assert risks[-1]["previous"] == raised[-1]["level"] and risks[-1]["level"] != raised[-1]["level"]
