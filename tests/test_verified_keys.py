"""A process trusts a key it verified for API_KEY_CACHE_SECONDS: no lookup per request, revocation still bounded."""
from __future__ import annotations

import pytest
from sqlalchemy import event, update

from insight_service import verified_keys
from insight_service.models import ApiKey, utcnow
from tests.test_cards import customer, link, path_of  # noqa: F401 - the fixture is used by name

URL = "/api/v1/keys"


@pytest.fixture
def key_lookups(app):
    """The statements that look up a key, counted while the test runs."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        if statement.startswith("SELECT") and "WHERE api_keys." in statement:  # one key (a listing reads all)
            seen.append(statement)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", listener)
    yield seen
    event.remove(engine, "before_cursor_execute", listener)


@pytest.fixture
def clock(monkeypatch):
    """The cache's clock, moved by hand: [now]."""
    now = [1000.0]
    monkeypatch.setattr(verified_keys, "clock", lambda: now[0])
    return now


def revoke_elsewhere(app, key_id: int | None = None) -> None:
    """Revoke as another process or machine would: in the database, with nothing said to this process."""
    from insight_service import db

    with app.app_context(), db.fresh_session() as sess:
        sess.execute(update(ApiKey).where(*([ApiKey.id == key_id] if key_id else [])).values(revoked_at=utcnow()))


def get(client, raw: str) -> int:
    return client.get(URL, headers={"Authorization": f"Bearer {raw}"}).status_code


def test_a_verified_key_is_not_looked_up_again_within_the_ttl(client, make_key, key_lookups, clock):
    raw = make_key("admin")
    assert get(client, raw) == 200 and len(key_lookups) == 1
    clock[0] += 4.9
    assert get(client, raw) == 200 and get(client, raw) == 200 and len(key_lookups) == 1
    clock[0] += 0.2  # 5.1 s after it was verified: looked up (and kept) again
    assert get(client, raw) == 200 and len(key_lookups) == 2


def test_a_key_revoked_elsewhere_is_refused_once_the_ttl_has_passed(app, client, make_key, clock):
    raw = make_key("admin")
    assert get(client, raw) == 200
    revoke_elsewhere(app)
    clock[0] += 4.0
    assert get(client, raw) == 200  # the documented window: API_KEY_CACHE_SECONDS (5 s by default)
    clock[0] += 1.0
    assert get(client, raw) == 401
    clock[0] += 100.0
    assert get(client, raw) == 401  # a refused key is never kept


def test_a_revocation_in_this_process_takes_effect_at_once(app, client, make_key, clock):
    from insight_service import db
    from insight_service.services.access.keys import revoke_key

    raw, other = make_key("admin"), make_key("crm")
    assert get(client, raw) == 200 and get(client, other) == 403  # both verified and kept
    with app.app_context(), db.fresh_session() as sess:
        revoke_key(sess, 1)
    assert get(client, raw) == 401
    assert get(client, other) == 403  # still live: looked up again, since any revocation empties the cache


def test_a_new_key_works_at_once_and_rotation_retires_the_old_one_within_the_ttl(app, client, make_key, clock):
    old = make_key("admin")
    assert get(client, old) == 200
    new = make_key("admin")
    assert get(client, new) == 200
    revoke_elsewhere(app, 1)
    clock[0] += 5.0
    assert get(client, old) == 401 and get(client, new) == 200


def test_no_cache_with_a_ttl_of_zero(app, client, make_key, key_lookups):
    app.config["API_KEY_CACHE_SECONDS"] = 0
    raw = make_key("admin")
    assert get(client, raw) == 200 and get(client, raw) == 200 and len(key_lookups) == 2
    revoke_elsewhere(app)
    assert get(client, raw) == 401


def test_a_card_link_of_a_key_revoked_elsewhere_is_withdrawn_within_the_ttl(app, client, auth, customer, clock):
    url = path_of(link(client, auth, customer)["url"])
    assert client.get(url).status_code == 200
    revoke_elsewhere(app)
    assert client.get(url).status_code == 200
    clock[0] += 5.0
    assert client.get(url).status_code == 403


def test_the_cache_is_bounded_and_holds_neither_key_nor_hash(app, client, make_key, monkeypatch):
    monkeypatch.setattr(verified_keys, "MAX_ENTRIES", 3)
    raws = [make_key("admin", f"k{i}") for i in range(5)]
    for raw in raws:
        assert get(client, raw) == 200
    entries = app.extensions["verified_keys"]._entries
    assert len(entries) == 3
    held = repr(list(entries.values()))
    assert not any(raw in held or raw in "".join(entries) for raw in raws)
    assert "key_hash" not in held and all(len(digest) == 64 for digest in entries)
