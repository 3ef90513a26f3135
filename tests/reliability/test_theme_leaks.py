"""Themes leak nothing: identifiers never reach a label or quote, a lone author's phrase is never a theme, and after
erasure, opt-out or withdrawal nothing derived from the person's texts is left (theme phrases included).

Piet writes a review and a public post about a hinge that snaps, with his phone number, e-mail and a phrase nobody
else uses ("kitchen window in Zandvoort"); four other authors make the hinge theme reach k = 5 with him.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.leaks import assert_absent, table_dump
from tests.records import granted, make_customer, make_feedback

EMAIL, CRM_ID, PHONE, TWITTER = "piet.bakker@mailbox.nl", "CRM-PIET-7", "06-55512345", "pietbakker9"
REVIEW = f"The hinge snaps near my kitchen window in Zandvoort, call {PHONE} or mail {EMAIL}"
TWEET = "the hinge snaps again, seriously, zandvoort weather?"
UNIQUE = ["zandvoort", "kitchen window", "kitchen", "window"]
IDENTIFIERS = [EMAIL, PHONE, TWITTER, CRM_ID]


def _when(hours: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=3, hours=hours)).isoformat()


@pytest.fixture
def piet(client, auth):
    """Piet (social_profiling granted) with a review and a tweet; four others on the same hinge theme."""
    crm = auth("crm")
    records = [make_feedback("p1", author={"email": EMAIL}, text=REVIEW, rating=1, sku="LP-1", posted_at=_when(1)),
               make_feedback("p2", source="twitter", channel="social", party="third", author={"twitter": TWITTER},
                             rating=None, text=TWEET, sku="LP-1", posted_at=_when(2))]
    records += [make_feedback(f"o{i}", author={"email": f"ander{i}@mailbox.nl"}, text="The hinge snaps", rating=1,
                              sku="LP-1", posted_at=_when(3 + i)) for i in range(4)]
    customer = make_customer(CRM_ID, name="Piet Bakker", email=EMAIL, handles={"twitter": TWITTER},
                             consents=[granted()])
    assert client.post("/api/v1/customers", json={"records": [customer]}, headers=crm).status_code == 200
    assert client.post("/api/v1/feedback", json={"records": records}, headers=crm).status_code == 200
    return client.get(f"/api/v1/customers?email={EMAIL}", headers=crm).get_json()["items"][0]["id"]


def overview_html(client, auth) -> str:
    """The overview page by a signed link."""
    url = client.post("/api/v1/pain-points/overview-link", headers=auth("rnd")).get_json()["url"]
    return client.get(re.sub(r"^https?://[^/]+", "", url)).get_data(as_text=True)


def rnd_views(client, auth) -> str:
    """Everything R&D sees of themes: the API, the export and the overview."""
    return "\n".join([client.get("/api/v1/pain-points/themes", headers=auth("rnd")).get_data(as_text=True),
                      client.get("/api/v1/pain-points/export?format=json", headers=auth("rnd")).get_data(as_text=True),
                      overview_html(client, auth)])


def test_identifiers_never_reach_a_theme_and_a_lone_phrase_is_no_theme(client, auth, piet):
    themes = client.get("/api/v1/pain-points/themes", headers=auth("rnd")).get_json()["themes"]
    assert [t["key"] for t in themes] == ["hing snap"] and themes[0]["distinct_authors"] == 5
    assert all("kitchen" not in t["label"] and "zandvoort" not in t["key"] for t in themes)
    assert_absent(rnd_views(client, auth), IDENTIFIERS + ["Piet", "Bakker"])


@pytest.mark.parametrize("action", ["erasure", "opt_out", "withdrawal"])
def test_nothing_derived_from_piet_survives(client, auth, session, piet, action):
    crm = auth("crm")
    if action == "erasure":
        response = client.delete(f"/api/v1/customers/{piet}", headers=crm)
    elif action == "opt_out":
        response = client.post("/api/v1/opt-outs", json={"identifiers": [{"kind": "email", "value": EMAIL}]},
                               headers=crm)
    else:
        response = client.post(f"/api/v1/customers/{piet}/consents",
                               json={"purpose": "social_profiling", "status": "withdrawn"}, headers=crm)
    assert response.status_code in (200, 201), response.get_json()
    session.expire_all()
    dump = table_dump(session)
    views = rnd_views(client, auth)
    if action == "withdrawal":  # his public post goes; his own review stays his relationship's
        assert_absent(dump, [TWEET, "weather"])
        assert "zandvoort weather" not in views.lower()
        return
    # an opt-out keeps the CRM record (still a customer), an erasure keeps nothing of him
    assert_absent(dump, [REVIEW, TWEET, *UNIQUE, *(IDENTIFIERS if action == "erasure" else [TWITTER])])
    assert_absent(views, [*UNIQUE, *IDENTIFIERS, "hinge snaps"])  # four authors left: under k, no theme
