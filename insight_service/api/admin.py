"""Operator routes: API keys and the audit log (admin)."""
from __future__ import annotations

from flask import Blueprint

from .. import db
from ..schemas.admin import ApiKeyListSchema, AuditListSchema, AuditQuerySchema
from ..services.access.audit import list_audit
from ..services.access.keys import list_keys
from .routing import endpoint

bp = Blueprint("admin", __name__, url_prefix="/api/v1")


@endpoint(bp, "/keys", area="admin", summary="List API keys", response=ApiKeyListSchema)
def keys():
    """All API keys with role, prefix and state; the keys themselves are never stored."""
    return {"items": list_keys(db.session())}


@endpoint(bp, "/audit", area="admin", summary="Read the audit log", query=AuditQuerySchema,
          response=AuditListSchema)
def audit(query):
    """Who read or changed personal data, newest first."""
    return {"items": list_audit(db.session(), **query)}
