"""Reads routed to a replica (DATABASE_REPLICA_URL), privacy decided on the primary.

The "replica" is a copy of the primary database made on the same server (CREATE DATABASE ... TEMPLATE) that
then never changes: whatever the insight shows from it is visibly stale, which proves which database served.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from insight_service import create_app
from insight_service.models import AuditLog
from tests.conftest import TEST_SECRETS
from tests.records import make_customer, make_feedback
from tests.services.insight_data import ANNA, TWEET, anna

INSIGHT = "/api/v1/customers/{}/insight"


@pytest.fixture
def replicated(app, db_url, session, ingest_into, auth, tmp_path):
    """Anna on the primary, a frozen copy of it as the replica, and an app that reads the insight there."""
    if not db_url.startswith("postgresql"):
        pytest.skip("a replica is a PostgreSQL deployment")
    cid = anna(ingest_into, session)
    headers = auth("crm")
    session.close()
    app.extensions["db_engine"].dispose()
    primary = make_url(db_url)
    copy = f"{primary.database}_replica"
    admin = create_engine(primary.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{copy}"'))
        for attempt in range(5):  # a template must have no other sessions: PgBouncer's or earlier tests' pools
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": primary.database})
            try:
                conn.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{primary.database}"'))
                break
            except OperationalError:
                if attempt == 4:
                    raise
    replica_url = primary.set(database=copy).render_as_string(hide_password=False)
    served = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": db_url, "DATABASE_REPLICA_URL": replica_url,
                         **TEST_SECRETS, "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite'}"})
    yield served, cid, headers, replica_url
    served.extensions["db_engine"].dispose()
    served.extensions["db_replica_engine"].dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
    admin.dispose()


def _statements(engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement.split()[0]))
    return seen


def _audit_entries(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(select(func.count()).select_from(AuditLog)
                             .where(AuditLog.action == "insight.read")).scalar_one()
    engine.dispose()
    return found


def test_the_insight_reads_the_replica_and_writes_its_audit_entry_on_the_primary(replicated, db_url):
    served, cid, headers, replica_url = replicated
    client = served.test_client()
    on_primary, on_replica = _statements(served.extensions["db_engine"]), _statements(
        served.extensions["db_replica_engine"])
    more = {"records": [make_feedback("r2", author={"email": ANNA["email"]}, text="Nog steeds blij met de machine")]}
    assert client.post("/api/v1/feedback", json=more, headers=headers).status_code == 200  # on the primary only
    on_primary.clear()
    body = client.get(INSIGHT.format(cid), headers=headers).get_json()
    assert body["feedback"]["total"] == 3  # the replica's (frozen) count: the primary holds 4
    assert on_replica and all(s == "SELECT" for s in on_replica)  # it only read there
    # the customer's existence (the key was verified by the POST above and is trusted for API_KEY_CACHE_SECONDS);
    # consent and the audit entry went along together
    assert on_primary == ["SELECT"]
    assert _audit_entries(db_url) == 1 and _audit_entries(replica_url) == 0


def test_a_withdrawal_and_an_erasure_on_the_primary_take_effect_at_once_whatever_the_replica_holds(replicated):
    served, cid, headers, _replica_url = replicated
    client = served.test_client()
    before = client.get(INSIGHT.format(cid), headers=headers).get_json()
    assert before["privacy"]["consent"]["social_profiling"]["granted"]
    assert TWEET in [i["text"] for i in before["feedback"]["latest"]]
    withdrawn = client.post(f"/api/v1/customers/{cid}/consents", headers=headers,
                            json={"purpose": "social_profiling", "status": "withdrawn"})
    assert withdrawn.status_code in (200, 201)
    after = client.get(INSIGHT.format(cid), headers=headers).get_json()  # the replica still says granted
    assert after["privacy"]["consent"]["social_profiling"]["status"] == "withdrawn"
    assert TWEET not in [i["text"] for i in after["feedback"]["latest"]] and after["feedback"]["total"] == 2
    assert client.delete(f"/api/v1/customers/{cid}", headers=headers).status_code == 200
    assert client.get(INSIGHT.format(cid), headers=headers).status_code == 404  # the replica still has Anna


def test_a_customer_the_replica_has_not_seen_is_read_on_the_primary(replicated, db_url):
    served, _cid, headers, _replica_url = replicated
    client = served.test_client()
    new = {"records": [make_customer("C9", name="Bram Bos", email="bram@mailbox.nl")]}
    assert client.post("/api/v1/customers", json=new, headers=headers).status_code == 200
    [stored] = client.get("/api/v1/customers?crm_id=C9", headers=headers).get_json()["items"]
    response = client.get(INSIGHT.format(stored["id"]), headers=headers)
    assert response.status_code == 200 and response.get_json()["customer"]["name"] == "Bram Bos"
    assert _audit_entries(db_url) == 1  # once, though the first attempt went to the replica
