"""Per-app objects the views hand to services: the identity hasher and the audit actor."""
from __future__ import annotations

from flask import current_app, g

from .. import db
from ..auth import actor
from ..services.access.audit import audit_statement, record_audit
from ..services.identity.identifiers import IdentityHasher, hasher_from_config
from ..services.reads import pipeline as read_pipeline


def hasher() -> IdentityHasher:
    """The identity hasher of this app (built once)."""
    if "identity_hasher" not in current_app.extensions:
        current_app.extensions["identity_hasher"] = hasher_from_config(current_app.config)
    return current_app.extensions["identity_hasher"]


def audit(action: str, subject_type: str | None = None, subject_id=None, detail: dict | None = None) -> None:
    """Audit the current request's access to personal data; written when the request commits (write_audit)."""
    # Added now, the entry would be flushed by the view's first query, and on SQLite a read would then hold the
    # one write lock while it computes: concurrent reads queued behind each other (about 100 insights/s at 1M).
    g.setdefault("audit_entries", []).append((actor(), action, subject_type, subject_id, detail, g.get("request_id")))


def write_audit() -> None:
    """Add the request's audit entries to its session, just before it commits."""
    entries = g.pop("audit_entries", ())
    for entry in entries:
        record_audit(db.session(), *entry)


def audit_with_reads() -> list[tuple]:
    """The request's audit entries as statements the read sends with its first queries (PostgreSQL only).

    Same transaction, one commit, so an entry is durable before the response leaves, and is undone with a read
    that fails. On SQLite an early INSERT would take the one write lock for the whole read: there the entries
    stay for write_audit, just before the commit.
    """
    if not read_pipeline.pipelined(db.session()):  # the primary's: the audit log is never written to a replica
        return []
    return [audit_statement(*entry) for entry in g.pop("audit_entries", ())]
