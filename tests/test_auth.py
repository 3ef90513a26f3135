"""Every /api/v1 route x every role holds to the permission table, which the README publishes."""
import re
from pathlib import Path

import pytest

from insight_service.auth import PERMISSIONS, ROLES

README = Path(__file__).resolve().parent.parent / "README.md"


def api_routes(app):
    """(method, url with placeholder params, area) for every documented /api/v1 route."""
    out = []
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "api_doc", None)
        if not rule.rule.startswith("/api/v1") or doc is None or doc.area is None:
            continue
        url = re.sub(r"<int:\w+>", "999999", rule.rule)
        url = re.sub(r"<(?:\w+:)?\w+>", "no-such-thing", url)
        out.append((doc.method, url, doc.area))
    return sorted(out)


def _call(client, method, url, headers):
    return client.open(url, method=method, headers=headers, json={} if method in ("POST", "PUT", "PATCH") else None)


def test_every_route_names_a_known_area(app):
    routes = api_routes(app)
    assert routes, "no API routes registered"
    assert {area for _m, _u, area in routes} <= set(PERMISSIONS)


def test_role_matrix(app, client, auth):
    for method, url, area in api_routes(app):
        assert _call(client, method, url, {}).status_code == 401, (method, url)
        for role in ROLES:
            status = _call(client, method, url, auth(role)).status_code
            if role in PERMISSIONS[area]:
                assert status not in (401, 403), (method, url, role, status)
            else:
                assert status == 403, (method, url, role, status)


def test_revoked_and_unknown_keys_are_401(app, client, make_key):
    from insight_service import db
    from insight_service.services.access.keys import revoke_key

    raw = make_key("admin")
    assert client.get("/api/v1/keys", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    with app.app_context():
        with db.fresh_session() as sess:
            revoke_key(sess, 1)
    for header in (f"Bearer {raw}", "Bearer isk_unknown", "Basic abc", raw):
        response = client.get("/api/v1/keys", headers={"Authorization": header})
        assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_keys_are_stored_only_as_hashes(session, make_key):
    from sqlalchemy import select

    from insight_service.models import ApiKey

    raw = make_key("crm")
    stored = session.scalars(select(ApiKey)).one()
    assert raw not in (stored.key_hash, stored.prefix, stored.name) and raw.startswith(stored.prefix)


def parse_readme_table() -> dict[str, set[str]]:
    """area -> roles marked with x in the README's roles table."""
    lines = README.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| area |"))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    table = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        area = re.search(r"`(\w+)`", cells[0]).group(1)
        table[area] = {header[i] for i, c in enumerate(cells) if i and c.startswith("x")}
    return table


def test_readme_table_is_the_code_table():
    assert parse_readme_table() == {area: set(roles) for area, roles in PERMISSIONS.items()}


@pytest.mark.parametrize("role", ROLES)
def test_audit_names_role_and_prefix_never_the_key(app, client, make_key, role):
    from insight_service.auth import actor
    from flask import g

    raw = make_key(role)
    with app.test_request_context(headers={"Authorization": f"Bearer {raw}"}):
        from insight_service.auth import authenticate, bearer_token

        g.api_key = authenticate(bearer_token())
        assert actor().startswith(role + ":") and raw not in actor()
