"""Hand-written probes a hostile or careless client tries: lone surrogates, instants at the ends of the calendar,
header injection and open redirects through the sign-in form, a copied session cookie after sign-out.

Each answer is a problem document (or an HTML error page) naming what was wrong, never a 500; a batch loses
only the record that cannot be stored (it is quarantined with a storable copy), never the others.
"""
from __future__ import annotations

import json

import pytest

from tests.records import make_customer, make_feedback
from tests.reliability.conftest import assert_problem, snapshot
from tests.reliability.test_bad_input import body_routes, query_routes, send
from tests.test_cards import csrf_of, sign_in

LONE = "\ud800"
BATCHES = {"/api/v1/customers", "/api/v1/purchases", "/api/v1/feedback"}
# Out of Python's years 1-9999 once converted to UTC, and the very ends of the calendar (a window from them
# would leave it).
EXTREME = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59Z",
           "0001-01-01T00:00:00Z"]
INSTANT_PARAMETERS = ("at", "since", "until")


def with_lone_surrogate(body):
    """The body with a lone surrogate in its first string value (depth first)."""
    if isinstance(body, dict):
        for key, value in body.items():
            if isinstance(value, str):
                return {**body, key: value + LONE}
            changed = with_lone_surrogate(value)
            if changed is not value:
                return {**body, key: changed}
    if isinstance(body, list) and body:
        return [with_lone_surrogate(body[0]), *body[1:]]
    return body


def post_raw(client, method, url, body, headers):
    """Send the body as JSON text: json.dumps writes a lone surrogate as the escape \\ud800, as clients do."""
    return send(client, method, url, headers, data=json.dumps(body), content_type="application/json")


def test_a_lone_surrogate_in_any_body_is_a_400_naming_the_field_or_quarantines_only_its_record(
        client, auth, seed, session):
    headers = auth("admin")
    before = snapshot(session)
    for method, url, body in body_routes(client.application, seed):
        probe = with_lone_surrogate(body) if body != {"record": None} else {"record": {"text": LONE}}
        assert probe != body, url
        response = post_raw(client, method, url, probe, headers)
        if url in BATCHES:
            assert response.status_code == 200, (url, response.get_data(as_text=True))
            (entry,) = response.get_json()["quarantined"]
            assert entry["index"] == 0 and "Unicode" in entry["errors"][0]["message"], entry
            continue
        if body == {"record": None}:  # a corrected record is checked like a batch's: it goes back to quarantine
            assert response.status_code == 200, (url, response.get_data(as_text=True))
            (entry,) = response.get_json()["result"]["quarantined"]
            assert "Unicode" in entry["errors"][0]["message"], entry
            continue
        problem = assert_problem(response, 400)
        assert problem["errors"][0]["field"] and "surrogate" in problem["errors"][0]["message"], (url, problem)
    after = snapshot(session)
    kept = set(before) - {"quarantine", "change_counters"}  # a customer batch counts as a privacy change
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}


def test_in_a_batch_only_the_record_with_a_lone_surrogate_is_quarantined_with_a_storable_copy(client, auth):
    records = [make_feedback("s1"), make_feedback("s2", text="Kapot" + LONE + " na een week"), make_feedback("s3"),
               make_feedback("s4", author={"email": "x" + LONE + "@mailbox.nl"})]
    response = post_raw(client, "POST", "/api/v1/feedback", {"records": records}, auth("crm"))
    summary = response.get_json()
    assert response.status_code == 200 and summary["created"] == 2, summary
    assert [(q["index"], q["errors"][0]["field"]) for q in summary["quarantined"]] == [(1, "text"), (3, "author.email")]
    stored = client.get("/api/v1/quarantine", headers=auth("admin")).get_json()["items"]
    texts = {item["external_id"]: item["payload"] for item in stored}
    assert texts["s2"]["text"] == "Kapot\ufffd na een week" and texts["s4"]["author"]["email"] == "x\ufffd@mailbox.nl"
    customers = post_raw(client, "POST", "/api/v1/customers", {"records": [make_customer("S9", name="Jan" + LONE)]},
                         auth("crm")).get_json()
    assert customers["quarantined"][0]["errors"][0]["field"] == "name"


@pytest.mark.parametrize("instant", EXTREME)
def test_instants_at_the_ends_of_the_calendar_quarantine_only_their_record(client, auth, instant):
    records = [make_feedback("t1"), make_feedback("t2", posted_at=instant)]
    summary = client.post("/api/v1/feedback", json={"records": records}, headers=auth("crm")).get_json()
    assert summary["created"] == 1 and [(q["index"], q["errors"][0]["field"]) for q in summary["quarantined"]] == \
        [(1, "posted_at")], summary
    consent = {"purpose": "marketing", "status": "granted", "recorded_at": instant}
    summary = client.post("/api/v1/customers", json={"records": [make_customer("T1", consents=[consent])]},
                          headers=auth("crm")).get_json()
    assert summary["quarantined"][0]["errors"][0]["field"] == "consents.0.recorded_at", summary


@pytest.mark.parametrize("instant", EXTREME)
def test_instants_at_the_ends_of_the_calendar_in_query_parameters_are_problems_naming_them(
        client, auth, seed, instant):
    probed = 0
    for url, schema in query_routes(client.application, seed):
        for name in INSTANT_PARAMETERS:
            if name not in schema().load_fields:
                continue
            response = send(client, "GET", url, auth("admin"), query_string={name: instant})
            problem = assert_problem(response, 422)
            assert [e["field"] for e in problem["errors"]] == [name], (url, problem)
            probed += 1
    assert probed >= 6  # consents (at), feedback history, service queue, marketing mix, pain points, trends


def test_the_overview_answers_an_html_400_for_a_day_at_the_end_of_the_calendar(client, make_key):
    sign_in(client, make_key("rnd"))
    for day in ("9999-12-31", "0001-01-01", "10000-01-01"):
        page = client.get(f"/pain-points?until={day}")
        assert page.status_code == 400 and page.mimetype == "text/html", day
        assert "until" in page.get_data(as_text=True)


def test_a_timestamp_without_a_time_zone_is_read_as_utc(client, auth):
    record = make_feedback("naive", posted_at="2026-03-01T10:00:00", author={"email": "naief@mailbox.nl"})
    client.post("/api/v1/customers", json={"records": [make_customer("N1", email="naief@mailbox.nl")]},
                headers=auth("crm"))
    assert client.post("/api/v1/feedback", json={"records": [record]}, headers=auth("crm")).get_json()["created"] == 1
    cid = client.get("/api/v1/customers?email=naief@mailbox.nl", headers=auth("crm")).get_json()["items"][0]["id"]
    items = client.get(f"/api/v1/customers/{cid}/feedback", headers=auth("admin")).get_json()["items"]
    assert items[0]["posted_at"].startswith("2026-03-01T10:00:00") and items[0]["posted_at"].endswith(
        ("+00:00", "Z")), items[0]


REDIRECTS = ["/\t/evil.example", "/%09/evil.example", "/\r\n/evil.example", "/\r\nSet-Cookie: x=1", "/\\evil.example",
             "//evil.example", "/ /evil.example", "https://evil.example/", "/\x00/evil", "javascript:alert(1)"]


@pytest.mark.parametrize("target", REDIRECTS)
def test_sign_in_never_redirects_off_site_or_fails_on_a_crafted_next(client, make_key, target):
    from urllib.parse import unquote

    for value in (target, unquote(target)):
        response = sign_in(client, make_key("service"), next=value)
        assert response.status_code == 303, (value, response.status_code)
        location = response.headers["Location"]
        assert location in ("/cards", "/pain-points"), location  # the role's home page
        assert client.get(f"/login?next={value}").status_code == 200


def test_a_session_cookie_copied_before_sign_out_opens_nothing_after_it(app, client, make_key, seed):
    sign_in(client, make_key("service"))
    copied = client.get_cookie("insight_session").value
    page = client.get(f"/cards/{seed}")
    assert page.status_code == 200
    assert client.post("/login/sign-out", data={"csrf": csrf_of(page.get_data(as_text=True))}).status_code == 303
    thief = app.test_client()
    thief.set_cookie("insight_session", copied)
    assert thief.get(f"/cards/{seed}").status_code == 401


@pytest.mark.parametrize("value", ["abc\tSet-Cookie: x=1", "a" * 65, "<script>", "ok-id\x00", "é"])
def test_a_crafted_request_id_is_replaced_not_echoed(client, value):
    response = client.get("/healthz", headers={"X-Request-ID": value})
    assert response.status_code == 200 and response.headers["X-Request-ID"] != value
    assert len(response.headers["X-Request-ID"]) == 32 and "Set-Cookie" not in response.headers
