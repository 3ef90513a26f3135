"""The audit helper of the views: entries wait for the request's commit."""
from flask import g
from sqlalchemy import select

from insight_service import db
from insight_service.api.context import audit, write_audit
from insight_service.models import AuditLog


def test_an_entry_is_not_in_the_session_until_the_request_commits(app):
    # a pending AuditLog would be flushed by the view's first query and hold SQLite's write lock while it reads
    with app.test_request_context():
        g.actor = "crm:abc123"
        audit("insight.read", "customer", 7, {"items": 2})
        session = db.session()
        assert not session.new
        write_audit()
        (entry,) = [o for o in session.new if isinstance(o, AuditLog)]
        assert (entry.actor, entry.action, entry.subject_id, entry.detail) == ("crm:abc123", "insight.read", "7",
                                                                                {"items": 2})
        write_audit()  # written once
        assert len(session.new) == 1


def test_a_read_is_audited_once_it_answered(client, auth, session):
    assert client.get("/api/v1/customers?email=nobody@mailbox.nl", headers=auth("crm")).status_code == 200
    assert session.scalars(select(AuditLog.action)).all() == ["customer.search"]
