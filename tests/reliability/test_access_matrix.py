"""Every /api/v1 route x every role x (no key, revoked key, wrong role, right role), against the README table.

Wrong-role and keyless calls aim at real rows (the seeded customer, its feedback) and must change nothing;
right-role calls aim at ids that do not exist, so they pass authorisation without side effects.
"""
from __future__ import annotations

import re

import pytest

from insight_service.auth import ROLES
from tests.reliability.conftest import assert_problem, snapshot
from tests.test_auth import api_routes, parse_readme_table

WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def keys(app, make_key):
    """A live and a revoked key per role: {role: (live, revoked)}."""
    from insight_service import db
    from insight_service.models import ApiKey
    from insight_service.services.access.keys import revoke_key

    out = {role: (make_key(role, "live"), make_key(role, "revoked")) for role in ROLES}
    with app.app_context(), db.fresh_session() as sess:
        for key in sess.query(ApiKey).filter(ApiKey.name == "revoked"):
            revoke_key(sess, key.id)
        sess.commit()
    return out


def real_url(url: str, ids: dict) -> str:
    """The placeholder URL of tests/test_auth.api_routes aimed at a real row instead."""
    for name, value in ids.items():
        url = re.sub(rf"(/{name}/)999999", rf"\g<1>{value}", url)
    return url.replace("999999", str(ids["customers"]))


def call(client, method: str, url: str, key: str | None):
    """One request with an optional bearer key (a JSON body for writes)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.open(url, method=method, headers=headers, json={} if method in WRITES else None)
    response.get_data()  # drain and close streamed bodies (exports) inside the test
    response.close()
    return response


def test_routes_come_from_the_url_map_and_cover_every_readme_area(app):
    routes = api_routes(app)
    assert len(routes) >= 25
    assert {area for _m, _u, area in routes} == set(parse_readme_table())


def test_access_matrix(app, client, session, keys, seed):
    table = parse_readme_table()
    ids = {"customers": seed, "feedback": 1, "quarantine": 1}
    before = snapshot(session)
    outcomes = {}
    for method, url, area in api_routes(app):
        real = real_url(url, ids)
        assert_problem(call(client, method, real, None), 401)
        for role in ROLES:
            live, revoked = keys[role]
            assert_problem(call(client, method, real, revoked), 401)
            if role not in table[area]:
                body = assert_problem(call(client, method, real, live), 403)
                assert role in body["detail"] and live not in str(body)
                outcomes[(method, url, role)] = 403
    assert snapshot(session) == before, "a refused request changed the database"

    for method, url, area in api_routes(app):
        for role in sorted(table[area]):
            response = call(client, method, url, keys[role][0])
            assert response.status_code not in (401, 403), (method, url, role, response.get_json())
            outcomes[(method, url, role)] = response.status_code
    assert len(outcomes) == len(api_routes(app)) * len(ROLES)


def test_the_key_must_be_a_bearer_token(client, keys):
    live = keys["admin"][0]
    for header in (live, f"Basic {live}", "Bearer  ", f"Token {live}", f"Bearer {live}x", "Bearer " + "a" * 5000):
        assert_problem(client.get("/api/v1/keys", headers={"Authorization": header}), 401)
    assert client.get("/api/v1/keys", headers={"Authorization": f"bearer {live}"}).status_code == 200
