"""Fixtures of the reliability and security suites: seeded data, problem-document checks, table snapshots."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from insight_service.models import Base
from tests.records import granted, make_customer, make_feedback, make_purchase

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "request_id", "errors"}
# Tables a refused request may legitimately change: the audit log records who tried what, and a key's
# last_used_at moves (coarsely) on every authenticated request, refused or not.
VOLATILE = {"audit_log": None, "api_keys": {"last_used_at"}}


def assert_problem(response, status: int | None = None) -> dict:
    """Fail unless the response is an RFC 9457 problem document (of the given status)."""
    assert response.mimetype == "application/problem+json", (response.status_code, response.mimetype)
    body = response.get_json()
    assert PROBLEM_FIELDS <= set(body), body
    assert body["status"] == response.status_code and body["type"].startswith("https://"), body
    assert isinstance(body["errors"], list) and body["title"] and body["detail"], body
    if status is not None:
        assert response.status_code == status, body
    return body


def snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), without the columns a refused request may legitimately touch."""
    session.rollback()
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name in VOLATILE and VOLATILE[table.name] is None:
            continue
        skip = VOLATILE.get(table.name) or set()
        columns = [c for c in table.columns if c.name not in skip]
        out[table.name] = sorted((tuple(repr(v) for v in row) for row in session.execute(select(*columns))))
    session.rollback()
    return out


SEED_EMAIL = "sanne.jansen@mailbox.nl"


def seed_records() -> dict[str, list[dict]]:
    """A small, valid data set: one customer with consents, a purchase and feedback in several channels."""
    customer = make_customer("C1", name="Sanne Jansen", email=SEED_EMAIL, phone="+31 6 2817 4093",
                             handles={"twitter": "sannej"},
                             consents=[granted(), granted("marketing"), granted("testimonial")])
    return {
        "customers": [customer, make_customer("C2")],
        "purchases": [make_purchase("L1", "C1"), make_purchase("L2", "C2", sku="KB-200", amount="19.95")],
        "feedback": [
            make_feedback("f1", author={"email": SEED_EMAIL}),
            make_feedback("f2", source="zendesk", channel="ticket", author={"email": SEED_EMAIL}, rating=None,
                          text="Mijn machine lekt en de klantenservice reageert niet. Waarom?"),
            make_feedback("f3", source="twitter", channel="social", party="third", author={"twitter": "sannej"},
                          rating=None, text="De molen is kapot na twee weken, slechte kwaliteit"),
        ],
    }


def push_seed(client, headers: dict) -> int:
    """Push the seed data set through the API (as the CRM would); the customer id of C1."""
    records = seed_records()
    for route in ("customers", "purchases", "feedback"):
        response = client.post(f"/api/v1/{route}", json={"records": records[route]}, headers=headers)
        assert response.status_code == 200 and not response.get_json()["quarantined"], response.get_json()
    found = client.get(f"/api/v1/customers?email={SEED_EMAIL}", headers=headers).get_json()["items"]
    return found[0]["id"]


@pytest.fixture
def seed(client, auth):
    """The seed data set pushed through the API; the customer id of C1."""
    return push_seed(client, auth("crm"))
