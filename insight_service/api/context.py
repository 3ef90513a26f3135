"""Per-app objects the views hand to services: the identity hasher and the audit actor."""
from __future__ import annotations

from flask import current_app, g

from .. import db
from ..auth import actor
from ..services.audit import record_audit
from ..services.identifiers import IdentityHasher, hasher_from_config


def hasher() -> IdentityHasher:
    """The identity hasher of this app (built once)."""
    if "identity_hasher" not in current_app.extensions:
        current_app.extensions["identity_hasher"] = hasher_from_config(current_app.config)
    return current_app.extensions["identity_hasher"]


def audit(action: str, subject_type: str | None = None, subject_id=None, detail: dict | None = None) -> None:
    """Audit the current request's access to personal data (committed with the request)."""
    record_audit(db.session(), actor(), action, subject_type, subject_id, detail, g.get("request_id"))
