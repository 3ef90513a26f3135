"""Bad input on every /api/v1 route with a body or query: a clear problem document, and the database unchanged.

"Unchanged" compares every table before and after (tests/reliability/conftest.py:snapshot), leaving out the
audit log and api_keys.last_used_at, which every authenticated request may legitimately touch. Records of a
batch that fail validation are quarantined by design (README, docs/records.md): for them the suite checks
that nothing but the quarantine row is added.
"""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import inspect, text

from insight_service.models import Base
from tests.records import make_customer, make_feedback, make_purchase
from tests.reliability.conftest import assert_problem, snapshot

SQL = ["'; DROP TABLE customers; --", "1 OR 1=1", "\" OR \"\"=\"", "1; DELETE FROM feedback", "%' --",
       "') UNION SELECT key_hash FROM api_keys --"]
SCRIPT = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
          "{{7*7}}", "${7*7}", "=HYPERLINK(\"http://evil\")"]
PAYLOADS = SQL + SCRIPT
QUERY_PAYLOADS = SQL[:3] + SCRIPT[:3]  # every query parameter gets these (all of PAYLOADS would double the time)


def bodies(customer_id: int) -> dict[tuple[str, str], dict]:
    """A valid body for every route that takes one (keyed by method and rule with ids filled in)."""
    return {
        ("POST", "/api/v1/customers"): {"records": [make_customer("C9")]},
        ("POST", "/api/v1/purchases"): {"records": [make_purchase("L9", "C1")]},
        ("POST", "/api/v1/feedback"): {"records": [make_feedback("f9")]},
        ("POST", "/api/v1/opt-outs"): {"identifiers": [{"kind": "email", "value": "iemand@mailbox.nl"}]},
        ("POST", f"/api/v1/customers/{customer_id}/consents"): {"purpose": "marketing", "status": "granted"},
        ("POST", "/api/v1/feedback/1/handled"): {"note": "Gebeld", "handler": "Piet"},
        ("POST", "/api/v1/quarantine/1/retry"): {"record": None},
        ("POST", "/api/v1/webhooks"): {"url": "https://hooks.example.com/in", "event_types": ["theme.emerging"],
                                       "role": "rnd"},
        ("PATCH", "/api/v1/webhooks/1"): {"description": "R&D channel"},
    }


def body_routes(app, customer_id: int) -> list[tuple[str, str, dict]]:
    """(method, url, valid body) of every route that loads a body; fails when a route has no body here."""
    known = bodies(customer_id)
    out = []
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "api_doc", None)
        if doc is None or doc.body is None:
            continue
        url = rule.rule.replace("<int:customer_id>", str(customer_id)).replace("<int:feedback_id>", "1") \
            .replace("<int:entry_id>", "1").replace("<int:webhook_id>", "1")
        assert (doc.method, url) in known, f"add a valid body for {doc.method} {rule.rule}"
        out.append((doc.method, url, known[(doc.method, url)]))
    return sorted(out)


def query_routes(app, customer_id: int) -> list[tuple[str, object]]:
    """(url, query schema) of every GET route that loads a query."""
    out = []
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "api_doc", None)
        if doc is None or doc.query is None or doc.method != "GET":
            continue
        out.append((rule.rule.replace("<int:customer_id>", str(customer_id)).replace("<name>", "nope")
                    .replace("<int:webhook_id>", "1"), doc.query))
    return sorted(out, key=lambda pair: pair[0])


def send(client, method, url, headers, **kwargs):
    """A request whose body is read and closed inside the test (exports stream)."""
    response = client.open(url, method=method, headers=headers, **kwargs)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def world(app, client, auth, seed, session):
    """Seeded data, an open quarantine entry, an admin header and a before-snapshot."""
    bad = {"records": [make_feedback("q1", channel="pigeon")]}
    assert client.post("/api/v1/feedback", json=bad, headers=auth("crm")).get_json()["quarantined"]
    hook = {"url": "http://127.0.0.1:9/in", "event_types": ["theme.emerging"], "role": "rnd"}
    assert client.post("/api/v1/webhooks", json=hook, headers=auth("admin")).status_code == 201  # webhook 1
    return {"customer_id": seed, "headers": auth("admin"), "before": snapshot(session)}


def test_every_body_route_refuses_malformed_bodies_without_a_trace(app, client, session, world):
    headers = world["headers"]
    routes = body_routes(app, world["customer_id"])
    assert len(routes) >= 7
    deep = "[" * 100_000 + "]" * 100_000
    cases = [
        (415, dict(data=json.dumps({"records": []}), content_type="text/plain")),
        (415, dict(data="records=1", content_type="application/x-www-form-urlencoded")),
        (415, dict(data=b"")),
        (400, dict(data="{\"records\": [", content_type="application/json")),
        (400, dict(data="{'records': []}", content_type="application/json")),
        (400, dict(data="", content_type="application/json")),
        (400, dict(data=b"{\"records\": [\"\xff\xfe\"]}", content_type="application/json")),
        (400, dict(data=b"\xef\xbb\xbf{\"note\": \"\xc3\x28\"}", content_type="application/json; charset=utf-8")),
        (400, dict(data=deep, content_type="application/json")),
        (422, dict(data="NaN", content_type="application/json")),  # Python's parser takes NaN; the schema does not
        (422, dict(json=[1, 2, 3])),
        (422, dict(json="just a string")),
        (422, dict(json={"records": "x" * 100_000, "identifiers": "x" * 100_000, "note": "x" * 100_000,
                         "purpose": "x" * 100_000, "record": "x" * 100_000})),
    ]
    for method, url, _body in routes:
        for status, kwargs in cases:
            response = send(client, method, url, headers, **kwargs)
            body = assert_problem(response)
            assert response.status_code in (status, 400, 422) and response.status_code != 500, (url, kwargs)
            if status != 422:
                assert response.status_code == status, (url, status, body)
            assert body["errors"], body
    assert snapshot(session) == world["before"]


def test_bodies_over_the_limit_are_413_before_anything_is_read(app, client, session, world):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    for method, url, body in body_routes(app, world["customer_id"]):
        padded = dict(body, padding="x" * 5000)
        body_doc = assert_problem(send(client, method, url, world["headers"], json=padded), 413)
        assert "x" * 100 not in json.dumps(body_doc)
        # no Content-Length: the limit must hold while reading a chunked body too
        response = send(client, method, url, {**world["headers"], "Transfer-Encoding": "chunked"},
                        input_stream=io.BytesIO(json.dumps(padded).encode()), content_type="application/json",
                        environ_overrides={"wsgi.input_terminated": True})
        assert_problem(response, 413)
    assert snapshot(session) == world["before"]


def test_invalid_values_in_every_body_field_are_422_with_the_field_named(app, client, session, world):
    headers, cid = world["headers"], world["customer_id"]
    cases = [
        ("/api/v1/opt-outs", {"identifiers": [{"kind": "email", "value": "x" * 400}]}, "identifiers.0.value"),
        ("/api/v1/opt-outs", {"identifiers": []}, "identifiers"),
        ("/api/v1/opt-outs", {"identifiers": [{"kind": "myspace", "value": "a"}]}, "identifiers.0.kind"),
        ("/api/v1/opt-outs", {"identifiers": [{"kind": "email", "value": "a@b.nl"}] * 1001}, "identifiers"),
        (f"/api/v1/customers/{cid}/consents", {"purpose": "x" * 10_000, "status": "granted"}, "purpose"),
        (f"/api/v1/customers/{cid}/consents", {"purpose": "marketing", "status": "granted",
                                               "valid_from": "not a date"}, "valid_from"),
        (f"/api/v1/customers/{cid}/consents", {"purpose": "marketing", "status": "granted",
                                               "source": SQL[0] * 20}, "source"),
        ("/api/v1/feedback/1/handled", {"note": "x" * 5001}, "note"),
        ("/api/v1/feedback/1/handled", {"handler": ""}, "handler"),
        ("/api/v1/feedback/1/handled", {"note": {"nested": [1]}}, "note"),
        ("/api/v1/quarantine/1/retry", {"record": [1, 2]}, "record"),
        ("/api/v1/customers", {"records": [], "more": 1}, "more"),
        ("/api/v1/customers", {"records": [{}] * 1001}, "records"),
        ("/api/v1/feedback", {"records": None}, "records"),
    ]
    for url, body, field in cases:
        problem = assert_problem(send(client, "POST", url, headers, json=body), 422)
        assert field in {e["field"] for e in problem["errors"]}, (url, problem["errors"])
        assert "x" * 300 not in json.dumps(problem), "the problem document echoes the long value"
    assert snapshot(session) == world["before"]


def test_invalid_ids_are_clear_problems(client, session, world):
    headers = world["headers"]
    for url in ("/api/v1/customers/abc", "/api/v1/customers/-1", "/api/v1/customers/1.5",
                "/api/v1/customers/%00", "/api/v1/customers/1%20OR%201=1", "/api/v1/customers/0",
                "/api/v1/customers/99999999/insight", "/api/v1/customers/1;DROP%20TABLE%20customers/feedback",
                "/api/v1/feedback/x/handled", "/api/v1/quarantine/-5/retry", "/api/v1/connectors/..%2F..%2Fetc/runs",
                "/api/v1/connectors/<script>/runs"):
        method = "POST" if url.endswith(("handled", "retry")) else "GET"
        response = send(client, method, url, headers, json={} if method == "POST" else None)
        assert_problem(response, 404)  # JSON: an echoed path is data, never markup
    assert_problem(send(client, "DELETE", "/api/v1/customers/abc", headers), 404)
    assert snapshot(session) == world["before"]


def test_every_query_parameter_refuses_or_inertly_matches_injection(app, client, session, world):
    from marshmallow import fields as mf

    headers, cid = world["headers"], world["customer_id"]
    checked = 0
    for url, schema in query_routes(app, cid):
        for name, field in schema().fields.items():
            for payload in QUERY_PAYLOADS:
                response = send(client, "GET", url, headers, query_string={name: payload})
                checked += 1
                free_text = isinstance(field, mf.String) and not field.validators
                limited = isinstance(field, mf.String) and all(
                    getattr(v, "__class__").__name__ == "Length" for v in field.validators)
                if response.status_code == 404:
                    assert_problem(response)  # connector routes: 'nope' is not configured
                elif free_text or limited:
                    assert response.status_code in (200, 422), (url, name, payload, response.status_code)
                    if response.status_code == 422:
                        assert_problem(response)
                else:
                    body = assert_problem(response, 422)
                    fields = {str(e["field"]).split(".")[0] for e in body["errors"]}
                    assert name in fields or "_schema" in fields, (url, name, body)
        problem = assert_problem(send(client, "GET", url, headers, query_string={"no_such_param": "1"}), 422)
        assert problem["errors"]
        if "limit" in schema().fields:
            assert_problem(send(client, "GET", url, headers, query_string={"limit": "1" * 400}), 422)
    assert checked > 50
    assert snapshot(session) == world["before"]


def test_injection_in_every_stored_text_field_is_kept_as_data(app, client, session, auth, world):
    crm = auth("crm")
    tables_before = set(inspect(session.get_bind()).get_table_names())
    for i, payload in enumerate(PAYLOADS):
        customer = make_customer(f"X{i}", name=payload, phone=None, handles={"twitter": f"h{i}x"},
                                 email=f"inj{i}@mailbox.nl", source="crm")
        purchase = make_purchase(f"XL{i}", f"X{i}", order_id=payload, sku=f"SKU-{i}", product_name=payload,
                                 category=payload, channel=payload[:32])
        feedback = make_feedback(f"XF{i}-{payload}", text=f"{payload} De machine is kapot", language=None,
                                 author={"email": f"inj{i}@mailbox.nl", "name": payload}, order_ref=payload,
                                 sku=f"SKU-{i}")
        for route, record in (("customers", customer), ("purchases", purchase), ("feedback", feedback)):
            response = send(client, "POST", f"/api/v1/{route}", crm, json={"records": [record]})
            assert response.status_code == 200, response.get_json()
            assert not response.get_json()["quarantined"], (route, payload, response.get_json())
        opt = send(client, "POST", "/api/v1/opt-outs", crm,
                   json={"identifiers": [{"kind": "twitter", "value": "nobody" + str(i)}], "source": payload})
        assert opt.status_code == 200
        handled = send(client, "POST", "/api/v1/feedback/1/handled", world["headers"],
                       json={"note": payload, "handler": payload[:100]})
        assert handled.status_code == 200 and handled.get_json()["handled_note"] == payload
        assert handled.mimetype == "application/json"
        assert handled.headers["X-Content-Type-Options"] == "nosniff"
    session.rollback()
    assert set(inspect(session.get_bind()).get_table_names()) == tables_before >= {t.name for t in Base.metadata.sorted_tables}
    counts = {name: session.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar() for name in
              ("customers", "purchases", "feedback")}
    assert counts == {"customers": 2 + len(PAYLOADS), "purchases": 2 + len(PAYLOADS), "feedback": 3 + len(PAYLOADS)}
    names = {row[0] for row in session.execute(text("SELECT name FROM customers"))}
    assert set(PAYLOADS) <= names  # stored verbatim, as data
    for i, payload in enumerate(PAYLOADS):
        found = send(client, "GET", f"/api/v1/customers?email=inj{i}@mailbox.nl", crm).get_json()["items"]
        assert len(found) == 1 and found[0]["name"] == payload
        insight = send(client, "GET", f"/api/v1/customers/{found[0]['id']}/insight", crm)
        # JSON is inert as long as it is served as JSON and never sniffed as HTML
        assert insight.status_code == 200 and insight.mimetype == "application/json"
        assert insight.headers["X-Content-Type-Options"] == "nosniff"


def test_html_error_pages_escape_what_they_show(client):
    for path in ("/cards/<script>alert(1)</script>", "/pain-points/\"><img src=x onerror=alert(1)>"):
        response = send(client, "GET", path, {})
        assert response.status_code in (401, 403, 404) and response.mimetype == "text/html"
        page = response.get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
