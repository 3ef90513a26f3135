"""Regressions for bugs the property-based client found: each once failed with a 500 or broke the contract."""
from __future__ import annotations

import json

import pytest

from tests.reliability.conftest import assert_problem


@pytest.mark.parametrize(("method", "url"), [
    ("GET", "/api/v1/customers/99999999999999999999999999"),
    ("DELETE", "/api/v1/customers/99999999999999999999999999"),
    ("GET", "/api/v1/customers/2147483648/insight"),
    ("POST", "/api/v1/feedback/99999999999999999999999999/handled"),
    ("POST", "/api/v1/quarantine/99999999999999999999999999/discard"),
])
def test_ids_beyond_64_bits_are_404_not_500(client, auth, method, url):
    response = client.open(url, method=method, headers=auth("admin"),
                           json={"note": "x", "handler": None} if method == "POST" else None)
    assert_problem(response, 404)


def test_a_huge_quarantine_offset_is_422_not_500(client, auth, check_response):
    response = client.get("/api/v1/quarantine?offset=39234645698996281930678272", headers=auth("admin"))
    assert_problem(response, 422)
    check_response(response, "get", "/api/v1/quarantine")


def test_subject_export_amount_matches_the_contract(client, auth, seed, check_response):
    response = client.get(f"/api/v1/customers/{seed}/export", headers=auth("crm"))
    check_response(response, "get", "/api/v1/customers/{customer_id}/export")
    assert response.get_json()["purchases"][0]["amount"] == "249.00"


def test_a_huge_audit_cursor_is_422_not_500(client, auth):
    assert_problem(client.get("/api/v1/audit?before_id=99999999999999999999999", headers=auth("admin")), 422)


def test_nul_characters_are_422_not_a_postgresql_500(client, auth, session):
    from tests.reliability.conftest import snapshot

    headers = auth("crm")
    auth("rnd")
    before = snapshot(session)
    problem = assert_problem(client.post("/api/v1/opt-outs", json={"identifiers": [{"kind": "twitter",
                                                                                     "value": "a\u0000b"}]},
                                         headers=headers), 422)
    assert any("NUL" in e["message"] for e in problem["errors"]), problem
    assert_problem(client.get("/api/v1/pain-points?sku=a%00b", headers=auth("rnd")), 422)
    assert snapshot(session) == before


@pytest.mark.parametrize(("url", "record"), [
    ("/api/v1/customers", {"source": "crm", "external_id": "C\u00001", "name": "A"}),
    ("/api/v1/feedback", {"source": "web\u0000", "external_id": "f1", "text": "x"}),
    ("/api/v1/feedback", {"\u0000": 1}),
])
def test_a_batch_record_with_nul_is_quarantined_not_a_postgresql_500(client, auth, url, record):
    response = client.post(url, json={"records": [record]}, headers=auth("crm"))
    assert response.status_code == 200, response.get_json()
    [entry] = response.get_json()["quarantined"]
    assert any("NUL" in e["message"] for e in entry["errors"]), entry
    listing = client.get("/api/v1/quarantine", headers=auth("admin")).get_json()
    assert "\u0000" not in json.dumps(listing) and "\ufffd" in json.dumps(listing, ensure_ascii=False)
